// tests/types/usage.ts — type test for wasm/index.d.ts and wasm/trainer.d.ts: compiled by
// `tsc -p tests/types` (strict). Correct usage must compile; every `@ts-expect-error` line must
// be an error, or tsc fails on the unused directive. Never executed.
import {
  createAttentionCore,
  type AttentionCore,
  type AttentionResult,
  type CausalMask,
  type Comparison,
  type HardAttentionChoice,
  type HardAttentionResult,
  type Matrix,
  type MultiHeadAttention,
  type MultiHeadResult,
  type PaddingMask,
  type PositionalInput,
  type ScoreStatistics,
} from '../../wasm/index.js';
import { createBottleneckCore, readSafetensors, type BottleneckCore, type BottleneckTrainer, type StateDict, type Translation } from '../../wasm/index.js';

export async function usage(): Promise<number> {
  const core: AttentionCore = await createAttentionCore();
  const scalar = await createAttentionCore({ scalar: true });
  const simd: string = core.simd;
  const m: Matrix = { rows: 2, cols: 2, data: new Float32Array(4) };

  const s: Matrix = core.softmax(m);
  core.softmax(m, 0.5);
  const pe: Matrix = core.positionalEncoding(8, 16);
  const a: AttentionResult = core.attention(m, m, m, { causal: true, mask: m, scale: 0.5 });
  const intermediates: Matrix[] = [a.scores, a.scaled, a.masked, a.weights, a.output];
  const add = core.additiveAttention(m, m, m, { Wq: m, Wk: m, v: new Float32Array(2) }, { mask: m });
  const addWeights: Matrix = add.weights;
  const mha: MultiHeadResult = core.multiHeadAttention(
    m,
    m,
    m,
    { numHeads: 2, inProjWeight: m, inProjBias: new Float32Array(6), outProjWeight: m },
    { causal: false, keyPaddingMask: new Uint8Array(2) },
  );
  const headQ: Matrix = mha.heads[0].q;
  const fastOut: Matrix = core.multiHeadAttentionOutput(m, m, m, { numHeads: 2, inProjWeight: m, outProjWeight: m }, { causal: true });
  const avg: Matrix = mha.averageWeights;
  const layer: MultiHeadAttention = core.createMultiHeadAttention({ numHeads: 2, inProjWeight: m, outProjWeight: m });
  let layerOut: Matrix;
  try {
    layerOut = layer.forward(m, m, m, { causal: true });
  } finally {
    layer.delete();
  }
  const layerDeleted: boolean = layer.deleted;
  const rnn = core.rnnEncoder(m, { Wx: m, Wh: m, b: new Float32Array(2) });
  const influence: Float32Array = rnn.influence;
  const survives: number = rnn.firstToLast;
  // The lessons' own math, in the core.
  const cm: CausalMask = core.causalMask(4);
  core.attention(m, m, m, { mask: cm.mask });
  const pm: PaddingMask = core.paddingMask([2, 1], 2);
  const pm32: PaddingMask = core.paddingMask(Int32Array.of(2, 1), 2);
  const kpm: Uint8Array | undefined = pm.keyPaddingMask[0];
  const padAdd: Matrix = pm32.additive;
  const pin: PositionalInput = core.addPositionalEncoding(m);
  const pinSum: Matrix = pin.sum;
  const hardV: HardAttentionResult = core.hardAttention(m, m);
  const hardOut: Matrix = hardV.output;
  const choice: HardAttentionChoice = core.hardAttention(m);
  const picked: Int32Array = choice.index;
  const st: ScoreStatistics = core.scoreStatistics(m, m, { scale: 1, bins: 24, minRange: 4 });
  const counts: Int32Array = st.raw.counts;
  const spread: number = st.scaled.std + st.sqrtDk + st.maxWeight.mean + st.edges.length + st.centers.length;
  const cmp: Comparison = core.compareMatrices(m, m);
  const diff: Matrix = cmp.difference;

  // @ts-expect-error data must be a Float32Array
  core.softmax({ rows: 1, cols: 2, data: [1, 2] });
  // @ts-expect-error temperature is a number
  core.softmax(m, '1');
  // @ts-expect-error unknown option (typo of causal)
  core.attention(m, m, m, { casual: true });
  // @ts-expect-error additiveAttention needs params
  core.additiveAttention(m, m, m);
  // @ts-expect-error numHeads is required
  core.multiHeadAttention(m, m, m, { inProjWeight: m, outProjWeight: m });
  // @ts-expect-error keyPaddingMask is a Uint8Array
  core.multiHeadAttention(m, m, m, { numHeads: 1, inProjWeight: m, outProjWeight: m }, { keyPaddingMask: [0, 1] });
  // @ts-expect-error the output-only call returns a Matrix, not the per-head record
  void core.multiHeadAttentionOutput(m, m, m, { numHeads: 1, inProjWeight: m, outProjWeight: m }).heads;
  // @ts-expect-error a layer's forward takes query, key and value
  layer.forward(m);
  // @ts-expect-error embedDim is read-only
  layer.embedDim = 3;
  // @ts-expect-error simd is read-only
  core.simd = 'AVX';
  // @ts-expect-error results have no such field
  void a.probabilities;
  // @ts-expect-error causalMask takes T, not a Matrix
  core.causalMask(m);
  // @ts-expect-error paddingMask needs T
  core.paddingMask([2, 1]);
  // @ts-expect-error lengths are numbers
  core.paddingMask(['2'], 2);
  // @ts-expect-error without V there is no output
  void core.hardAttention(m).output;
  // @ts-expect-error unknown option
  core.scoreStatistics(m, m, { bin: 3 });
  // @ts-expect-error the summary's spread is called std
  void st.raw.sd;
  // @ts-expect-error compareMatrices takes two matrices
  core.compareMatrices(m);
  // @ts-expect-error addPositionalEncoding takes the embeddings, not (length, dModel)
  core.addPositionalEncoding(8, 16);

  return (
    simd.length +
    s.rows +
    pe.cols +
    intermediates.length +
    addWeights.rows +
    headQ.cols +
    avg.rows +
    influence.length +
    scalar.simd.length +
    fastOut.rows +
    layerOut.rows +
    layer.numHeads +
    Number(layerDeleted) +
    cm.additive.rows +
    (kpm?.length ?? 0) +
    padAdd.rows +
    pinSum.rows +
    hardOut.rows +
    picked.length +
    counts.length +
    spread +
    diff.rows +
    cmp.maxAbs +
    cmp.row +
    cmp.col +
    survives
  );
}

// The trainer is its own module with its own factory; the lessons' core has none of it.
export async function trainerUsage(core: AttentionCore): Promise<number> {
  const trainerCore: BottleneckCore = await createBottleneckCore();
  const scalarTrainerCore = await createBottleneckCore({ scalar: true });
  const tr: BottleneckTrainer = trainerCore.createBottleneckTrainer({ attention: 'additive', hidden: 32 });
  const step = tr.trainSteps(10);
  const tl: Translation = tr.translate('the black cat sleeps');
  const alpha: Matrix = tl.attention;
  // The GRU's state dict: export, .safetensors, load into another GRU of the same sizes.
  const sd: StateDict = tr.stateDict();
  const file: Uint8Array = tr.safetensors();
  const other: BottleneckTrainer = trainerCore.createBottleneckTrainer({ attention: 'additive', hidden: 32 });
  other.loadStateDict(readSafetensors(file).tensors);
  other.loadStateDict(sd);
  // @ts-expect-error a state dict maps names to {shape, data}, not to bare arrays
  other.loadStateDict({ src_emb: new Float32Array(4) });
  other.delete();
  tr.delete();

  // @ts-expect-error the lessons' core has no trainer (createBottleneckCore loads it)
  core.createBottleneckTrainer();
  // @ts-expect-error the trainer core has no lesson functions
  trainerCore.softmax(alpha);
  // @ts-expect-error attention is 'none' | 'additive' | 'dot'
  trainerCore.createBottleneckTrainer({ attention: 'luong' });
  // @ts-expect-error createBottleneckCore returns a Promise
  createBottleneckCore().createBottleneckTrainer();
  // @ts-expect-error unknown option
  void createBottleneckCore({ simd: false });
  // @ts-expect-error simd is read-only
  trainerCore.simd = 'AVX';

  return trainerCore.bottleneckDefaults.steps + step.steps + alpha.rows + scalarTrainerCore.heapBytes().allocated + trainerCore.simd.length;
}
