// lessons/13-review.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'review', file: '13-review', params: {}, mount: () => ({ update() {} }) };
export default lesson;
