// bridge/09-positional.ts — lesson 9's "In PyTorch" snippet: the sinusoidal positional encoding
// written out as in the paper, the position similarity PE·PEᵀ, and the shuffle demo: unprojected
// self-attention on the sentence and on a shuffled copy, without or with PE added to the inputs.
// Inputs and expected numbers come from the lesson's pipeline and core calls
// (positionalEncoding, attention, shuffleInputs); no math here.
import { SHUFFLE_D, shuffleInputs } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import { fromMatrix, intList, lines, type BridgeFn } from './py';

const bridge: BridgeFn = (core, v) => {
  const len = v.pel as number;
  const dm = v.ped as number;
  const perm = v.perm as number;
  const withPE = v.pe as boolean;
  const PE = core.positionalEncoding(len, dm);
  const sim = core.attention(PE, PE, PE, { scale: 1 }).scores;
  const sh = shuffleInputs(core, v.s as string, perm, withPE);
  const a = core.attention(sh.input, sh.input, sh.input);
  const b = core.attention(sh.shuffledInput, sh.shuffledInput, sh.shuffledInput);
  const code = lines(
    IMPORTS,
    '',
    header(9, 'positional', { length: len, d_model: dm, sentence: v.s as string, shuffle: perm, 'add PE': withPE }),
    '',
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
