// bridge/02-qkv.ts — lesson 2's "In PyTorch" snippet: the learner's embeddings X and weights
// W_Q, W_K, W_V (seeded, with their edits) projected into Q, K, V through in_proj_weight, as
// nn.MultiheadAttention does. In trained mode (w = trained, the default): one head of the trained
// translation model's first encoder layer — its layer input X, the head's W_Q, W_K, W_V and
// biases as literals, Q = X @ W_Q + b_Q, …; null while the model is not loaded. Inputs and
// expected numbers come from the lesson's pipeline calls; no math here.
import type { Core } from '../model/core';
import { lessonModelNow } from '../model/lessonModels';
import { projectQKV, qkvWeights, sentenceInputs, trainedSelfAttention, type TrainedSelfAttention } from '../model/pipeline';
import type { Values } from '../model/state';
import { assign, embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights as weightsText } from './common';
import { comment, fromMatrix, lines, type BridgeFn } from './py';

/** Lessons 2–3, trained: the head's inputs and weights as literals and its Q, K, V (with biases). */
export function trainedQKVText(r: TrainedSelfAttention): string {
  const bias = `(1, d_k) = (1, ${r.dHead}), learned with the weights`;
  return [
    assign(
      'X',
      r.X,
      `(T, d_model) = (${r.X.rows}, ${r.dModel}), the input of the trained model's encoder layer 1 (embedding·√d_model + position), one row per token: ${r.labels.join(' | ')}`,
    ),
    comment(`Head ${r.head + 1} of its nn.MultiheadAttention(${r.dModel}, ${r.numHeads}): slices of in_proj_weight (transposed) and in_proj_bias`),
    weightsText(r),
    assign('b_Q', r.bQ, bias),
    assign('b_K', r.bK, bias),
    assign('b_V', r.bV, bias),
    '',
    comment('A trained layer has biases: each projection adds one'),
    'Q, K, V = X @ W_Q + b_Q, X @ W_K + b_K, X @ W_V + b_V  # each (T, d_k)',
  ].join('\n');
}

/** The trained head of lessons 2–3 at the learner's state, or null while the model loads. */
export function trainedHead(core: Core, v: Values): TrainedSelfAttention | null {
  const trainer = lessonModelNow('translation');
  return trainer ? trainedSelfAttention(core, trainer, v.ts as string, (v.th as number) - 1) : null;
}

const bridge: BridgeFn = (core, v) => {
  if (v.w === 'trained') {
    const r = trainedHead(core, v);
    if (!r) return null;
    const code = lines(IMPORTS, '', header(2, 'qkv', { weights: 'trained', sentence: v.ts as string, head: v.th as number }), trainedQKVText(r));
    return { code, expected: { Q: fromMatrix(r.Q), K: fromMatrix(r.K), V: fromMatrix(r.V) } };
  }
  const inp = sentenceInputs(v.s as string);
  const W = qkvWeights(v);
  const { Q, K, V } = projectQKV(core, inp.X, W);
  const code = lines(
    IMPORTS,
    '',
    header(2, 'qkv', { sentence: v.s as string, seed: v.seed as number }),
    embeddings('X', inp.X, inp.labels),
    weightsText(W),
    '',
    PROJECT_QKV,
  );
  return { code, expected: { Q: fromMatrix(Q), K: fromMatrix(K), V: fromMatrix(V) } };
};

export default bridge;
