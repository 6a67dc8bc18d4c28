// lab/schema.ts — the bottleneck lab's state properties (task, attention scoring, hidden size,
// training steps, maximum length, seed, the learner's sentence). They live in the app's one
// store and round-trip through the URL hash like every lesson's; lessons/index.ts merges them
// into the app schema. Declarations only: no DOM, no math. Ranges stay inside the core's limits
// (wasm/trainer.d.ts); the defaults are the core's bottleneckDefaults.
import { bottleneckDefaults } from '../../../wasm/trainer.js';
import { choiceParam, intParam, strParam, type Schema } from '../model/state';
import type { RunConfig } from './protocol';

export const HIDDEN_SIZES = [16, 32, 64, 96, 128] as const;
export const STEPS = { min: 100, max: 3000, step: 100 } as const;
export const MAX_LEN = { min: 4, max: 18 } as const;
export const DEFAULT_SENTENCE = 'the big black cat sees a small red house';

export const labSchema: Schema = {
  /** Task: 'translation' or 'reversal'. */
  labtask: choiceParam<RunConfig['task']>(bottleneckDefaults.task, ['translation', 'reversal']),
  /** Scoring of the attention model. */
  labattn: choiceParam<RunConfig['attention']>('additive', ['additive', 'dot']),
  /** GRU hidden width h of both models. */
  labh: {
    ...intParam(bottleneckDefaults.hidden, HIDDEN_SIZES[0], HIDDEN_SIZES[HIDDEN_SIZES.length - 1]),
    parse: (raw: string) => HIDDEN_SIZES.find((v) => String(v) === raw),
  },
  /** Optimisation steps per model. */
  labsteps: {
    ...intParam(bottleneckDefaults.steps, STEPS.min, STEPS.max),
    parse: (raw: string) => {
      const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return v >= STEPS.min && v <= STEPS.max && v % STEPS.step === 0 ? v : undefined;
    },
  },
  /** Longest source sentence of the data. */
  labmax: intParam(bottleneckDefaults.maxLen, MAX_LEN.min, MAX_LEN.max),
  /** Seed of the data, the initial weights and the batch order. */
  labseed: intParam(bottleneckDefaults.seed, 0, 9999),
  /** The learner's sentence, translated by both models. */
  labs: strParam(DEFAULT_SENTENCE, 400),
};

export const CONFIG_KEYS = ['labtask', 'labattn', 'labh', 'labsteps', 'labmax', 'labseed'] as const;
