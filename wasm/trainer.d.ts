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
/** The Transformer's tasks: the GRUs' two, and `induction` (decoder-only, Olsson et al. 2022). */
export type TransformerTask = BottleneckTask | 'induction';
export type BottleneckAttention = 'none' | 'additive' | 'dot';

export interface BottleneckOptions {
  /** The GRU encoder–decoder (the default model). */
  model?: 'gru';
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

export type BottleneckDefaults = Readonly<Required<Omit<BottleneckOptions, 'model'>>>;

/**
 * A Transformer exactly equivalent to PyTorch's modules (docs/transformer-pytorch.md), dropout 0:
 * translation and reversal use `Seq2SeqTransformer` (nn.Transformer, post-norm, ReLU, a final
 * LayerNorm after each stack, sqrt(d_model)-scaled embeddings plus the core's sinusoidal PE);
 * induction uses the decoder-only `CausalLM` (a causal nn.TransformerEncoder stack of
 * `decoderLayers` layers; `encoderLayers` must be 0 or absent).
 */
export interface TransformerOptions {
  model: 'transformer';
  /** 'translation' (default), 'reversal' or 'induction'. */
  task?: TransformerTask;
  /** d_model, 1..512, divisible by numHeads. */
  dModel?: number;
  /** n_heads, 1..16. */
  numHeads?: number;
  /** Encoder layers, 1..6 (encoder–decoder); 0 for induction. */
  encoderLayers?: number;
  /** Decoder layers, 1..6 (the CausalLM's depth for induction). */
  decoderLayers?: number;
  /** Feed-forward width d_ff, 1..2048. */
  ffDim?: number;
  /** 'sinusoidal' adds the core's PE to the embeddings; 'none' leaves the model order-blind. */
  positional?: 'sinusoidal' | 'none';
  batchSize?: number;
  lr?: number;
  clip?: number;
  /** Steps at the constant rate lr; after them the rate is lr · sqrt(decayAfter / t). 0 = never. */
  decayAfter?: number;
  /** Linear warm-up: for t ≤ warmup the rate is lr · t / warmup. 0 = none. */
  warmup?: number;
  /** Source length range (translation, reversal) or half-length range n (induction: <bos> x_1..x_n x_1..x_n). */
  minLen?: number;
  maxLen?: number;
  trainSize?: number;
  testPerLength?: number;
  seed?: number;
  /** The experiment's step budget (used by the lab and scripts, ignored by createBottleneckTrainer). */
  steps?: number;
}

export type TransformerDefaults = Readonly<Required<TransformerOptions>>;

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
  /** Source length (induction: the position p of the predicted token, 1-based after <bos>). */
  length: number;
  /** Induction only: whether position p lies in the first half or the repeated half. */
  half?: 'first' | 'repeated';
  /** Mean cross-entropy of the row's reference tokens under teacher forcing (Transformer only). */
  loss?: number;
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
  /**
   * (T_out): the source position each step attends to most, the column of the largest weight of
   * each row of `attention` (the core's hard attention: ties to the first); -1 in every row when
   * there is no attention ('none').
   */
  top: Int32Array;
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

/** One tensor of a state dict, laid out as PyTorch's (row-major), shape as PyTorch reports it. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}
/**
 * Tensor name → tensor. The Transformer: PyTorch `state_dict()` names of the modules in
 * docs/transformer-pytorch.md. The GRU: the core's block names in its order (src_emb, tgt_emb,
 * enc_W, enc_Uzr, enc_Un, enc_b, dec_We, dec_Wc, dec_Uzr, dec_Un, dec_b, out_W, out_b, then
 * att_Wq, att_Wk, att_v for 'additive' or att_Wa for 'dot'), every one 2-D [rows, cols], the
 * 1-row biases included (enc_b: [1, 3h]); docs/bottleneck-lab.md.
 */
export type StateDict = Record<string, Tensor>;

export type HeadBlock = 'encoder' | 'decoder' | 'cross';

/** Every head's weights: maps[layer][head] is a (T_q, T_k) matrix (average_attn_weights=False). */
export interface AttentionMaps {
  /** Encoder self-attention, (T_s, T_s) each; [] for induction. */
  encoderSelf: Matrix[][];
  /** Masked decoder self-attention (the CausalLM's layers for induction), (T, T) each. */
  decoderSelf: Matrix[][];
  /** Cross-attention: queries from the decoder, keys and values the encoder's output, (T, T_s); [] for induction. */
  cross: Matrix[][];
}

export interface TransformerTranslation extends Omit<Translation, 'attention' | 'context' | 'states' | 'encoder'> {
  /**
   * The alignment shown beside the GRU's: the last decoder layer's cross-attention averaged over
   * heads (average_attn_weights=True), (T_out, T_s). Induction: the last layer's self-attention
   * averaged over heads, (T, T).
   */
  attention: Matrix;
  /** Every head of every layer on this decoding (decoder queries: <bos> and the decoded tokens). */
  maps: AttentionMaps;
}

/**
 * One layer as nn.TransformerEncoderLayer (post-norm) computes it, each matrix (T, d_model):
 * output = LN2(norm1 + FF(norm1)), norm1 = LN1(input + SA(input)).
 */
export interface BlockTrace {
  /** The layer's input: layer 0, the scaled embeddings plus PE; else the previous layer's output. */
  input: Matrix;
  /** SA(input) after W^O: the change self-attention adds to each token's vector. */
  attention: Matrix;
  /** input + attention. */
  sum1: Matrix;
  /** LayerNorm 1 of sum1. */
  norm1: Matrix;
  /** relu(norm1 W1ᵀ + b1) W2ᵀ + b2: the change the feed-forward adds. */
  feedForward: Matrix;
  /** norm1 + feedForward. */
  sum2: Matrix;
  /** LayerNorm 2 of sum2: the layer's output. */
  output: Matrix;
}

export interface HeadScore {
  block: HeadBlock;
  /** From 0 (Olsson et al.'s layer 1 is layer 0). */
  layer: number;
  head: number;
  /** False while the head is ablated (setHeadEnabled). */
  enabled: boolean;
  /** Mean weight on key i − 1 over the held-out set (queries i ≥ 1); NaN where no query has one. */
  previousToken: number;
  /**
   * Olsson et al.'s prefix-matching score: mean weight, over queries whose token occurred earlier
   * in the sequence (the repeated half, for induction), on the token after that earlier
   * occurrence; NaN where no query has one (cross heads).
   */
  induction: number;
  /** Cross heads of translation/reversal: mean weight on the source word the task's rules align to the target word; null elsewhere. */
  alignment: number | null;
}

export interface TestLoss {
  /** Mean cross-entropy per target token on the held-out set (teacher forcing). */
  loss: number;
  /** Induction: the first half's tokens (unpredictable) and the repeated half's; null for other tasks. */
  firstHalf: number | null;
  repeatedHalf: number | null;
}

export interface TransformerInfo {
  model: 'transformer';
  task: TransformerTask;
  dModel: number;
  numHeads: number;
  encoderLayers: number;
  decoderLayers: number;
  ffDim: number;
  positional: 'sinusoidal' | 'none';
  batchSize: number;
  parameters: number;
  minLen: number;
  maxLen: number;
  trainSize: number;
  testSize: number;
  sourceVocab: string[];
  targetVocab: string[];
}

export declare class TransformerTrainer {
  private constructor();
  /** Runs n mini-batch steps, 1 ≤ n ≤ 100000. */
  trainSteps(n: number): TrainStepsResult;
  /** Token accuracy of greedy decoding by source length; induction: one row per position (teacher forcing). */
  evaluate(): LengthAccuracy[];
  /** Held-out loss (induction: also per half). */
  testLoss(): TestLoss;
  /** Greedy translation of a typed sentence with every head's map; induction: next-token predictions over the typed tokens. */
  translate(sentence: string): TransformerTranslation;
  readonly testSize: number;
  testExample(i: number): { source: string[]; reference: string[] };
  info(): TransformerInfo;
  weightsChecksum(): number;
  /**
   * The ids of the last training step's mini-batch, padded with 0: src (B, S) (empty rows for
   * induction), tgtIn (B, T) and tgtOut (B, T) — what another framework needs to train on the
   * identical data (bench/transformer-speed.mjs). Empty arrays before the first step.
   */
  lastBatch(): { src: number[][]; tgtIn: number[][]; tgtOut: number[][] };
  /** Every parameter, copied, under PyTorch's state_dict names. */
  stateDict(): StateDict;
  /** Replaces every parameter; throws naming a missing, unknown or mis-shaped tensor (then nothing changed). */
  loadStateDict(d: StateDict): void;
  /** The weights as a .safetensors file (F32, state_dict names) for `model.load_state_dict`. */
  safetensors(): Uint8Array;
  /** (T, tgt_vocab) logits of tgt_in under teacher forcing; decoder-only: logits(ids, []) → (T, vocab). */
  logits(source: number[], targetIn: number[]): Matrix;
  /** Every head's weights on this input (as logits() runs it); decoder-only: attentionMaps(ids, []). */
  attentionMaps(source: number[], targetIn: number[]): AttentionMaps;
  /** One encoder layer (decoder-only: one causal layer, its ids as source) on one sequence, step by step; layer from 0. */
  blockTrace(source: number[], layer: number): BlockTrace;
  /** d(mean cross-entropy over non-pad targets)/d(param) for one sequence; decoder-only: gradients(ids, [], nextIds). */
  gradients(source: number[], targetIn: number[], targetOut: number[]): StateDict;
  /** Every head's previous-token and induction scores (and alignment for cross heads), on the held-out set. */
  headScores(): HeadScore[];
  /** Ablation: a disabled head's output is zeroed before out_proj (in training and evaluation alike). */
  setHeadEnabled(block: HeadBlock, layer: number, head: number, enabled: boolean): void;
  readonly deleted: boolean;
  delete(): void;
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
  /** Every parameter block, copied, under the core's block names, each [rows, cols] (StateDict). */
  stateDict(): StateDict;
  /**
   * Replaces every block and restarts Adam's moments; throws an Error naming
   * BottleneckTrainer.loadStateDict and a missing, unknown, mis-shaped or non-finite tensor (then
   * nothing changed).
   */
  loadStateDict(d: StateDict): void;
  /**
   * The weights as a .safetensors file (F32, stateDict() names), __metadata__ {module:
   * 'Seq2SeqGRU', task, attention, embed, hidden, attnHidden} (strings).
   */
  safetensors(): Uint8Array;
  /** True after delete(). */
  readonly deleted: boolean;
  /** Frees the model in the WASM heap; later calls of other methods throw. Idempotent. */
  delete(): void;
}

export interface BottleneckApi {
  readonly bottleneckDefaults: BottleneckDefaults;
  /** The lab's and the headless script's Transformer settings per task, step budget included. */
  readonly transformerDefaults: Readonly<Record<TransformerTask, TransformerDefaults>>;
  /** A new Transformer; options default to transformerDefaults[task]. Throws on invalid options. */
  createBottleneckTrainer(options: TransformerOptions): TransformerTrainer;
  /** A new GRU trainer; options default to bottleneckDefaults. Throws on invalid options. */
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
 * Loads and instantiates the trainer's WASM module (by default SIMD where the engine runs it, else
 * scalar; `{ scalar: true }` forces scalar) in a browser, a Web Worker or Node ≥ 20. Each call makes a new instance with its own heap.
 */
export function createBottleneckCore(options?: CreateOptions): Promise<BottleneckCore>;

export declare const bottleneckDefaults: BottleneckDefaults;
export declare const transformerDefaults: Readonly<Record<TransformerTask, TransformerDefaults>>;
/** The trainer API over an instantiated trainer module (for scripts loading another build). */
export declare function bottleneckApi(raw: unknown): BottleneckApi;

/**
 * Reads a .safetensors file of F32 tensors (what either trainer's safetensors() writes):
 * its string metadata and its tensors as a state dict, in file order. Throws an Error naming
 * readSafetensors on a malformed file; names and shapes are checked by loadStateDict.
 */
export declare function readSafetensors(bytes: Uint8Array): { metadata: Record<string, string>; tensors: StateDict };
