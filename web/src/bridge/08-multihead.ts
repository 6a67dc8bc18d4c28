// bridge/08-multihead.ts — lesson 8's "In PyTorch" snippet: nn.MultiheadAttention(d_model,
// n_heads) with the lesson's seeded in_proj_weight and out_proj.weight copied in, optionally
// causal; per-head weights (average_attn_weights=False), their mean (PyTorch's default) and the
// output. Inputs and expected numbers come from the lesson's pipeline call (multiHead); no math
// here. An impossible split (d_model not divisible by n_heads) shows no numbers: no snippet.
import { multiHead } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import { fromMatrix, lines, stacked, tensorLiteral, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const E = v.dm as number;
  const nh = v.nh as number;
  if (E % nh !== 0) return null;
  const causal = v.mhc as boolean;
  const seed = v.seed as number;
  const { X, labels, params, r } = multiHead(core, v.s as string, seed, E, nh, causal);
  const T = X.rows;
  const code = lines(
    IMPORTS,
    '',
    header(8, 'multihead', { sentence: v.s as string, seed, d_model: E, n_heads: nh, causal }),
    embeddings('X', X, labels),
    `# in_proj_weight: (3·d_model, d_model) = (${3 * E}, ${E}), rows [W_q; W_k; W_v] (PyTorch's (out, in) layout)`,
    `in_proj_weight = ${tensorLiteral(params.inProjWeight)}`,
    `# out_proj_weight: (d_model, d_model) = (${E}, ${E}), W^O`,
    `out_proj_weight = ${tensorLiteral(params.outProjWeight)}`,
    '',
    `mha = torch.nn.MultiheadAttention(${E}, num_heads=${nh}, bias=False, batch_first=True)  # d_head = ${E / nh}`,
    'with torch.no_grad():',
    '    mha.in_proj_weight.copy_(in_proj_weight)',
    '    mha.out_proj.weight.copy_(out_proj_weight)',
    causal ? `attn_mask = torch.ones(${T}, ${T}, dtype=torch.bool).triu(1)  # True = blocked (the future)` : 'attn_mask = None',
    'output, head_weights = mha(X[None], X[None], X[None], attn_mask=attn_mask, need_weights=True, average_attn_weights=False)',
    'output, head_weights = output[0].detach(), head_weights[0].detach()  # (T, d_model), (n_heads, T, T)',
    'average_weights = head_weights.mean(dim=0)  # (T, T): what average_attn_weights=True (the default) returns',
  );
  return {
    code,
    expected: { output: fromMatrix(r.output), head_weights: stacked(r.heads.map((hd) => hd.weights)), average_weights: fromMatrix(r.averageWeights) },
  };
};

export default bridge;
