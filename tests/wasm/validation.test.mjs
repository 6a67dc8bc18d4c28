// @ts-check
// tests/wasm/validation.test.mjs — every JS API function rejects bad input (wrong types,
// shapes, non-finite values, sizes over the limits, bad heads and masks, bad options) with an
// Error naming the function, the argument and the shapes, and the module keeps working after
// each error. A table, one row per bad call.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { core, rng } from './helpers.mjs';

const g = rng(5);
/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** @param {number} rows @param {number} cols */
const M = (rows, cols) => g.matrix(rows, cols);
const Q = M(2, 4),
  K = M(5, 4),
  V = M(5, 3);
const E = 10;
const X = M(3, E);
const mha = { numHeads: 5, inProjWeight: M(3 * E, E), outProjWeight: M(E, E) };
const add = { Wq: M(6, 4), Wk: M(6, 4), v: g.floats(6) };
const rnn = { Wx: M(4, 4), Wh: M(4, 4), b: g.floats(4) };
/** @param {Matrix} m @param {number} i @returns {Matrix} */
const nanAt = (m, i) => ({ ...m, data: m.data.map((v, k) => (k === i ? NaN : v)) });
/** @param {Matrix} m @param {number} i @returns {Matrix} */
const infAt = (m, i) => ({ ...m, data: m.data.map((v, k) => (k === i ? Infinity : v)) });

// [description, call(core), regexp the message must match]
/** @type {[string, (c: any) => unknown, RegExp][]} the calls pass wrong types on purpose, so the core is untyped here */
const rows = [
  // softmax
  ['softmax: null', (c) => c.softmax(null), /^softmax: x must be a Matrix.*got null/],
  ['softmax: plain array data', (c) => c.softmax({ rows: 1, cols: 2, data: [1, 2] }), /^softmax: x\.data must be a Float32Array, got an Array/],
  ['softmax: string', (c) => c.softmax('abc'), /^softmax: x must be a Matrix.*the string "abc"/],
  [
    'softmax: length mismatch',
    (c) => c.softmax({ rows: 2, cols: 2, data: new Float32Array(3) }),
    /^softmax: x\.data has length 3 but x is \(2, 2\) and needs 4/,
  ],
  ['softmax: zero rows', (c) => c.softmax({ rows: 0, cols: 2, data: new Float32Array(0) }), /^softmax: x\.rows must be a positive integer, got number 0/],
  ['softmax: fractional cols', (c) => c.softmax({ rows: 1, cols: 1.5, data: new Float32Array(1) }), /^softmax: x\.cols must be a positive integer/],
  ['softmax: NaN', (c) => c.softmax(nanAt(M(2, 3), 4)), /^softmax: x \(2, 3\) has NaN at \(1, 1\)/],
  ['softmax: +Infinity', (c) => c.softmax(infAt(M(2, 3), 0)), /^softmax: x \(2, 3\) has Infinity at \(0, 0\)/],
  ['softmax: temperature 0', (c) => c.softmax(M(1, 3), 0), /^softmax: temperature must be a finite number > 0, got 0/],
  ['softmax: temperature < 0', (c) => c.softmax(M(1, 3), -2), /^softmax: temperature .* got -2/],
  ['softmax: temperature NaN', (c) => c.softmax(M(1, 3), NaN), /^softmax: temperature .* got NaN/],
  ['softmax: temperature Infinity', (c) => c.softmax(M(1, 3), Infinity), /^softmax: temperature .* got Infinity/],
  ['softmax: temperature string', (c) => c.softmax(M(1, 3), '2'), /^softmax: temperature must be a number, got the string "2"/],
  ['softmax: over the limit', (c) => c.softmax({ rows: 4097, cols: 1, data: new Float32Array(4097) }), /^softmax: x is \(4097, 1\), over the limit/],
  // positionalEncoding
  ['positionalEncoding: 0 length', (c) => c.positionalEncoding(0, 4), /^positionalEncoding: length must be an integer from 1 to 4096, got 0/],
  ['positionalEncoding: fractional', (c) => c.positionalEncoding(2.5, 4), /^positionalEncoding: length must be an integer, got number 2\.5/],
  ['positionalEncoding: string dModel', (c) => c.positionalEncoding(3, '4'), /^positionalEncoding: dModel must be an integer, got the string "4"/],
  ['positionalEncoding: huge', (c) => c.positionalEncoding(3, 1e6), /^positionalEncoding: dModel must be an integer from 1 to 4096, got 1000000/],
  ['positionalEncoding: NaN', (c) => c.positionalEncoding(NaN, 4), /^positionalEncoding: length must be an integer, got number NaN/],
  // attention
  ['attention: d_k mismatch', (c) => c.attention(Q, M(5, 3), V), /^attention: K has 3 columns but Q has 4 \(Q: \(2, 4\), K: \(5, 3\)\)/],
  ['attention: T_k mismatch', (c) => c.attention(Q, K, M(4, 3)), /^attention: V has 4 rows but K has 5 \(K: \(5, 4\), V: \(4, 3\)\)/],
  ['attention: missing V', (c) => c.attention(Q, K), /^attention: V must be a Matrix.*got undefined/],
  ['attention: object missing data', (c) => c.attention({ rows: 2, cols: 4 }, K, V), /^attention: Q\.data must be a Float32Array, got undefined/],
  [
    'attention: Float64Array',
    (c) => c.attention({ rows: 2, cols: 4, data: new Float64Array(8) }, K, V),
    /^attention: Q\.data must be a Float32Array, got a Float64Array/,
  ],
  ['attention: NaN in K', (c) => c.attention(Q, nanAt(K, 5), V), /^attention: K \(5, 4\) has a non-finite value NaN at \(1, 1\)/],
  ['attention: mask shape', (c) => c.attention(Q, K, V, { mask: M(5, 2) }), /^attention: mask is \(5, 2\) but must be \(2, 5\)/],
  ['attention: mask NaN', (c) => c.attention(Q, K, V, { mask: nanAt(M(2, 5), 0) }), /^attention: mask \(2, 5\) has a non-finite value/],
  ['attention: mask plain array', (c) => c.attention(Q, K, V, { mask: [[0]] }), /^attention: options\.mask must be a Matrix.*got an Array/],
  ['attention: causal string', (c) => c.attention(Q, K, V, { causal: 'yes' }), /^attention: options\.causal must be true or false/],
  ['attention: unknown option', (c) => c.attention(Q, K, V, { casual: true }), /^attention: unknown options field 'casual' \(expected causal, mask, scale\)/],
  ['attention: scale NaN', (c) => c.attention(Q, K, V, { scale: NaN }), /^attention: scale must be a finite number, got NaN/],
  ['attention: scale string', (c) => c.attention(Q, K, V, { scale: '1' }), /^attention: options\.scale must be a number/],
  ['attention: options null', (c) => c.attention(Q, K, V, null), /^attention: options must be an object or undefined, got null/],
  ['attention: over the limit', (c) => c.attention(M(1, 4), M(4097, 4), M(4097, 1)), /^attention: K is \(4097, 4\), over the limit/],
  // additiveAttention
  ['additive: params null', (c) => c.additiveAttention(Q, K, V, null), /^additiveAttention: params must be an object \{Wq, Wk, v\}, got null/],
  [
    'additive: Wq shape',
    (c) => c.additiveAttention(Q, K, V, { ...add, Wq: M(6, 3) }),
    /^additiveAttention: params\.Wq is \(6, 3\) but must be \(h, d_q\) with d_q = 4 \(Q: \(2, 4\)\)/,
  ],
  ['additive: h mismatch', (c) => c.additiveAttention(Q, K, V, { ...add, Wk: M(7, 4) }), /^additiveAttention: params\.Wk has 7 rows but params\.Wq has 6/],
  [
    'additive: v length',
    (c) => c.additiveAttention(Q, K, V, { ...add, v: new Float32Array(5) }),
    /^additiveAttention: params\.v has length 5 but must have length 6/,
  ],
  [
    'additive: v plain array',
    (c) => c.additiveAttention(Q, K, V, { ...add, v: [1, 2] }),
    /^additiveAttention: params\.v must be a Float32Array, got an Array of length 2/,
  ],
  [
    'additive: v NaN',
    (c) => c.additiveAttention(Q, K, V, { ...add, v: new Float32Array(6).fill(NaN) }),
    /^additiveAttention: params\.v \(6\) has a non-finite value NaN at 0/,
  ],
  ['additive: mask shape', (c) => c.additiveAttention(Q, K, V, add, { mask: M(2, 4) }), /^additiveAttention: mask is \(2, 4\) but must be \(2, 5\)/],
  ['additive: unknown option', (c) => c.additiveAttention(Q, K, V, add, { causal: true }), /^additiveAttention: unknown options field 'causal'/],
  // multiHeadAttention
  ['mha: not divisible', (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 4 }), /^multiHeadAttention: embed dim 10 is not divisible by numHeads 4$/],
  [
    'mha: zero heads',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 0 }),
    /^multiHeadAttention: params\.numHeads must be a positive integer, got number 0/,
  ],
  [
    'mha: fractional heads',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 2.5 }),
    /^multiHeadAttention: params\.numHeads must be a positive integer, got number 2\.5/,
  ],
  [
    'mha: heads over limit',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, numHeads: 1000 }),
    /^multiHeadAttention: numHeads must be an integer from 1 to 256, got 1000/,
  ],
  ['mha: missing params', (c) => c.multiHeadAttention(X, X, X), /^multiHeadAttention: params must be an object/],
  [
    'mha: in_proj shape',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, inProjWeight: M(20, 10) }),
    /^multiHeadAttention: params\.inProjWeight is \(20, 10\) but must be \(3E, E\) = \(30, 10\)/,
  ],
  [
    'mha: out_proj shape',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, outProjWeight: M(10, 9) }),
    /^multiHeadAttention: params\.outProjWeight is \(10, 9\) but must be \(E, E\) = \(10, 10\)/,
  ],
  [
    'mha: bias length',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, inProjBias: new Float32Array(10) }),
    /^multiHeadAttention: params\.inProjBias has length 10 but must have length 30/,
  ],
  [
    'mha: E mismatch',
    (c) => c.multiHeadAttention(X, M(3, 8), X, mha),
    /^multiHeadAttention: query, key and value must all have E columns \(query: \(3, 10\), key: \(3, 8\), value: \(3, 10\)\)/,
  ],
  [
    'mha: key padding length',
    (c) => c.multiHeadAttention(X, X, X, mha, { keyPaddingMask: new Uint8Array(4) }),
    /^multiHeadAttention: keyPaddingMask has length 4 but must have length T_k = 3/,
  ],
  [
    'mha: key padding type',
    (c) => c.multiHeadAttention(X, X, X, mha, { keyPaddingMask: [1, 0, 0] }),
    /^multiHeadAttention: options\.keyPaddingMask must be a Uint8Array, got an Array/,
  ],
  ['mha: mask shape', (c) => c.multiHeadAttention(X, X, X, mha, { mask: M(3, 4) }), /^multiHeadAttention: mask is \(3, 4\) but must be \(3, 3\)/],
  [
    'mha: Infinity in weights',
    (c) => c.multiHeadAttention(X, X, X, { ...mha, outProjWeight: infAt(M(10, 10), 12) }),
    /^multiHeadAttention: params\.outProjWeight \(10, 10\) has a non-finite value Infinity at \(1, 2\)/,
  ],
  // rnnEncoder
  ['rnn: Wx shape', (c) => c.rnnEncoder(M(5, 3), rnn), /^rnnEncoder: params\.Wx is \(4, 4\) but must be \(h, d_in\) with d_in = 3 \(x: \(5, 3\)\)/],
  ['rnn: b type', (c) => c.rnnEncoder(M(5, 4), { ...rnn, b: null }), /^rnnEncoder: params\.b must be a Float32Array, got null/],
  // createAttentionCore
];

test('every bad call throws a clear Error and the core keeps working', async () => {
  const c = await core('simd');
  const reference = c.attention(Q, K, V);
  for (const [what, call, pattern] of rows) {
    assert.throws(
      () => call(c),
      (e) => {
        assert.ok(e instanceof Error, `${what}: not an Error`);
        assert.match(e.message, pattern, `${what}`);
        return true;
      },
      what,
    );
    // Still usable, and still right, after every error.
    assert.deepEqual(c.attention(Q, K, V).output.data, reference.output.data, `${what}: core changed after the error`);
  }
  assert.ok(rows.length >= 50);
});

test('a mask blocking everything, huge and tiny temperatures are valid and finite', async () => {
  const c = await core('simd');
  const all = { rows: 2, cols: 5, data: new Float32Array(10).fill(1) };
  const r = c.attention(Q, K, V, { mask: all });
  assert.ok(r.weights.data.every((w) => w === 0) && r.output.data.every((w) => w === 0));
  for (const t of [1e-30, 1e-6, 1e6, 3e38]) {
    const s = c.softmax(M(3, 4), t);
    assert.ok(s.data.every(Number.isFinite), `temperature ${t}`);
  }
});

test('createAttentionCore rejects unknown options', async () => {
  const { createAttentionCore } = await import('../../wasm/index.js');
  // @ts-expect-error: an unknown option, on purpose
  await assert.rejects(createAttentionCore({ simd: false }), /^Error: createAttentionCore: unknown options field 'simd'/);
});

test('createBottleneckCore rejects unknown options and a non-boolean scalar', async () => {
  const { createBottleneckCore } = await import('../../wasm/index.js');
  // @ts-expect-error: an unknown option, on purpose
  await assert.rejects(createBottleneckCore({ simd: false }), /^Error: createBottleneckCore: unknown options field 'simd'/);
  // @ts-expect-error: a non-boolean, on purpose
  await assert.rejects(createBottleneckCore({ scalar: 1 }), /^Error: createBottleneckCore: options\.scalar must be true or false, got number 1/);
  // @ts-expect-error: null, on purpose
  await assert.rejects(createBottleneckCore(null), /^Error: createBottleneckCore: options must be an object or undefined, got null/);
});

test('results are copies owned by JS, not views into WASM memory', async () => {
  const c = await core('simd');
  const r = c.attention(Q, K, V);
  assert.ok(r.weights.data.buffer.byteLength === r.weights.data.byteLength);
  const before = Float32Array.from(r.weights.data);
  c.attention(M(64, 4), M(64, 4), M(64, 3)); // may grow memory and reuse the heap
  assert.deepEqual(r.weights.data, before);
});
