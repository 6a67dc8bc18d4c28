// bridge/08-multihead.ts — lesson 8's "In PyTorch" snippet: nn.MultiheadAttention(d_model,
// n_heads) with the lesson's seeded in_proj_weight and out_proj.weight copied in, optionally
// causal; per-head weights (average_attn_weights=False), their mean (PyTorch's default) and the
// output. Inputs and expected numbers come from the lesson's pipeline call (multiHead); no math
// here. An impossible split (d_model not divisible by n_heads) shows no numbers: no snippet.
// In trained mode (w = trained) the snippet loads the site's trained model (induction or
// translation) into PyTorch, switches off the learner's ablated heads (zeroing their columns of
// out_proj.weight is what the core's ablation does: the head's output is 0) and reads the shown
// layer's per-head weights with head_maps; the expected numbers are the trainer's maps.
import { inductionInput, multiHead } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import type { HeadBlock } from '../../../wasm/trainer.js';
import { applyAblation, BLOCK_LETTER, parseAblation } from '../model/ablation';
import { lessonModelNow } from '../model/lessonModels';
import { comment, fromMatrix, lines, stacked, tensorLiteral, type BridgeFn } from './py';
import { idsLine, loadTrained, trainedFiles, vocabIds } from './trained';

/** The PyTorch module path of one attention block of a layer. */
const modulePath = (model: 'induction' | 'translation', block: HeadBlock, layer: number) =>
  model === 'induction'
    ? `model.encoder.layers[${layer}].self_attn`
    : block === 'encoder'
      ? `model.transformer.encoder.layers[${layer}].self_attn`
      : `model.transformer.decoder.layers[${layer}].${block === 'cross' ? 'multihead_attn' : 'self_attn'}`;

const trainedBridge: BridgeFn = (_core, v) => {
  const name = v.mhm as 'induction' | 'translation';
  const trainer = lessonModelNow(name);
  if (!trainer) return null;
  const info = trainer.info();
  const ablated = parseAblation(v.mhoff as string);
  applyAblation(trainer, ablated);
  const dh = info.dModel / info.numHeads;
  const letters = { e: 'encoder', d: 'decoder', c: 'cross' } as Record<string, HeadBlock>;
  const off = [...ablated].flatMap((id) => {
    const block = letters[id[0] ?? ''];
    const [l, h] = id.slice(1).split('.').map(Number);
    if (!block || !l || !h || (name === 'induction' && block !== 'decoder') || id[0] !== BLOCK_LETTER[block]) return [];
    return [`    ${modulePath(name, block, l - 1)}.out_proj.weight[:, ${(h - 1) * dh}:${h * dh}] = 0  # ${block} layer ${l}, head ${h} off`];
  });
  let block: HeadBlock;
  let call: string[];
  let maps;
  if (name === 'induction') {
    block = 'decoder';
    const { words, ids } = inductionInput(trainer, v.iseq as string);
    maps = trainer.attentionMaps(ids, []).decoderSelf;
    call = [idsLine('ids', ids, ['<bos>', ...words]), 'maps = head_maps(model, ids)  # [layer][head] weights of the causal layers'];
  } else {
    block = v.mhb as HeadBlock;
    const r = trainer.translate(v.ts as string);
    maps = block === 'encoder' ? r.maps.encoderSelf : block === 'decoder' ? r.maps.decoderSelf : r.maps.cross;
    const rows = r.maps.decoderSelf[0]?.[0]?.rows ?? 0;
    const src = vocabIds(trainer, r.source, 'source');
    const tgt = [1, ...vocabIds(trainer, r.output, 'target')].slice(0, rows);
    call = [
      idsLine('src', src, r.source),
      idsLine('tgt_in', tgt, ['<bos>', ...r.output].slice(0, rows)) + ' (what the model wrote)',
      'maps = head_maps(model, src, tgt_in)  # [layer][head] weights, as average_attn_weights=False gives them',
    ];
  }
  const layer = Math.min(v.mhl as number, maps.length) - 1;
  const heads = maps[layer] ?? [];
  const code = lines(
    header(8, 'multihead', { model: name, layer: layer + 1, attention: block, ablated: [...ablated].join(' ') || 'none' }),
    loadTrained(name),
    off.length ? lines(comment('Ablation: a head whose output is zero, as the lab switches it off'), 'with torch.no_grad():', ...off) : null,
    '',
    ...call,
    `head_weights = torch.stack(maps[${JSON.stringify(block)}][${layer}])  # (n_heads, T_q, T_k) = (${heads.length}, ${heads[0]?.rows ?? 0}, ${heads[0]?.cols ?? 0})`,
  );
  return { code, expected: { head_weights: stacked(heads) }, files: trainedFiles(name) };
};

const bridge: BridgeFn = (core, v, content) => {
  if (v.w === 'trained') return trainedBridge(core, v, content);
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
