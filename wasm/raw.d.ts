// wasm/raw.d.ts — the types of the PRIVATE Embind surface of both WASM modules as wasm/index.js,
// wasm/trainer.js and wasm/load.js call it (wasm/bindings*.cpp): the `_raw*` functions, the
// `_Raw*` handle classes and the glue's factory. Not part of the API (index.d.ts and trainer.d.ts
// are the contract) and not checked against the C++: it states what the bindings return, so
// tsconfig.js.json can check that the JS entry points hand it on as the contract promises. The
// node:test suites (tests/wasm/) check the bindings really return it. It computes nothing.

import type {
  AdditiveParams,
  AdditiveResult,
  AttentionResult,
  CausalMask,
  Comparison,
  HardAttentionChoice,
  HardAttentionResult,
  Matrix,
  MultiHeadParams,
  MultiHeadResult,
  PaddingMask,
  PositionalInput,
  RnnParams,
  RnnResult,
  ScoreStatistics,
} from './index.js';
import type {
  AttentionMaps,
  BlockTrace,
  HeadScore,
  LengthAccuracy,
  TestLoss,
  TrainerInfo,
  TrainStepsResult,
  TransformerDefaults,
  TransformerInfo,
  TransformerTranslation,
  Translation,
} from './trainer.js';

/** What a binding returns instead of its result when a check in C++ failed. */
export type RawError = { error: string };
/** A binding's result or its {error}; check.js's unwrap() throws the latter. */
export type RawResult<T> = T | RawError;

/** The glue's default export (MODULARIZE + EXPORT_ES6): Node passes the .wasm bytes itself. */
export type RawFactory<M> = (moduleArg: { wasmBinary?: Uint8Array }) => Promise<M>;

/** What both modules link (wasm/bindings_common.cpp). */
export interface RawCommon {
  _rawSimd(): string;
  _rawHeapBytes(): { allocated: number; memory: number };
}

/** An Embind class instance: configure(config) → "" or a message; delete() frees its memory. */
export interface RawHandle<Config> {
  configure(config: Config): string;
  delete(): void;
}
export type RawHandleClass<H> = new () => H;

/** The multi-head options after index.js's checks: causal always present. */
export interface RawMultiHeadOptions {
  causal: boolean;
  mask?: Matrix;
  keyPaddingMask?: Uint8Array;
}

/** wasm/bindings.cpp's RawMultiHeadLayer (core.createMultiHeadAttention). */
export interface RawMultiHeadLayer extends RawHandle<MultiHeadParams> {
  forward(query: Matrix, key: Matrix, value: Matrix, options: RawMultiHeadOptions): RawResult<Matrix>;
  /** The heap address of a (rows, cols) input buffer for forwardSelf. */
  selfInput(rows: number, cols: number): number;
  /** The heap address of the (rows, E) output, or 0 when a check failed (then lastError()). */
  forwardSelf(causal: boolean): number;
  lastError(): string;
  numHeads(): number;
  embedDim(): number;
}

/** The lessons' module (wasm/bindings.cpp). */
export interface RawCoreModule extends RawCommon {
  /** The heap as floats; the 3.1.6 glue replaces it when memory grows, so read it after each call. */
  HEAPF32: Float32Array;
  _rawSoftmax(x: Matrix, temperature: number): RawResult<Matrix>;
  _rawPositionalEncoding(length: number, dModel: number): RawResult<Matrix>;
  _rawAttention(Q: Matrix, K: Matrix, V: Matrix, options: { causal: boolean; mask?: Matrix; scale?: number }): RawResult<AttentionResult>;
  _rawAdditiveAttention(Q: Matrix, K: Matrix, V: Matrix, params: AdditiveParams, options: { mask?: Matrix }): RawResult<AdditiveResult>;
  _rawMultiHeadAttention(query: Matrix, key: Matrix, value: Matrix, params: MultiHeadParams, options: RawMultiHeadOptions): RawResult<MultiHeadResult>;
  _rawMultiHeadAttentionOutput(query: Matrix, key: Matrix, value: Matrix, params: MultiHeadParams, options: RawMultiHeadOptions): RawResult<Matrix>;
  _rawRnnEncoder(x: Matrix, params: RnnParams): RawResult<RnnResult>;
  _rawCausalMask(T: number): RawResult<CausalMask>;
  _rawPaddingMask(lengths: Int32Array, T: number): RawResult<PaddingMask>;
  _rawAddPositionalEncoding(X: Matrix): RawResult<PositionalInput>;
  _rawHardAttention(scores: Matrix, V: Matrix | undefined): RawResult<HardAttentionResult | HardAttentionChoice>;
  _rawScoreStatistics(Q: Matrix, K: Matrix, options: { scale?: number; bins?: number; minRange?: number }): RawResult<ScoreStatistics>;
  _rawCompareMatrices(A: Matrix, B: Matrix): RawResult<Comparison>;
  _RawMultiHeadLayer: RawHandleClass<RawMultiHeadLayer>;
}

/** A trainer's options after trainer.js's checks: every field a number (names mapped to enums). */
export type RawTrainerConfig = Record<string, number>;

/** What both raw trainers have (wasm/bindings_trainer.cpp, wasm/bindings_transformer.cpp). */
export interface RawTrainer<Info, Tr> extends RawHandle<RawTrainerConfig> {
  trainSteps(n: number): TrainStepsResult;
  evaluate(): LengthAccuracy[];
  translate(sentence: string): RawResult<Tr>;
  testSize(): number;
  testExample(i: number): { source: string[]; reference: string[] };
  info(): Info;
  weightsChecksum(): number;
  /** [{name, shape}] in state-dict order (the Transformer: PyTorch's names). */
  parameterShapes(): { name: string; shape: number[] }[];
  /** A copy of parameter i. */
  parameter(i: number): Float32Array;
  setParameter(i: number, data: Float32Array): void;
}

export type RawBottleneckTrainer = RawTrainer<TrainerInfo, Translation>;

export interface RawTransformerTrainer extends RawTrainer<TransformerInfo, TransformerTranslation> {
  testLoss(): TestLoss;
  lastBatch(): { src: number[][]; tgtIn: number[][]; tgtOut: number[][] };
  logits(source: Int32Array, targetIn: Int32Array): RawResult<Matrix>;
  attentionMaps(source: Int32Array, targetIn: Int32Array): RawResult<AttentionMaps>;
  blockTrace(source: Int32Array, layer: number): RawResult<BlockTrace>;
  /** {loss, grads: one Float32Array per parameter in state_dict order}. */
  gradients(source: Int32Array, targetIn: Int32Array, targetOut: Int32Array): RawResult<{ loss: number; grads: Float32Array[] }>;
  headScores(): HeadScore[];
  /** "" or a message. */
  setHeadEnabled(block: number, layer: number, head: number, enabled: boolean): string;
}

/** The trainer's module (wasm/bindings_trainer.cpp, wasm/bindings_transformer.cpp). */
export interface RawTrainerModule extends RawCommon {
  _RawBottleneckTrainer: RawHandleClass<RawBottleneckTrainer>;
  _RawTransformerTrainer: RawHandleClass<RawTransformerTrainer>;
  /** The core's tuned lab settings for task 0|1|2 (tests/wasm/transformer.test.mjs), without `model`. */
  _rawTransformerLabDefaults(task: number): Omit<TransformerDefaults, 'model'>;
}
