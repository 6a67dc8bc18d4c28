// lessons/12-recurrence.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'recurrence', file: '12-recurrence', params: {}, mount: () => ({ update() {} }) };
export default lesson;
