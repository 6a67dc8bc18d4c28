// bridge/11-additive.ts — lesson 11's "In PyTorch" snippet: on the learner's Q, K, Bahdanau's
// additive scores s_ij = v · tanh(W_q q_i + W_k k_j) written out with broadcasting, next to
// Luong's dot product and the scaled dot product, and the three softmax weights. Inputs and
// expected numbers come from the lesson's pipeline and core calls (selfAttention,
// additiveParams, additiveAttention, attention); no math here. It reproduces the lesson's
// random-weights mode only: in trained mode (the default, two trained GRUs) it gives the same
// snippet with a notice, for the panel and as the code's first comment, saying so.
import { additiveParams, selfAttention } from '../model/pipeline';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights } from './common';
import { comment, fromMatrix, lines, tensorLiteral, vectorLiteral, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v, content) => {
  const hh = v.ah as number;
  const seed = v.seed as number;
  const r = selfAttention(core, v);
  const p = additiveParams(seed, hh);
  const add = core.additiveAttention(r.Q, r.K, r.V, p);
  const luong = core.attention(r.Q, r.K, r.V, { scale: 1 });
  const dk = r.Q.cols;
  const notice = v.w === 'trained' ? content.labels.bridgeRandomOnly : undefined;
  const code = lines(
    ...(notice ? [comment(notice)] : []),
    IMPORTS,
    '',
    header(11, 'additive', { sentence: v.s as string, seed, h: hh }),
    embeddings('X', r.X, r.labels),
    qkvWeights(r),
    '',
    PROJECT_QKV,
    '',
    `# Additive (Bahdanau) scoring: W_q: (h, d_k) = (${hh}, ${dk}), W_k: (h, d_k), v: (h)`,
    `W_q = ${tensorLiteral(p.Wq)}`,
    `W_k = ${tensorLiteral(p.Wk)}`,
    `v = ${vectorLiteral(p.v)}`,
    '# s_ij = v · tanh(W_q q_i + W_k k_j): every (query, key) pair through a small layer, (T, T, h) → (T, T)',
    'additive_scores = torch.tanh((Q @ W_q.T)[:, None, :] + (K @ W_k.T)[None, :, :]) @ v',
    'additive_weights = F.softmax(additive_scores, dim=-1)',
    '',
    'dot_weights = F.softmax(Q @ K.T, dim=-1)  # Luong: s_ij = q_i · k_j',
    `scaled_weights = F.softmax(Q @ K.T / ${dk} ** 0.5, dim=-1)  # Transformer: s_ij = q_i · k_j / sqrt(d_k)`,
    'difference = additive_weights - scaled_weights',
  );
  return {
    code,
    ...(notice ? { notice } : {}),
    expected: {
      additive_scores: fromMatrix(add.scores),
      additive_weights: fromMatrix(add.weights),
      dot_weights: fromMatrix(luong.weights),
      scaled_weights: fromMatrix(r.att.weights),
      difference: fromMatrix(core.compareMatrices(add.weights, r.att.weights).difference),
    },
  };
};

export default bridge;
