// wasm/index.d.ts — the types of the Attention Lab core's JavaScript API (wasm/index.js).
// It describes what the WASM module computes and how data is laid out; it computes nothing.
//
// Layout: every Matrix is row-major float32, `data.length === rows * cols`, row i = token i.
// Shape legend: T_q queries, T_k keys, E = d_model, d_k / d_v key and value widths,
// h the additive-attention hidden width, n_heads heads of width d_head = E / n_heads.
//
// Ownership: every result is a plain object whose typed arrays are fresh copies owned by JS.
// Nothing returned by AttentionCore needs delete(). Every function validates its arguments
// and throws an Error whose message starts with the function name and names the argument
// and the shapes; the core stays usable after any error.
//
// Limits (larger inputs throw): T ≤ 4096, widths ≤ 4096, ≤ 2^24 elements per matrix,
// n_heads ≤ 256, length and dModel of positionalEncoding ≤ 4096, masks' T and batch ≤ 4096,
// histogram bins ≤ 1000. Values: every matrix, vector and scale value must be finite with
// |x| ≤ 1e6, so no product can overflow float (softmax's x and hardAttention's scores may hold
// any finite value and -Infinity).

// The bottleneck lab's trainer is a separate module with its own factory, createBottleneckCore
// (typed in trainer.d.ts and re-exported here); AttentionCore has no trainer.
export * from './trainer.js';

/** A row-major float32 matrix: `data[i * cols + j]` is row i, column j. */
export type Matrix = { rows: number; cols: number; data: Float32Array };

export interface AttentionOptions {
  /** Block key j > query i (no peeking at the future). */
  causal?: boolean;
  /** (T_q, T_k); nonzero = blocked (PyTorch's boolean attn_mask convention). */
  mask?: Matrix;
  /** Multiplies QKᵀ; default 1/sqrt(d_k). Any finite number with |scale| ≤ 1e6. */
  scale?: number;
}

export interface AttentionResult {
  /** Q·Kᵀ, (T_q, T_k). */
  scores: Matrix;
  /** scores · scale, (T_q, T_k). */
  scaled: Matrix;
  /** scaled with -Infinity where blocked, (T_q, T_k). */
  masked: Matrix;
  /** softmax(masked) row-wise, (T_q, T_k); a fully blocked row is all zeros, never NaN. */
  weights: Matrix;
  /** weights · V, (T_q, d_v); zero for a fully blocked row. */
  output: Matrix;
}

export interface AdditiveParams {
  /** (h, d_q) */
  Wq: Matrix;
  /** (h, d_k) */
  Wk: Matrix;
  /** (h) */
  v: Float32Array;
}

export interface AdditiveResult {
  /** score_ij = v · tanh(Wq q_i + Wk k_j), (T_q, T_k), before masking. */
  scores: Matrix;
  /** softmax over each row of scores, (T_q, T_k). */
  weights: Matrix;
  /** weights · V, (T_q, d_v). */
  output: Matrix;
}

export interface MultiHeadParams {
  /** n_heads ≥ 1, must divide E. */
  numHeads: number;
  /** (3E, E): rows [W_q; W_k; W_v], exactly PyTorch's in_proj_weight. y = x·Wᵀ + b. */
  inProjWeight: Matrix;
  /** (3E), PyTorch's in_proj_bias; zeros when omitted. */
  inProjBias?: Float32Array;
  /** (E, E), PyTorch's out_proj.weight. */
  outProjWeight: Matrix;
  /** (E), PyTorch's out_proj.bias; zeros when omitted. */
  outProjBias?: Float32Array;
}

export interface MultiHeadOptions {
  /** Block key j > query i. */
  causal?: boolean;
  /** (T_q, T_k); nonzero = blocked. */
  mask?: Matrix;
  /** (T_k); nonzero = that key is padding and blocked for every query. */
  keyPaddingMask?: Uint8Array;
}

export interface HeadResult {
  /** Projected queries of this head, (T_q, d_head) (before the 1/sqrt(d_head) scale). */
  q: Matrix;
  /** Projected keys, (T_k, d_head). */
  k: Matrix;
  /** Projected values, (T_k, d_head). */
  v: Matrix;
  /** softmax(q kᵀ / sqrt(d_head)) with masks applied, (T_q, T_k). */
  weights: Matrix;
  /** weights · v, (T_q, d_head). */
  output: Matrix;
}

export interface MultiHeadResult {
  /** One entry per head, in order. */
  heads: HeadResult[];
  /** (T_q, E): head outputs side by side, before the output projection. */
  concat: Matrix;
  /** (T_q, E): concat · outProjWeightᵀ + outProjBias. */
  output: Matrix;
  /** (T_q, T_k): mean of the heads' weights, as nn.MultiheadAttention returns by default. */
  averageWeights: Matrix;
}

/** core.causalMask(T): the causal mask of T tokens in both conventions. */
export interface CausalMask {
  /** (T, T): 1 where key j > query i (the future), else 0. Pass it as `options.mask`. */
  mask: Matrix;
  /** (T, T): 0 where j ≤ i, -Infinity where j > i: the M of softmax(scaled + M), PyTorch's float mask. */
  additive: Matrix;
}

/** core.paddingMask(lengths, T): the key-padding masks of a ragged batch padded to T tokens. */
export interface PaddingMask {
  /** One Uint8Array (T) per batch item: 1 where key j ≥ lengths[b] (padding). Pass item b's as `options.keyPaddingMask`. */
  keyPaddingMask: Uint8Array[];
  /** (B, T): 0 for a real token, -Infinity for padding, added to every query's scores of item b. */
  additive: Matrix;
}

/** core.addPositionalEncoding(X): the Transformer's input layer. */
export interface PositionalInput {
  /** (T, d_model): positionalEncoding(T, d_model). */
  pe: Matrix;
  /** (T, d_model): X + pe, row t = x_t + PE_t. */
  sum: Matrix;
}

/** core.hardAttention(scores): each query takes the one key with the largest score. */
export interface HardAttentionChoice {
  /**
   * (T_q): the chosen key of query i, the FIRST j with the row's largest score (ties go to the
   * smallest index, as numpy/torch argmax; it always carries the largest softmax weight);
   * -1 for a fully blocked row (all -Infinity), which chooses nothing.
   */
  index: Int32Array;
  /** (T_q, T_k): one-hot rows, 1 at (i, index[i]); a fully blocked row is all 0. */
  weights: Matrix;
}

/** core.hardAttention(scores, V): the choice and the chosen value rows. */
export interface HardAttentionResult extends HardAttentionChoice {
  /** (T_q, d_v) = weights · V: row index[i] of V, exactly; 0 for a fully blocked row. */
  output: Matrix;
}

export interface ScoreStatisticsOptions {
  /** scaled = raw · scale; default 1/sqrt(d_k) (as attention). Finite, |scale| ≤ 1e6. */
  scale?: number;
  /** Histogram bins, an integer from 1 to 1000; default 24. */
  bins?: number;
  /** The histogram spans at least [-minRange, minRange]; 0 … 1e6, default 0. */
  minRange?: number;
}

/** Mean, spread and histogram of one set of T_q·T_k scores. */
export interface ScoreSummary {
  mean: number;
  /** Population standard deviation (divides by T_q·T_k), summed in double. */
  std: number;
  min: number;
  max: number;
  /** (bins): how many scores fall in [edges[b], edges[b+1]); the last bin also holds edges[bins]. */
  counts: Int32Array;
}

/** core.scoreStatistics(Q, K): why attention divides by √d_k (lesson 4). */
export interface ScoreStatistics {
  /** The scale used. */
  scale: number;
  /** sqrt(d_k): the sd of q·k when q's and k's entries have mean 0 and variance 1. */
  sqrtDk: number;
  /** Half-width of the shared histogram axis: max(minRange, max|raw|, max|scaled|), or 1 if that is 0. */
  range: number;
  /** (bins + 1): bin edges from -range to range. */
  edges: Float32Array;
  /** (bins): the middle of each bin. */
  centers: Float32Array;
  /** Of Q·Kᵀ (T_q, T_k). */
  raw: ScoreSummary;
  /** Of Q·Kᵀ · scale, what softmax receives. */
  scaled: ScoreSummary;
  /** Each query's largest softmax(scaled) weight: its mean and max over queries (near 1 = saturated, one-hot). */
  maxWeight: { mean: number; max: number };
}

/** core.compareMatrices(A, B). */
export interface Comparison {
  /** (rows, cols) = A − B. */
  difference: Matrix;
  /** max |A − B|; 0 when equal. */
  maxAbs: number;
  /** Row and column of the first (row-major) entry where |A − B| = maxAbs. */
  row: number;
  col: number;
}

/** The lessons' API (the trainer is BottleneckCore, from createBottleneckCore in trainer.d.ts). */
export interface AttentionCore {
  /** The instruction sets Eigen vectorizes with in this build, e.g. "SSE, SSE2"; "None" for scalar. */
  readonly simd: string;
  /** Row-wise softmax(x / temperature); temperature > 0, default 1. -Infinity entries get weight 0. */
  softmax(x: Matrix, temperature?: number): Matrix;
  /** Sinusoidal encoding (length, dModel): PE[pos, j] = sin(pos / 10000^(2⌊j/2⌋/dModel)) for even j, cos for odd j. */
  positionalEncoding(length: number, dModel: number): Matrix;
  /** Scaled dot-product attention, every intermediate returned. Q (T_q, d_k), K (T_k, d_k), V (T_k, d_v). */
  attention(Q: Matrix, K: Matrix, V: Matrix, options?: AttentionOptions): AttentionResult;
  /** Additive (Bahdanau) attention. Q (T_q, d_q), K (T_k, d_k), V (T_k, d_v). */
  additiveAttention(Q: Matrix, K: Matrix, V: Matrix, params: AdditiveParams, options?: { mask?: Matrix }): AdditiveResult;
  /** Multi-head attention with nn.MultiheadAttention's parameters. query (T_q, E), key and value (T_k, E). */
  multiHeadAttention(query: Matrix, key: Matrix, value: Matrix, params: MultiHeadParams, options?: MultiHeadOptions): MultiHeadResult;
  /**
   * The fast path of multiHeadAttention: the same forward pass and arguments, returning only
   * `output` (T_q, E) — no per-head matrices, no averaged weights. Equal to
   * `multiHeadAttention(...).output` within float rounding; reuses one workspace inside the
   * module, so repeated calls at one size allocate nothing in the WASM heap.
   */
  multiHeadAttentionOutput(query: Matrix, key: Matrix, value: Matrix, params: MultiHeadParams, options?: MultiHeadOptions): Matrix;
  /**
   * A multi-head attention layer prepared once for many forwards (like an inference session):
   * params are checked and packed into the WASM heap here, and each `forward` ships and checks
   * only its inputs. The returned handle owns WASM memory: call `delete()` when done, e.g.
   * `const mha = core.createMultiHeadAttention(p); try { mha.forward(x, x, x) } finally { mha.delete() }`.
   * Throws an Error naming `createMultiHeadAttention` and the argument on bad params.
   */
  createMultiHeadAttention(params: MultiHeadParams): MultiHeadAttention;
  /** The causal mask of T tokens (1 ≤ T ≤ 4096): `mask` for options.mask, `additive` (0 / -Infinity) to show. */
  causalMask(T: number): CausalMask;
  /**
   * Key-padding masks of a batch of B sequences with lengths[b] real tokens each (0 ≤ lengths[b] ≤ T),
   * padded to T: one Uint8Array per item for options.keyPaddingMask, and the additive (B, T) form.
   */
  paddingMask(lengths: readonly number[] | Int32Array, T: number): PaddingMask;
  /** X (T, d_model) plus the sinusoidal encoding of positions 0 … T-1: `{ pe, sum }`. */
  addPositionalEncoding(X: Matrix): PositionalInput;
  /**
   * Hard (argmax) attention over scores (T_q, T_k) — raw, scaled or masked (finite values and
   * -Infinity). With V (T_k, d_v) also the chosen value rows. Ties go to the first index.
   */
  hardAttention(scores: Matrix, V: Matrix): HardAttentionResult;
  hardAttention(scores: Matrix): HardAttentionChoice;
  /** Mean, sd and a shared-axis histogram of Q·Kᵀ and Q·Kᵀ·scale, and softmax saturation. Q (T_q, d_k), K (T_k, d_k). */
  scoreStatistics(Q: Matrix, K: Matrix, options?: ScoreStatisticsOptions): ScoreStatistics;
  /** A − B (one shape), its largest absolute entry and where it is. */
  compareMatrices(A: Matrix, B: Matrix): Comparison;
  /** A tanh RNN encoder over x (T, d_in), T ≤ 512, h ≤ 256: every state and each token's influence on h_T. */
  rnnEncoder(x: Matrix, params: RnnParams): RnnResult;
  /**
   * Diagnostic (non-enumerable), for leak tests: `allocated` = bytes malloc has handed out and
   * not freed in the WASM heap; `memory` = size of the WASM linear memory in bytes (it grows,
   * never shrinks). Both stay flat over any number of calls when nothing leaks.
   */
  heapBytes(): { allocated: number; memory: number };
}

/** A prepared multi-head attention layer (core.createMultiHeadAttention). */
export interface MultiHeadAttention {
  /** numHeads of its params. */
  readonly numHeads: number;
  /** E = d_model, the width every input must have. */
  readonly embedDim: number;
  /**
   * output: (T_q, E) = MHA(query, key, value), equal to `multiHeadAttention(...).output` within
   * float rounding. query: (T_q, E), key and value: (T_k, E); pass one matrix three times for
   * self-attention (it is then copied into the heap once). Repeated forwards at one size
   * allocate nothing in the WASM heap. Throws an Error naming `MultiHeadAttention.forward` on
   * bad input (the layer stays usable) and after `delete()`.
   */
  forward(query: Matrix, key: Matrix, value: Matrix, options?: MultiHeadOptions): Matrix;
  /** True after delete(). */
  readonly deleted: boolean;
  /** Frees the layer's WASM memory. Safe to call twice. */
  delete(): void;
}

export interface RnnParams {
  /** (h, d_in) */
  Wx: Matrix;
  /** (h, h) */
  Wh: Matrix;
  /** (h) */
  b: Float32Array;
}

export interface RnnResult {
  /** (T, h): row t is h_t = tanh(Wx x_t + Wh h_{t-1} + b), h_0 = 0. */
  states: Matrix;
  /** (T): ‖∂h_T/∂x_t‖_F, how strongly token t still moves the final state h_T. */
  influence: Float32Array;
  /** influence[0] / influence[T-1]: the share of the last token's pull the first token keeps; 0 when influence[T-1] is 0 (finite, ≤ 3.4e38). */
  firstToLast: number;
}

export interface CreateOptions {
  /**
   * true: the scalar build (Eigen not vectorized); false: the SIMD build (fails to load where the
   * engine has no WebAssembly SIMD). Unset: SIMD where the engine validates it, else scalar.
   */
  scalar?: boolean;
}

/** Loads and instantiates the lessons' WASM module (browser, Web Worker or Node ≥ 20). */
export function createAttentionCore(options?: CreateOptions): Promise<AttentionCore>;
