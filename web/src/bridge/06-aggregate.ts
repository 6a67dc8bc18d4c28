// bridge/06-aggregate.ts — lesson 6's "In PyTorch" snippet: the whole self-attention of the
// learner's sentence and the output rows o_i = Σ_j w_ij v_j. Random mode: nn.MultiheadAttention
// (one head, W_Q, W_K, W_V in in_proj_weight, no output projection). Trained mode: one head of
// the trained translation model's first encoder layer — its own layer input X, W_Q, W_K, W_V
// (d_model, d_head) and biases — written out by hand. Inputs and expected numbers come from the
// lesson's pipeline call (selfAttention or trainedSelfAttention); no math here.
import { lessonModelNow } from '../model/lessonModels';
import { selfAttention, trainedSelfAttention } from '../model/pipeline';
import { assign, embeddings, header, IMPORTS, layerInput, oneHeadMha, qkvWeights } from './common';
import { fromMatrix, lines, type Bridge, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v): Bridge | null => {
  if (v.w === 'trained') {
    const trainer = lessonModelNow('translation');
    if (!trainer) return null;
    const r = trainedSelfAttention(core, trainer, v.ts as string, (v.th as number) - 1);
    const dh = `(d_model, d_head) = (${r.dModel}, ${r.dHead}), the paper's layout`;
    const bias = (k: string) => `(1, d_head) = (1, ${r.dHead})${k === 'b_Q' ? ', a trained model has biases' : ''}`;
    const code = lines(
      IMPORTS,
      '',
      header(6, 'aggregate', { weights: 'trained', sentence: v.ts as string, head: r.head + 1 }),
      `# Head ${r.head + 1} of ${r.numHeads} of the trained translation model's first encoder layer.`,
      layerInput('X', r.X, r.labels),
      assign('W_Q', r.WQ, dh),
      assign('W_K', r.WK, dh),
      assign('W_V', r.WV, dh),
      assign('b_Q', r.bQ, bias('b_Q')),
      assign('b_K', r.bK, bias('b_K')),
      assign('b_V', r.bV, bias('b_V')),
      '',
      'Q, K, V = X @ W_Q + b_Q, X @ W_K + b_K, X @ W_V + b_V  # each (T, d_head)',
      `weights = F.softmax(Q @ K.T / ${r.dHead} ** 0.5, dim=-1)  # (T, T): the map the model uses`,
      'output = weights @ V  # (T, d_v): o_i = Σ_j w_ij v_j',
    );
    return { code, expected: { weights: fromMatrix(r.att.weights), V: fromMatrix(r.V), output: fromMatrix(r.att.output) } };
  }
  const r = selfAttention(core, v);
  const code = lines(
    IMPORTS,
    '',
    header(6, 'aggregate', { sentence: v.s as string, seed: v.seed as number }),
    embeddings('X', r.X, r.labels),
    qkvWeights(r),
    '',
    oneHeadMha(r.X.cols),
    'output, weights = mha(X[None], X[None], X[None], need_weights=True)  # a batch of one sentence',
    'output, weights = output[0].detach(), weights[0].detach()  # (T, d_v), (T, T)',
    '# the same by hand: o_i = Σ_j w_ij v_j',
    'V = X @ W_V',
    'output_by_hand = weights @ V',
  );
  return { code, expected: { weights: fromMatrix(r.att.weights), output: fromMatrix(r.att.output), output_by_hand: fromMatrix(r.att.output) } };
};

export default bridge;
