// bridge/03-match.ts — lesson 3's "In PyTorch" snippet: Q and K from the learner's sentence and
// weights, then the score matrix S = Q Kᵀ (every query dotted with every key). Inputs and the
// expected scores come from the lesson's pipeline call (selfAttention); no math here.
import { selfAttention } from '../model/pipeline';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const r = selfAttention(core, v);
  const code = lines(
    IMPORTS,
    '',
    header(3, 'match', { sentence: v.s as string, seed: v.seed as number }),
    embeddings('X', r.X, r.labels),
    qkvWeights(r),
    '',
    PROJECT_QKV,
    '',
    'scores = Q @ K.T  # (T, T): scores[i, j] = q_i · k_j',
  );
  return { code, expected: { scores: fromMatrix(r.att.scores) } };
};

export default bridge;
