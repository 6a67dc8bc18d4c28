// @ts-check
// tests/wasm/properties.test.mjs — the properties of tests/core/test_properties.cpp, through
// the JS API of both WASM builds: rows sum to 1, blocked weights exactly 0, a fully blocked
// row is zeros (never NaN), softmax shift invariance and stability at ±1e4, permutation
// equivariance without PE, one head = single-head attention with the same projections.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { VARIANTS, assertClose, core, rng } from './helpers.mjs';

/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** Row i of m. @param {Matrix} m @param {number} i */
const row = (m, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols);
/** @param {Float32Array} a */
const sum = (a) => a.reduce((s, x) => s + x, 0);

for (const variant of VARIANTS) {
  describe(`properties (${variant})`, () => {
    test('weight rows sum to 1 and are non-negative', async () => {
      const c = await core(variant);
      const g = rng(1);
      for (let trial = 0; trial < 20; trial++) {
        const Tq = 1 + (trial % 7),
          Tk = 1 + ((trial * 3) % 11),
          d = 1 + (trial % 9);
        const r = c.attention(g.matrix(Tq, d, 3), g.matrix(Tk, d, 3), g.matrix(Tk, 4));
        for (let i = 0; i < Tq; i++) assert.ok(Math.abs(sum(row(r.weights, i)) - 1) < 1e-6);
        assert.ok(r.weights.data.every((w) => w >= 0));
      }
    });

    test('blocked weights are exactly 0; a fully blocked row gives zeros, never NaN', async () => {
      const c = await core(variant);
      const g = rng(2);
      const T = 9;
      const mask = g.matrix(T, T);
      mask.data = mask.data.map((x) => (x > 0.3 ? 1 : 0));
      mask.data.fill(1, 4 * T, 5 * T); // query 4 sees nothing
      const r = c.attention(g.matrix(T, 5, 4), g.matrix(T, 5, 4), g.matrix(T, 3), { causal: true, mask });
      for (let i = 0; i < T; i++)
        for (let j = 0; j < T; j++) {
          const blocked = j > i || mask.data[i * T + j] !== 0;
          if (blocked) {
            assert.equal(r.weights.data[i * T + j], 0);
            assert.equal(r.masked.data[i * T + j], -Infinity);
          }
        }
      assert.ok(row(r.weights, 4).every((w) => w === 0));
      assert.ok(row(r.output, 4).every((w) => w === 0));
      assert.ok(r.weights.data.every(Number.isFinite) && r.output.data.every(Number.isFinite));

      const E = 4;
      const m = c.multiHeadAttention(
        g.matrix(2, E),
        g.matrix(3, E),
        g.matrix(3, E),
        {
          numHeads: 2,
          inProjWeight: g.matrix(3 * E, E),
          outProjWeight: g.matrix(E, E),
          outProjBias: g.floats(E),
        },
        { keyPaddingMask: new Uint8Array([1, 1, 1]) },
      );
      assert.ok(m.averageWeights.data.every((w) => w === 0));
      assert.ok(m.output.data.every(Number.isFinite));
    });

    test('softmax is invariant to adding a constant and stable at ±1e4', async () => {
      const c = await core(variant);
      const g = rng(4);
      const x = g.matrix(5, 8, 5);
      const base = c.softmax(x);
      for (const k of [-1000, -3.5, 0.25, 77, 5000]) {
        const shifted = { ...x, data: x.data.map((v) => v + k) };
        assertClose(c.softmax(shifted), base, { atol: 1e-6, rtol: 1e-3, label: `shift ${k}` });
      }
      const big = c.softmax({ rows: 2, cols: 3, data: new Float32Array([1e4, -1e4, 0, -1e4, -1e4, -1e4]) });
      assert.deepEqual(Array.from(big.data.subarray(0, 3)), [1, 0, 0]);
      assert.ok(big.data.subarray(3).every((w) => Math.abs(w - 1 / 3) < 1e-7));
    });

    test('self-attention without positional encoding is permutation-equivariant; with PE it is not', async () => {
      const c = await core(variant);
      const g = rng(6);
      const T = 7,
        E = 8;
      const X = g.matrix(T, E);
      const perm = [5, 6, 3, 2, 4, 0, 1];
      /** @param {Matrix} m @returns {Matrix} */
      const permute = (m) => ({ ...m, data: Float32Array.from(perm.flatMap((p) => Array.from(row(m, p)))) });
      const params = { numHeads: 4, inProjWeight: g.matrix(3 * E, E), inProjBias: g.floats(3 * E), outProjWeight: g.matrix(E, E) };
      const a = c.multiHeadAttention(X, X, X, params);
      const Xp = permute(X);
      const b = c.multiHeadAttention(Xp, Xp, Xp, params);
      assertClose(b.output, permute(a.output), { atol: 1e-5, rtol: 1e-5, label: 'permuted output' });

      const pe = c.positionalEncoding(T, E);
      /** @param {Matrix} m @returns {Matrix} */
      const add = (m) => ({ ...m, data: m.data.map((v, i) => v + pe.data[i]) });
      const ape = c.multiHeadAttention(add(X), add(X), add(X), params);
      const bpe = c.multiHeadAttention(add(Xp), add(Xp), add(Xp), params);
      const expected = permute(ape.output).data;
      const maxDiff = Math.max(...bpe.output.data.map((v, i) => Math.abs(v - expected[i])));
      assert.ok(maxDiff > 1e-2, `with PE the output changed by only ${maxDiff}`);
    });

    test('multi-head attention with one head equals single-head attention with the same projections', async () => {
      const c = await core(variant);
      const g = rng(7);
      const E = 6;
      const query = g.matrix(5, E),
        key = g.matrix(6, E),
        value = g.matrix(6, E);
      const inProjWeight = g.matrix(3 * E, E);
      const m = c.multiHeadAttention(query, key, value, { numHeads: 1, inProjWeight, outProjWeight: g.matrix(E, E) }, { causal: true });
      const h = m.heads[0];
      const single = c.attention(h.q, h.k, h.v, { causal: true });
      assertClose(m.averageWeights, single.weights, { atol: 1e-6, rtol: 1e-5, label: 'weights' });
      assertClose(m.concat, single.output, { atol: 1e-6, rtol: 1e-5, label: 'concat' });
    });
  });
}
