// @ts-check
// tests/wasm/native-agreement.test.mjs — the WASM SIMD module and the native build
// (build/native/attn_dump) agree within 1e-5 on identical random inputs for every API
// function, at sizes larger than the golden fixtures.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { ROOT, assertClose, core, floats, rng } from './helpers.mjs';

const DUMP = process.env.ATTN_DUMP ?? join(ROOT, 'build/native/attn_dump');

/** @param {import('../../wasm/index.js').Matrix} m */
const plain = (m) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });

test('WASM and native agree within 1e-5', async () => {
  assert.ok(existsSync(DUMP), `${DUMP} is missing: build the native project first (npm test does)`);
  const c = await core('simd');
  const g = rng(99);
  const E = 64;
  const X = g.matrix(48, E);
  const mask = g.matrix(48, 48);
  mask.data = mask.data.map((x) => (x > 0.5 ? 1 : 0));
  const mha = {
    numHeads: 8,
    inProjWeight: g.matrix(3 * E, E, 0.2),
    inProjBias: g.floats(3 * E, 0.1),
    outProjWeight: g.matrix(E, E, 0.2),
    outProjBias: g.floats(E, 0.1),
  };
  const kpm = Uint8Array.from({ length: 48 }, (_, i) => (i >= 40 ? 1 : 0));
  const add = { Wq: g.matrix(16, E), Wk: g.matrix(16, E), v: g.floats(16) };
  const rnn = { Wx: g.matrix(32, E, 0.3), Wh: g.matrix(32, 32, 0.3), b: g.floats(32, 0.1) };
  /** @type {[string, Record<string, any>, (a: any) => any][]} [function, its arguments for attn_dump, the call] */
  const calls = [
    ['softmax', { x: g.matrix(33, 70, 20), temperature: 0.7 }, (a) => c.softmax(a.x, a.temperature)],
    ['positionalEncoding', { length: 200, dModel: 65 }, (a) => c.positionalEncoding(a.length, a.dModel)],
    ['attention', { Q: X, K: X, V: X, causal: true, mask }, (a) => c.attention(a.Q, a.K, a.V, { causal: true, mask: a.mask })],
    ['additiveAttention', { Q: g.matrix(20, E), K: X, V: X, ...add }, (a) => c.additiveAttention(a.Q, a.K, a.V, add)],
    [
      'multiHeadAttention',
      { query: X, key: X, value: X, ...mha, keyPaddingMask: kpm },
      (a) => c.multiHeadAttention(a.query, a.key, a.value, mha, { keyPaddingMask: kpm }),
    ],
    ['rnnEncoder', { x: g.matrix(30, E), ...rnn }, (a) => c.rnnEncoder(a.x, rnn)],
  ];
  const input = calls.map(([fn, args]) => ({
    fn,
    args: Object.fromEntries(
      Object.entries(args).map(([k, v]) => [
        k,
        v?.data ? plain(v) : ArrayBuffer.isView(v) ? Array.from(/** @type {Float32Array | Uint8Array} the inputs' typed arrays */ (v)) : v,
      ]),
    ),
  }));
  const native = JSON.parse(execFileSync(DUMP, { input: JSON.stringify(input), maxBuffer: 1 << 28 }).toString());
  /** @param {import('./helpers.mjs').JsonMatrix} j */
  const nm = (j) => ({ rows: j.rows, cols: j.cols, data: floats(j.data) });
  const tol = { atol: 1e-5, rtol: 1e-5 };
  calls.forEach(([fn, args, run], n) => {
    const w = run(args);
    const e = native[n];
    if (fn === 'softmax' || fn === 'positionalEncoding') return assertClose(w, nm(e), { ...tol, label: fn });
    if (fn === 'rnnEncoder') {
      assertClose(w.states, nm(e.states), { ...tol, label: 'rnnEncoder.states' });
      return assertClose(w.influence, floats(e.influence), { ...tol, label: 'rnnEncoder.influence' });
    }
    for (const key of Object.keys(e).filter((k) => k !== 'heads')) assertClose(w[key], nm(e[key]), { ...tol, label: `${fn}.${key}` });
    if (e.heads)
      e.heads.forEach((/** @type {Record<string, import('./helpers.mjs').JsonMatrix>} */ h, /** @type {number} */ i) => {
        for (const key of Object.keys(h)) assertClose(w.heads[i][key], nm(h[key]), { ...tol, label: `heads[${i}].${key}` });
      });
  });
});
