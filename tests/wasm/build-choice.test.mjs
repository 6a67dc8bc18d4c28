// @ts-check
// tests/wasm/build-choice.test.mjs — which build the factories load when the caller does not say:
// the SIMD build where the engine validates WebAssembly SIMD (wasm/load.js: SIMD_PROBE), else the
// scalar one, which gives the same results; an explicit `scalar` always wins. An engine without
// SIMD (Safari before 16.4) is played by making WebAssembly.validate answer false. It does not
// compare the builds' numbers case by case (golden.test.mjs does, against PyTorch).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAttentionCore, createBottleneckCore } from '../../wasm/index.js';
import { SIMD_PROBE, wasmSimdSupported } from '../../wasm/load.js';
import { assertClose } from './helpers.mjs';

/** Runs `body` in an engine that validates no module (as one without SIMD answers for the probe). */
async function withoutSimd(/** @type {() => Promise<void>} */ body) {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    await body();
  } finally {
    WebAssembly.validate = validate;
  }
}

test('the probe is a SIMD module: this Node validates it, and not with its SIMD opcodes cut off', () => {
  assert.equal(wasmSimdSupported(), true);
  // 0xfd prefixes SIMD instructions; the probe's body is i32.const 0, i8x16.splat, i8x16.popcnt.
  assert.deepEqual(SIMD_PROBE.slice(-5), [253, 15, 253, 98, 11]);
  assert.equal(WebAssembly.validate(new Uint8Array(SIMD_PROBE.slice(0, -5))), false);
});

test('unset, both factories load the SIMD build where SIMD validates', async () => {
  assert.match((await createAttentionCore()).simd, /SSE2/);
  assert.match((await createBottleneckCore()).simd, /SSE2/);
});

test('without SIMD, both factories load the scalar build, which computes the same softmax; scalar: false still asks for SIMD', async () => {
  const x = { rows: 2, cols: 3, data: Float32Array.of(1, 2, 3, -1, 0, 4) };
  const simd = (await createAttentionCore()).softmax(x);
  await withoutSimd(async () => {
    assert.equal(wasmSimdSupported(), false);
    const core = await createAttentionCore();
    assert.equal(core.simd, 'None');
    assertClose(core.softmax(x), simd, { label: 'scalar softmax' });
    assert.equal((await createBottleneckCore()).simd, 'None');
    // Asked for by name, the SIMD build is loaded whatever validate says (here Node runs it).
    assert.match((await createAttentionCore({ scalar: false })).simd, /SSE2/);
    assert.match((await createBottleneckCore({ scalar: false })).simd, /SSE2/);
  });
  assert.equal(wasmSimdSupported(), true);
});
