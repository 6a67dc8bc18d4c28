// @ts-check
// tests/wasm/bad-input-table.mjs — the bad-input table of docs/security.md as data: one row per
// hostile or edge-case call of the JS API, with what the learner gets back (the exact start of
// the Error message, or, for the few valid edge cases, the property the result holds).
// tests/wasm/bad-input-table.test.mjs runs every row as its own test and checks that the table
// in docs/security.md is exactly renderTable(rows); `node tests/wasm/bad-input-table.mjs --write`
// rewrites that table after a row changes. It runs nothing by itself otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Small fixed inputs, so every message below is exact and readable.
/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** @param {number} rows @param {number} cols @returns {Matrix} */
export const mat = (rows, cols, fill = 0.5) => ({ rows, cols, data: new Float32Array(rows * cols).fill(fill) });
/** @param {Matrix} m @param {number} i @param {number} v @returns {Matrix} */
const withAt = (m, i, v) => ({ ...m, data: m.data.map((x, k) => (k === i ? v : x)) });
const Q = mat(2, 4),
  K = mat(5, 4),
  V = mat(5, 3);
const X = mat(3, 10);
const mha = { numHeads: 5, inProjWeight: mat(30, 10, 0.1), outProjWeight: mat(10, 10, 0.1) };
const add = { Wq: mat(6, 4, 0.1), Wk: mat(6, 4, 0.1), v: new Float32Array(6).fill(0.1) };
const rnn = { Wx: mat(4, 4, 0.1), Wh: mat(4, 4, 0.1), b: new Float32Array(4) };
const TINY = { trainSize: 40, testPerLength: 1, embed: 4, hidden: 6, attnHidden: 4, batchSize: 4, minLen: 3, maxLen: 4 };

/**
 * Runs `f` with a handle (a trainer, a prepared layer) and always deletes it.
 * @template {{ delete(): void }} H
 * @template R
 * @param {H} handle
 * @param {(handle: H) => R} f
 * @returns {R}
 */
function withHandle(handle, f) {
  try {
    return f(handle);
  } finally {
    handle.delete();
  }
}
/**
 * A tiny trainer of the trainer core `tc`. The rows call the trainer with wrong types on
 * purpose (translate(null), trainSteps('10')), so, like the cores, it is deliberately untyped.
 * @param {any} tc
 * @param {(trainer: any) => unknown} f
 */
const withTrainer = (tc, f) => withHandle(tc.createBottleneckTrainer(TINY), f);
/**
 * A prepared layer of `mha` in the core `c`.
 * @template R
 * @param {import('../../wasm/index.js').AttentionCore} c
 * @param {(layer: import('../../wasm/index.js').MultiHeadAttention) => R} f
 */
const withLayer = (c, f) => withHandle(c.createMultiHeadAttention(mha), f);
/** @param {Float32Array} a */
const allFinite = (a) => a.every(Number.isFinite);
/** @param {Float32Array} a */
const allZero = (a) => a.every((x) => x === 0);

// Each row: [category, input (as the doc shows it), call(core, trainerCore), expected]: core from
// createAttentionCore(), trainerCore from createBottleneckCore().
// expected is { error: 'start of the message' } or { ok: 'what holds', check(result) → bool }.
/** @typedef {{ error: string; ok?: undefined; check?: undefined } | { error?: undefined; ok: string; check: (result: any) => boolean }} Expected */
// The calls pass wrong types on purpose, so the cores are untyped (any) here.
export const rows = /** @type {[string, string, (c: any, tc: any) => any, Expected][]} */ ([
  // --- mismatched shapes
  [
    'mismatched shapes',
    'attention(Q (2,4), K (5,3), V (5,3))',
    (c) => c.attention(Q, mat(5, 3), V),
    { error: 'attention: K has 3 columns but Q has 4 (Q: (2, 4), K: (5, 3)); both must have d_k columns' },
  ],
  [
    'mismatched shapes',
    'attention(Q (2,4), K (5,4), V (4,3))',
    (c) => c.attention(Q, K, mat(4, 3)),
    { error: 'attention: V has 4 rows but K has 5 (K: (5, 4), V: (4, 3)); both must have T_k rows' },
  ],
  [
    'mismatched shapes',
    'Matrix {rows: 2, cols: 2, data: Float32Array(3)}',
    (c) => c.softmax({ rows: 2, cols: 2, data: new Float32Array(3) }),
    { error: 'softmax: x.data has length 3 but x is (2, 2) and needs 4' },
  ],
  [
    'mismatched shapes',
    'additiveAttention with params.Wq (6,3) for Q (2,4)',
    (c) => c.additiveAttention(Q, K, V, { ...add, Wq: mat(6, 3) }),
    { error: 'additiveAttention: params.Wq is (6, 3) but must be (h, d_q) with d_q = 4 (Q: (2, 4))' },
  ],
  [
    'mismatched shapes',
    'multiHeadAttention with key (3,8) for query (3,10)',
    (c) => c.multiHeadAttention(X, mat(3, 8), X, mha),
    { error: 'multiHeadAttention: query, key and value must all have E columns (query: (3, 10), key: (3, 8), value: (3, 10))' },
  ],
  [
    'mismatched shapes',
    'multiHeadAttention with inProjWeight (20,10), E = 10',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, inProjWeight: mat(20, 10) }),
    { error: 'multiHeadAttention: params.inProjWeight is (20, 10) but must be (3E, E) = (30, 10)' },
  ],
  [
    'mismatched shapes',
    'layer.forward with query (3,8) for a layer of E = 10',
    (c) => withLayer(c, (l) => l.forward(mat(3, 8), mat(3, 8), mat(3, 8))),
    { error: "MultiHeadAttention.forward: query has 8 columns but the layer's embed dim E is 10 (query: (3, 8))" },
  ],
  [
    'mismatched shapes',
    'rnnEncoder with params.Wh (4,3)',
    (c) => c.rnnEncoder(mat(5, 4), { ...rnn, Wh: mat(4, 3) }),
    { error: 'rnnEncoder: params.Wh is (4, 3) but must be (h, h) = (4, 4)' },
  ],
  // --- zero-length sequences
  [
    'zero-length',
    'softmax({rows: 0, cols: 3, data: Float32Array(0)})',
    (c) => c.softmax({ rows: 0, cols: 3, data: new Float32Array(0) }),
    { error: 'softmax: x.rows must be a positive integer, got number 0' },
  ],
  [
    'zero-length',
    'attention with K {rows: 0} (no keys)',
    (c) => c.attention(Q, { rows: 0, cols: 4, data: new Float32Array(0) }, V),
    { error: 'attention: K.rows must be a positive integer, got number 0' },
  ],
  [
    'zero-length',
    'positionalEncoding(0, 8)',
    (c) => c.positionalEncoding(0, 8),
    { error: 'positionalEncoding: length must be an integer from 1 to 4096, got 0' },
  ],
  ['zero-length', "trainer.translate('')", (c, tc) => withTrainer(tc, (t) => t.translate('')), { error: 'translate: sentence has no words' }],
  ['zero-length', "trainer.translate(' ?!. ,')", (c, tc) => withTrainer(tc, (t) => t.translate(' ?!. ,')), { error: 'translate: sentence has no words' }],
  // --- NaN and ±Infinity
  [
    'NaN / ±Infinity',
    'softmax(x) with NaN at (1, 1)',
    (c) => c.softmax(withAt(mat(2, 3), 4, NaN)),
    { error: 'softmax: x (2, 3) has NaN at (1, 1); only finite values and -Infinity (blocked) are allowed' },
  ],
  [
    'NaN / ±Infinity',
    'softmax(x) with +Infinity at (0, 0)',
    (c) => c.softmax(withAt(mat(2, 3), 0, Infinity)),
    { error: 'softmax: x (2, 3) has Infinity at (0, 0)' },
  ],
  [
    'NaN / ±Infinity',
    'softmax(x) with -Infinity at (0, 0)',
    (c) => c.softmax(withAt(mat(2, 3), 0, -Infinity)),
    { ok: 'valid: that entry gets weight exactly 0, the row still sums to 1', check: (r) => r.data[0] === 0 && Math.abs(r.data[1] + r.data[2] - 1) < 1e-6 },
  ],
  [
    'NaN / ±Infinity',
    'attention with -Infinity in K',
    (c) => c.attention(Q, withAt(K, 5, -Infinity), V),
    { error: 'attention: K (5, 4) has a non-finite value -Infinity at (1, 1)' },
  ],
  [
    'NaN / ±Infinity',
    'multiHeadAttention with NaN in inProjBias',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, inProjBias: new Float32Array(30).fill(NaN) }),
    { error: 'multiHeadAttention: params.inProjBias (30) has a non-finite value NaN at 0' },
  ],
  [
    'NaN / ±Infinity',
    'createMultiHeadAttention with Infinity in outProjWeight',
    (c) => c.createMultiHeadAttention({ ...mha, outProjWeight: withAt(mha.outProjWeight, 7, Infinity) }),
    { error: 'createMultiHeadAttention: params.outProjWeight' },
  ],
  [
    'NaN / ±Infinity',
    'attention(Q, K, V, {scale: Infinity})',
    (c) => c.attention(Q, K, V, { scale: Infinity }),
    { error: 'attention: scale must be a finite number, got Infinity' },
  ],
  [
    'NaN / ±Infinity',
    'positionalEncoding(NaN, 8)',
    (c) => c.positionalEncoding(NaN, 8),
    { error: 'positionalEncoding: length must be an integer, got number NaN' },
  ],
  [
    'NaN / ±Infinity',
    'createBottleneckTrainer({lr: NaN})',
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, lr: NaN }),
    { error: 'createBottleneckTrainer: options.lr must be a finite number, got number NaN' },
  ],
  // --- values over the value limit (overflow protection)
  [
    'value limit',
    'attention with 1e30 in Q (finite, but Q·Kᵀ would overflow)',
    (c) => c.attention(withAt(Q, 0, 1e30), K, V),
    { error: 'attention: Q (2, 4) has 1e+30 at (0, 0), outside the value limit of ±1e6' },
  ],
  [
    'value limit',
    'attention(Q, K, V, {scale: 1e7})',
    (c) => c.attention(Q, K, V, { scale: 1e7 }),
    { error: 'attention: scale 1e+07 is outside the value limit of ±1e6' },
  ],
  [
    'value limit',
    'rnnEncoder with 2e6 in params.b',
    (c) => c.rnnEncoder(mat(5, 4), { ...rnn, b: new Float32Array(4).fill(2e6) }),
    { error: 'rnnEncoder: params.b (4) has 2e+06 at 0, outside the value limit of ±1e6' },
  ],
  [
    'value limit',
    'softmax(x) with ±3e38 entries',
    (c) => c.softmax({ rows: 1, cols: 3, data: Float32Array.of(3e38, -3e38, 0) }),
    { ok: 'valid (softmax cannot overflow): weights [1, 0, 0]', check: (r) => r.data[0] === 1 && r.data[1] === 0 && r.data[2] === 0 },
  ],
  [
    'value limit',
    'rnnEncoder with Wh = 10·I over 60 tokens (exploding Jacobian)',
    (c) => c.rnnEncoder(mat(60, 1, 0), { Wx: mat(2, 1, 1), Wh: { rows: 2, cols: 2, data: Float32Array.of(10, 0, 0, 10) }, b: new Float32Array(2) }),
    {
      ok: 'valid: influence saturates at 3.4028235e38 (FLT_MAX), never Infinity or NaN',
      check: (r) => allFinite(r.influence) && r.influence[0] === 3.4028234663852886e38,
    },
  ],
  // --- sizes over the limits
  ['over the limits', 'softmax of a (4097, 1) matrix', (c) => c.softmax(mat(4097, 1)), { error: 'softmax: x is (4097, 1), over the limit of (4096, 4096)' }],
  [
    'over the limits',
    'attention with K (4097, 4)',
    (c) => c.attention(mat(1, 4), mat(4097, 4), mat(4097, 1)),
    { error: 'attention: K is (4097, 4), over the limit of (4096, 4096)' },
  ],
  [
    'over the limits',
    'positionalEncoding(8, 4097)',
    (c) => c.positionalEncoding(8, 4097),
    { error: 'positionalEncoding: dModel must be an integer from 1 to 4096, got 4097' },
  ],
  [
    'over the limits',
    'positionalEncoding(2 ** 40, 8)',
    (c) => c.positionalEncoding(2 ** 40, 8),
    { error: 'positionalEncoding: length must be an integer, got number 1099511627776' },
  ],
  [
    'over the limits',
    'rnnEncoder with x (513, 4)',
    (c) => c.rnnEncoder(mat(513, 4), rnn),
    { error: 'rnnEncoder: x is (513, 4), over the limit of (512, 4096)' },
  ],
  [
    'over the limits',
    'trainer.translate of 65 words',
    (c, tc) => withTrainer(tc, (t) => t.translate('the cat '.repeat(33).trim())),
    { error: 'translate: seq2seq_greedy_decode: src must hold 1..64 ids, got 66' },
  ],
  [
    'over the limits',
    'trainer.translate of 2001 characters',
    (c, tc) => withTrainer(tc, (t) => t.translate('x'.repeat(2001))),
    { error: 'BottleneckTrainer.translate: sentence has 2001 characters, over the limit of 2000' },
  ],
  [
    'over the limits',
    'createBottleneckTrainer({hidden: 513})',
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, hidden: 513 }),
    { error: 'createBottleneckTrainer: options.hidden must be an integer in [1, 512], got number 513' },
  ],
  // --- wrong types
  ['wrong types', "softmax('abc')", (c) => c.softmax('abc'), { error: 'softmax: x must be a Matrix {rows, cols, data: Float32Array}, got the string "abc"' }],
  ['wrong types', 'softmax(null)', (c) => c.softmax(null), { error: 'softmax: x must be a Matrix {rows, cols, data: Float32Array}, got null' }],
  [
    'wrong types',
    'softmax([[1, 2]]) (a plain array)',
    (c) => c.softmax([[1, 2]]),
    { error: 'softmax: x must be a Matrix {rows, cols, data: Float32Array}, got an Array of length 1' },
  ],
  [
    'wrong types',
    'softmax({rows: 1, cols: 2, data: [1, 2]})',
    (c) => c.softmax({ rows: 1, cols: 2, data: [1, 2] }),
    { error: 'softmax: x.data must be a Float32Array, got an Array of length 2' },
  ],
  [
    'wrong types',
    "softmax({rows: '2', cols: 2, …})",
    (c) => c.softmax({ rows: '2', cols: 2, data: new Float32Array(4) }),
    { error: 'softmax: x.rows must be a positive integer, got the string "2"' },
  ],
  [
    'wrong types',
    'attention(Q without data, K, V)',
    (c) => c.attention({ rows: 2, cols: 4 }, K, V),
    { error: 'attention: Q.data must be a Float32Array, got undefined' },
  ],
  [
    'wrong types',
    'attention with a Float64Array',
    (c) => c.attention({ rows: 2, cols: 4, data: new Float64Array(8) }, K, V),
    { error: 'attention: Q.data must be a Float32Array, got a Float64Array' },
  ],
  [
    'wrong types',
    'attention(Q, K) (V missing)',
    (c) => c.attention(Q, K),
    { error: 'attention: V must be a Matrix {rows, cols, data: Float32Array}, got undefined' },
  ],
  ['wrong types', 'attention(Q, K, V, null)', (c) => c.attention(Q, K, V, null), { error: 'attention: options must be an object or undefined, got null' }],
  [
    'wrong types',
    'attention(Q, K, V, {casual: true}) (a typo)',
    (c) => c.attention(Q, K, V, { casual: true }),
    { error: "attention: unknown options field 'casual' (expected causal, mask, scale)" },
  ],
  [
    'wrong types',
    "attention(Q, K, V, {causal: 'yes'})",
    (c) => c.attention(Q, K, V, { causal: 'yes' }),
    { error: 'attention: options.causal must be true or false, got the string "yes"' },
  ],
  [
    'wrong types',
    'additiveAttention with params missing v',
    (c) => c.additiveAttention(Q, K, V, { Wq: add.Wq, Wk: add.Wk }),
    { error: 'additiveAttention: params.v must be a Float32Array, got undefined' },
  ],
  [
    'wrong types',
    'multiHeadAttention(X, X, X, null)',
    (c) => c.multiHeadAttention(X, X, X, null),
    { error: 'multiHeadAttention: params must be an object {numHeads, inProjWeight, outProjWeight, …}, got null' },
  ],
  [
    'wrong types',
    'layer.forward after layer.delete()',
    (c) => {
      const l = c.createMultiHeadAttention(mha);
      l.delete();
      return l.forward(X, X, X);
    },
    { error: 'MultiHeadAttention.forward: the layer was deleted' },
  ],
  [
    'wrong types',
    'trainer.translate(null)',
    (c, tc) => withTrainer(tc, (t) => t.translate(null)),
    { error: 'BottleneckTrainer.translate: sentence must be a string, got null' },
  ],
  [
    'wrong types',
    "trainer.trainSteps('10')",
    (c, tc) => withTrainer(tc, (t) => t.trainSteps('10')),
    { error: 'BottleneckTrainer.trainSteps: n must be an integer in [1, 100000], got the string "10"' },
  ],
  [
    'wrong types',
    "createBottleneckTrainer({task: 'sorting'})",
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, task: 'sorting' }),
    { error: "createBottleneckTrainer: options.task must be 'translation' or 'reversal', got the string \"sorting\"" },
  ],
  [
    'wrong types',
    'a trainer used after delete()',
    (c, tc) => {
      const t = tc.createBottleneckTrainer(TINY);
      t.delete();
      return t.trainSteps(1);
    },
    { error: 'BottleneckTrainer.trainSteps: the trainer was deleted' },
  ],
  // --- heads
  [
    'heads',
    'numHeads: 0',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 0 }),
    { error: 'multiHeadAttention: params.numHeads must be a positive integer, got number 0' },
  ],
  [
    'heads',
    'numHeads: 2.5',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 2.5 }),
    { error: 'multiHeadAttention: params.numHeads must be a positive integer, got number 2.5' },
  ],
  [
    'heads',
    "numHeads: '2'",
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: '2' }),
    { error: 'multiHeadAttention: params.numHeads must be a positive integer, got the string "2"' },
  ],
  [
    'heads',
    'numHeads: 4 with E = 10',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 4 }),
    { error: 'multiHeadAttention: embed dim 10 is not divisible by numHeads 4' },
  ],
  [
    'heads',
    'createMultiHeadAttention with numHeads: 4, E = 10',
    (c) => c.createMultiHeadAttention({ ...mha, numHeads: 4 }),
    { error: 'createMultiHeadAttention: embed dim 10 is not divisible by numHeads 4' },
  ],
  [
    'heads',
    'numHeads: 1000',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 1000 }),
    { error: 'multiHeadAttention: numHeads must be an integer from 1 to 256, got 1000' },
  ],
  // --- masks
  [
    'masks',
    'attention mask (5,2) for T_q = 2, T_k = 5',
    (c) => c.attention(Q, K, V, { mask: mat(5, 2) }),
    { error: 'attention: mask is (5, 2) but must be (2, 5) (T_q, T_k)' },
  ],
  [
    'masks',
    'attention mask with NaN',
    (c) => c.attention(Q, K, V, { mask: withAt(mat(2, 5, 0), 3, NaN) }),
    { error: 'attention: mask (2, 5) has a non-finite value; use nonzero for blocked, 0 for allowed' },
  ],
  [
    'masks',
    'attention mask as a plain array',
    (c) => c.attention(Q, K, V, { mask: [[0, 1]] }),
    { error: 'attention: options.mask must be a Matrix {rows, cols, data: Float32Array}, got an Array of length 1' },
  ],
  [
    'masks',
    'keyPaddingMask of length 4 for T_k = 3',
    (c) => c.multiHeadAttention(X, X, X, mha, { keyPaddingMask: new Uint8Array(4) }),
    { error: 'multiHeadAttention: keyPaddingMask has length 4 but must have length T_k = 3' },
  ],
  [
    'masks',
    'keyPaddingMask as a plain array',
    (c) => c.multiHeadAttention(X, X, X, mha, { keyPaddingMask: [1, 0, 0] }),
    { error: 'multiHeadAttention: options.keyPaddingMask must be a Uint8Array, got an Array of length 3' },
  ],
  [
    'masks',
    'attention with a mask blocking everything',
    (c) => c.attention(Q, K, V, { mask: mat(2, 5, 1) }),
    { ok: 'valid: all weights 0 and output 0 (PyTorch gives NaN)', check: (r) => allZero(r.weights.data) && allZero(r.output.data) },
  ],
  [
    'masks',
    'multiHeadAttention with every key padded',
    (c) => c.multiHeadAttention(X, X, X, mha, { keyPaddingMask: new Uint8Array(3).fill(1) }),
    { ok: 'valid: average weights all 0, output finite', check: (r) => allZero(r.averageWeights.data) && allFinite(r.output.data) },
  ],
  [
    'masks',
    'additiveAttention with a mask blocking everything',
    (c) => c.additiveAttention(Q, K, V, add, { mask: mat(2, 5, 1) }),
    { ok: 'valid: all weights 0 and output 0', check: (r) => allZero(r.weights.data) && allZero(r.output.data) },
  ],
  // --- temperatures
  ['temperature', 'softmax(x, 0)', (c) => c.softmax(mat(1, 3), 0), { error: 'softmax: temperature must be a finite number > 0, got 0' }],
  ['temperature', 'softmax(x, -2)', (c) => c.softmax(mat(1, 3), -2), { error: 'softmax: temperature must be a finite number > 0, got -2' }],
  [
    'temperature',
    'softmax(x, 1e-50) (rounds to 0 in float32)',
    (c) => c.softmax(mat(1, 3), 1e-50),
    { error: 'softmax: temperature must be a finite number > 0, got 0' },
  ],
  ['temperature', 'softmax(x, Infinity)', (c) => c.softmax(mat(1, 3), Infinity), { error: 'softmax: temperature must be a finite number > 0, got Infinity' }],
  ['temperature', "softmax(x, '2')", (c) => c.softmax(mat(1, 3), '2'), { error: 'softmax: temperature must be a number, got the string "2"' }],
  [
    'temperature',
    'softmax([1, 2, 3], 3e38) (huge)',
    (c) => c.softmax({ rows: 1, cols: 3, data: Float32Array.of(1, 2, 3) }, 3e38),
    { ok: 'valid: uniform weights 1/3', check: (r) => r.data.every((/** @type {number} */ w) => Math.abs(w - 1 / 3) < 1e-6) },
  ],
  [
    'temperature',
    'softmax([1, 2, 3], 1e-30) (tiny)',
    (c) => c.softmax({ rows: 1, cols: 3, data: Float32Array.of(1, 2, 3) }, 1e-30),
    { ok: 'valid: one-hot [0, 0, 1]', check: (r) => r.data[0] === 0 && r.data[1] === 0 && r.data[2] === 1 },
  ],
  // --- trainer options
  [
    'trainer options',
    'createBottleneckTrainer({lr: 2})',
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, lr: 2 }),
    { error: 'createBottleneckTrainer: Seq2SeqTrainer: lr must be in (0, 1], got 2' },
  ],
  [
    'trainer options',
    'createBottleneckTrainer({minLen: 10, maxLen: 4})',
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, minLen: 10, maxLen: 4 }),
    { error: 'createBottleneckTrainer: Seq2SeqTrainer: make_task: lengths must satisfy 3 <= min_len <= max_len <= 18, got min_len 10, max_len 4' },
  ],
  [
    'trainer options',
    'createBottleneckTrainer({epochs: 3}) (unknown)',
    (c, tc) => tc.createBottleneckTrainer({ ...TINY, epochs: 3 }),
    { error: "createBottleneckTrainer: unknown options field 'epochs'" },
  ],
  [
    'trainer options',
    'trainer.trainSteps(0)',
    (c, tc) => withTrainer(tc, (t) => t.trainSteps(0)),
    { error: 'BottleneckTrainer.trainSteps: n must be an integer in [1, 100000], got number 0' },
  ],
  [
    'trainer options',
    'trainer.translate of HTML / script',
    (c, tc) => withTrainer(tc, (t) => t.translate('<script>alert(1)</script> the cat')),
    {
      ok: 'valid: the words are data (unknown words listed as typed, read as <unk>)',
      check: (r) => r.unknown.includes('<script>alert(1)</script>') && allFinite(r.prob),
    },
  ],
]).map(([category, input, call, expected], i) => ({ id: i + 1, category, input, call, expected }));

/** @param {string} s */
const esc = (s) => s.replace(/\|/g, '\\|').replace(/`/g, 'ˋ');
/** The markdown table docs/security.md must contain between the markers. */
export function renderTable(list = rows) {
  const lines = ['| # | category | input | what the learner gets |', '|---|---|---|---|'];
  for (const r of list) {
    const got = r.expected.error !== undefined ? `Error: \`${esc(r.expected.error)}…\`` : esc(r.expected.ok);
    lines.push(`| ${r.id} | ${r.category} | \`${esc(r.input)}\` | ${got} |`);
  }
  return lines.join('\n');
}

export const DOC = fileURLToPath(new URL('../../docs/security.md', import.meta.url));
export const BEGIN = '<!-- bad-input-table:begin (generated from tests/wasm/bad-input-table.mjs) -->';
export const END = '<!-- bad-input-table:end -->';

/** The table as it currently stands in docs/security.md. */
export function tableInDoc() {
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/security.md lacks the ${BEGIN} … ${END} markers`);
  return doc.slice(a + BEGIN.length, b).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--write') {
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  writeFileSync(DOC, `${doc.slice(0, a + BEGIN.length)}\n${renderTable()}\n${doc.slice(b)}`);
  console.log(`docs/security.md: ${rows.length} rows written`);
}
