// @ts-check
// tests/web/sw-simd-probe.test.mjs — the service worker (web/public/sw.js, copied as is, not
// bundled) holds its own copy of the bytes wasm/load.js validates to choose the SIMD or scalar
// build; it must be the same module, or the worker would precache one build while the page loads
// the other. Reads the worker's source; does not run it (tests/e2e/simd.spec.ts does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { SIMD_PROBE } from '../../wasm/load.js';

test('sw.js validates the same SIMD probe as wasm/load.js', () => {
  const sw = readFileSync(new URL('../../web/public/sw.js', import.meta.url), 'utf8');
  const m = sw.match(/const SIMD_PROBE = (\[[\d,\s]+\]);/);
  assert.ok(m, 'sw.js declares SIMD_PROBE as a literal array of bytes');
  assert.deepEqual(JSON.parse(m[1] ?? '[]'), [...SIMD_PROBE]);
});
