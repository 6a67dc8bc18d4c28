// wasm/trainer.js — the JavaScript API of the bottleneck lab's trainer (types: trainer.d.ts):
// a BottleneckTrainer handle that owns a GRU encoder–decoder, its task data and its Adam state
// inside the WASM heap (the C++ core's attn::Seq2SeqTrainer) until delete() is called.
// It checks the JavaScript types of every argument, fills in the defaults and forwards one
// call per operation to the private Embind class `_RawBottleneckTrainer`
// (wasm/bindings_trainer.cpp). It computes no math itself.
//
// The trainer is its own WASM module (wasm/build/attention_trainer{,_scalar}.{js,wasm}), apart
// from the lessons' core, so the lessons never download it: createBottleneckCore() loads it on
// first use (the lab's Web Worker, scripts, tests) and returns `createBottleneckTrainer(options)`
// and `bottleneckDefaults`. This file imports its glue only dynamically, so importing
// bottleneckDefaults from here costs a page nothing but this file.

import { WasmHandle, configuredHandle, diagnostics, instantiateModule } from './load.js';

/** The defaults of the lab and of scripts/bottleneck-headless.mjs (docs/bottleneck-lab.md). */
export const bottleneckDefaults = Object.freeze({
  task: 'translation',
  attention: 'additive',
  embed: 32,
  hidden: 64,
  attnHidden: 64,
  batchSize: 32,
  lr: 0.003,
  clip: 5,
  /** Steps at a constant rate; then lr · sqrt(decayAfter / t). 0 keeps it constant. */
  decayAfter: 600,
  minLen: 3,
  maxLen: 16,
  trainSize: 20000,
  testPerLength: 40,
  seed: 1,
  /** The experiment's training budget per model (optimisation steps of one batch each). */
  steps: 600,
});

const TASKS = { translation: 0, reversal: 1 };
const ATTENTION = { none: 0, additive: 1, dot: 2 };
// [min, max] of each integer option; the core checks the same limits and more.
const INT_RANGES = {
  embed: [1, 512],
  hidden: [1, 512],
  attnHidden: [1, 512],
  batchSize: [1, 512],
  minLen: [3, 18],
  maxLen: [3, 18],
  trainSize: [1, 200000],
  testPerLength: [1, 10000],
  decayAfter: [0, 1000000],
  seed: [0, Number.MAX_SAFE_INTEGER],
  steps: [1, 1000000],
};

function describe(x) {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an Array of length ${x.length}`;
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x)}`;
  return `${typeof x} ${String(x)}`;
}

function fail(fn, message) {
  throw new Error(`${fn}: ${message}`);
}

function checkInt(fn, name, x, lo, hi) {
  if (!Number.isInteger(x) || x < lo || x > hi)
    fail(fn, `${name} must be an integer in [${lo}, ${hi}], got ${describe(x)}`);
  return x;
}

function normalizeOptions(fn, options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    fail(fn, `options must be an object or undefined, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (!(key in bottleneckDefaults))
      fail(fn, `unknown options field '${key}' (expected ${Object.keys(bottleneckDefaults).join(', ')})`);
  const o = { ...bottleneckDefaults, ...options };
  if (!(o.task in TASKS)) fail(fn, `options.task must be 'translation' or 'reversal', got ${describe(o.task)}`);
  if (!(o.attention in ATTENTION))
    fail(fn, `options.attention must be 'none', 'additive' or 'dot', got ${describe(o.attention)}`);
  for (const [key, [lo, hi]] of Object.entries(INT_RANGES)) checkInt(fn, `options.${key}`, o[key], lo, hi);
  for (const key of ['lr', 'clip'])
    if (typeof o[key] !== 'number' || !Number.isFinite(o[key]))
      fail(fn, `options.${key} must be a finite number, got ${describe(o[key])}`);
  return {
    task: TASKS[o.task],
    attention: ATTENTION[o.attention],
    embed: o.embed,
    hidden: o.hidden,
    attnHidden: o.attnHidden,
    batchSize: o.batchSize,
    lr: o.lr,
    clip: o.clip,
    decayAfter: o.decayAfter,
    minLen: o.minLen,
    maxLen: o.maxLen,
    trainSize: o.trainSize,
    testPerLength: o.testPerLength,
    seed: o.seed,
  };
}

function unwrap(result) {
  if (result !== null && typeof result === 'object' && result.error !== undefined)
    throw new Error(result.error);
  return result;
}

/**
 * One model (and its data and optimizer) living in the WASM heap. Call delete() when done:
 * the garbage collector does not free WASM memory. Methods throw after delete().
 */
export class BottleneckTrainer extends WasmHandle {
  /** @internal use createBottleneckTrainer() */
  constructor(rawHandle) {
    super(rawHandle, 'trainer');
  }

  #handle(fn) {
    return this._live(`BottleneckTrainer.${fn}`);
  }

  /** Runs n mini-batch steps (1 ≤ n ≤ 100000); returns {loss, steps, epochs, gradNorm}. */
  trainSteps(n) {
    const h = this.#handle('trainSteps');
    checkInt('BottleneckTrainer.trainSteps', 'n', n, 1, 100000);
    return h.trainSteps(n);
  }

  /** Token accuracy of greedy decoding on the held-out set, one row per source length. */
  evaluate() {
    return this.#handle('evaluate').evaluate();
  }

  /** Greedy translation of a sentence, with attention weights, contexts and states. */
  translate(sentence) {
    const h = this.#handle('translate');
    if (typeof sentence !== 'string')
      fail('BottleneckTrainer.translate', `sentence must be a string, got ${describe(sentence)}`);
    if (sentence.length > 2000)
      fail('BottleneckTrainer.translate', `sentence has ${sentence.length} characters, over the limit of 2000`);
    return unwrap(h.translate(sentence));
  }

  /** Number of held-out examples. */
  get testSize() {
    return this.#handle('testSize').testSize();
  }

  /** Held-out example i as words: {source, reference}. */
  testExample(i) {
    const h = this.#handle('testExample');
    checkInt('BottleneckTrainer.testExample', 'i', i, 0, h.testSize() - 1);
    return h.testExample(i);
  }

  /** The configuration, the parameter count, the data sizes and both vocabularies. */
  info() {
    return this.#handle('info').info();
  }

  /** FNV-1a of every weight's bytes: equal values mean bitwise-identical models. */
  weightsChecksum() {
    return this.#handle('weightsChecksum').weightsChecksum();
  }
}

/**
 * The trainer API over an instantiated trainer module `raw` (the glue's factory result):
 * createBottleneckCore() uses it, and scripts/bottleneck-headless.mjs --glue for another build.
 */
export function bottleneckApi(raw) {
  return {
    bottleneckDefaults,
    /** A new trainer; options default to bottleneckDefaults (`steps` is ignored here). */
    createBottleneckTrainer(options) {
      const fn = 'createBottleneckTrainer';
      return new BottleneckTrainer(configuredHandle(raw._RawBottleneckTrainer, normalizeOptions(fn, options), `${fn}: `));
    },
  };
}

async function instantiate(scalar) {
  if (scalar) {
    const { default: createScalarModule } = await import('./build/attention_trainer_scalar.js');
    return instantiateModule(createScalarModule, new URL('./build/attention_trainer_scalar.wasm', import.meta.url));
  }
  const { default: createSimdModule } = await import('./build/attention_trainer.js');
  return instantiateModule(createSimdModule, new URL('./build/attention_trainer.wasm', import.meta.url));
}

/**
 * Loads and instantiates the trainer's WASM module (SIMD by default, `{scalar: true}` for the
 * scalar build) with its own heap: { simd, bottleneckDefaults, createBottleneckTrainer } and the
 * non-enumerable heapBytes() diagnostics.
 * @param {{scalar?: boolean}} [options]
 */
export async function createBottleneckCore(options) {
  const fn = 'createBottleneckCore';
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    fail(fn, `options must be an object or undefined, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (key !== 'scalar') fail(fn, `unknown options field '${key}' (expected scalar)`);
  const scalar = options.scalar ?? false;
  if (typeof scalar !== 'boolean') fail(fn, `options.scalar must be true or false, got ${describe(scalar)}`);
  const raw = await instantiate(scalar);
  return Object.freeze(Object.defineProperties({ simd: raw._rawSimd(), ...bottleneckApi(raw) }, diagnostics(raw)));
}
