// bridge/07-masking.ts — lesson 7's "In PyTorch" snippet: nn.MultiheadAttention's boolean
// attn_mask (True = blocked: the causal triangle and the learner's cells) on the learner's
// sentence, with NaN rows (every key blocked) set to the lab's zeros; then the ragged batch of
// two sentences padded to one length with key_padding_mask. Inputs and expected numbers come
// from the lesson's pipeline and core calls (maskMatrix, selfAttention, raggedBatch: padRows, paddingMask,
// multiHeadAttention); no math here.
// In trained mode (w = trained) the same masks go to the trained translation model's own first
// encoder layer (its nn.MultiheadAttention, loaded from the site's checkpoint with
// attention_lab.py), on the layer's inputs X (embedding·√d_model + position) as literals, and the snippet
// keeps head th's weights (average_attn_weights=False); expected numbers from
// trainedMaskedAttention and trainedRaggedBatch.
import { at, type Matrix } from '../model/matrix';
import { lessonModelNow } from '../model/lessonModels';
import { maskMatrix, raggedBatch, selfAttention, sentenceInputs, trainedMaskedAttention, trainedRaggedBatch } from '../model/pipeline';
import type { Edits } from '../model/state';
import { embeddings, header, IMPORTS, layerInput, oneHeadMha, qkvWeights as weightsText } from './common';
import { fromMatrix, lines, stacked, type Bridge, type BridgeFn } from './py';
import { loadTrained, trainedFiles } from './trained';

/** The (i, j) cells of a (T, T) mask that are blocked, row-major (layout only). */
function blockedCells(m: Matrix): [number, number][] {
  const cells: [number, number][] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) if (at(m, i, j) !== 0) cells.push([i, j]);
  return cells;
}

/** The snippet lines building attn_mask: the causal triangle and the learner's cells. */
function maskLines(T: number, causal: boolean, cells: [number, number][]): (string | null)[] {
  return [
    '# attn_mask: (T, T) bool, True = blocked (nn.MultiheadAttention’s convention).',
    '# F.scaled_dot_product_attention (PyTorch ≥ 2.0) reads a bool mask the other way round',
    '# (True = may attend): pass ~attn_mask there.',
    causal
      ? `attn_mask = torch.ones(${T}, ${T}, dtype=torch.bool).triu(1)  # causal: key j > query i is the future`
      : `attn_mask = torch.zeros(${T}, ${T}, dtype=torch.bool)`,
    cells.length ? `for i, j in [${cells.map(([i, j]) => `(${i}, ${j})`).join(', ')}]:  # cells you blocked (0-based)\n    attn_mask[i, j] = True` : null,
  ];
}

const trainedBridge: BridgeFn = (core, v): Bridge | null => {
  const trainer = lessonModelNow('translation');
  if (!trainer) return null;
  const causal = v.cz as boolean;
  const r = trainedMaskedAttention(core, trainer, v.ts as string, (v.th as number) - 1, causal, v.blk as Edits);
  const T = r.labels.length;
  const cells = blockedCells(maskMatrix(core, T, false, v.blk as Edits));
  const { b2, Tmax, items } = trainedRaggedBatch(core, trainer, r, v.t2 as string);
  const hd = r.head;
  const code = lines(
    header(7, 'masking', {
      weights: 'trained',
      sentence: v.ts as string,
      head: hd + 1,
      causal,
      'blocked cells': cells.length,
      'second sentence': v.t2 as string,
    }),
    loadTrained('translation'),
    `mha = model.transformer.encoder.layers[0].self_attn  # the trained layer: ${r.numHeads} heads of d_head = ${r.dHead}`,
    '',
    layerInput('X', r.X, r.labels),
    ...maskLines(T, causal, cells),
    '_, heads = mha(X[None], X[None], X[None], attn_mask=attn_mask, need_weights=True, average_attn_weights=False)',
    '# A row with every key blocked is NaN in PyTorch; the lab gives it zero weights',
    `weights = heads[0, ${hd}].detach().nan_to_num(0.0)  # (T, T), head ${hd + 1}`,
    '',
    `# A ragged batch: both sentences padded with zero rows to T_max = ${Tmax}`,
    layerInput('X2', b2.X, b2.labels),
    `batch = torch.zeros(2, ${Tmax}, ${r.dModel})  # (B, T_max, d_model)`,
    'batch[0, : len(X)] = X',
    'batch[1, : len(X2)] = X2',
    `key_padding_mask = torch.arange(${Tmax}) >= torch.tensor([[len(X)], [len(X2)]])  # (B, T_max), True = padding`,
    '_, batch_heads = mha(batch, batch, batch, key_padding_mask=key_padding_mask, need_weights=True, average_attn_weights=False)',
    `batch_weights = batch_heads[:, ${hd}].detach()  # (B, T_max, T_max), head ${hd + 1}: padding keys get weight 0`,
  );
  return { code, expected: { weights: fromMatrix(r.att.weights), batch_weights: stacked(items.map((it) => it.weights)) }, files: trainedFiles('translation') };
};

const bridge: BridgeFn = (core, v, content) => {
  if (v.w === 'trained') return trainedBridge(core, v, content);
  const base = sentenceInputs(v.s as string);
  const T = base.tokens.length;
  const causal = v.cz as boolean;
  const maskM = maskMatrix(core, T, false, v.blk as Edits);
  const r = selfAttention(core, v, { causal, mask: maskM });
  // The learner's cells, in row-major order (layout of the mask the lesson passes to the core).
  const cells = blockedCells(maskM);
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
    ...maskLines(T, causal, cells),
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
