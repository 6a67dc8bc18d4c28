// model/schema.ts — the state properties shared by several lessons (the sentence, the seed of
// the weights, the learner's edits of W_Q/W_K/W_V, the language). Lesson-specific properties
// are declared in each lesson module and merged into one schema by lessons/index.ts.
// Declarations only (types, limits, slider ranges, defaults): no DOM, no math.
import { defineParams, editsParam, intParam, strParam } from './state';

export const DEFAULT_SENTENCE = 'The cat sat on the mat.';

export const sharedSchema = defineParams({
  /** The learner's sentence. */
  s: strParam(DEFAULT_SENTENCE, 400),
  /** Seed of every generated weight matrix (a link may hold any; the slider offers 1–50). */
  seed: intParam(1, 1, 9999, { slider: { max: 50 } }),
  /** Learner edits of W_Q, W_K, W_V (paper layout, (d_model, d_k)). */
  wq: editsParam(),
  wk: editsParam(),
  wv: editsParam(),
});

export type SharedSchema = typeof sharedSchema;
