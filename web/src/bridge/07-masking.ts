// bridge/07-masking.ts — lesson 7's "In PyTorch" snippet: nn.MultiheadAttention's boolean
// attn_mask (True = blocked: the causal triangle and the learner's cells) on the learner's
// sentence, with NaN rows (every key blocked) set to the lab's zeros; then the ragged batch of
// two sentences padded to one length with key_padding_mask. Inputs and expected numbers come
// from the lesson's pipeline and core calls (maskMatrix, selfAttention, raggedBatch: padRows, paddingMask,
// multiHeadAttention); no math here.
import { at } from '../model/matrix';
import { maskMatrix, raggedBatch, selfAttention, sentenceInputs } from '../model/pipeline';
import type { Edits } from '../model/state';
import { embeddings, header, IMPORTS, oneHeadMha, qkvWeights as weightsText } from './common';
import { fromMatrix, lines, stacked, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const base = sentenceInputs(v.s as string);
  const T = base.tokens.length;
  const causal = v.cz as boolean;
  const maskM = maskMatrix(core, T, false, v.blk as Edits);
  const r = selfAttention(core, v, { causal, mask: maskM });
  // The learner's cells, in row-major order (layout of the mask the lesson passes to the core).
  const cells: [number, number][] = [];
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (at(maskM, i, j) !== 0) cells.push([i, j]);
  // The ragged batch, as the lesson builds it.
  const { b2, Tmax, items } = raggedBatch(core, v, base);
  const batch = items.map(({ res }) => res.averageWeights);
  const code = lines(
    IMPORTS,
    '',
    header(7, 'masking', { sentence: v.s as string, seed: v.seed as number, causal, 'blocked cells': cells.length, 'second sentence': v.s2 as string }),
    embeddings('X', r.X, r.labels),
    weightsText(r),
    '',
    oneHeadMha(r.X.cols),
    '',
    '# attn_mask: (T, T) bool, True = blocked (nn.MultiheadAttention’s convention).',
    '# F.scaled_dot_product_attention (PyTorch ≥ 2.0) reads a bool mask the other way round',
    '# (True = may attend): pass ~attn_mask there.',
    causal
      ? `attn_mask = torch.ones(${T}, ${T}, dtype=torch.bool).triu(1)  # causal: key j > query i is the future`
      : `attn_mask = torch.zeros(${T}, ${T}, dtype=torch.bool)`,
    cells.length ? `for i, j in [${cells.map(([i, j]) => `(${i}, ${j})`).join(', ')}]:  # cells you blocked (0-based)\n    attn_mask[i, j] = True` : null,
    '_, weights = mha(X[None], X[None], X[None], attn_mask=attn_mask, need_weights=True)',
    '# A row with every key blocked is NaN in PyTorch; the lab gives it zero weights',
    'weights = weights[0].detach().nan_to_num(0.0)  # (T, T)',
    '',
    `# A ragged batch: both sentences padded with zero rows to T_max = ${Tmax}`,
    embeddings('X2', b2.X, b2.labels),
    `batch = torch.zeros(2, ${Tmax}, ${base.X.cols})  # (B, T_max, d_model)`,
    'batch[0, : len(X)] = X',
    'batch[1, : len(X2)] = X2',
    `key_padding_mask = torch.arange(${Tmax}) >= torch.tensor([[len(X)], [len(X2)]])  # (B, T_max), True = padding`,
    '_, batch_weights = mha(batch, batch, batch, key_padding_mask=key_padding_mask, need_weights=True)',
    'batch_weights = batch_weights.detach()  # (B, T_max, T_max): padding keys get weight 0',
  );
  return { code, expected: { weights: fromMatrix(r.att.weights), batch_weights: stacked(batch) } };
};

export default bridge;
