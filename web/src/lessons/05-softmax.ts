// lessons/05-softmax.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'softmax', file: '05-softmax', params: {}, mount: () => ({ update() {} }) };
export default lesson;
