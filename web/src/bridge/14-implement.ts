// bridge/14-implement.ts — lesson 14's "In PyTorch" snippet: the exercise's current inputs Q, K, V
// (and, in the masked mode, its causal mask) and scaled dot-product attention in a few lines —
// the reference the learner's JavaScript is compared with. Inputs and expected numbers come from
// the lesson's pipeline and core calls (exerciseInputs, attention); no math here.
import { exerciseInputs } from '../model/pipeline';
import { assign, header, IMPORTS } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const masked = v.exm === 'masked';
  const seed = v.exs as number;
  const inp = exerciseInputs(core, seed, masked);
  const ref = core.attention(inp.Q, inp.K, inp.V, inp.mask ? { mask: inp.mask } : {});
  const code = lines(
    IMPORTS,
    '',
    header(14, 'implement', { mode: masked ? 'masked' : 'plain', inputs: seed }),
    assign('Q', inp.Q, `(T_q, d_k) = (${inp.Q.rows}, ${inp.Q.cols})`),
    assign('K', inp.K, `(T_k, d_k) = (${inp.K.rows}, ${inp.K.cols})`),
    assign('V', inp.V, `(T_k, d_v) = (${inp.V.rows}, ${inp.V.cols})`),
    '',
    'scores = Q @ K.T / Q.shape[-1] ** 0.5  # (T_q, T_k)',
    masked ? `mask = torch.ones(${inp.Q.rows}, ${inp.K.rows}, dtype=torch.bool).triu(1)  # True = blocked (key j > query i)` : null,
    masked ? 'scores = scores.masked_fill(mask, float("-inf"))' : null,
    'weights = F.softmax(scores, dim=-1)',
    'output = weights @ V  # (T_q, d_v)',
  );
  return { code, expected: { weights: fromMatrix(ref.weights), output: fromMatrix(ref.output) } };
};

export default bridge;
