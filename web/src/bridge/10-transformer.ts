// bridge/10-transformer.ts — lesson 10's "In PyTorch" snippet: one attention function used three
// ways on the lesson's source and target embeddings — encoder self-attention, causal decoder
// self-attention and cross-attention (target queries, source keys and values) — with the
// lesson's sharpness scale. Inputs and expected numbers come from the lesson's pipeline call
// (seq2seq, with the content file's lexicon); no math here. In trained mode (w = trained) the
// snippet loads the site's trained translation model into PyTorch's nn.Transformer (with or
// without positional encoding), runs the learner's sentence and the words the model wrote, and
// reads the chosen head's three maps (head_maps) and one whole encoder block
// (encoder_block_trace); the expected numbers are the trainer's own.
import { SEQ_D, seq2seq } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import { lessonModelNow } from '../model/lessonModels';
import { fromMatrix, lines, type BridgeFn } from './py';
import { idsLine, loadTrained, trainedFiles, vocabIds } from './trained';

const trainedBridge: BridgeFn = (_core, v) => {
  const positional = v.trpe ? 'sinusoidal' : 'none';
  const trainer = lessonModelNow('translation', positional);
  if (!trainer) return null;
  const info = trainer.info();
  const r = trainer.translate(v.ts as string);
  const l = Math.min(v.trl as number, info.encoderLayers) - 1;
  const k = Math.min(v.trh as number, info.numHeads) - 1;
  const enc = r.maps.encoderSelf[l]?.[k];
  const dec = r.maps.decoderSelf[l]?.[k];
  const cross = r.maps.cross[l]?.[k];
  if (!enc || !dec || !cross) return null;
  const src = vocabIds(trainer, r.source, 'source');
  const reads = ['<bos>', ...r.output].slice(0, dec.rows);
  const tgt = [1, ...vocabIds(trainer, r.output, 'target')].slice(0, dec.rows);
  const b = trainer.blockTrace(src, l);
  const code = lines(
    header(10, 'transformer', { sentence: v.ts as string, layer: l + 1, head: k + 1, positional_encoding: positional === 'sinusoidal' }),
    loadTrained('translation', positional),
    '',
    idsLine('src', src, r.source),
    idsLine('tgt_in', tgt, reads) + ' (what the model wrote)',
    'maps = head_maps(model, src, tgt_in)  # [layer][head] weights, as average_attn_weights=False gives them',
    `encoder_self = maps["encoder"][${l}][${k}]  # layer ${l + 1}, head ${k + 1}: (S, S)`,
    `decoder_self = maps["decoder"][${l}][${k}]  # (T, T), causal`,
    `cross = maps["cross"][${l}][${k}]  # (T, S): decoder queries, the encoder's output as keys and values`,
    '',
    `block = encoder_block_trace(model, src, layer=${l})  # one whole encoder block, each (S, d_model)`,
    'block_input, block_attention, block_sum1 = block["input"], block["attention"], block["sum1"]',
    'block_norm1, block_feed_forward, block_sum2 = block["norm1"], block["feed_forward"], block["sum2"]',
    'block_output = block["output"]',
  );
  return {
    code,
    expected: {
      encoder_self: fromMatrix(enc),
      decoder_self: fromMatrix(dec),
      cross: fromMatrix(cross),
      block_input: fromMatrix(b.input),
      block_attention: fromMatrix(b.attention),
      block_sum1: fromMatrix(b.sum1),
      block_norm1: fromMatrix(b.norm1),
      block_feed_forward: fromMatrix(b.feedForward),
      block_sum2: fromMatrix(b.sum2),
      block_output: fromMatrix(b.output),
    },
    files: trainedFiles('translation'),
  };
};

const bridge: BridgeFn = (core, v, content) => {
  if (v.w === 'trained') return trainedBridge(core, v, content);
  const lexicon = (content.data?.lexicon ?? {}) as Record<string, string>;
  const sharp = v.sharp as number;
  const r = seq2seq(core, v.s as string, v.tgt as string, lexicon, sharp);
  const code = lines(
    IMPORTS,
    '',
    header(10, 'transformer', { source: v.s as string, target: v.tgt as string, sharpness: sharp }),
    embeddings('X_src', r.Xs, r.srcLabels),
    embeddings('X_tgt', r.Xt, r.tgtLabels),
    '',
    'def attention_weights(q, k, causal=False):',
    `    scores = ${sharp} * (q @ k.T) / ${SEQ_D} ** 0.5  # sharpness × scaled dot product`,
    '    if causal:  # block key j > query i: the decoder must not see the future',
    '        future = torch.ones(len(q), len(k), dtype=torch.bool).triu(1)',
    '        scores = scores.masked_fill(future, float("-inf"))',
    '    return F.softmax(scores, dim=-1)',
    '',
    'encoder_self = attention_weights(X_src, X_src)  # (S, S)',
    'decoder_self = attention_weights(X_tgt, X_tgt, causal=True)  # (T, T)',
    'cross = attention_weights(X_tgt, X_src)  # (T, S): target queries, source keys',
  );
  return {
    code,
    expected: { encoder_self: fromMatrix(r.encSelf.weights), decoder_self: fromMatrix(r.decSelf.weights), cross: fromMatrix(r.cross.weights) },
  };
};

export default bridge;
