// model/schema.ts — the state properties shared by several lessons (the sentence, the seed of
// the weights, the learner's edits of W_Q/W_K/W_V, trained or random weights, the toy sentence
// of the trained translation model). Lesson-specific properties
// are declared in each lesson module and merged into one schema by lessons/index.ts.
// Declarations only (types, limits, slider ranges, defaults): no DOM, no math.
import { choiceParam, defineParams, editsParam, intParam, strParam, type ParamDef } from './state';
import { teacherParams } from './teacher';

export const DEFAULT_SENTENCE = 'The cat sat on the mat.';

/** A sentence of the trained translation model's toy English (model/lessonModels.ts). */
export const DEFAULT_TOY_SENTENCE = 'the small dog sees the red car';

/**
 * The language of the texts: a folder of web/content/ ("en", "zh-CN"). Any well-formed tag parses
 * here (this module is DOM- and bundle-free); main.ts checks it against the folders that exist and,
 * when a link has none, uses the learner's preferred language. English, the default, is left out.
 */
export const langParam: ParamDef<string> = {
  default: 'en',
  parse: (s) => (/^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(s) ? s : undefined),
  serialize: (v) => v,
};

export const sharedSchema = defineParams({
  /** The language of every text on the page (see langParam). */
  lang: langParam,
  /** The learner's sentence. */
  s: strParam(DEFAULT_SENTENCE, 400),
  /** Seed of every generated weight matrix (a link may hold any; the slider offers 1–50). */
  seed: intParam(1, 1, 9999, { slider: { max: 50 } }),
  /** Learner edits of W_Q, W_K, W_V (paper layout, (d_model, d_k)). */
  wq: editsParam(),
  wk: editsParam(),
  wv: editsParam(),
  /** Which weights a lesson that shows attention uses: a model trained by the core, or seeded random ones. */
  w: choiceParam<'trained' | 'random'>('trained', ['trained', 'random']),
  /** The source sentence of the trained translation model (lessons 8 and 10). */
  ts: strParam(DEFAULT_TOY_SENTENCE, 200),
  /** Lessons 2–6, trained: which head (1-based) of the translation model's first encoder layer. */
  th: intParam(1, 1, 4),
  /** A teacher's link: controls and panels hidden, values locked, a course of chosen lessons (model/teacher.ts). */
  ...teacherParams,
});

export type SharedSchema = typeof sharedSchema;
