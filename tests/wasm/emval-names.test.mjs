// @ts-check
// tests/wasm/emval-names.test.mjs — wasm/lib/emval_names.js, the --js-library that keeps the
// names the bindings pass to Embind as C strings: every built glue (both modules, both builds)
// has it in place of Embind's own getStringOrSymbol, and with it the core's results keep their
// property names across many calls and after the heap grew (names are read through HEAPU8,
// which growth replaces). It measures no allocation (bench/browser.mjs's runs do that).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { core, ROOT } from './helpers.mjs';

for (const name of ['attention_core', 'attention_core_scalar', 'attention_trainer', 'attention_trainer_scalar']) {
  test(`${name}.js: getStringOrSymbol returns the names it kept`, () => {
    const glue = readFileSync(`${ROOT}wasm/build/${name}.js`, 'utf8');
    const fn = glue.match(/function getStringOrSymbol\(address\)\{[^]*?return name\}/)?.[0] ?? '';
    assert.ok(fn.includes('emval_names[address]'), `${name}.js: Embind's getStringOrSymbol is not wasm/lib/emval_names.js's`);
  });
}

for (const variant of /** @type {const} */ (['simd', 'scalar'])) {
  test(`${variant}: results keep their property names over many calls and after the heap grew`, async () => {
    const c = await core(variant);
    const m = (/** @type {number} */ r, /** @type {number} */ k) => ({
      rows: r,
      cols: k,
      data: Float32Array.from({ length: r * k }, (_, i) => Math.sin(i + r)),
    });
    const keys = Object.keys(c.attention(m(3, 4), m(5, 4), m(5, 2))).sort();
    assert.deepEqual(keys, ['masked', 'output', 'scaled', 'scores', 'weights']);
    for (let n = 0; n < 200; n++) {
      const r = c.attention(m(3, 4), m(5, 4), m(5, 2));
      assert.deepEqual(Object.keys(r).sort(), keys);
      assert.deepEqual(Object.keys(r.weights).sort(), ['cols', 'data', 'rows']);
    }
    // A call large enough to grow the heap (16 MB at start), then small ones again.
    const before = c.heapBytes().memory;
    const big = c.attention(m(1200, 64), m(1200, 64), m(1200, 64));
    assert.equal(big.weights.rows, 1200);
    assert.ok(c.heapBytes().memory > before, `the heap did not grow (${before} bytes)`);
    const after = c.attention(m(3, 4), m(5, 4), m(5, 2));
    assert.deepEqual(Object.keys(after).sort(), keys);
    assert.deepEqual([after.output.rows, after.output.cols], [3, 2]);
  });
}
