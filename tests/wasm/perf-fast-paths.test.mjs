// tests/wasm/perf-fast-paths.test.mjs — correctness of the fast paths on both WASM builds (the
// SIMD build runs the hand-written WASM SIMD kernels, the scalar build the portable Eigen path):
// multiHeadAttentionOutput against multiHeadAttention(...).output (causal, masks, fully blocked
// rows, cross-attention, T = 1, sizes not multiples of 4 or 8), the softmax kernel against a
// double-precision JS reference (-inf → exact 0, all -inf → zeros), bad input, and a flat WASM
// heap over 10,000 fast-path calls. No timing here: `npm run bench` measures speed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { VARIANTS, assertClose, core, rng } from './helpers.mjs';

// Weights at PyTorch's init scale (±1/√E), so logits stay in the range a model produces.
function params(g, E, numHeads, bias = true) {
  const s = 1 / Math.sqrt(E);
  const p = {
    numHeads,
    inProjWeight: g.matrix(3 * E, E, s),
    outProjWeight: g.matrix(E, E, s),
  };
  if (bias) {
    p.inProjBias = g.floats(3 * E, 0.1);
    p.outProjBias = g.floats(E, 0.1);
  }
  return p;
}

const CASES = [
  // [T_q, T_k, E, heads, options kind]
  [1, 1, 8, 8, 'none'],
  [1, 1, 8, 2, 'causal'],
  [5, 5, 12, 3, 'causal'],
  [7, 7, 10, 5, 'mask'],
  [9, 9, 9, 3, 'all'],
  [13, 6, 16, 4, 'padding'],
  [6, 13, 16, 4, 'causal'],
  [33, 33, 64, 8, 'causal'],
  [37, 37, 40, 8, 'all'],
  [130, 130, 136, 8, 'causal'],
  [64, 64, 256, 8, 'none'],
];

for (const variant of VARIANTS) {
  test(`${variant}: multiHeadAttentionOutput equals multiHeadAttention().output`, async () => {
    const c = await core(variant);
    const g = rng(2024);
    for (const [Tq, Tk, E, heads, kind] of CASES) {
      const query = g.matrix(Tq, E), key = g.matrix(Tk, E), value = g.matrix(Tk, E);
      const p = params(g, E, heads, kind !== 'padding');
      const options = {};
      if (kind === 'causal' || kind === 'all') options.causal = true;
      if (kind === 'mask' || kind === 'all') {
        const mask = g.matrix(Tq, Tk);
        mask.data = mask.data.map((x) => (x > 0.3 ? 1 : 0));
        if (Tq > 2) mask.data.fill(1, Tk, 2 * Tk); // row 1 fully blocked: zero weights
        options.mask = mask;
      }
      if (kind === 'padding' || kind === 'all') options.keyPaddingMask = Uint8Array.from({ length: Tk }, (_, j) => (j === Tk - 1 ? 1 : 0));
      const ref = c.multiHeadAttention(query, key, value, p, options).output;
      const fast = c.multiHeadAttentionOutput(query, key, value, p, options);
      assert.ok(!fast.data.some(Number.isNaN), 'no NaN');
      assertClose(fast, ref, { atol: 1e-5, rtol: 1e-4, label: `${variant} ${Tq}x${Tk} E=${E} h=${heads} ${kind}` });
    }
  });

  test(`${variant}: softmax kernel — odd widths, -inf gives exact 0, blocked rows give zeros`, async () => {
    const c = await core(variant);
    const g = rng(7);
    for (const cols of [1, 2, 3, 5, 7, 8, 9, 31, 67]) {
      const x = g.matrix(4, cols, 8);
      for (let j = 0; j < cols; j += 2) x.data[cols + j] = -Infinity; // row 1: some blocked
      x.data.fill(-Infinity, 2 * cols, 3 * cols); // row 2: fully blocked
      for (let j = 0; j < cols; j++) x.data[3 * cols + j] *= 1250; // row 3: ±1e4
      for (const temperature of [1, 0.3]) {
        const y = c.softmax(x, temperature);
        const expected = new Float64Array(x.data.length);
        for (let i = 0; i < 4; i++) {
          const row = Array.from(x.data.subarray(i * cols, (i + 1) * cols));
          const max = Math.max(...row);
          if (max === -Infinity) continue;
          const e = row.map((v) => Math.exp((v - max) / temperature));
          const s = e.reduce((a, b) => a + b, 0);
          e.forEach((v, j) => (expected[i * cols + j] = v / s));
        }
        assertClose(y, { rows: 4, cols, data: Float32Array.from(expected) }, { atol: 1e-6, rtol: 1e-5, label: `${variant} softmax ${cols}` });
        for (let k = 0; k < x.data.length; k++) if (x.data[k] === -Infinity) assert.equal(y.data[k], 0, `blocked ${k} is exactly 0`);
      }
    }
  });

  test(`${variant}: multiHeadAttentionOutput rejects bad input with its own name`, async () => {
    const c = await core(variant);
    const g = rng(3);
    const x = g.matrix(4, 10);
    assert.throws(() => c.multiHeadAttentionOutput(x, x, x, params(g, 10, 4)), /^Error: multiHeadAttentionOutput: embed dim 10 is not divisible by numHeads 4/);
    assert.throws(() => c.multiHeadAttentionOutput(x, x, x, params(g, 10, 2), { casual: true }), /multiHeadAttentionOutput: unknown options field 'casual'/);
    // Still usable afterwards.
    assert.equal(c.multiHeadAttentionOutput(x, x, x, params(g, 10, 2)).rows, 4);
  });

  test(`${variant}: the WASM heap is flat across 10,000 fast-path calls`, async () => {
    const c = await core(variant);
    const g = rng(5);
    const x = g.matrix(16, 32);
    const p = params(g, 32, 8);
    c.multiHeadAttentionOutput(x, x, x, p, { causal: true }); // first call sizes the workspace
    const before = c.heapBytes();
    for (let n = 0; n < 10000; n++) c.multiHeadAttentionOutput(x, x, x, p, { causal: n % 2 === 0 });
    const after = c.heapBytes();
    assert.equal(after.allocated, before.allocated, 'bytes allocated by malloc');
    assert.equal(after.memory, before.memory, 'linear memory size');
  });
}
