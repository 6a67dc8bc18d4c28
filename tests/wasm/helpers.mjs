// @ts-check
// tests/wasm/helpers.mjs — shared support for the node:test suites against the built WASM
// modules: loading both builds of the lessons' core and of the trainer, reading the PyTorch fixtures, seeded random matrices and a
// tolerance comparison that names the worst cell. Computes no attention math.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createAttentionCore, createBottleneckCore } from '../../wasm/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** A matrix as the PyTorch fixtures store it: -Infinity is written as the string '-Infinity'. */
/** @typedef {{ rows: number, cols: number, data: (number | '-Infinity')[] }} JsonMatrix */
/** @typedef {(number | '-Infinity')[]} JsonFloats */
/** A fixture matrix that holds only numbers (no '-Infinity'). */
/** @typedef {{ rows: number, cols: number, data: number[] }} NumberMatrix */
/**
 * One case of tests/fixtures/golden.json, by kind.
 * @typedef {{ name: string, kind: 'softmax', inputs: { x: JsonMatrix, temperature: number }, expected: { output: JsonMatrix } }} SoftmaxCase
 * @typedef {{ Q: JsonMatrix, K: JsonMatrix, V: JsonMatrix, causal?: boolean, mask?: JsonMatrix, scale?: number }} AttentionInputs
 * @typedef {{ scores: NumberMatrix, scaled: NumberMatrix, masked: JsonMatrix, weights: NumberMatrix, output: NumberMatrix }} AttentionExpected
 * @typedef {{ name: string, kind: 'attention', inputs: AttentionInputs, expected: AttentionExpected }} AttentionCase
 * @typedef {{ Q: JsonMatrix, K: JsonMatrix, V: JsonMatrix, Wq: JsonMatrix, Wk: JsonMatrix, v: JsonFloats, mask?: JsonMatrix }} AdditiveInputs
 * @typedef {{ name: string, kind: 'additive', inputs: AdditiveInputs, expected: { scores: JsonMatrix, weights: JsonMatrix, output: JsonMatrix } }} AdditiveCase
 * @typedef {{ query: JsonMatrix, key: JsonMatrix, value: JsonMatrix, numHeads: number, inProjWeight: JsonMatrix, outProjWeight: JsonMatrix,
 *   causal: boolean, inProjBias?: JsonFloats, outProjBias?: JsonFloats, mask?: JsonMatrix, keyPaddingMask?: number[] }} MultiHeadInputs
 * @typedef {{ output: NumberMatrix, averageWeights: NumberMatrix, headWeights: NumberMatrix[] }} MultiHeadExpected
 * @typedef {{ name: string, kind: 'multihead', inputs: MultiHeadInputs, expected: MultiHeadExpected }} MultiHeadCase
 * @typedef {{ name: string, kind: 'positional', inputs: { length: number, dModel: number }, expected: { output: JsonMatrix } }} PositionalCase
 * @typedef {{ x: JsonMatrix, Wx: JsonMatrix, Wh: JsonMatrix, b: JsonFloats }} RnnInputs
 * @typedef {{ name: string, kind: 'rnn', inputs: RnnInputs, expected: { states: JsonMatrix, influence: JsonFloats } }} RnnCase
 * @typedef {SoftmaxCase | AttentionCase | AdditiveCase | MultiHeadCase | PositionalCase | RnnCase} GoldenCase
 */

/** @type {Record<string, Promise<import('../../wasm/index.js').AttentionCore>>} */
const cores = {};
/** The SIMD build (default) or the scalar build, instantiated once per test process. */
export async function core(variant = 'simd') {
  cores[variant] ??= createAttentionCore({ scalar: variant === 'scalar' });
  return cores[variant];
}
/** @type {Record<string, Promise<import('../../wasm/index.js').BottleneckCore>>} */
const trainerCores = {};
/** The trainer module (createBottleneckCore), SIMD or scalar build, instantiated once per test process. */
export async function trainerCore(variant = 'simd') {
  trainerCores[variant] ??= createBottleneckCore({ scalar: variant === 'scalar' });
  return trainerCores[variant];
}
export const VARIANTS = ['simd', 'scalar'];

/** @param {number | '-Infinity'} v */
const toFloat = (v) => (v === '-Infinity' ? -Infinity : v);
/** @param {JsonMatrix} j @returns {Matrix} */
export const matrix = (j) => ({ rows: j.rows, cols: j.cols, data: Float32Array.from(j.data, toFloat) });
/** @param {JsonFloats} a */
export const floats = (a) => Float32Array.from(a, toFloat);

/**
 * @template {GoldenCase['kind']} K
 * @param {K} kind
 * @returns {Extract<GoldenCase, { kind: K }>[]}
 */
export function goldenCases(kind) {
  /** @type {GoldenCase[]} */
  const all = JSON.parse(readFileSync(new URL('../fixtures/golden.json', import.meta.url), 'utf8')).cases;
  return /** @type {Extract<GoldenCase, { kind: K }>[]} */ (all.filter((c) => c.kind === kind));
}

/**
 * splitmix64-based generator: uniform floats in [-scale, scale).
 * @param {number | bigint} seed
 */
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
    /** @param {number} rows @param {number} cols @returns {Matrix} */
    matrix(rows, cols, scale = 1) {
      return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => scale * uniform()) };
    },
    /** @param {number} n */
    floats(n, scale = 1) {
      return Float32Array.from({ length: n }, () => scale * uniform());
    },
  };
}

/** The generator rng(seed) returns. @typedef {ReturnType<typeof rng>} Rng */

/** @typedef {{ rows: number, cols: number, data: ArrayLike<number> }} MatrixLike */
/** A bare vector (a typed array or number[]): it has no rows, cols or data. */
/** @typedef {ArrayLike<number> & { rows?: undefined, cols?: undefined, data?: undefined }} Vector */
/**
 * Asserts |a − e| ≤ atol + rtol·|e| everywhere (−∞ must equal −∞), naming the worst cell.
 * @param {MatrixLike | Vector} actual
 * @param {MatrixLike | Vector} expected
 * @param {{ atol?: number, rtol?: number, label?: string }} [options]
 */
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
