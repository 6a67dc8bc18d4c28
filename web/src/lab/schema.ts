// lab/schema.ts — the lab's state properties: which view (the GRU/Transformer comparison or
// "heads that specialize"), task, attention scoring, hidden size, training steps, maximum length,
// seed, whether a Transformer trains beside the GRUs and its step budgets, the learner's sentence.
// They live in the app's one store and round-trip through the URL hash like every lesson's;
// lessons/index.ts merges them into the app schema. Every key of an older lab URL keeps its
// meaning, and a new key's default reproduces the older page. Declarations only: no DOM, no math.
// Ranges stay inside the core's limits (wasm/trainer.d.ts); the GRU defaults are the core's
// bottleneckDefaults, and a Transformer budget of 0 means the core's transformerDefaults.
import { bottleneckDefaults } from '../../../wasm/trainer.js';
import { boolParam, choiceParam, defineParams, intParam, strParam, type NumParam } from '../model/state';
import type { RunConfig } from './protocol';

export const HIDDEN_SIZES = [16, 32, 64, 96, 128] as const;
export const STEPS = { min: 100, max: 3000, step: 100 } as const;
export const MAX_LEN = { min: 4, max: 18 } as const;
/** Transformer step budgets: 0 (the core's default for the task) or a multiple of 10 in range. */
export const T_STEPS = { min: 10, max: 20000, step: 10 } as const;
export const DEFAULT_SENTENCE = 'the big black cat sees a small red house';

const budgetParam = (): NumParam => ({
  ...intParam(0, 0, T_STEPS.max),
  parse: (raw: string) => {
    const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
    return v === 0 || (v >= T_STEPS.min && v <= T_STEPS.max && v % T_STEPS.step === 0) ? v : undefined;
  },
});

export const labSchema = defineParams({
  /** 'compare' (GRUs without/with attention, and a Transformer) or 'heads' (induction heads). */
  labview: choiceParam<RunConfig['view']>('compare', ['compare', 'heads']),
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
    ...intParam(bottleneckDefaults.steps, STEPS.min, STEPS.max, { step: STEPS.step }),
    parse: (raw: string) => {
      const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return v >= STEPS.min && v <= STEPS.max && v % STEPS.step === 0 ? v : undefined;
    },
  },
  /** Longest source sentence of the data. */
  labmax: intParam(bottleneckDefaults.maxLen, MAX_LEN.min, MAX_LEN.max),
  /** Seed of the data, the initial weights and the batch order. */
  labseed: intParam(bottleneckDefaults.seed, 0, 9999),
  /** Also train a Transformer beside the two GRUs (compare view); on by default (issue 11). */
  labtf: boolParam(true),
  /** The compare view's Transformer step budget; 0 = transformerDefaults[task].steps. */
  labtsteps: budgetParam(),
  /** The heads view's step budget; 0 = transformerDefaults.induction.steps. */
  labisteps: budgetParam(),
  /** The learner's sentence, translated by every model. */
  labs: strParam(DEFAULT_SENTENCE, 400),
});

/** The lab's properties, typed by key: `store.get('labh')` is a number, `store.get('labtask')` a task. */
export type LabSchema = typeof labSchema;

/** Keys whose change discards the current run. */
export const CONFIG_KEYS = ['labview', 'labtask', 'labattn', 'labh', 'labsteps', 'labmax', 'labseed', 'labtf', 'labtsteps', 'labisteps'] as const;
