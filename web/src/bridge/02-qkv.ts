// bridge/02-qkv.ts — lesson 2's "In PyTorch" snippet: the learner's embeddings X and weights
// W_Q, W_K, W_V (seeded, with their edits) projected into Q, K, V through in_proj_weight, as
// nn.MultiheadAttention does. Inputs and expected numbers come from the lesson's pipeline calls
// (sentenceInputs, qkvWeights, projectQKV); no math here.
import { projectQKV, qkvWeights, sentenceInputs } from '../model/pipeline';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights as weightsText } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
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
