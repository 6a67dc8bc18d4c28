// lab/protocol.ts — the messages between the lab page (pages/lab.ts, lab/reducer.ts) and its Web
// Worker (lab/worker.ts): the run configuration, commands from the page and reports from the
// worker. Two views share it: 'compare' trains the GRU without and with attention (and, when
// asked, a Transformer) on the same data; 'heads' trains the decoder-only Transformer on the
// induction task and reports its head scores over training. Types and the model list of a run
// only: no behaviour, no math. Every number in a report was computed by the core, except the
// worker's own wall-clock timings.
import type {
  BottleneckAttention,
  BottleneckTask,
  HeadBlock,
  HeadScore,
  LengthAccuracy,
  TestLoss,
  Translation,
  TransformerTranslation,
} from '../../../wasm/trainer.js';

/** The models of a run: the fixed context vector, the GRU with attention, the Transformer. */
export type ModelKey = 'none' | 'attn' | 'transformer';
/** The GRUs, in the order of the page's charts and tables. */
export const GRUS: readonly ModelKey[] = ['none', 'attn'];
export const MODELS: readonly ModelKey[] = ['none', 'attn', 'transformer'];

export type LabView = 'compare' | 'heads';

export interface RunConfig {
  /** 'compare': the GRUs (and the Transformer if `transformer`); 'heads': the Transformer on induction. */
  view: LabView;
  task: BottleneckTask;
  /** Scoring of the attention GRU ('none' is always the other GRU). */
  attention: Exclude<BottleneckAttention, 'none'>;
  hidden: number;
  /** Optimisation steps per GRU. */
  steps: number;
  maxLen: number;
  seed: number;
  /** Compare view: also train a Transformer on the same task, seed and maxLen. */
  transformer: boolean;
  /** The Transformer's step budget; 0 = the core's transformerDefaults[task].steps. */
  transformerSteps: number;
}

/** The models a run trains, in display order. */
export function modelsOf(c: RunConfig): ModelKey[] {
  if (c.view === 'heads') return ['transformer'];
  return c.transformer ? ['none', 'attn', 'transformer'] : ['none', 'attn'];
}

/** One attention head of the Transformer. */
export interface HeadRef {
  block: HeadBlock;
  layer: number;
  head: number;
}
export const headKey = (r: HeadRef) => `${r.block}:${r.layer}:${r.head}`;

export type Command =
  | { type: 'start'; run: number; config: RunConfig }
  | { type: 'pause'; run: number }
  | { type: 'resume'; run: number }
  /** Frees every trainer; the worker then idles. */
  | { type: 'reset'; run: number }
  | { type: 'translate'; run: number; request: number; sentence: string }
  /** Heads view: translate held-out example `index` (its source tokens) instead of a typed sentence. */
  | { type: 'example'; run: number; request: number; index: number }
  /** setHeadEnabled on the Transformer, then evaluate() (compare view) and testLoss(). */
  | { type: 'ablate'; run: number; request: number; head: HeadRef; enabled: boolean }
  /** The Transformer's weights as a .safetensors file. */
  | { type: 'weights'; run: number; request: number };

export interface TransformerShape {
  dModel: number;
  numHeads: number;
  encoderLayers: number;
  decoderLayers: number;
  ffDim: number;
}

export interface ModelInfo {
  parameters: number;
  sourceVocab: string[];
  /** The Transformer's sizes (absent for the GRUs). */
  shape?: TransformerShape;
}

export interface ProgressPoint {
  model: ModelKey;
  /** Steps so far of this model, after the slice. */
  steps: number;
  /** Mean loss per target token over the slice. */
  loss: number;
  gradNorm: number;
}

/** Wall-clock time a model spent inside trainSteps (measured by the worker), and its rate. */
export interface Timing {
  ms: number;
  steps: number;
  /** steps / seconds, computed by the worker from its own clock. */
  perSecond: number;
}

export type Timings = Partial<Record<ModelKey, Timing>>;

export interface Translations {
  none?: Translation;
  attn?: Translation;
  transformer?: TransformerTranslation;
}

export type Report =
  | {
      type: 'ready';
      run: number;
      info: Partial<Record<ModelKey, ModelInfo>>;
      /** Step budget of each model of the run. */
      budget: Partial<Record<ModelKey, number>>;
      /** Set when the Transformer was asked for but the trainer module could not make one. */
      transformerError?: string;
    }
  | { type: 'progress'; run: number; points: ProgressPoint[]; trainMs: number; timing: Timings }
  /** The Transformer's held-out loss and every head's scores at `steps` (heads view, during training). */
  | { type: 'scores'; run: number; steps: number; testLoss: TestLoss; heads: HeadScore[] }
  | { type: 'paused'; run: number }
  | { type: 'resumed'; run: number }
  | {
      type: 'evaluation';
      run: number;
      final: boolean;
      steps: Partial<Record<ModelKey, number>>;
      accuracy: Partial<Record<ModelKey, LengthAccuracy[]>>;
      /** The Transformer's head scores and held-out loss with every head on. */
      heads?: HeadScore[];
      testLoss?: TestLoss;
    }
  | { type: 'done'; run: number; trainMs: number; timing: Timings }
  | { type: 'reset'; run: number }
  | { type: 'translation'; run: number; request: number; steps: Partial<Record<ModelKey, number>>; result?: Translations; error?: string }
  | {
      type: 'ablation';
      run: number;
      request: number;
      /** Every head now disabled. */
      disabled: HeadRef[];
      /** Compare view: the Transformer's accuracy by length with these heads off. */
      accuracy?: LengthAccuracy[];
      testLoss?: TestLoss;
      error?: string;
    }
  | { type: 'weights'; run: number; request: number; bytes?: Uint8Array; error?: string }
  | { type: 'error'; run: number; message: string };
