// bridge/01-bottleneck.ts — lesson 1's "In PyTorch" snippet: the same tanh RNN as the core's
// rnnEncoder (h_t = tanh(W_x x_t + W_h h_{t-1} + b), h_0 = 0) as a torch.nn.RNN with those
// weights, over the tokens read so far, and each token's influence ‖∂h_n/∂x_t‖_F on the last
// state by autograd. Inputs and expected numbers come from the lesson's own pipeline calls
// (rnnRun); it does not compute anything itself.
import type { Matrix } from '../model/matrix';
import { RNN_HIDDEN, rnnRun } from '../model/pipeline';
import { embeddings, header, IMPORTS } from './common';
import { fromMatrix, fromVector, lines, tensorLiteral, vectorLiteral, type BridgeFn } from './py';

const firstRows = (m: Matrix, n: number): Matrix => ({ rows: n, cols: m.cols, data: m.data.slice(0, n * m.cols) });

const bridge: BridgeFn = (core, v) => {
  const s = v.s as string;
  const seed = v.seed as number;
  const rho = v.rho as number;
  // As the lesson: the whole sentence, then the prefix of the n tokens read so far.
  const full = rnnRun(core, s, seed, rho);
  const T = full.tokens.length;
  const rt = v.rt as number;
  const n = rt === 0 ? T : Math.min(rt, T);
  const run = n === T ? full : rnnRun(core, full.tokens.slice(0, n).join(' '), seed, rho, full.params);
  const p = run.params;
  const d = run.X.cols;
  const code = lines(
    IMPORTS,
    '',
    header(1, 'bottleneck', { sentence: s, seed, rho, 'tokens read': n }),
    embeddings('X', run.X, run.labels),
    `# W_x: (h, d_in) = (${RNN_HIDDEN}, ${d}), W_h: (h, h) = (${RNN_HIDDEN}, ${RNN_HIDDEN}), b: (h)`,
    `W_x = ${tensorLiteral(p.Wx)}`,
    `W_h = ${tensorLiteral(p.Wh)}`,
    `b = ${vectorLiteral(p.b)}`,
    '',
    '# h_t = tanh(W_x x_t + W_h h_{t-1} + b), h_0 = 0: nn.RNN adds two biases; put b in one, 0 in the other',
    `rnn = torch.nn.RNN(${d}, ${RNN_HIDDEN}, nonlinearity="tanh", batch_first=True)`,
    'with torch.no_grad():',
    '    rnn.weight_ih_l0.copy_(W_x)',
    '    rnn.weight_hh_l0.copy_(W_h)',
    '    rnn.bias_ih_l0.copy_(b)',
    '    rnn.bias_hh_l0.zero_()',
    'states = rnn(X[None])[0][0].detach()  # (T, h): row t is h_t',
    '',
    '# How strongly each token still moves the last state: ‖∂h_T/∂x_t‖_F',
    'J = torch.autograd.functional.jacobian(lambda x: rnn(x[None])[0][0, -1], X)  # (h, T, d_in)',
    'influence = J.pow(2).sum(dim=(0, 2)).sqrt()  # (T)',
  );
  return { code, expected: { states: fromMatrix(firstRows(full.rnn.states, n)), influence: fromVector(run.rnn.influence) } };
};

export default bridge;
