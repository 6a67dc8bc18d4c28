// @ts-check
// tests/wasm/helpers.mjs — shared support for the node:test suites against the built WASM
// modules: loading both builds of the lessons' core and of the trainer, reading the PyTorch fixtures, seeded random matrices and a
// tolerance comparison that names the worst cell. Computes no attention math.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createAttentionCore, createBottleneckCore } from '../../wasm/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const cores = {};
/** The SIMD build (default) or the scalar build, instantiated once per test process. */
export async function core(variant = 'simd') {
  cores[variant] ??= createAttentionCore({ scalar: variant === 'scalar' });
  return cores[variant];
}
const trainerCores = {};
/** The trainer module (createBottleneckCore), SIMD or scalar build, instantiated once per test process. */
export async function trainerCore(variant = 'simd') {
  trainerCores[variant] ??= createBottleneckCore({ scalar: variant === 'scalar' });
  return trainerCores[variant];
}
export const VARIANTS = ['simd', 'scalar'];

const toFloat = (v) => (v === '-Infinity' ? -Infinity : v);
export const matrix = (j) => ({ rows: j.rows, cols: j.cols, data: Float32Array.from(j.data, toFloat) });
export const floats = (a) => Float32Array.from(a, toFloat);

export function goldenCases(kind) {
  const all = JSON.parse(readFileSync(new URL('../fixtures/golden.json', import.meta.url), 'utf8')).cases;
  return all.filter((c) => c.kind === kind);
}

/** splitmix64-based generator: uniform floats in [-scale, scale). */
export function rng(seed) {
  let s = BigInt(seed);
  const M = (1n << 64n) - 1n;
  const next = () => {
    s = (s + 0x9e3779b97f4a7c15n) & M;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return z ^ (z >> 31n);
  };
  const uniform = () => Number(next() >> 11n) * 2 ** -52 - 1;
  return {
    uniform,
    matrix(rows, cols, scale = 1) {
      return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => scale * uniform()) };
    },
    floats(n, scale = 1) {
      return Float32Array.from({ length: n }, () => scale * uniform());
    },
  };
}

/** Asserts |a − e| ≤ atol + rtol·|e| everywhere (−∞ must equal −∞), naming the worst cell. */
export function assertClose(actual, expected, { atol = 2e-6, rtol = 2e-5, label = '' } = {}) {
  if (!(actual.data instanceof Float32Array) && !(actual instanceof Float32Array)) assert.fail(`${label}: not a Float32Array-backed result`);
  const a = actual.data ?? actual;
  const e = expected.data ?? expected;
  if (expected.rows !== undefined) {
    assert.equal(actual.rows, expected.rows, `${label}: rows`);
    assert.equal(actual.cols, expected.cols, `${label}: cols`);
  }
  assert.equal(a.length, e.length, `${label}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(e[i]) || !Number.isFinite(a[i])) {
      assert.equal(a[i], e[i], `${label}: element ${i}`);
      continue;
    }
    const excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
    if (excess > worst) {
      worst = excess;
      at = i;
    }
  }
  if (at >= 0) {
    const cols = actual.cols ?? a.length;
    assert.fail(`${label}: at (${Math.floor(at / cols)}, ${at % cols}) got ${a[at]}, expected ${e[at]} (tolerance ${atol} + ${rtol}·|expected|)`);
  }
}
