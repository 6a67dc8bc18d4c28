// wasm/trainer.d.ts — the types of the bottleneck lab's trainer API (wasm/trainer.js). It
// describes what the trainer handle computes and how results are laid out; it computes nothing.
//
// The trainer is its own WASM module, apart from the lessons' core (index.d.ts):
// createBottleneckCore() loads it (on first use, with its own heap) and returns a BottleneckCore.
// Ownership: a BottleneckTrainer owns its model, data and optimizer state in the WASM heap
// until delete(); the garbage collector does not free it. Every result is a plain object with
// fresh copies owned by JS. Errors are thrown as Error whose message starts with the function
// name and names the argument.
// Shape legend: T_s source tokens, T_out decoder steps shown (tokens, plus <eos> if produced),
// h hidden width.

import type { CreateOptions, Matrix } from './index.js';

export type BottleneckTask = 'translation' | 'reversal';
export type BottleneckAttention = 'none' | 'additive' | 'dot';

export interface BottleneckOptions {
  /** 'translation' (English → French-like with reordering) or 'reversal'. */
  task?: BottleneckTask;
  /** 'none' (fixed context h_T), 'additive' (Bahdanau) or 'dot' (Luong "general"). */
  attention?: BottleneckAttention;
  /** Embedding width E, 1..512. */
  embed?: number;
  /** GRU hidden width h (encoder and decoder), 1..512. */
  hidden?: number;
  /** Additive-attention width a, 1..512 (ignored unless attention is 'additive'). */
  attnHidden?: number;
  /** Sentences per mini-batch, 1..512. */
  batchSize?: number;
  /** Adam learning rate, (0, 1]. */
  lr?: number;
  /** Global gradient-norm ceiling; ≤ 0 disables clipping. */
  clip?: number;
  /** Steps at the constant rate lr; after them the rate is lr · sqrt(decayAfter / t). 0 = never. */
  decayAfter?: number;
  /** Shortest and longest source sentence, 3 ≤ minLen ≤ maxLen ≤ 18. */
  minLen?: number;
  maxLen?: number;
  /** Training pairs (1..200000) and held-out pairs per length (1..10000). */
  trainSize?: number;
  testPerLength?: number;
  /** Seeds the data, the initialisation and the batch order: same seed, same curves. */
  seed?: number;
  /** The experiment's step budget (used by scripts, ignored by createBottleneckTrainer). */
  steps?: number;
}

export type BottleneckDefaults = Readonly<Required<BottleneckOptions>>;

export interface TrainStepsResult {
  /** Mean cross-entropy per target token over the steps just run. */
  loss: number;
  /** Optimisation steps so far. */
  steps: number;
  /** Completed passes over the training set. */
  epochs: number;
  /** Global gradient norm of the last step, before clipping. */
  gradNorm: number;
}

export interface LengthAccuracy {
  /** Source length. */
  length: number;
  sentences: number;
  /** Reference tokens (without <eos>). */
  tokens: number;
  /** Reference positions the greedy decoding got right. */
  correct: number;
  /** Sentences decoded exactly. */
  exact: number;
  /** correct / tokens. */
  tokenAccuracy: number;
}

export interface Translation {
  /** The tokenized, lower-cased source words (unknown words as typed). */
  source: string[];
  /** Out-of-vocabulary source words, in order; the model reads them as <unk>. */
  unknown: string[];
  /** The greedy decoding, without <eos>. */
  output: string[];
  /** The task's rule-based correct answer. */
  reference: string[];
  /** Whether <eos> was produced within 2·T_s + 2 steps. */
  finished: boolean;
  /** α_t over the source, (T_out, T_s); (T_out, 0) for attention 'none'. Rows sum to 1. */
  attention: Matrix;
  /** Context vectors c_t, (T_out, h); every row is h_T for attention 'none'. */
  context: Matrix;
  /** Decoder states s_t, (T_out, h). */
  states: Matrix;
  /** Encoder states h_1..h_T, (T_s, h). */
  encoder: Matrix;
  /** Probability of each chosen token, (T_out). */
  prob: Float32Array;
}

export interface TrainerInfo {
  task: BottleneckTask;
  attention: BottleneckAttention;
  embed: number;
  hidden: number;
  attnHidden: number;
  batchSize: number;
  parameters: number;
  minLen: number;
  maxLen: number;
  trainSize: number;
  testSize: number;
  sourceVocab: string[];
  targetVocab: string[];
}

export declare class BottleneckTrainer {
  private constructor();
  /** Runs n mini-batch steps, 1 ≤ n ≤ 100000 (synchronous: call from a Worker or in slices). */
  trainSteps(n: number): TrainStepsResult;
  /** Token accuracy of greedy decoding on the held-out set, one row per source length. */
  evaluate(): LengthAccuracy[];
  /** Greedy translation of a typed sentence (≤ 64 words), with what the lab displays. */
  translate(sentence: string): Translation;
  /** Number of held-out examples. */
  readonly testSize: number;
  /** Held-out example i as words. */
  testExample(i: number): { source: string[]; reference: string[] };
  info(): TrainerInfo;
  /** FNV-1a of every weight's bytes: equal values mean bitwise-identical models. */
  weightsChecksum(): number;
  /** True after delete(). */
  readonly deleted: boolean;
  /** Frees the model in the WASM heap; later calls of other methods throw. Idempotent. */
  delete(): void;
}

export interface BottleneckApi {
  readonly bottleneckDefaults: BottleneckDefaults;
  /** A new trainer; options default to bottleneckDefaults. Throws on invalid options. */
  createBottleneckTrainer(options?: BottleneckOptions): BottleneckTrainer;
}

/** The trainer module's API object, from createBottleneckCore(). */
export interface BottleneckCore extends BottleneckApi {
  /** The instruction sets Eigen vectorizes with in this build, e.g. "SSE, SSE2"; "None" for scalar. */
  readonly simd: string;
  /**
   * Diagnostic (non-enumerable), for leak tests: `allocated` = bytes malloc has handed out and
   * not freed in this module's WASM heap (every trainer lives there); `memory` = size of its
   * linear memory in bytes (it grows, never shrinks). `allocated` returns to the same value
   * whenever every trainer has been deleted.
   */
  heapBytes(): { allocated: number; memory: number };
}

/**
 * Loads and instantiates the trainer's WASM module (SIMD, or scalar with `{ scalar: true }`) in a
 * browser, a Web Worker or Node ≥ 20. Each call makes a new instance with its own heap.
 */
export function createBottleneckCore(options?: CreateOptions): Promise<BottleneckCore>;

export declare const bottleneckDefaults: BottleneckDefaults;
/** The trainer API over an instantiated trainer module (for scripts loading another build). */
export declare function bottleneckApi(raw: unknown): BottleneckApi;
