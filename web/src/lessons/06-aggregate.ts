// lessons/06-aggregate.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'aggregate', file: '06-aggregate', params: {}, mount: () => ({ update() {} }) };
export default lesson;
