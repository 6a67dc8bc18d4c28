// bridge/04-scale.ts — lesson 4's "In PyTorch" snippet: the lesson's random unit-variance Q, K
// (32 of each, width d_k), the raw and the scaled scores and their spread, softmax saturation
// (each query's largest weight) and the first query's weights. Inputs and expected numbers come
// from the lesson's pipeline and core calls (randomQK, attention, scoreStatistics); no math here.
// In trained mode (w = trained) Q and K are the trained head's (trainedSelfAttention) as literals.
import { lessonModelNow } from '../model/lessonModels';
import { randomQK, SCALE_SAMPLES, trainedSelfAttention } from '../model/pipeline';
import { assign, header, IMPORTS } from './common';
import { fromVector, lines, scalar, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const on = v.scl as boolean;
  const seed = v.seed as number;
  let inputs;
  let state: Record<string, string | number | boolean>;
  let note: string;
  if (v.w === 'trained') {
    const trainer = lessonModelNow('translation');
    if (!trainer) return null;
    const r = trainedSelfAttention(core, trainer, v.ts as string, (v.th as number) - 1);
    inputs = { Q: r.Q, K: r.K, V: r.V };
    state = { weights: 'trained', sentence: v.ts as string, head: r.head + 1, scaling: on ? 'on' : 'off' };
    note = `(T, d_k) = (${r.Q.rows}, ${r.Q.cols}), head ${r.head + 1} of the trained model's first encoder layer (X·W + b)`;
  } else {
    const dk = 2 ** (v.dke as number);
    inputs = randomQK(seed, dk);
    state = { d_k: dk, scaling: on ? 'on' : 'off', seed };
    note = `(n, d_k) = (${SCALE_SAMPLES}, ${dk}), entries with mean 0 and variance 1`;
  }
  const { Q, K, V } = inputs;
  const dk = Q.cols;
  const opts = on ? {} : { scale: 1 };
  const att = core.attention(Q, K, V, opts);
  const st = core.scoreStatistics(Q, K, opts);
  const code = lines(
    IMPORTS,
    '',
    header(4, 'scale', state),
    assign('Q', Q, note),
    assign('K', K, note),
    '',
    'scores = Q @ K.T  # (n, n) raw dot products: sd ≈ sqrt(d_k)',
    on ? `scaled = scores / ${dk} ** 0.5  # what softmax receives: sd ≈ 1` : 'scaled = scores  # scaling off: softmax receives the raw scores',
    'weights = F.softmax(scaled, dim=-1)  # (n, n)',
    '',
    'sd_raw = scores.std(unbiased=False)',
    'sd_scaled = scaled.std(unbiased=False)',
    'max_weight = weights.max(dim=-1).values  # near 1 = saturated (one-hot)',
    'saturation_mean, saturation_max = max_weight.mean(), max_weight.max()',
    'first_query_weights = weights[0]',
  );
  return {
    code,
    expected: {
      sd_raw: scalar(st.raw.std),
      sd_scaled: scalar(st.scaled.std),
      saturation_mean: scalar(st.maxWeight.mean),
      saturation_max: scalar(st.maxWeight.max),
      first_query_weights: fromVector(att.weights.data.subarray(0, att.weights.cols)),
    },
  };
};

export default bridge;
