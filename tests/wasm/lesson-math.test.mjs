// @ts-check
// tests/wasm/lesson-math.test.mjs — the JS API of the math the lessons used to do themselves
// (issue 13, item 4), on both WASM builds: causalMask, paddingMask, addPositionalEncoding,
// hardAttention, scoreStatistics, compareMatrices and rnnEncoder's firstToLast. The same
// expectations as tests/core/test_lesson_math.cpp: exact small cases worked out by hand,
// agreement with the core's own attention / softmax / positionalEncoding, then bad input: every
// call throws an Error naming the function and the argument, and the core stays usable and
// unchanged afterwards.
// Expected numbers are derived here from the definitions (in double), never copied from a run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { VARIANTS, assertClose, core, rng } from './helpers.mjs';

/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** @param {number} rows @param {number} cols @param {ArrayLike<number>} values @returns {Matrix} */
const M = (rows, cols, values) => ({ rows, cols, data: Float32Array.from(values) });
/** Row i of m as a number[]. @param {Matrix} m @param {number} i */
const row = (m, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
const NEG = -Infinity;

for (const variant of VARIANTS) {
  describe(`lesson math (${variant})`, () => {
    test('causalMask: both forms exact; mask equals causal: true, masked = scaled + additive', async () => {
      const c = await core(variant);
      const cm = c.causalMask(3);
      assert.deepEqual(cm.mask, M(3, 3, [0, 1, 1, 0, 0, 1, 0, 0, 0]));
      assert.deepEqual(cm.additive, M(3, 3, [0, NEG, NEG, 0, 0, NEG, 0, 0, 0]));
      assert.deepEqual(c.causalMask(1).additive, M(1, 1, [0]));
      const g = rng(41);
      const T = 6;
      const Q = g.matrix(T, 4, 2),
        K = g.matrix(T, 4, 2),
        V = g.matrix(T, 3);
      const m = c.causalMask(T);
      const a = c.attention(Q, K, V, { causal: true });
      const b = c.attention(Q, K, V, { mask: m.mask });
      assert.deepEqual(b.masked.data, a.masked.data);
      assert.deepEqual(b.weights.data, a.weights.data);
      assert.deepEqual(
        Array.from(a.scaled.data, (s, k) => s + m.additive.data[k]),
        Array.from(a.masked.data),
      );
    });

    test('paddingMask: both forms exact; a row is what multiHeadAttention takes as keyPaddingMask', async () => {
      const c = await core(variant);
      const p = c.paddingMask([2, 0, 3], 3);
      assert.equal(p.keyPaddingMask.length, 3);
      assert.ok(p.keyPaddingMask.every((k) => k instanceof Uint8Array && k.length === 3));
      assert.deepEqual(
        p.keyPaddingMask.map((k) => Array.from(k)),
        [
          [0, 0, 1],
          [1, 1, 1],
          [0, 0, 0],
        ],
      );
      assert.deepEqual(p.additive, M(3, 3, [0, 0, NEG, NEG, NEG, NEG, 0, 0, 0]));
      assert.deepEqual(c.paddingMask(Int32Array.of(2, 0, 3), 3), p);

      const g = rng(42);
      const E = 4,
        T = 5;
      const params = { numHeads: 2, inProjWeight: g.matrix(3 * E, E), outProjWeight: g.matrix(E, E) };
      const pm = c.paddingMask([3, 5], T);
      for (let b = 0; b < 2; b++) {
        const X = g.matrix(T, E);
        const r = c.multiHeadAttention(X, X, X, params, { keyPaddingMask: pm.keyPaddingMask[b] });
        for (let i = 0; i < T; i++) {
          const w = row(r.averageWeights, i);
          let open = 0;
          for (let j = 0; j < T; j++) {
            if (pm.additive.data[b * T + j] === NEG) assert.equal(w[j], 0, `item ${b}, (${i}, ${j})`);
            else open += w[j];
          }
          assert.ok(Math.abs(open - 1) < 1e-6, `item ${b}, row ${i} sums to ${open}`);
        }
      }
    });

    test('addPositionalEncoding: pe is positionalEncoding(T, d), sum is X + pe in float', async () => {
      const c = await core(variant);
      const small = c.addPositionalEncoding(M(2, 2, [1, 2, -3, 0.5]));
      assert.deepEqual(small.pe, M(2, 2, [0, 1, Math.sin(1), Math.cos(1)]));
      assert.deepEqual(small.sum, M(2, 2, [1, 3, Math.fround(-3 + Math.fround(Math.sin(1))), Math.fround(0.5 + Math.fround(Math.cos(1)))]));
      const g = rng(43);
      for (const [T, d] of [
        [1, 1],
        [5, 7],
        [16, 8],
        [40, 64],
      ]) {
        const X = g.matrix(T, d, 3);
        const r = c.addPositionalEncoding(X);
        const pe = c.positionalEncoding(T, d);
        assert.deepEqual(r.pe, pe);
        assert.deepEqual(r.sum, { rows: T, cols: d, data: Float32Array.from(X.data, (x, k) => x + pe.data[k]) });
      }
    });

    test('hardAttention: first maximum, blocked rows choose nothing, output is the chosen value row', async () => {
      const c = await core(variant);
      const scores = M(3, 4, [1, 3, 3, 0, NEG, -2, NEG, -5, NEG, NEG, NEG, NEG]);
      const V = M(4, 2, [10, 11, 20, 21, 30, 31, 40, 41]);
      const h = c.hardAttention(scores, V);
      assert.deepEqual(h.index, Int32Array.of(1, 1, -1));
      assert.deepEqual(h.weights, M(3, 4, [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
      assert.deepEqual(h.output, M(3, 2, [20, 21, 20, 21, 0, 0]));
      const choice = c.hardAttention(scores);
      assert.deepEqual(choice.index, h.index);
      assert.equal('output' in choice, false);

      // On attention's own scores: the chosen key is the first with the row's largest score and
      // carries the largest soft weight.
      const g = rng(44);
      const a = c.attention(g.matrix(6, 3, 2), g.matrix(9, 3, 2), g.matrix(9, 4));
      const r = c.hardAttention(a.scaled);
      for (let i = 0; i < 6; i++) {
        const s = row(a.scaled, i);
        const w = row(a.weights, i);
        assert.equal(r.index[i], s.indexOf(Math.max(...s)));
        assert.equal(w[r.index[i]], Math.max(...w));
        assert.deepEqual(
          row(r.weights, i),
          s.map((_, j) => (j === r.index[i] ? 1 : 0)),
        );
      }
      assert.deepEqual(c.hardAttention(a.scores).index, r.index);
    });

    test('scoreStatistics: an exact small case, and the properties lesson 4 teaches', async () => {
      const c = await core(variant);
      // Q·Kᵀ = [[1, 2], [1, 0]], d_k = 2: mean 1, sd √½; scaled by 1/√2.
      const s = c.scoreStatistics(M(2, 2, [1, 0, 0, 1]), M(2, 2, [1, 1, 2, 0]), { bins: 4, minRange: 1 });
      assert.equal(s.scale, Math.fround(1 / Math.sqrt(2)));
      assert.equal(s.sqrtDk, Math.fround(Math.sqrt(2)));
      assert.deepEqual([s.raw.mean, s.raw.std, s.raw.min, s.raw.max], [1, Math.fround(Math.sqrt(0.5)), 0, 2]);
      assert.ok(Math.abs(s.scaled.std - 0.5) < 1e-7);
      assert.equal(s.range, 2);
      assert.deepEqual(s.edges, Float32Array.of(-2, -1, 0, 1, 2));
      assert.deepEqual(s.centers, Float32Array.of(-1.5, -0.5, 0.5, 1.5));
      assert.deepEqual(s.raw.counts, Int32Array.of(0, 0, 1, 3));
      assert.deepEqual(s.scaled.counts, Int32Array.of(0, 0, 3, 1));
      const top = 1 / (1 + Math.exp(-1 / Math.sqrt(2)));
      assert.ok(Math.abs(s.maxWeight.mean - top) < 1e-6 && Math.abs(s.maxWeight.max - top) < 1e-6);

      // Unit-variance q, k (uniform on ±√3): sd(q·k) ≈ √d_k; the default scale brings it to ≈ 1.
      const g = rng(45);
      for (const dk of [1, 16, 256]) {
        const Q = g.matrix(64, dk, Math.sqrt(3)),
          K = g.matrix(64, dk, Math.sqrt(3));
        const st = c.scoreStatistics(Q, K);
        assert.ok(Math.abs(st.raw.std / st.sqrtDk - 1) < 0.1, `d_k ${dk}: sd ${st.raw.std}`);
        assert.ok(Math.abs(st.scaled.std - 1) < 0.1, `d_k ${dk}: scaled sd ${st.scaled.std}`);
        assert.equal(st.edges.length, 25);
        for (const x of [st.raw, st.scaled])
          assert.equal(
            x.counts.reduce((a, b) => a + b, 0),
            64 * 64,
          );
        // The mean and sd agree with the same scores from attention(), summed here in double.
        const a = c.attention(Q, K, { rows: 64, cols: 1, data: new Float32Array(64) });
        for (const [mine, scores] of /** @type {[import('../../wasm/index.js').ScoreSummary, Float32Array][]} */ ([
          [st.raw, a.scores.data],
          [st.scaled, a.scaled.data],
        ])) {
          const mean = scores.reduce((t, x) => t + x, 0) / scores.length;
          const sd = Math.sqrt(scores.reduce((t, x) => t + (x - mean) ** 2, 0) / scores.length);
          assert.ok(Math.abs(mine.mean - mean) <= 1e-6 * (1 + sd), `mean ${mine.mean} vs ${mean}`);
          assert.ok(Math.abs(mine.std - sd) <= 1e-6 * sd, `sd ${mine.std} vs ${sd}`);
          assert.equal(mine.max, Math.max(...scores));
        }
        const rowMax = Array.from({ length: 64 }, (_, i) => Math.max(...row(a.weights, i)));
        assert.equal(st.maxWeight.max, Math.max(...rowMax));
        // Unscaled, large d_k saturates the softmax.
        if (dk >= 16) assert.ok(c.scoreStatistics(Q, K, { scale: 1 }).maxWeight.mean > st.maxWeight.mean);
      }
    });

    test('rnnEncoder firstToLast is influence[0] / influence[T-1]; 0 (never NaN) when the last is 0', async () => {
      const c = await core(variant);
      const g = rng(47);
      const params = { Wx: g.matrix(5, 3, 0.8), Wh: g.matrix(5, 5, 0.5), b: g.floats(5, 0.1) };
      const r = c.rnnEncoder(g.matrix(9, 3), params);
      assert.equal(r.firstToLast, Math.fround(r.influence[0] / r.influence[8]));
      assert.ok(r.firstToLast < 1);
      assert.equal(c.rnnEncoder(g.matrix(1, 3), params).firstToLast, 1);
      const still = c.rnnEncoder(g.matrix(4, 3), { ...params, Wx: { rows: 5, cols: 3, data: new Float32Array(15) } });
      assert.equal(still.firstToLast, 0);
    });

    test('compareMatrices: A − B, the largest |difference| and its first position', async () => {
      const c = await core(variant);
      const A = M(2, 3, [1, 2, 3, 4, 5, 6]);
      const r = c.compareMatrices(A, M(2, 3, [1, 4, 3, 2, 5, 6.5]));
      assert.deepEqual(r.difference, M(2, 3, [0, -2, 0, 2, 0, -0.5]));
      assert.deepEqual([r.maxAbs, r.row, r.col], [2, 0, 1]);
      const same = c.compareMatrices(A, A);
      assert.deepEqual([same.maxAbs, same.row, same.col], [0, 0, 0]);
      const g = rng(46);
      const X = g.matrix(4, 5),
        Y = g.matrix(4, 5);
      assertClose(
        c.compareMatrices(X, Y).difference,
        { rows: 4, cols: 5, data: Float32Array.from(X.data, (x, k) => x - Y.data[k]) },
        { atol: 0, rtol: 0, label: 'X − Y' },
      );
    });
  });
}

// Bad input: [description, call(core), regexp the message must match].
const Q = M(2, 4, [1, 2, 3, 4, 5, 6, 7, 8]);
const K = M(
  5,
  4,
  Array.from({ length: 20 }, (_, k) => k / 10),
);
/** @type {[string, (c: any) => unknown, RegExp][]} the calls pass wrong types on purpose, so the core is untyped here */
const bad = [
  ['causalMask: 0', (c) => c.causalMask(0), /^causalMask: T must be an integer from 1 to 4096, got 0$/],
  ['causalMask: 4097', (c) => c.causalMask(4097), /^causalMask: T must be an integer from 1 to 4096, got 4097$/],
  ['causalMask: 2.5', (c) => c.causalMask(2.5), /^causalMask: T must be an integer, got number 2\.5$/],
  ['causalMask: string', (c) => c.causalMask('3'), /^causalMask: T must be an integer, got the string "3"$/],
  ['paddingMask: empty', (c) => c.paddingMask([], 3), /^paddingMask: lengths must hold 1 to 4096 sequence lengths, got 0$/],
  ['paddingMask: too long', (c) => c.paddingMask([2, 4], 3), /^paddingMask: lengths\[1\] is 4 but must be from 0 to T = 3$/],
  ['paddingMask: negative', (c) => c.paddingMask(Int32Array.of(-1), 3), /^paddingMask: lengths\[0\] is -1/],
  ['paddingMask: fractional', (c) => c.paddingMask([1, 1.5], 3), /^paddingMask: lengths\[1\] must be an integer, got number 1\.5$/],
  ['paddingMask: a hole', (c) => c.paddingMask([1, , 2], 3), /^paddingMask: lengths\[1\] must be an integer, got undefined/], // eslint-disable-line no-sparse-arrays
  ['paddingMask: not an array', (c) => c.paddingMask(3, 3), /^paddingMask: lengths must be an Array of integers or an Int32Array, got number 3$/],
  [
    'paddingMask: Float32Array',
    (c) => c.paddingMask(Float32Array.of(1), 3),
    /^paddingMask: lengths must be an Array of integers or an Int32Array, got a Float32Array$/,
  ],
  ['paddingMask: T missing', (c) => c.paddingMask([1]), /^paddingMask: T must be an integer, got undefined/],
  ['paddingMask: T 0', (c) => c.paddingMask([0], 0), /^paddingMask: T must be an integer from 1 to 4096, got 0$/],
  ['addPositionalEncoding: null', (c) => c.addPositionalEncoding(null), /^addPositionalEncoding: X must be a Matrix.*got null$/],
  [
    'addPositionalEncoding: NaN',
    (c) => c.addPositionalEncoding(M(3, 2, [0, 0, 0, NaN, 0, 0])),
    /^addPositionalEncoding: X \(3, 2\) has a non-finite value NaN at \(1, 1\)$/,
  ],
  ['addPositionalEncoding: (length, dModel)', (c) => c.addPositionalEncoding(8, 16), /^addPositionalEncoding: X must be a Matrix.*got number 8$/],
  [
    'addPositionalEncoding: over the limit',
    (c) => c.addPositionalEncoding(M(4097, 1, new Float32Array(4097))),
    /^addPositionalEncoding: X is \(4097, 1\), over the limit/,
  ],
  [
    'hardAttention: NaN',
    (c) => c.hardAttention(M(2, 2, [0, NaN, 0, 0])),
    /^hardAttention: scores \(2, 2\) has NaN at \(0, 1\); only finite values and -Infinity \(blocked\) are allowed$/,
  ],
  ['hardAttention: +Infinity', (c) => c.hardAttention(M(1, 2, [Infinity, 0])), /^hardAttention: scores \(1, 2\) has Infinity at \(0, 0\)/],
  [
    'hardAttention: V rows',
    (c) => c.hardAttention(M(2, 4, new Float32Array(8)), M(3, 2, new Float32Array(6))),
    /^hardAttention: V has 3 rows but scores has 4 columns \(scores: \(2, 4\), V: \(3, 2\)\); both must be T_k$/,
  ],
  ['hardAttention: V type', (c) => c.hardAttention(M(2, 4, new Float32Array(8)), [[1]]), /^hardAttention: V must be a Matrix.*got an Array of length 1$/],
  [
    'hardAttention: V Infinity',
    (c) => c.hardAttention(M(1, 2, [0, 1]), M(2, 1, [Infinity, 0])),
    /^hardAttention: V \(2, 1\) has a non-finite value Infinity at \(0, 0\)$/,
  ],
  [
    'scoreStatistics: d_k',
    (c) => c.scoreStatistics(Q, M(5, 3, new Float32Array(15))),
    /^scoreStatistics: K has 3 columns but Q has 4 \(Q: \(2, 4\), K: \(5, 3\)\); both must have d_k columns$/,
  ],
  ['scoreStatistics: bins 0', (c) => c.scoreStatistics(Q, K, { bins: 0 }), /^scoreStatistics: bins must be an integer from 1 to 1000, got 0$/],
  ['scoreStatistics: bins 2.5', (c) => c.scoreStatistics(Q, K, { bins: 2.5 }), /^scoreStatistics: options\.bins must be an integer, got number 2\.5$/],
  ['scoreStatistics: minRange', (c) => c.scoreStatistics(Q, K, { minRange: -1 }), /^scoreStatistics: minRange must be a number from 0 to 1e6, got -1$/],
  ['scoreStatistics: minRange NaN', (c) => c.scoreStatistics(Q, K, { minRange: NaN }), /^scoreStatistics: minRange must be a number from 0 to 1e6, got NaN$/],
  ['scoreStatistics: scale', (c) => c.scoreStatistics(Q, K, { scale: Infinity }), /^scoreStatistics: scale must be a finite number, got Infinity$/],
  [
    'scoreStatistics: unknown option',
    (c) => c.scoreStatistics(Q, K, { bin: 3 }),
    /^scoreStatistics: unknown options field 'bin' \(expected scale, bins, minRange\)$/,
  ],
  [
    'compareMatrices: shapes',
    (c) => c.compareMatrices(M(2, 3, new Float32Array(6)), M(3, 2, new Float32Array(6))),
    /^compareMatrices: A is \(2, 3\) but B is \(3, 2\); they must have one shape$/,
  ],
  ['compareMatrices: B missing', (c) => c.compareMatrices(Q), /^compareMatrices: B must be a Matrix.*got undefined/],
];

for (const variant of VARIANTS) {
  test(`lesson math (${variant}): bad input throws a named Error and the core keeps working`, async () => {
    const c = await core(variant);
    const V = M(5, 1, [1, 2, 3, 4, 5]);
    const reference = c.attention(Q, K, V);
    const stats = c.scoreStatistics(Q, K);
    for (const [what, call, pattern] of bad) {
      assert.throws(
        () => call(c),
        (e) => {
          assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${what}: not a plain Error`);
          assert.match(e.message, pattern, what);
          return true;
        },
        what,
      );
      assert.deepEqual(c.attention(Q, K, V).output.data, reference.output.data, `${what}: core changed after the error`);
    }
    assert.deepEqual(c.scoreStatistics(Q, K), stats);
  });
}
