// lessons/11-additive.ts — placeholder (being written).
import type { LessonDef } from './types';
const lesson: LessonDef = { slug: 'additive', file: '11-additive', params: {}, mount: () => ({ update() {} }) };
export default lesson;
