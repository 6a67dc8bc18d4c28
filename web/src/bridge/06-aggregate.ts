// bridge/06-aggregate.ts — lesson 6's "In PyTorch" snippet: the whole self-attention of the
// learner's sentence with nn.MultiheadAttention (one head, W_Q, W_K, W_V in in_proj_weight, no
// output projection): the weights and the output rows o_i = Σ_j w_ij v_j. Inputs and expected
// numbers come from the lesson's pipeline call (selfAttention); no math here.
import { selfAttention } from '../model/pipeline';
import { embeddings, header, IMPORTS, oneHeadMha, qkvWeights } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
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
