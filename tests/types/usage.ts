// tests/types/usage.ts — type test for wasm/index.d.ts and wasm/trainer.d.ts: compiled by
// `tsc -p tests/types` (strict). Correct usage must compile; every `@ts-expect-error` line must
// be an error, or tsc fails on the unused directive. Never executed.
import {
  createAttentionCore,
  type AttentionCore,
  type AttentionResult,
  type Matrix,
  type MultiHeadAttention,
  type MultiHeadResult,
} from '../../wasm/index.js';
import { createBottleneckCore, type BottleneckCore, type BottleneckTrainer, type Translation } from '../../wasm/index.js';

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
    Number(layerDeleted)
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
