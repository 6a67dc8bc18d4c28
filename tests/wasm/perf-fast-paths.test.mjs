// @ts-check
// tests/wasm/perf-fast-paths.test.mjs — correctness of the fast paths on both WASM builds (the
// SIMD build runs the hand-written WASM SIMD kernels, the scalar build the portable Eigen path):
// multiHeadAttentionOutput and a prepared layer's forward (createMultiHeadAttention) against
// multiHeadAttention(...).output (causal, masks, fully blocked rows, cross-attention, T = 1,
// sizes not multiples of 4 or 8, many lengths through one layer, more query rows than one row
// block), the softmax kernel against a double-precision JS reference (-inf → exact 0, all -inf →
// zeros), bad input, delete(), and a flat WASM heap over 10,000 fast-path calls. No timing here: `npm run bench` measures speed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { VARIANTS, assertClose, core, rng } from './helpers.mjs';

/** @typedef {'none' | 'causal' | 'mask' | 'all' | 'padding'} OptionsKind */

/**
 * Weights at PyTorch's init scale (±1/√E), so logits stay in the range a model produces.
 * @param {import('./helpers.mjs').Rng} g
 * @param {number} E
 * @param {number} numHeads
 */
function params(g, E, numHeads, bias = true) {
  const s = 1 / Math.sqrt(E);
  /** @type {import('../../wasm/index.js').MultiHeadParams} */
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

/** @type {[number, number, number, number, OptionsKind][]} */
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
  [70, 70, 32, 4, 'all'],
  [100, 45, 24, 2, 'causal'],
];

/**
 * The options of a CASES row, drawn from g.
 * @param {import('./helpers.mjs').Rng} g
 * @param {number} Tq
 * @param {number} Tk
 * @param {OptionsKind} kind
 */
function caseOptions(g, Tq, Tk, kind) {
  /** @type {import('../../wasm/index.js').MultiHeadOptions} */
  const options = {};
  if (kind === 'causal' || kind === 'all') options.causal = true;
  if (kind === 'mask' || kind === 'all') {
    const mask = g.matrix(Tq, Tk);
    mask.data = mask.data.map((x) => (x > 0.3 ? 1 : 0));
    if (Tq > 2) mask.data.fill(1, Tk, 2 * Tk); // row 1 fully blocked: zero weights
    options.mask = mask;
  }
  if (kind === 'padding' || kind === 'all') options.keyPaddingMask = Uint8Array.from({ length: Tk }, (_, j) => (j === Tk - 1 ? 1 : 0));
  return options;
}

for (const variant of VARIANTS) {
  test(`${variant}: multiHeadAttentionOutput equals multiHeadAttention().output`, async () => {
    const c = await core(variant);
    const g = rng(2024);
    for (const [Tq, Tk, E, heads, kind] of CASES) {
      const query = g.matrix(Tq, E),
        key = g.matrix(Tk, E),
        value = g.matrix(Tk, E);
      const p = params(g, E, heads, kind !== 'padding');
      const options = caseOptions(g, Tq, Tk, kind);
      const ref = c.multiHeadAttention(query, key, value, p, options).output;
      const fast = c.multiHeadAttentionOutput(query, key, value, p, options);
      assert.ok(!fast.data.some(Number.isNaN), 'no NaN');
      assertClose(fast, ref, { atol: 1e-5, rtol: 1e-4, label: `${variant} ${Tq}x${Tk} E=${E} h=${heads} ${kind}` });
      // A prepared layer: the same numbers as the one-shot call, bit for bit.
      const layer = c.createMultiHeadAttention(p);
      try {
        assert.equal(layer.numHeads, heads);
        assert.equal(layer.embedDim, E);
        assert.deepEqual(layer.forward(query, key, value, options), fast);
        if (Tq === Tk) {
          // Self-attention with one object passed three times (copied into the heap once).
          // Without masks this takes the heap-copy fast path of forward(): still bit-equal to the one-shot call.
          const self = layer.forward(query, query, query, options);
          assertClose(self, c.multiHeadAttention(query, query, query, p, options).output, { atol: 1e-5, rtol: 1e-4, label: `${variant} self ${Tq} E=${E}` });
          assert.deepEqual(self, c.multiHeadAttentionOutput(query, query, query, p, options));
        }
      } finally {
        layer.delete();
      }
    }
  });

  test(`${variant}: one prepared layer serves many sequence lengths`, async () => {
    const c = await core(variant);
    const g = rng(99);
    const p = params(g, 24, 3);
    const layer = c.createMultiHeadAttention(p);
    try {
      for (const T of [70, 1, 33, 32, 31, 100, 2])
        for (const causal of [false, true]) {
          const x = g.matrix(T, 24);
          const out = layer.forward(x, x, x, { causal });
          assertClose(out, c.multiHeadAttention(x, x, x, p, { causal }).output, { atol: 1e-5, rtol: 1e-4, label: `${variant} T=${T} causal=${causal}` });
        }
    } finally {
      layer.delete();
    }
  });

  test(`${variant}: a prepared layer names its errors, stays usable, and throws after delete()`, async () => {
    const c = await core(variant);
    const g = rng(4);
    assert.throws(() => c.createMultiHeadAttention(params(g, 10, 4)), /^Error: createMultiHeadAttention: embed dim 10 is not divisible by numHeads 4/);
    assert.throws(
      () => c.createMultiHeadAttention({ ...params(g, 10, 2), inProjWeight: g.matrix(10, 10) }),
      /^Error: createMultiHeadAttention: params.inProjWeight is \(10, 10\) but must be \(3E, E\) = \(30, 10\)/,
    );
    // Not params, and a misspelt option (below), on purpose: any past the type check.
    assert.throws(() => c.createMultiHeadAttention(/** @type {any} */ (null)), /^Error: createMultiHeadAttention: params must be an object/);
    const layer = c.createMultiHeadAttention(params(g, 10, 2));
    const x = g.matrix(4, 10);
    assert.throws(
      () => layer.forward(g.matrix(4, 6), g.matrix(4, 6), g.matrix(4, 6)),
      /^Error: MultiHeadAttention.forward: query has 6 columns but the layer's embed dim E is 10 \(query: \(4, 6\)\)/,
    );
    const narrow = g.matrix(4, 6); // self-attention, no masks: the heap-copy fast path, the same message
    assert.throws(
      () => layer.forward(narrow, narrow, narrow, { causal: true }),
      /^Error: MultiHeadAttention.forward: query has 6 columns but the layer's embed dim E is 10 \(query: \(4, 6\)\)/,
    );
    const bad = g.matrix(4, 10);
    bad.data[5] = NaN;
    assert.throws(() => layer.forward(bad, bad, bad), /^Error: MultiHeadAttention.forward: query \(4, 10\) has a non-finite value NaN at \(0, 5\)/);
    assert.throws(() => layer.forward(x, x, g.matrix(3, 10)), /^Error: MultiHeadAttention.forward: value has 3 rows but key has 4/);
    assert.throws(() => layer.forward(x, x, x, /** @type {any} */ ({ casual: true })), /^Error: MultiHeadAttention.forward: unknown options field 'casual'/);
    assert.throws(
      () => layer.forward(x, x, x, { keyPaddingMask: new Uint8Array(3) }),
      /^Error: MultiHeadAttention.forward: keyPaddingMask has length 3 but must have length T_k = 4/,
    );
    assert.equal(layer.forward(x, x, x).rows, 4, 'usable after bad input');
    assert.equal(layer.deleted, false);
    layer.delete();
    layer.delete(); // twice is safe
    assert.equal(layer.deleted, true);
    assert.throws(() => layer.forward(x, x, x), /^Error: MultiHeadAttention.forward: the layer was deleted/);
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
    // A misspelt option on purpose: any past the type check.
    assert.throws(
      () => c.multiHeadAttentionOutput(x, x, x, params(g, 10, 2), /** @type {any} */ ({ casual: true })),
      /multiHeadAttentionOutput: unknown options field 'casual'/,
    );
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

  test(`${variant}: a prepared layer's forwards keep the heap flat, and delete() frees it`, async () => {
    const c = await core(variant);
    const g = rng(6);
    const x = g.matrix(40, 32);
    const p = params(g, 32, 8);
    const start = c.heapBytes().allocated;
    const layer = c.createMultiHeadAttention(p);
    try {
      layer.forward(x, x, x, { causal: true }); // the first forward sizes the workspace
      const before = c.heapBytes();
      for (let n = 0; n < 10000; n++) layer.forward(x, x, x, { causal: n % 2 === 0 });
      const after = c.heapBytes();
      assert.equal(after.allocated, before.allocated, 'bytes allocated by malloc');
      assert.equal(after.memory, before.memory, 'linear memory size');
      assert.ok(before.allocated > start, 'the layer holds heap memory while alive');
    } finally {
      layer.delete();
    }
    assert.equal(c.heapBytes().allocated, start, 'delete() gives every byte back');
  });
}
