// lab/protocol.ts — the messages between the bottleneck lab page (pages/lab.ts) and its Web
// Worker (lab/worker.ts): the run configuration, commands from the page and reports from the
// worker. Types only: no behaviour, no math. Every number in a report was computed by the core.
import type { BottleneckAttention, BottleneckTask, LengthAccuracy, Translation } from '../../../wasm/trainer.js';

/** The two models of one run: the fixed context vector and the attention model. */
export type ModelKey = 'none' | 'attn';
export const MODELS: readonly ModelKey[] = ['none', 'attn'];

export interface RunConfig {
  task: BottleneckTask;
  /** Scoring of the attention model ('none' is always the other model). */
  attention: Exclude<BottleneckAttention, 'none'>;
  hidden: number;
  /** Optimisation steps per model. */
  steps: number;
  maxLen: number;
  seed: number;
}

export type Command =
  | { type: 'start'; run: number; config: RunConfig }
  | { type: 'pause'; run: number }
  | { type: 'resume'; run: number }
  /** Frees both trainers; the worker then idles. */
  | { type: 'reset'; run: number }
  | { type: 'translate'; run: number; request: number; sentence: string };

export interface ModelInfo {
  parameters: number;
  sourceVocab: string[];
}

export interface ProgressPoint {
  model: ModelKey;
  /** Steps so far of this model, after the slice. */
  steps: number;
  /** Mean loss per target token over the slice. */
  loss: number;
  gradNorm: number;
}

export type Report =
  | { type: 'ready'; run: number; info: Record<ModelKey, ModelInfo> }
  | { type: 'progress'; run: number; points: ProgressPoint[]; trainMs: number }
  | { type: 'paused'; run: number }
  | { type: 'resumed'; run: number }
  | { type: 'evaluation'; run: number; final: boolean; steps: Record<ModelKey, number>; accuracy: Record<ModelKey, LengthAccuracy[]> }
  | { type: 'done'; run: number; trainMs: number }
  | { type: 'reset'; run: number }
  | { type: 'translation'; run: number; request: number; steps: Record<ModelKey, number>; result?: Record<ModelKey, Translation>; error?: string }
  | { type: 'error'; run: number; message: string };
