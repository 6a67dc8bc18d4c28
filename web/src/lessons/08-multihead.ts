// lessons/08-multihead.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'multihead', file: '08-multihead', params: {}, mount: () => ({ update() {} }) };
export default lesson;
