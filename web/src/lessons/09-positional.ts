// lessons/09-positional.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'positional', file: '09-positional', params: {}, mount: () => ({ update() {} }) };
export default lesson;
