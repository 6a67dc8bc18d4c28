// bridge/common.ts — snippet parts several lessons' bridges share: the imports and the header
// naming the learner's state, the token embeddings X and the paper-layout W_Q, W_K, W_V, and
// an nn.MultiheadAttention with those weights copied into in_proj_weight. Text only: the numbers
// it writes are the pipeline's inputs; no math happens here.
import type { Matrix } from '../model/matrix';
import { comment, pyString, tensorLiteral } from './py';

/** The imports every snippet starts with. */
export const IMPORTS = 'import torch\nimport torch.nn.functional as F';

/** "# Attention Lab, lesson N (slug): key value, …" — which state the numbers belong to. */
export function header(n: number, slug: string, state: Record<string, string | number | boolean>): string {
  const parts = Object.entries(state).map(([k, v]) => `${k} ${typeof v === 'string' ? pyString(v) : String(v)}`);
  return comment(`Attention Lab, lesson ${n} (${slug}): ${parts.join(', ')}`);
}

/** `name = torch.tensor(...)` preceded by its shape comment. */
export function assign(name: string, m: Matrix, shapeNote: string): string {
  return `${comment(`${name}: ${shapeNote}`)}\n${name} = ${tensorLiteral(m)}`;
}

/** X (T, d_model) with its tokens named in the comment. */
export function embeddings(name: string, X: Matrix, labels: readonly string[]): string {
  return assign(name, X, `(T, d_model) = (${X.rows}, ${X.cols}), one row per token: ${labels.join(' | ')}`);
}

/** X (T, d_model) of a trained model's first encoder layer: its input, √d_model·embedding + PE. */
export function layerInput(name: string, X: Matrix, labels: readonly string[]): string {
  return assign(name, X, `(T, d_model) = (${X.rows}, ${X.cols}), the layer's input (embedding·√d_model + position), one row per token: ${labels.join(' | ')}`);
}

/** W_Q, W_K, W_V in the paper's layout (d_model, d_k): Q = X @ W_Q. */
export function qkvWeights(W: { WQ: Matrix; WK: Matrix; WV: Matrix }): string {
  const note = (m: Matrix, k: string) => `(d_model, ${k}) = (${m.rows}, ${m.cols}), the paper's layout`;
  return [assign('W_Q', W.WQ, note(W.WQ, 'd_k')), assign('W_K', W.WK, note(W.WK, 'd_k')), assign('W_V', W.WV, note(W.WV, 'd_v'))].join('\n');
}

/** Q, K, V from X and W_Q, W_K, W_V the way nn.MultiheadAttention projects (in_proj_weight, F.linear). */
export const PROJECT_QKV = [
  comment('nn.MultiheadAttention keeps them transposed and stacked: in_proj_weight = [W_Qᵀ; W_Kᵀ; W_Vᵀ], (3·d_model, d_model)'),
  'in_proj_weight = torch.cat([W_Q.T, W_K.T, W_V.T])',
  'Q, K, V = F.linear(X, in_proj_weight).chunk(3, dim=-1)  # = X @ W_Q, X @ W_K, X @ W_V, each (T, d_k)',
].join('\n');

/** A one-head nn.MultiheadAttention holding W_Q, W_K, W_V and no output projection (identity). */
export function oneHeadMha(E: number): string {
  return [
    comment(`nn.MultiheadAttention with W_Q, W_K, W_V copied in and no output projection (out_proj = identity)`),
    `mha = torch.nn.MultiheadAttention(${E}, num_heads=1, bias=False, batch_first=True)`,
    'with torch.no_grad():',
    '    mha.in_proj_weight.copy_(torch.cat([W_Q.T, W_K.T, W_V.T]))  # (3·d_model, d_model)',
    `    mha.out_proj.weight.copy_(torch.eye(${E}))`,
  ].join('\n');
}
