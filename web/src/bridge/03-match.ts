// bridge/03-match.ts — lesson 3's "In PyTorch" snippet: Q and K from the learner's sentence and
// weights, then the score matrix S = Q Kᵀ (every query dotted with every key). In trained mode
// (w = trained, the default) Q and K are one head of the trained translation model (bridge
// 02-qkv's trainedQKVText); null while the model is not loaded. Inputs and the expected scores
// come from the lesson's pipeline calls (selfAttention, trainedSelfAttention); no math here.
import { selfAttention } from '../model/pipeline';
import { trainedHead, trainedQKVText } from './02-qkv';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const SCORES = 'scores = Q @ K.T  # (T, T): scores[i, j] = q_i · k_j';

const bridge: BridgeFn = (core, v) => {
  if (v.w === 'trained') {
    const r = trainedHead(core, v);
    if (!r) return null;
    const code = lines(IMPORTS, '', header(3, 'match', { weights: 'trained', sentence: v.ts as string, head: v.th as number }), trainedQKVText(r), '', SCORES);
    return { code, expected: { scores: fromMatrix(r.att.scores) } };
  }
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
    SCORES,
  );
  return { code, expected: { scores: fromMatrix(r.att.scores) } };
};

export default bridge;
