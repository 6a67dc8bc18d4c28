// bridge/09-positional.ts — lesson 9's "In PyTorch" snippet: the sinusoidal positional encoding
// written out as in the paper, the position similarity PE·PEᵀ, and the shuffle demo: unprojected
// self-attention on the sentence and on a shuffled copy, without or with PE added to the inputs.
// Inputs and expected numbers come from the lesson's pipeline and core calls
// (positionalEncoding, attention, shuffleInputs); no math here. Trained mode: the shuffle demo
// on one head of the trained model's first encoder layer, its inputs for both orders (the same
// weights with or without the positional encoding) and the head's W and b written out.
import { lessonModelNow } from '../model/lessonModels';
import { SHUFFLE_D, shuffleInputs, trainedSelfAttention } from '../model/pipeline';
import { seededPermutation } from '../model/random';
import { assign, embeddings, header, IMPORTS } from './common';
import { fromMatrix, intList, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const len = v.pel as number;
  const dm = v.ped as number;
  const perm = v.perm as number;
  const withPE = v.pe as boolean;
  const PE = core.positionalEncoding(len, dm);
  const sim = core.attention(PE, PE, PE, { scale: 1 }).scores;
  const peLines = [
    'def positional_encoding(length, d_model):',
    '    """PE[pos, 2i] = sin(pos / 10000^(2i/d_model)), PE[pos, 2i+1] = cos(same); (length, d_model)"""',
    '    pos = torch.arange(length, dtype=torch.float64)[:, None]',
    '    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)',
    '    angle = pos / 10000 ** (two_i / d_model)',
    '    pe = torch.zeros(length, d_model, dtype=torch.float64)',
    '    pe[:, 0::2] = torch.sin(angle)',
    '    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])',
    '    return pe.float()',
    '',
    `pe = positional_encoding(${len}, ${dm})`,
    'similarity = pe @ pe.T  # (length, length): near positions have similar codes',
  ];
  if (v.w === 'trained') {
    const trainer = lessonModelNow('translation', withPE ? 'sinusoidal' : 'none');
    if (!trainer) return null;
    const head = (v.th as number) - 1;
    const a = trainedSelfAttention(core, trainer, v.ts as string, head);
    const order = seededPermutation(perm, a.tokens.length);
    const b = trainedSelfAttention(core, trainer, order.map((k) => a.tokens[k] ?? '').join(' '), head);
    const dh = `(d_model, d_head) = (${a.dModel}, ${a.dHead}), the paper's layout`;
    const what = withPE ? 'scaled embedding + PE of its position' : 'scaled embedding, no positional encoding';
    const code = lines(
      IMPORTS,
      '',
      header(9, 'positional', { weights: 'trained', length: len, d_model: dm, sentence: v.ts as string, head: a.head + 1, shuffle: perm, 'add PE': withPE }),
      '',
      ...peLines,
      '',
      `# The shuffle demo on head ${a.head + 1} of the trained translation model's first encoder layer.`,
      embeddings('X', a.X, a.labels).replace('one row per token', `the layer's input (${what}), one row per token`),
      embeddings('X_shuffled', b.X, b.labels).replace('one row per token', `the same words in the order ${order.join(', ')}`),
      assign('W_Q', a.WQ, dh),
      assign('W_K', a.WK, dh),
      assign('W_V', a.WV, dh),
      assign('b_Q', a.bQ, `(1, d_head) = (1, ${a.dHead})`),
      assign('b_K', a.bK, `(1, d_head) = (1, ${a.dHead})`),
      assign('b_V', a.bV, `(1, d_head) = (1, ${a.dHead})`),
      `order = ${intList(order)}  # shuffled row r is token order[r]`,
      '',
      'def attend(x):  # the head: softmax(Q Kᵀ / √d_head) V',
      '    q, k, v = x @ W_Q + b_Q, x @ W_K + b_K, x @ W_V + b_V',
      `    return F.softmax(q @ k.T / ${a.dHead} ** 0.5, dim=-1) @ v`,
      '',
      'output = attend(X)',
      'output_shuffled = attend(X_shuffled)',
      withPE
        ? '# with positions the shuffled words get other inputs, so output_shuffled is not output[order]'
        : '# without positions X_shuffled is X[order], and output_shuffled equals output[order] (up to rounding)',
    );
    return { code, expected: { pe: fromMatrix(PE), similarity: fromMatrix(sim), output: fromMatrix(a.att.output), output_shuffled: fromMatrix(b.att.output) } };
  }
  const sh = shuffleInputs(core, v.s as string, perm, withPE);
  const a = core.attention(sh.input, sh.input, sh.input);
  const b = core.attention(sh.shuffledInput, sh.shuffledInput, sh.shuffledInput);
  const code = lines(
    IMPORTS,
    '',
    header(9, 'positional', { length: len, d_model: dm, sentence: v.s as string, shuffle: perm, 'add PE': withPE }),
    '',
    ...peLines,
    '',
    `# The shuffle demo: self-attention with no projections (Q = K = V = input), d = ${SHUFFLE_D}`,
    embeddings('X', sh.X, sh.labels),
    `order = ${intList(sh.order)}  # shuffled row r is token order[r]`,
    '',
    'def attend(x):',
    '    return F.softmax(x @ x.T / x.shape[-1] ** 0.5, dim=-1) @ x',
    '',
    withPE ? 'P = positional_encoding(len(X), X.shape[1])  # PE is added after shuffling: it marks the new positions' : null,
    withPE ? 'output = attend(X + P)' : 'output = attend(X)',
    withPE ? 'output_shuffled = attend(X[order] + P)' : 'output_shuffled = attend(X[order])',
    '# without PE a shuffle only permutes the rows: (output[order] - output_shuffled).abs().max() is ~0',
  );
  return {
    code,
    expected: { pe: fromMatrix(PE), similarity: fromMatrix(sim), output: fromMatrix(a.output), output_shuffled: fromMatrix(b.output) },
  };
};

export default bridge;
