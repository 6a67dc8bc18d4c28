// lessons/14-implement.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'implement', file: '14-implement', params: {}, mount: () => ({ update() {} }) };
export default lesson;
