// @ts-check
// tests/wasm/soak.test.mjs — a soak across the JS boundary: 100,000 seeded random calls spread
// over every function of the JS API (softmax, positionalEncoding, attention, additiveAttention,
// multiHeadAttention, rnnEncoder of the lessons' core, and createBottleneckTrainer with every
// BottleneckTrainer method of the trainer module),
// about half of them invalid (wrong types, plain arrays, null, missing fields, NaN, ±Infinity,
// values over ±1e6, mismatched shapes, zero and over-the-limit sizes, bad heads and masks,
// hostile strings). It checks that
//   - every invalid call throws an Error whose message starts with the function's name (never
//     a WebAssembly.RuntimeError: the instance never aborts);
//   - every valid call returns finite numbers (only `masked` may hold -Infinity);
//   - both WASM heaps are flat: heapBytes() of the core and of the trainer module after the
//     first 1,000 calls equals the value after the last (allocated bytes and linear memory), so
//     nothing leaks through Embind;
//   - a sample of the valid calls (every 97th) gives bitwise the same results on fresh instances.
// It does not test the math against references (golden.test.mjs does) nor the messages' wording
// (validation.test.mjs and bad-input-table.test.mjs do).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAttentionCore, createBottleneckCore } from '../../wasm/index.js';
import { rng } from './helpers.mjs';

const CALLS = 100_000;
const WARMUP = 1_000;

const g = rng(20261123);
/** @template T @param {readonly T[]} arr @returns {T} */
const pick = (arr) => arr[Math.floor(((g.uniform() + 1) / 2) * arr.length) % arr.length];
/** @param {number} lo @param {number} hi */
const int = (lo, hi) => lo + (Math.floor(((g.uniform() + 1) / 2) * (hi - lo + 1)) % (hi - lo + 1));
/** @param {number} p */
const chance = (p) => (g.uniform() + 1) / 2 < p;
/** @param {number} rows @param {number} cols */
const M = (rows, cols, scale = 2) => g.matrix(rows, cols, scale);

// A corruption of a valid Matrix argument; each makes the call invalid.
const badMatrices = [
  () => null,
  () => undefined,
  () => 'a matrix',
  () => 42,
  () => [
    [1, 2],
    [3, 4],
  ],
  () => ({ rows: 2, cols: 2 }),
  () => ({ rows: 2, cols: 2, data: [1, 2, 3, 4] }),
  () => ({ rows: 2, cols: 2, data: new Float64Array(4) }),
  () => ({ rows: 2, cols: 2, data: new Float32Array(3) }),
  () => ({ rows: 0, cols: 2, data: new Float32Array(0) }),
  () => ({ rows: 1.5, cols: 2, data: new Float32Array(3) }),
  () => ({ rows: -1, cols: 2, data: new Float32Array(0) }),
  () => ({ rows: '2', cols: 2, data: new Float32Array(4) }),
  () => ({ rows: 4097, cols: 1, data: new Float32Array(4097) }),
];
/**
 * A valid-shaped matrix with one bad value (masks only reject non-finite values).
 * @param {import('../../wasm/index.js').Matrix} m
 * @returns {import('../../wasm/index.js').Matrix}
 */
function poisoned(m, values = [NaN, Infinity, -Infinity, 1e7, -3e38]) {
  const data = Float32Array.from(m.data);
  data[int(0, data.length - 1)] = pick(values);
  return { ...m, data };
}
const hostileStrings = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'the big black cat sees a house',
  'a small dog runs',
  '',
  '   ',
  '\u0000\u0001\u0002',
  'naïve café 😀 \uD800',
  'the '.repeat(80),
  'x'.repeat(2001),
  '<unk> <pad> <bos> <eos>',
  'THE CAT, SEES; THE DOG!?',
];

// Each generator returns { fn, valid, run(core) }. `fn` is the prefix every error must carry.
/**
 * About half the calls pass wrong types on purpose, so run() gets the cores untyped (any): the
 * lessons' core `c` and the trainer module `tc`.
 * @typedef {{ fn: string, valid: boolean, trainer?: boolean, run: (c: any, tc: any) => unknown }} Call
 */
/** @returns {Call} */
function genSoftmax() {
  const x = M(int(1, 6), int(1, 6), pick([1, 10, 1e5]));
  if (chance(0.2)) x.data[int(0, x.data.length - 1)] = -Infinity; // blocked: valid
  /** @type {any} valid or, on purpose, invalid temperature */
  let t = pick([undefined, 1, 0.5, 1e-30, 1e30, 3e38]);
  let valid = true;
  /** @type {any} valid or, on purpose, invalid matrix */
  let arg = x;
  if (chance(0.5)) {
    valid = false;
    if (chance(0.5)) arg = pick([pick(badMatrices)(), { ...x, data: x.data.map((v, i) => (i === 0 ? pick([NaN, Infinity]) : v)) }]);
    else t = pick([0, -1, NaN, Infinity, -Infinity, '1', null, {}, 1e-50]);
  }
  return { fn: 'softmax', valid, run: (c) => c.softmax(arg, t) };
}

/** @returns {Call} */
function genPositional() {
  /** @type {any} valid or, on purpose, invalid length */
  let len = int(1, 40);
  /** @type {any} valid or, on purpose, invalid width */
  let d = int(1, 40);
  let valid = true;
  if (chance(0.5)) {
    valid = false;
    if (chance(0.5)) len = pick([0, -3, 4097, 2.5, NaN, Infinity, '3', null, undefined, 2 ** 40]);
    else d = pick([0, -1, 4097, 1.5, NaN, '8', {}, 2 ** 31]);
  }
  return { fn: 'positionalEncoding', valid, run: (c) => c.positionalEncoding(len, d) };
}

/** @returns {Call} */
function genAttention() {
  const Tq = int(1, 6),
    Tk = int(1, 6),
    dk = int(1, 6),
    dv = int(1, 6);
  /** @type {any[]} valid or, on purpose, invalid matrices */
  const args = [M(Tq, dk), M(Tk, dk), M(Tk, dv)];
  const opts = {};
  if (chance(0.3)) opts.causal = chance(0.5);
  if (chance(0.3)) opts.mask = chance(0.2) ? { rows: Tq, cols: Tk, data: new Float32Array(Tq * Tk).fill(1) } : M(Tq, Tk);
  if (chance(0.2)) opts.scale = pick([0, -1, 0.25, 1e6, -1e6]);
  let valid = true;
  /** @type {any} valid or, on purpose, invalid options */
  let options = Object.keys(opts).length ? opts : undefined;
  if (chance(0.5)) {
    valid = false;
    const which = int(0, 6);
    if (which === 0) args[int(0, 2)] = pick(badMatrices)();
    else if (which === 1) args[int(0, 2)] = poisoned(args[0]);
    else if (which === 2)
      args[1] = M(Tk, dk + 1); // d_k mismatch
    else if (which === 3)
      args[2] = M(Tk + 1, dv); // T_k mismatch
    else if (which === 4) options = { mask: M(Tq + 1, Tk) };
    else if (which === 5) options = pick([null, 'causal', { casual: true }, { causal: 'yes' }, { scale: NaN }, { scale: 1e7 }, { scale: '1' }]);
    else options = { mask: poisoned(M(Tq, Tk), [NaN, Infinity, -Infinity]) };
  }
  return { fn: 'attention', valid, run: (c) => c.attention(args[0], args[1], args[2], options) };
}

/** @returns {Call} */
function genAdditive() {
  const Tq = int(1, 5),
    Tk = int(1, 5),
    dq = int(1, 5),
    dk = int(1, 5),
    dv = int(1, 5),
    h = int(1, 6);
  /** @type {any[]} valid or, on purpose, invalid matrices */
  const args = [M(Tq, dq), M(Tk, dk), M(Tk, dv)];
  /** @type {any} valid or, on purpose, invalid params */
  let params = { Wq: M(h, dq), Wk: M(h, dk), v: g.floats(h) };
  /** @type {any} valid or, on purpose, invalid options */
  let options = chance(0.3) ? { mask: M(Tq, Tk) } : undefined;
  let valid = true;
  if (chance(0.5)) {
    valid = false;
    const which = int(0, 5);
    if (which === 0) args[int(0, 2)] = pick(badMatrices)();
    else if (which === 1) params = pick([null, undefined, {}, { Wq: params.Wq, Wk: params.Wk }, 'params']);
    else if (which === 2) params = { ...params, v: pick([g.floats(h + 1), [1, 2], null, Float32Array.of(NaN)]) };
    else if (which === 3) params = { ...params, Wk: M(h + 1, dk) };
    else if (which === 4) options = pick([{ mask: M(Tq, Tk + 1) }, { causal: true }, null]);
    else params = { ...params, Wq: poisoned(params.Wq) };
  }
  return { fn: 'additiveAttention', valid, run: (c) => c.additiveAttention(args[0], args[1], args[2], params, options) };
}

/** @returns {Call} */
function genMultiHead() {
  const heads = pick([1, 2, 3]);
  const E = heads * int(1, 3);
  const Tq = int(1, 5),
    Tk = int(1, 5);
  /** @type {any[]} valid or, on purpose, invalid matrices */
  const args = [M(Tq, E), M(Tk, E), M(Tk, E)];
  /** @type {any} valid or, on purpose, invalid params */
  let params = { numHeads: heads, inProjWeight: M(3 * E, E), outProjWeight: M(E, E) };
  if (chance(0.5)) params.inProjBias = g.floats(3 * E);
  if (chance(0.5)) params.outProjBias = g.floats(E);
  /** @type {any} valid or, on purpose, invalid options */
  let options;
  if (chance(0.4)) {
    options = { causal: chance(0.5) };
    if (chance(0.5)) options.keyPaddingMask = Uint8Array.from({ length: Tk }, () => (chance(0.3) ? 1 : 0));
    if (chance(0.3)) options.mask = M(Tq, Tk);
  }
  let valid = true;
  if (chance(0.5)) {
    valid = false;
    const which = int(0, 6);
    if (which === 0) args[int(0, 2)] = pick(badMatrices)();
    else if (which === 1) params = { ...params, numHeads: pick([0, -1, 2.5, NaN, '2', null, 257, E + 1]) };
    else if (which === 2) params = { ...params, inProjWeight: M(2 * E, E) };
    else if (which === 3) params = { ...params, outProjBias: pick([g.floats(E + 1), [0], Float32Array.of(Infinity)]) };
    else if (which === 4) options = pick([{ keyPaddingMask: new Uint8Array(Tk + 1) }, { keyPaddingMask: [0] }, { mask: M(Tk + 1, Tq) }, { heads: 2 }]);
    else if (which === 5) params = pick([null, undefined, { numHeads: heads }]);
    else args[1] = M(Tk, E + 1);
  }
  return { fn: 'multiHeadAttention', valid, run: (c) => c.multiHeadAttention(args[0], args[1], args[2], params, options) };
}

/** @returns {Call} */
function genRnn() {
  const T = int(1, 12),
    din = int(1, 4),
    h = int(1, 5);
  /** @type {any} valid or, on purpose, invalid matrix */
  let x = M(T, din);
  /** @type {any} valid or, on purpose, invalid params */
  let params = { Wx: M(h, din), Wh: M(h, h, pick([0.5, 2, 10])), b: g.floats(h) };
  let valid = true;
  if (chance(0.5)) {
    valid = false;
    const which = int(0, 4);
    if (which === 0) x = pick(badMatrices)();
    else if (which === 1) params = { ...params, Wh: M(h + 1, h) };
    else if (which === 2) params = { ...params, b: pick([null, g.floats(h + 1), [0]]) };
    else if (which === 3) x = { rows: 513, cols: din, data: new Float32Array(513 * din) };
    else params = { ...params, Wx: poisoned(params.Wx) };
  }
  return { fn: 'rnnEncoder', valid, run: (c) => c.rnnEncoder(x, params) };
}

const TINY = { trainSize: 48, testPerLength: 2, embed: 4, hidden: 6, attnHidden: 4, batchSize: 8, minLen: 3, maxLen: 5 };
/** @typedef {import('../../wasm/trainer.js').TrainStepsResult} TrainStepsResult */
/** @typedef {import('../../wasm/trainer.js').Translation} Translation */
/** @typedef {import('../../wasm/trainer.js').LengthAccuracy} LengthAccuracy */
/** @returns {Call} */
function genTrainer() {
  const attention = pick(['none', 'additive', 'dot']);
  const opts = { ...TINY, attention, task: pick(['translation', 'reversal']), seed: int(0, 1000) };
  const sentence = pick(hostileStrings);
  const kind = int(0, 9);
  if (kind === 0) {
    const bad = pick([
      { hidden: 0 },
      { lr: NaN },
      { lr: 2 },
      { minLen: 10, maxLen: 4 },
      { task: 'sorting' },
      { attention: 'cosine' },
      { epochs: 3 },
      { batchSize: 1000 },
      { trainSize: 0 },
    ]);
    return { fn: 'createBottleneckTrainer', valid: false, run: (c, tc) => tc.createBottleneckTrainer({ ...TINY, ...bad }) };
  }
  const invalidMethod = kind <= 3;
  // Drawn now, not inside run(): the replay on a fresh instance must make the same calls.
  const badN = pick([0, -1, 1.5, '1', 100001, NaN]);
  const badSentence = pick([null, 42, {}, 'x'.repeat(2001)]);
  const steps = int(1, 2);
  return {
    fn: invalidMethod ? 'BottleneckTrainer.' : 'createBottleneckTrainer',
    valid: !invalidMethod,
    trainer: true,
    run: (c, tc) => {
      const t = tc.createBottleneckTrainer(opts);
      try {
        if (kind === 1) return t.trainSteps(badN);
        if (kind === 2) return t.translate(badSentence);
        if (kind === 3) {
          t.delete();
          return t.trainSteps(1); // after delete
        }
        /** @type {{ step: TrainStepsResult, checksum: number, translation?: Translation, accuracy?: LengthAccuracy[], example?: { source: string[], reference: string[] } }} */
        const out = { step: t.trainSteps(steps), checksum: t.weightsChecksum() };
        const words = sentence
          .trim()
          .split(/[\s.,;:!?"]+/)
          .filter(Boolean);
        if (words.length >= 1 && words.length <= 64 && sentence.length <= 2000) out.translation = t.translate(sentence);
        if (kind === 9) out.accuracy = t.evaluate();
        out.example = t.testExample(0);
        return out;
      } finally {
        t.delete();
      }
    },
  };
}

const generators = [genSoftmax, genPositional, genAttention, genAdditive, genMultiHead, genRnn];

/**
 * Every Float32Array (and number) in a result is finite, except `masked`, which holds -Infinity.
 * @param {unknown} value
 * @param {string} path
 */
function assertFinite(value, path) {
  if (value instanceof Float32Array) {
    for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) assert.fail(`${path}[${i}] = ${value[i]}`);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) assert.fail(`${path} = ${value}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'masked') assertFinite(v, `${path}.${k}`);
  }
}

test('100,000 random valid and invalid calls: no abort, clear errors, finite results, flat heap', { timeout: 180_000 }, async () => {
  const core = await createAttentionCore();
  const trainerCore = await createBottleneckCore();
  const heaps = () => ({ core: core.heapBytes(), trainer: trainerCore.heapBytes() });
  const sample = [];
  const counts = { valid: 0, invalid: 0, trainer: 0 };
  /** @type {Record<string, number>} */
  const perFn = {};
  /** @type {ReturnType<typeof heaps>} */
  let first = heaps();
  let peakAllocatedAfterWarmup = 0;
  for (let i = 0; i < CALLS; i++) {
    // About 1 call in 100 goes through the trainer (each builds, steps and deletes a model).
    const call = i % 100 === 50 ? genTrainer() : generators[i % generators.length]();
    perFn[call.fn] = (perFn[call.fn] ?? 0) + 1;
    let result;
    /** @type {any} whatever the call threw */
    let error;
    try {
      result = call.run(core, trainerCore);
    } catch (e) {
      error = e;
    }
    if (call.valid) {
      counts.valid++;
      if (error) assert.fail(`call ${i} (${call.fn}) is valid but threw: ${error?.message ?? error}`);
      assertFinite(result, `call ${i} ${call.fn}`);
      if (i % 97 === 0) sample.push({ call, result });
    } else {
      counts.invalid++;
      assert.ok(error !== undefined, `call ${i} (${call.fn}) is invalid but returned`);
      assert.ok(error instanceof Error, `call ${i} (${call.fn}): threw a non-Error ${error}`);
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `call ${i} (${call.fn}): the instance aborted: ${error.message}`);
      assert.ok(error.message.startsWith(call.fn), `call ${i}: "${error.message}" does not start with ${call.fn}`);
      assert.ok(!error.message.includes('[object Object]') && error.message.length > call.fn.length + 10, `call ${i}: unclear message "${error.message}"`);
    }
    if (call.trainer) counts.trainer++;
    if (i + 1 === WARMUP) first = heaps();
    if (i + 1 > WARMUP && (i + 1) % 1000 === 0)
      peakAllocatedAfterWarmup = Math.max(peakAllocatedAfterWarmup, core.heapBytes().allocated + trainerCore.heapBytes().allocated);
  }
  const last = heaps();
  console.log(`soak: ${CALLS} calls (${counts.valid} valid, ${counts.invalid} invalid, ${counts.trainer} via trainers); per function ${JSON.stringify(perFn)}`);
  console.log(
    `soak: heap after ${WARMUP} calls ${JSON.stringify(first)}, after ${CALLS} ${JSON.stringify(last)}, peak allocated (core + trainer) at 1000-call marks ${peakAllocatedAfterWarmup}`,
  );
  assert.ok(counts.valid > 40_000 && counts.invalid > 40_000, JSON.stringify(counts));
  for (const fn of [
    'softmax',
    'positionalEncoding',
    'attention',
    'additiveAttention',
    'multiHeadAttention',
    'rnnEncoder',
    'createBottleneckTrainer',
    'BottleneckTrainer.',
  ])
    assert.ok(perFn[fn] > 50, `${fn} called only ${perFn[fn]} times`);
  for (const m of /** @type {const} */ (['core', 'trainer'])) {
    assert.equal(last[m].allocated, first[m].allocated, `bytes allocated in the ${m} module's WASM heap grew between call 1,000 and call 100,000`);
    assert.equal(last[m].memory, first[m].memory, `the ${m} module's WASM linear memory grew between call 1,000 and call 100,000`);
  }

  // Fresh instances give bitwise the same results for the sampled valid calls.
  const fresh = await createAttentionCore();
  const freshTrainer = await createBottleneckCore();
  assert.ok(sample.length > 400, `only ${sample.length} sampled calls`);
  for (const { call, result } of sample) assert.deepStrictEqual(call.run(fresh, freshTrainer), result, `${call.fn} differs on a fresh instance`);
});
