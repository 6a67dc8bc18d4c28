// bridge/05-softmax.ts — lesson 5's "In PyTorch" snippet: the scaled scores of the learner's
// sentence, softmax with temperature τ (soft attention) and the argmax one-hot (hard attention).
// Random mode: the lesson's seeded embeddings and W_Q, W_K, W_V. Trained mode: the trained
// translation model's own layer input X and one head's W_Q, W_K (d_model, d_head) and biases
// b_Q, b_K. Inputs and expected numbers come from the lesson's pipeline and core calls
// (selfAttention or trainedSelfAttention, softmax, hardAttention); no math here.
import { lessonModelNow } from '../model/lessonModels';
import { selfAttention, trainedSelfAttention } from '../model/pipeline';
import { assign, embeddings, header, IMPORTS, layerInput, PROJECT_QKV, qkvWeights } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const lt = v.lt as number;
  const tau = 10 ** lt;
  const softmaxLines = [
    `tau = 10 ** ${lt}  # temperature`,
    'weights = F.softmax(scaled / tau, dim=-1)  # soft: every key gets some weight',
    'hard = F.one_hot(scaled.argmax(dim=-1), scaled.shape[-1]).float()  # hard: one key per query, no gradient',
  ];
  if (v.w === 'trained') {
    const trainer = lessonModelNow('translation');
    if (!trainer) return null;
    const r = trainedSelfAttention(core, trainer, v.ts as string, (v.th as number) - 1);
    const soft = core.softmax(r.att.scaled, tau);
    const hard = core.hardAttention(r.att.scaled);
    const dh = `(d_model, d_head) = (${r.dModel}, ${r.dHead}), the paper's layout`;
    const code = lines(
      IMPORTS,
      '',
      header(5, 'softmax', { weights: 'trained', sentence: v.ts as string, head: r.head + 1, 'log10 τ': lt }),
      `# Head ${r.head + 1} of ${r.numHeads} of the trained translation model's first encoder layer.`,
      layerInput('X', r.X, r.labels),
      assign('W_Q', r.WQ, dh),
      assign('W_K', r.WK, dh),
      assign('b_Q', r.bQ, `(1, d_head) = (1, ${r.dHead}), a trained model has biases`),
      assign('b_K', r.bK, `(1, d_head) = (1, ${r.dHead})`),
      '',
      'Q = X @ W_Q + b_Q  # (T, d_head)',
      'K = X @ W_K + b_K  # (T, d_head)',
      `scaled = Q @ K.T / ${r.dHead} ** 0.5  # (T, T)`,
      '',
      ...softmaxLines,
    );
    return { code, expected: { weights: fromMatrix(soft), hard: fromMatrix(hard.weights) } };
  }
  const r = selfAttention(core, v);
  const soft = core.softmax(r.att.scaled, tau);
  const hard = core.hardAttention(r.att.scaled);
  const dk = r.Q.cols;
  const code = lines(
    IMPORTS,
    '',
    header(5, 'softmax', { sentence: v.s as string, seed: v.seed as number, 'log10 τ': lt }),
    embeddings('X', r.X, r.labels),
    qkvWeights(r),
    '',
    PROJECT_QKV,
    `scaled = Q @ K.T / ${dk} ** 0.5  # (T, T)`,
    '',
    ...softmaxLines,
  );
  return { code, expected: { weights: fromMatrix(soft), hard: fromMatrix(hard.weights) } };
};

export default bridge;
