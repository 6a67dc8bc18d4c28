// bridge/05-softmax.ts — lesson 5's "In PyTorch" snippet: the scaled scores of the learner's
// sentence, softmax with temperature τ (soft attention) and the argmax one-hot (hard attention).
// Inputs and expected numbers come from the lesson's pipeline and core calls (selfAttention,
// softmax, hardAttention); no math here.
import { selfAttention } from '../model/pipeline';
import { embeddings, header, IMPORTS, PROJECT_QKV, qkvWeights } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const r = selfAttention(core, v);
  const lt = v.lt as number;
  const tau = 10 ** lt;
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
    `tau = 10 ** ${lt}  # temperature`,
    'weights = F.softmax(scaled / tau, dim=-1)  # soft: every key gets some weight',
    'hard = F.one_hot(scaled.argmax(dim=-1), scaled.shape[-1]).float()  # hard: one key per query, no gradient',
  );
  return { code, expected: { weights: fromMatrix(soft), hard: fromMatrix(hard.weights) } };
};

export default bridge;
