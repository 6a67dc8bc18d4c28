// bridge/10-transformer.ts — lesson 10's "In PyTorch" snippet: one attention function used three
// ways on the lesson's source and target embeddings — encoder self-attention, causal decoder
// self-attention and cross-attention (target queries, source keys and values) — with the
// lesson's sharpness scale. Inputs and expected numbers come from the lesson's pipeline call
// (seq2seq, with the content file's lexicon); no math here. When the lesson switches to a trained
// model, only the inputs this file reads from the pipeline change.
import { SEQ_D, seq2seq } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import { fromMatrix, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v, content) => {
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
