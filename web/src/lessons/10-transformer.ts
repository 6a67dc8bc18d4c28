// lessons/10-transformer.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'transformer', file: '10-transformer', params: {}, mount: () => ({ update() {} }) };
export default lesson;
