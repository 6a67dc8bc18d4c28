// model/pipeline.ts — builds the INPUTS of each lesson from the state (tokens, embeddings,
// seeded weights with the learner's edits) and makes the core calls that turn them into every
// number the lessons show. DOM-free, so the e2e tests import it to get the expected numbers
// from the core exactly as the page does. All attention math happens inside the core, masks and
// X + PE included; this file only lays out inputs (stacking, transposing, padding, applying the
// learner's edits) and forwards results.
import type { AttentionOptions, AttentionResult, MultiHeadResult } from '../../../wasm/index.js';
import type { Tensor, TransformerTrainer } from '../../../wasm/trainer.js';
import type { Core, RnnResult } from './core';
import { at, identity, matrix, permuteRows, transposed, vstack, withEdits, zeros, type Matrix } from './matrix';
import { applyAblation } from './ablation';
import { attentionMapsOf, blockTraceOf, infoOf, remember, stateDictOf, translationOf } from './trainerMemo';
import { seededMatrix, seededPermutation, seededVector } from './random';
import type { Edits, Values } from './state';
import { embed, MAX_TOKENS, tokenize, tokenLabels } from './tokens';

/** d_model of the Q/K/V lessons (2–7, 11, 12): small enough to read every number. */
export const D_MODEL = 4;

export interface SentenceInputs {
  tokens: string[];
  labels: string[];
  truncated: boolean;
  X: Matrix;
}

export function sentenceInputs(sentence: string, d = D_MODEL, max = MAX_TOKENS): SentenceInputs {
  const t = tokenize(sentence, max);
  const tokens = t.tokens.length ? t.tokens : ['…'];
  return { tokens, labels: tokenLabels(tokens), truncated: t.truncated, X: embed(tokens, d) };
}

export interface QkvWeights {
  /** Paper layout (d_model, d_k): Q = X · W_Q. */
  WQ: Matrix;
  WK: Matrix;
  WV: Matrix;
}

export function qkvWeights(v: Values, d = D_MODEL): QkvWeights {
  const seed = v.seed as number;
  const scale = 1 / Math.sqrt(d);
  return {
    WQ: withEdits(seededMatrix(seed, 'WQ', d, d, scale), v.wq as Edits),
    WK: withEdits(seededMatrix(seed, 'WK', d, d, scale), v.wk as Edits),
    WV: withEdits(seededMatrix(seed, 'WV', d, d, scale), v.wv as Edits),
  };
}

export interface QKV {
  Q: Matrix;
  K: Matrix;
  V: Matrix;
}

/**
 * Q = X·W_Q, K = X·W_K, V = X·W_V computed by the core: a one-head nn.MultiheadAttention whose
 * in_proj_weight is [W_Qᵀ; W_Kᵀ; W_Vᵀ] returns exactly these projections as heads[0].q/k/v.
 */
export function projectQKV(core: Core, X: Matrix, W: QkvWeights): QKV {
  const E = X.cols;
  const r = core.multiHeadAttention(X, X, X, {
    numHeads: 1,
    inProjWeight: vstack([transposed(W.WQ), transposed(W.WK), transposed(W.WV)]),
    outProjWeight: identity(E),
  });
  const h = r.heads[0];
  if (!h) throw new Error('multiHeadAttention returned no head');
  return { Q: h.q, K: h.k, V: h.v };
}

export interface SelfAttention extends SentenceInputs, QkvWeights, QKV {
  att: AttentionResult;
}

/** The sentence → Q, K, V → scaled dot-product attention pipeline of lessons 2–7. */
export function selfAttention(core: Core, v: Values, options?: AttentionOptions): SelfAttention {
  const inp = sentenceInputs(v.s as string);
  const W = qkvWeights(v);
  const qkv = projectQKV(core, inp.X, W);
  const att = core.attention(qkv.Q, qkv.K, qkv.V, options);
  return { ...inp, ...W, ...qkv, att };
}

// --- lesson 1 / 12: the RNN encoder ------------------------------------------------------------

export const RNN_HIDDEN = 6;
export const RNN_MAX_TOKENS = 60;

export function rnnParams(seed: number, rho: number, dIn = D_MODEL, h = RNN_HIDDEN) {
  return {
    Wx: seededMatrix(seed, 'rnnWx', h, dIn, 1 / Math.sqrt(dIn)),
    // A Gaussian (h, h) matrix scaled by rho/√h: its spectral radius grows in proportion to rho
    // (for a matrix this small, only roughly equal to it), the memory knob.
    Wh: seededMatrix(seed, 'rnnWh', h, h, rho / Math.sqrt(h), 3),
    b: seededVector(seed, 'rnnb', h, 0.1),
  };
}

export type RnnParams = ReturnType<typeof rnnParams>;

/** The core's RNN encoder over `sentence` with the weights of (seed, rho); `params`, when given,
 *  must be rnnParams(seed, rho) (a caller running several sentences makes them once). */
export function rnnRun(
  core: Core,
  sentence: string,
  seed: number,
  rho: number,
  params: RnnParams = rnnParams(seed, rho),
): SentenceInputs & { params: RnnParams; rnn: RnnResult } {
  const inp = sentenceInputs(sentence, D_MODEL, RNN_MAX_TOKENS);
  return { ...inp, params, rnn: core.rnnEncoder(inp.X, params) };
}

// --- lesson 4: random q, k ---------------------------------------------------------------------

export const SCALE_SAMPLES = 32;

export function randomQK(seed: number, dk: number) {
  return {
    Q: seededMatrix(seed, 'scaleQ', SCALE_SAMPLES, dk, 1, 3),
    K: seededMatrix(seed, 'scaleK', SCALE_SAMPLES, dk, 1, 3),
    V: zeros(SCALE_SAMPLES, 1),
  };
}

// --- lesson 7: masks --------------------------------------------------------------------------

/** A (T, T) mask (1 = blocked): the core's causal mask if `causal`, plus the learner-blocked cells ("i.j" keys). */
export function maskMatrix(core: Core, T: number, causal: boolean, blocked: Edits): Matrix {
  const cells = Object.fromEntries(Object.keys(blocked).flatMap((k) => (blocked[k] ? [[k, 1]] : [])));
  return withEdits(causal ? core.causalMask(T).mask : zeros(T, T), cells);
}

/** Padding: the core's key-padding mask of one sequence of T real tokens padded to Tmax (1 = padding). */
export function paddingMask(core: Core, T: number, Tmax: number): Uint8Array {
  const m = core.paddingMask([T], Tmax).keyPaddingMask[0];
  if (!m) throw new Error('paddingMask returned no mask');
  return m;
}

/** Pads X (T, d) with zero rows to (Tmax, d) — a ragged batch made rectangular. */
export function padRows(X: Matrix, Tmax: number): Matrix {
  return matrix(Tmax, X.cols, (i, j) => (i < X.rows ? at(X, i, j) : 0));
}

/**
 * Lesson 7's ragged batch: the learner's sentence (`base`) and the second sentence `s2`, padded
 * with zero rows to the longer length T_max and run through the lesson's one-head attention with
 * the core's key-padding mask. items[b]: the sentence's inputs and the core's result (T_max, T_max).
 */
export function raggedBatch(core: Core, v: Values, base: SentenceInputs) {
  const b2 = sentenceInputs(v.s2 as string);
  const Tmax = Math.max(base.tokens.length, b2.tokens.length);
  const W = qkvWeights(v);
  const params = { numHeads: 1, inProjWeight: vstack([transposed(W.WQ), transposed(W.WK), transposed(W.WV)]), outProjWeight: identity(base.X.cols) };
  const padding = core.paddingMask([base.tokens.length, b2.tokens.length], Tmax);
  const items = [base, b2].map((inp, item) => {
    const X = padRows(inp.X, Tmax);
    return { inp, res: core.multiHeadAttention(X, X, X, params, { keyPaddingMask: padding.keyPaddingMask[item] }) };
  });
  return { b2, Tmax, padding, items };
}

// --- lesson 8: multi-head ----------------------------------------------------------------------

export function mhaParams(seed: number, E: number, numHeads: number) {
  return {
    numHeads,
    inProjWeight: seededMatrix(seed, `mhaIn${E}`, 3 * E, E, 1 / Math.sqrt(E)),
    outProjWeight: seededMatrix(seed, `mhaOut${E}`, E, E, 1 / Math.sqrt(E)),
  };
}

export function multiHead(core: Core, sentence: string, seed: number, E: number, numHeads: number, causal: boolean) {
  const inp = sentenceInputs(sentence, E);
  const params = mhaParams(seed, E, numHeads);
  const r: MultiHeadResult = core.multiHeadAttention(inp.X, inp.X, inp.X, params, { causal });
  return { ...inp, params, r };
}

// --- lesson 9: positional encoding -------------------------------------------------------------

export const SHUFFLE_D = 8;

/**
 * Input preparation of the shuffle demo: embeddings, optionally plus the positional encoding
 * (the core's x_t + PE_t, the Transformer's input layer), in original and shuffled order.
 */
export function shuffleInputs(core: Core, sentence: string, perm: number, withPE: boolean) {
  const inp = sentenceInputs(sentence, SHUFFLE_D);
  const order = seededPermutation(perm, inp.tokens.length);
  const shuffledX = permuteRows(inp.X, order);
  const original = core.addPositionalEncoding(inp.X);
  const shuffled = core.addPositionalEncoding(shuffledX);
  return { ...inp, order, pe: original.pe, input: withPE ? original.sum : inp.X, shuffledInput: withPE ? shuffled.sum : shuffledX };
}

// --- lesson 10: encoder/decoder ----------------------------------------------------------------

export const SEQ_D = 8;

export function seq2seq(core: Core, src: string, tgt: string, lexicon: Record<string, string>, sharp: number) {
  const s = tokenize(src, MAX_TOKENS).tokens;
  const t = tokenize(tgt, MAX_TOKENS).tokens;
  const S = s.length ? s : ['…'];
  const Tt = t.length ? t : ['…'];
  const Xs = embed(S, SEQ_D, lexicon);
  const Xt = embed(Tt, SEQ_D, lexicon);
  const scale = sharp / Math.sqrt(SEQ_D);
  return {
    src: S,
    tgt: Tt,
    srcLabels: tokenLabels(S),
    tgtLabels: tokenLabels(Tt),
    Xs,
    Xt,
    encSelf: core.attention(Xs, Xs, Xs, { scale }),
    decSelf: core.attention(Xt, Xt, Xt, { scale, causal: true }),
    cross: core.attention(Xt, Xs, Xs, { scale }),
  };
}

// --- lesson 11: additive -----------------------------------------------------------------------

export function additiveParams(seed: number, h: number, d = D_MODEL) {
  return {
    Wq: seededMatrix(seed, `addWq${h}`, h, d, 1 / Math.sqrt(d)),
    Wk: seededMatrix(seed, `addWk${h}`, h, d, 1 / Math.sqrt(d)),
    v: seededVector(seed, `addv${h}`, h, 1),
  };
}

// --- lesson 14: exercise inputs ----------------------------------------------------------------

export function exerciseInputs(core: Core, seed: number, masked: boolean) {
  const Tq = masked ? 4 : 3;
  const Tk = 4;
  return {
    Q: seededMatrix(seed, 'exQ', Tq, 3, 1),
    K: seededMatrix(seed, 'exK', Tk, 3, 1),
    V: seededMatrix(seed, 'exV', Tk, 2, 1),
    // The masked exercise is causal self-attention shaped: (T_q, T_k) = (4, 4).
    mask: masked ? core.causalMask(Tk).mask : undefined,
  };
}

/**
 * Exercise 4: the masked exercise's Q, K, V under a mask that blocks a whole row. Causal plus a
 * LEFT-padded key 0 (blocked for every query), as in a left-padded batch: query 0 may only see
 * key 0, which is padding, so row 0 is fully blocked. mask: (4, 4), 1 = blocked.
 */
export function blockedExerciseInputs(core: Core, seed: number) {
  const inp = exerciseInputs(core, seed, true);
  const T = inp.K.rows;
  const padKey0 = Object.fromEntries(Array.from({ length: T }, (_, i) => [`${i}.0`, 1]));
  return { ...inp, mask: maskMatrix(core, T, true, padKey0) };
}

/** Exercise 3's sizes: T tokens of width d_model = n_heads · d_head. T ≠ d_model, so (T, T) weights cannot pass for the (T, d_model) output. */
export const MHA_EX = { T: 3, dModel: 4, numHeads: 2 } as const;

export interface MhaExercise {
  /** (T, d_model) */
  X: Matrix;
  /** Paper layout (d_model, d_model): Q = X · W_Q, head k = columns k·d_head … (k+1)·d_head − 1. */
  WQ: Matrix;
  WK: Matrix;
  WV: Matrix;
  /** Paper layout (d_model, d_model): output = concat · W_O. */
  WO: Matrix;
  numHeads: number;
}

/** Exercise 3's seeded inputs, in the paper's layout the learner's function receives. */
export function mhaExerciseInputs(seed: number): MhaExercise {
  const { T, dModel: E, numHeads } = MHA_EX;
  const w = (tag: string) => seededMatrix(seed, tag, E, E, 1 / Math.sqrt(E));
  return { X: seededMatrix(seed, 'exX', T, E, 1), WQ: w('exWQ'), WK: w('exWK'), WV: w('exWV'), WO: w('exWO'), numHeads };
}

/**
 * The core's multi-head attention of exercise 3: nn.MultiheadAttention's in_proj_weight (3E, E)
 * is [W_Qᵀ; W_Kᵀ; W_Vᵀ] and out_proj.weight is W_Oᵀ (PyTorch computes x·Wᵀ), biases 0.
 * Variants for the hints, each still the core's forward pass on re-laid-out inputs:
 * `numHeads` overrides the split (1 = no split); `qFactor` multiplies W_Q, so the core's
 * 1/√d_head acts as qFactor/√d_head (√(d_head/d_model) gives 1/√d_model, √d_head gives no
 * scaling); `transposedW` passes W_Q, W_K, W_V, W_O un-transposed (the learner used X·Wᵀ).
 */
export function mhaExercise(core: Core, ex: MhaExercise, variant: { numHeads?: number; qFactor?: number; transposedW?: boolean } = {}): MultiHeadResult {
  const t = variant.transposedW ? (m: Matrix) => m : transposed;
  const f = variant.qFactor ?? 1;
  const WQ = f === 1 ? ex.WQ : matrix(ex.WQ.rows, ex.WQ.cols, (i, j) => at(ex.WQ, i, j) * f);
  return core.multiHeadAttention(ex.X, ex.X, ex.X, {
    numHeads: variant.numHeads ?? ex.numHeads,
    inProjWeight: vstack([t(WQ), t(ex.WK), t(ex.WV)]),
    outProjWeight: t(ex.WO),
  });
}

// --- trained mode of lessons 2–6: one head of the trained translation model's encoder --------

/** The encoder layer whose heads lessons 2–6 show: layer 1, whose input is the embeddings + PE. */
export const TRAINED_LAYER = 0;
const IN_PROJ = `transformer.encoder.layers.${TRAINED_LAYER}.self_attn.`;

export interface TrainedHeadInputs extends SentenceInputs {
  /** Words not in the model's vocabulary (read as <unk>). */
  unknown: string[];
  head: number;
  numHeads: number;
  dModel: number;
  dHead: number;
  /** Paper layout (d_model, d_head) of this head: Q = X·W_Q + b_Q. */
  WQ: Matrix;
  WK: Matrix;
  WV: Matrix;
  /** The head's biases, (1, d_head) each. */
  bQ: Matrix;
  bK: Matrix;
  bV: Matrix;
  /** The layer's nn.MultiheadAttention parameters, as PyTorch's state_dict holds them. */
  params: { numHeads: number; inProjWeight: Matrix; inProjBias: Float32Array; outProjWeight: Matrix; outProjBias: Float32Array };
}

/** Ids of words in the trainer's source (decoder-only: target) vocabulary; unknown words → <unk> (3), as the core's Vocab::id. */
export function vocabIds(trainer: TransformerTrainer, words: readonly string[], side: 'source' | 'target'): number[] {
  const info = infoOf(trainer);
  const vocab = side === 'source' ? info.sourceVocab : info.targetVocab;
  return words.map((w) => {
    const i = vocab.indexOf(w);
    return i < 0 ? 3 : i;
  });
}

const tensorMatrix = (t: Tensor): Matrix => ({ rows: t.shape[0] ?? 0, cols: t.shape[1] ?? 1, data: t.data });
const rowsOf = (m: Matrix, from: number, n: number): Matrix => ({ rows: n, cols: m.cols, data: m.data.slice(from * m.cols, (from + n) * m.cols) });

/**
 * The inputs of head `head` of the trained translation model's first encoder layer on a toy
 * sentence: X = the model's own layer input (scaled embeddings + PE, from the trainer's
 * blockTrace, so "the" at two positions gets two different vectors), and the head's slices of
 * the trained in_proj (layout only: rows picked and transposed).
 */
export function trainedHeadInputs(trainer: TransformerTrainer, sentence: string, head: number): TrainedHeadInputs {
  return remember(trainer, `headInputs\u0000${head}\u0000${sentence}`, () => headInputs(trainer, sentence, head));
}

function headInputs(trainer: TransformerTrainer, sentence: string, head: number): TrainedHeadInputs {
  const info = infoOf(trainer);
  const t = translationOf(trainer, sentence);
  const tokens = t.source.length ? t.source : ['<unk>'];
  const ids = vocabIds(trainer, tokens, 'source');
  const X = blockTraceOf(trainer, ids, TRAINED_LAYER).input;
  const sd = stateDictOf(trainer);
  const W = sd[`${IN_PROJ}in_proj_weight`];
  const b = sd[`${IN_PROJ}in_proj_bias`];
  const Wo = sd[`${IN_PROJ}out_proj.weight`];
  const bo = sd[`${IN_PROJ}out_proj.bias`];
  if (!W || !b || !Wo || !bo) throw new Error(`trainedHeadInputs: the model has no ${IN_PROJ} parameters`);
  const E = info.dModel;
  const dh = E / info.numHeads;
  const h = Math.min(Math.max(0, head), info.numHeads - 1);
  const inProj = tensorMatrix(W);
  const bias = { rows: 1, cols: 3 * E, data: b.data } as Matrix;
  const slice = (k: number) => transposed(rowsOf(inProj, k * E + h * dh, dh));
  const bslice = (k: number): Matrix => ({ rows: 1, cols: dh, data: bias.data.slice(k * E + h * dh, k * E + (h + 1) * dh) });
  return {
    tokens,
    labels: tokenLabels(tokens),
    truncated: false,
    X,
    unknown: t.unknown,
    head: h,
    numHeads: info.numHeads,
    dModel: E,
    dHead: dh,
    WQ: slice(0),
    WK: slice(1),
    WV: slice(2),
    bQ: bslice(0),
    bK: bslice(1),
    bV: bslice(2),
    params: { numHeads: info.numHeads, inProjWeight: inProj, inProjBias: b.data, outProjWeight: tensorMatrix(Wo), outProjBias: bo.data },
  };
}

/** The trained layer's nn.MultiheadAttention (the core's) on `inp`, head `inp.head`: its Q, K, V
 *  (remembered per sentence and head: they do not depend on a lesson's options or masks). */
function trainedHead(core: Core, trainer: TransformerTrainer, inp: TrainedHeadInputs, sentence: string) {
  return remember(trainer, `head\u0000${inp.head}\u0000${sentence}`, () => {
    const hd = core.multiHeadAttention(inp.X, inp.X, inp.X, inp.params).heads[inp.head];
    if (!hd) throw new Error('multiHeadAttention returned no head');
    return hd;
  });
}

export interface TrainedSelfAttention extends TrainedHeadInputs, QKV {
  att: AttentionResult;
}

/**
 * Lessons 2–6 on trained weights: the core's nn.MultiheadAttention with the trained layer's
 * parameters gives this head's Q = X·W_Q + b_Q, K, V; the core's attention on them gives the
 * head's weights — the very map the trained model uses (tests compare it with attentionMaps).
 */
export function trainedSelfAttention(
  core: Core,
  trainer: TransformerTrainer,
  sentence: string,
  head: number,
  options?: AttentionOptions,
): TrainedSelfAttention {
  const inp = trainedHeadInputs(trainer, sentence, head);
  const hd = trainedHead(core, trainer, inp, sentence);
  const att = core.attention(hd.q, hd.k, hd.v, options);
  return { ...inp, Q: hd.q, K: hd.k, V: hd.v, att };
}

// --- lesson 7, trained: masks on one trained head ----------------------------------------------

/**
 * Lesson 7 on trained weights: head `head` of the trained translation model's first encoder
 * layer on a toy sentence, with the lesson's masks — the core's causal mask if `causal` and the
 * learner-blocked cells — passed to the core's attention on the head's own Q, K, V.
 */
export function trainedMaskedAttention(
  core: Core,
  trainer: TransformerTrainer,
  sentence: string,
  head: number,
  causal: boolean,
  blocked: Edits,
): TrainedSelfAttention {
  const inp = trainedHeadInputs(trainer, sentence, head);
  const hd = trainedHead(core, trainer, inp, sentence);
  const mask = maskMatrix(core, inp.tokens.length, false, blocked);
  const att = core.attention(hd.q, hd.k, hd.v, { causal, mask });
  return { ...inp, Q: hd.q, K: hd.k, V: hd.v, att };
}

/**
 * Lesson 7's ragged batch on trained weights: two toy sentences (`base` already prepared, and
 * `second`), each the model's own layer input padded with zero rows to T_max, through the trained
 * layer's nn.MultiheadAttention with the core's key-padding mask. items[b].weights: head `head`'s
 * (T_max, T_max) weights for sentence b.
 */
export function trainedRaggedBatch(core: Core, trainer: TransformerTrainer, base: TrainedHeadInputs, second: string) {
  const b2 = trainedHeadInputs(trainer, second, base.head);
  const Tmax = Math.max(base.tokens.length, b2.tokens.length);
  const padding = core.paddingMask([base.tokens.length, b2.tokens.length], Tmax);
  const items = [base, b2].map((inp, item) => {
    const X = padRows(inp.X, Tmax);
    const res = core.multiHeadAttention(X, X, X, inp.params, { keyPaddingMask: padding.keyPaddingMask[item] });
    const hd = res.heads[inp.head];
    if (!hd) throw new Error('multiHeadAttention returned no head');
    return { inp, weights: hd.weights };
  });
  return { b2, Tmax, padding, items };
}

// --- lessons 8 and 12, trained: the induction model on a repeated sequence ---------------------

/**
 * The decoder-only induction model's input: "<bos> x₁ … xₙ" from a learner's space-separated
 * letters (lower-cased, at most 40), as ids of its vocabulary; letters it does not know are
 * <unk> (3) and listed in `unknown`.
 */
export function inductionInput(trainer: TransformerTrainer, letters: string) {
  const words = letters.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 40);
  const ids = [1, ...vocabIds(trainer, words, 'target')];
  return { words, ids, unknown: words.filter((_, i) => ids[i + 1] === 3) };
}

/** The induction model's second layer: the one whose heads the core measures as induction heads. */
export const INDUCTION_LAYER = 1;

/**
 * Lesson 12 on trained weights: head `head` of the induction model's second layer on the
 * learner's letters with every head on — its (T, T) weights (the trainer's own attention map),
 * T = 1 + letters.
 */
export function inductionAttention(trainer: TransformerTrainer, letters: string, head: number) {
  // Lesson 8 may have switched heads off in this shared model: use it whole.
  applyAblation(trainer, new Set());
  const inp = inductionInput(trainer, letters);
  const maps = attentionMapsOf(trainer, inp.ids, []).decoderSelf;
  const layer = maps[INDUCTION_LAYER] ?? [];
  const h = Math.min(Math.max(0, head), layer.length - 1);
  const map = layer[h];
  if (!map) throw new Error('inductionAttention: the model has no second layer');
  return { ...inp, labels: tokenLabels(['<bos>', ...inp.words]), head: h, numHeads: layer.length, map };
}
