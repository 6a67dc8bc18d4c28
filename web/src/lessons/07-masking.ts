// lessons/07-masking.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'masking', file: '07-masking', params: {}, mount: () => ({ update() {} }) };
export default lesson;
