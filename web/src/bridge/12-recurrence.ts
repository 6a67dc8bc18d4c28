// bridge/12-recurrence.ts — lesson 12's "In PyTorch" snippet: the two live results side by side —
// the tanh RNN's influence ‖∂h_T/∂x_t‖ of each token on its final state (as lesson 1, recurrent
// strength: lesson 1's default) and the last token's self-attention weights, one step from each token.
// Inputs and expected numbers come from the lesson's pipeline calls (selfAttention, rnnRun and the
// weights it ran with); no math here.
// In trained mode (w = trained) part 2 loads the site's trained induction model into PyTorch and
// reads head rh of its second layer with head_maps (the trainer's own map is the expected
// number); the RNN of part 1 reads the same letters.
import bottleneck from '../lessons/01-bottleneck';
import { lessonModelNow } from '../model/lessonModels';
import { inductionAttention, INDUCTION_LAYER, RNN_HIDDEN, rnnRun, selfAttention } from '../model/pipeline';
import type { Core } from '../model/core';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights } from './common';
import { fromVector, lines, tensorLiteral, vectorLiteral, type BridgeFn } from './py';
import { idsLine, loadTrained, trainedFiles } from './trained';

/** The recurrent strength lesson 12 runs its RNN with: lesson 1's default. */
const RHO = bottleneck.params.rho.default;

/** Part 1 of the snippet, the tanh RNN's ‖∂h_T/∂x_t‖ on `text` (lesson 1's encoder), and its first `max` numbers. */
function rnnPart(core: Core, text: string, seed: number, max: number) {
  const rnn = rnnRun(core, text, seed, RHO);
  const p = rnn.params;
  const d = rnn.X.cols;
  const T = Math.min(max, rnn.labels.length);
  const code = lines(
    '# 1. An RNN: T sequential steps; token t reaches h_T only through T - t updates',
    embeddings('X_rnn', rnn.X, rnn.labels),
    `W_x = ${tensorLiteral(p.Wx)}  # (h, d_in) = (${RNN_HIDDEN}, ${d})`,
    `W_h = ${tensorLiteral(p.Wh)}  # (h, h), spectral radius ≈ ${RHO}`,
    `b = ${vectorLiteral(p.b)}  # (h)`,
    `rnn = torch.nn.RNN(${d}, ${RNN_HIDDEN}, nonlinearity="tanh", batch_first=True)`,
    'with torch.no_grad():',
    '    rnn.weight_ih_l0.copy_(W_x)',
    '    rnn.weight_hh_l0.copy_(W_h)',
    '    rnn.bias_ih_l0.copy_(b)',
    '    rnn.bias_hh_l0.zero_()',
    'J = torch.autograd.functional.jacobian(lambda x: rnn(x[None])[0][0, -1], X_rnn)  # ∂h_T/∂x_t: (h, T, d_in)',
    `rnn_influence = J.pow(2).sum(dim=(0, 2)).sqrt()[:${T}]  # ‖∂h_T/∂x_t‖_F`,
  );
  return { code, influence: fromVector(rnn.rnn.influence.subarray(0, T)) };
}

const bridge: BridgeFn = (core, v) => {
  const seed = v.seed as number;
  if (v.w === 'trained') {
    const trainer = lessonModelNow('induction');
    if (!trainer) return null;
    const r = inductionAttention(trainer, v.rseq as string, (v.rh as number) - 1);
    const T = r.labels.length;
    const rnn = rnnPart(core, r.words.join(' '), seed, r.words.length);
    const code = lines(
      header(12, 'recurrence', { weights: 'trained', letters: v.rseq as string, head: r.head + 1, seed }),
      IMPORTS,
      '',
      rnn.code,
      '',
      `# 2. Attention: head ${r.head + 1} of layer ${INDUCTION_LAYER + 1} of the trained induction model; the last token weighs every token directly`,
      loadTrained('induction'),
      idsLine('ids', r.ids, ['<bos>', ...r.words]),
      'maps = head_maps(model, ids)  # [layer][head] weights of the causal layers',
      `last_token_weights = maps["decoder"][${INDUCTION_LAYER}][${r.head}][-1]  # (T) = (${T})`,
    );
    const W = r.map;
    return {
      code,
      expected: { rnn_influence: rnn.influence, last_token_weights: fromVector(W.data.subarray((T - 1) * W.cols, T * W.cols)) },
      files: trainedFiles('induction'),
    };
  }
  const att = selfAttention(core, v);
  const T = att.labels.length;
  const rnn = rnnPart(core, v.s as string, seed, T);
  const W = att.att.weights;
  const code = lines(
    IMPORTS,
    '',
    header(12, 'recurrence', { sentence: v.s as string, seed }),
    rnn.code,
    '',
    '# 2. Self-attention: one step; the last token weighs every token directly',
    embeddings('X', att.X, att.labels),
    qkvWeights(att),
    PROJECT_QKV,
    `last_token_weights = F.softmax(Q[-1] @ K.T / ${att.Q.cols} ** 0.5, dim=-1)  # (T)`,
  );
  return {
    code,
    expected: {
      rnn_influence: rnn.influence,
      last_token_weights: fromVector(W.data.subarray((T - 1) * W.cols, T * W.cols)),
    },
  };
};

export default bridge;
