// @ts-check
// wasm/index.js — the public JavaScript API of the Attention Lab core (types: index.d.ts).
// It loads the Emscripten module (SIMD or scalar build) in a browser, a Web Worker or Node ≥ 20,
// checks the JavaScript types of every argument (objects, integers, typed arrays, option names)
// and forwards one coarse call per computation to the private `_raw*` Embind functions, which
// validate shapes and values in C++ and return plain objects with copied typed arrays (a
// prepared layer's self-attention forward copies its input into and its output out of the WASM
// heap itself, sparing Embind's per-property round trips).
// It computes no math itself and holds no state between calls, except in the handles it hands
// out (createMultiHeadAttention; the trainer module's createBottleneckTrainer), which the caller
// delete()s.

import createSimdModule from './build/attention_core.js';
import { checkBool, checkNumber, checkOptions, describe, fail, isTyped, unwrap } from './check.js';
import { WasmHandle, configuredHandle, instantiateModule, wasmSimdSupported, withDiagnostics } from './load.js';

// index.d.ts is the contract: createAttentionCore is typed by it (`@type` below), so tsc -p
// tsconfig.js.json fails when what this file builds does not implement the .d.ts.
/** @import { AdditiveParams, AttentionCore, Matrix, MultiHeadAttention as MultiHeadAttentionContract, MultiHeadOptions, MultiHeadParams, ScoreStatisticsOptions, HardAttentionChoice, HardAttentionResult } from './index.js' */
/** @import { RawCoreModule, RawMultiHeadLayer, RawMultiHeadOptions } from './raw.js' */

// The bottleneck lab's trainer is its own WASM module (wasm/trainer.js: createBottleneckCore),
// loaded only when asked for; re-exported so wasm/index.js stays the one entry point.
export * from './trainer.js';

/**
 * @param {boolean} scalar
 * @returns {Promise<RawCoreModule>}
 */
async function instantiate(scalar) {
  if (scalar) {
    const { default: createScalarModule } = await import('./build/attention_core_scalar.js');
    return instantiateModule(createScalarModule, new URL('./build/attention_core_scalar.wasm', import.meta.url));
  }
  return instantiateModule(createSimdModule, new URL('./build/attention_core.wasm', import.meta.url));
}

// ---------------------------------------------------------------------------------------------
// JavaScript type checks (the shared ones in check.js). Messages follow the core's:
// "fn: argument … (shapes)".

/**
 * @param {string} fn
 * @param {string} name
 * @param {unknown} value
 * @returns {asserts value is number}
 */
function checkDim(fn, name, value) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 0x7fffffff)
    fail(fn, `${name} must be a positive integer, got ${describe(value)}`);
}

/**
 * @param {string} fn
 * @param {string} name
 * @param {unknown} value
 * @returns {Matrix}
 */
function checkMatrix(fn, name, value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value))
    fail(fn, `${name} must be a Matrix {rows, cols, data: Float32Array}, got ${describe(value)}`);
  const m = /** @type {{ rows?: unknown; cols?: unknown; data?: unknown }} an object; its fields are checked next */ (value);
  checkDim(fn, `${name}.rows`, m.rows);
  checkDim(fn, `${name}.cols`, m.cols);
  if (!isTyped(m.data, 'Float32Array')) fail(fn, `${name}.data must be a Float32Array, got ${describe(m.data)}`);
  if (m.data.length !== m.rows * m.cols)
    fail(fn, `${name}.data has length ${m.data.length} but ${name} is (${m.rows}, ${m.cols}) and needs ${m.rows * m.cols}`);
  return { rows: m.rows, cols: m.cols, data: m.data };
}

/**
 * @param {string} fn
 * @param {string} name
 * @param {unknown} a
 * @returns {Float32Array}
 */
function checkFloats(fn, name, a) {
  if (!isTyped(a, 'Float32Array')) fail(fn, `${name} must be a Float32Array, got ${describe(a)}`);
  return a;
}

/**
 * @param {string} fn
 * @param {string} name
 * @param {unknown} x
 * @returns {number}
 */
function checkInteger(fn, name, x) {
  if (typeof x !== 'number' || !Number.isInteger(x) || Math.abs(x) > 0x7fffffff) fail(fn, `${name} must be an integer, got ${describe(x)}`);
  return x;
}

/**
 * An Array of integers or an Int32Array, as an Int32Array for the core.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} a
 * @returns {Int32Array}
 */
function checkIntegers(fn, name, a) {
  if (isTyped(a, 'Int32Array')) return a;
  if (!Array.isArray(a)) fail(fn, `${name} must be an Array of integers or an Int32Array, got ${describe(a)}`);
  for (let k = 0; k < a.length; k++) checkInteger(fn, `${name}[${k}]`, a[k]); // holes too
  return Int32Array.from(a);
}

/**
 * The checked, normalized params of a multi-head layer.
 * @param {string} fn
 * @param {unknown} value
 * @returns {MultiHeadParams}
 */
function multiHeadParams(fn, value) {
  if (value === null || typeof value !== 'object') fail(fn, `params must be an object {numHeads, inProjWeight, outProjWeight, …}, got ${describe(value)}`);
  const params = /** @type {{ [key in keyof MultiHeadParams]?: unknown }} an object; its fields are checked next */ (value);
  if (typeof params.numHeads !== 'number' || !Number.isInteger(params.numHeads) || params.numHeads < 1 || params.numHeads > 0x7fffffff)
    fail(fn, `params.numHeads must be a positive integer, got ${describe(params.numHeads)}`);
  /** @type {MultiHeadParams} */
  const p = {
    numHeads: params.numHeads,
    inProjWeight: checkMatrix(fn, 'params.inProjWeight', params.inProjWeight),
    outProjWeight: checkMatrix(fn, 'params.outProjWeight', params.outProjWeight),
  };
  if (params.inProjBias !== undefined) p.inProjBias = checkFloats(fn, 'params.inProjBias', params.inProjBias);
  if (params.outProjBias !== undefined) p.outProjBias = checkFloats(fn, 'params.outProjBias', params.outProjBias);
  return p;
}

// The checked, normalized query, key, value and options of a multi-head call. The same object
// passed as query and key (key and value) stays one object, so the core copies it once.
/**
 * @param {string} fn
 * @param {unknown} query
 * @param {unknown} key
 * @param {unknown} value
 * @param {unknown} options
 * @returns {[Matrix, Matrix, Matrix, RawMultiHeadOptions]}
 */
function multiHeadInputs(fn, query, key, value, options) {
  const q = checkMatrix(fn, 'query', query);
  const k = key === query ? q : checkMatrix(fn, 'key', key);
  const v = value === key ? k : value === query ? q : checkMatrix(fn, 'value', value);
  const o = checkOptions(fn, 'options', options, ['causal', 'mask', 'keyPaddingMask']);
  /** @type {RawMultiHeadOptions} */
  const norm = { causal: checkBool(fn, 'options.causal', o.causal) };
  if (o.mask !== undefined) norm.mask = checkMatrix(fn, 'options.mask', o.mask);
  if (o.keyPaddingMask !== undefined) {
    if (!isTyped(o.keyPaddingMask, 'Uint8Array')) fail(fn, `options.keyPaddingMask must be a Uint8Array, got ${describe(o.keyPaddingMask)}`);
    norm.keyPaddingMask = o.keyPaddingMask;
  }
  return [q, k, v, norm];
}

/**
 * The checked, normalized arguments of multiHeadAttention and multiHeadAttentionOutput.
 * @param {string} fn
 * @param {unknown} query
 * @param {unknown} key
 * @param {unknown} value
 * @param {unknown} params
 * @param {unknown} options
 * @returns {[Matrix, Matrix, Matrix, MultiHeadParams, RawMultiHeadOptions]}
 */
function multiHeadArgs(fn, query, key, value, params, options) {
  const [q, k, v, norm] = multiHeadInputs(fn, query, key, value, options);
  return [q, k, v, multiHeadParams(fn, params), norm];
}

/**
 * One multi-head attention layer prepared in the WASM heap: its parameters checked and packed
 * once, then forward() per sequence (what an inference session does). Call delete() when done:
 * the garbage collector does not free WASM memory. forward() throws after delete().
 * @extends {WasmHandle<RawMultiHeadLayer>}
 * @implements {MultiHeadAttentionContract}
 */
class MultiHeadAttention extends WasmHandle {
  #module;

  /**
   * @internal use core.createMultiHeadAttention()
   * @param {RawMultiHeadLayer} rawHandle
   * @param {RawCoreModule} rawModule
   */
  constructor(rawHandle, rawModule) {
    super(rawHandle, 'layer');
    this.#module = rawModule;
    this.numHeads = rawHandle.numHeads();
    this.embedDim = rawHandle.embedDim();
    Object.freeze(this);
  }

  /**
   * output: (T_q, E) of MHA(query, key, value); pass x three times for self-attention.
   * @param {Matrix} query
   * @param {Matrix} key
   * @param {Matrix} value
   * @param {MultiHeadOptions} [options]
   * @returns {Matrix}
   */
  forward(query, key, value, options) {
    const fn = 'MultiHeadAttention.forward';
    const raw = this._live(fn);
    const [q, k, v, norm] = multiHeadInputs(fn, query, key, value, options);
    if (k !== q || v !== q || norm.mask !== undefined || norm.keyPaddingMask !== undefined) return unwrap(raw.forward(q, k, v, norm));
    // Self-attention without masks, the common case: the query copied straight into the heap
    // and the output straight out of it (the 3.1.6 glue keeps Module.HEAPF32 current when the
    // memory grows, so it is read after each call that may allocate).
    const at = raw.selfInput(q.rows, q.cols);
    this.#module.HEAPF32.set(q.data, at >>> 2);
    const out = raw.forwardSelf(norm.causal) >>> 2;
    if (out === 0) throw new Error(raw.lastError());
    const n = q.rows * this.embedDim;
    return { rows: q.rows, cols: this.embedDim, data: this.#module.HEAPF32.slice(out, out + n) };
  }
}

// ---------------------------------------------------------------------------------------------

/** @type {typeof import('./index.js').createAttentionCore} */
export async function createAttentionCore(options) {
  const opts = checkOptions('createAttentionCore', 'options', options, ['scalar']);
  // Unset: the SIMD build where the engine runs SIMD, else the scalar one (same results).
  const raw = await instantiate(opts.scalar === undefined ? !wasmSimdSupported() : checkBool('createAttentionCore', 'options.scalar', opts.scalar));
  const simd = raw._rawSimd();

  // Checked against the contract here (satisfies), so every method's parameters are typed by it.
  /** @satisfies {Omit<AttentionCore, 'heapBytes'>} */
  const api = {
    simd,

    softmax(x, temperature) {
      const fn = 'softmax';
      const xm = checkMatrix(fn, 'x', x);
      const t = temperature === undefined ? 1 : checkNumber(fn, 'temperature', temperature);
      return unwrap(raw._rawSoftmax(xm, t));
    },

    positionalEncoding(length, dModel) {
      const fn = 'positionalEncoding';
      if (!Number.isInteger(length) || Math.abs(length) > 0x7fffffff) fail(fn, `length must be an integer, got ${describe(length)}`);
      if (!Number.isInteger(dModel) || Math.abs(dModel) > 0x7fffffff) fail(fn, `dModel must be an integer, got ${describe(dModel)}`);
      return unwrap(raw._rawPositionalEncoding(length, dModel));
    },

    attention(Q, K, V, options) {
      const fn = 'attention';
      const q = checkMatrix(fn, 'Q', Q);
      const k = checkMatrix(fn, 'K', K);
      const v = checkMatrix(fn, 'V', V);
      const o = checkOptions(fn, 'options', options, ['causal', 'mask', 'scale']);
      /** @type {Parameters<RawCoreModule['_rawAttention']>[3]} */
      const norm = { causal: checkBool(fn, 'options.causal', o.causal) };
      if (o.mask !== undefined) norm.mask = checkMatrix(fn, 'options.mask', o.mask);
      if (o.scale !== undefined) norm.scale = checkNumber(fn, 'options.scale', o.scale);
      return unwrap(raw._rawAttention(q, k, v, norm));
    },

    additiveAttention(Q, K, V, params, options) {
      const fn = 'additiveAttention';
      const q = checkMatrix(fn, 'Q', Q);
      const k = checkMatrix(fn, 'K', K);
      const v = checkMatrix(fn, 'V', V);
      if (params === null || typeof params !== 'object') fail(fn, `params must be an object {Wq, Wk, v}, got ${describe(params)}`);
      /** @type {AdditiveParams} */
      const p = {
        Wq: checkMatrix(fn, 'params.Wq', params.Wq),
        Wk: checkMatrix(fn, 'params.Wk', params.Wk),
        v: checkFloats(fn, 'params.v', params.v),
      };
      const o = checkOptions(fn, 'options', options, ['mask']);
      /** @type {{ mask?: Matrix }} */
      const norm = {};
      if (o.mask !== undefined) norm.mask = checkMatrix(fn, 'options.mask', o.mask);
      return unwrap(raw._rawAdditiveAttention(q, k, v, p, norm));
    },

    multiHeadAttention(query, key, value, params, options) {
      return unwrap(raw._rawMultiHeadAttention(...multiHeadArgs('multiHeadAttention', query, key, value, params, options)));
    },

    multiHeadAttentionOutput(query, key, value, params, options) {
      return unwrap(raw._rawMultiHeadAttentionOutput(...multiHeadArgs('multiHeadAttentionOutput', query, key, value, params, options)));
    },

    createMultiHeadAttention(params) {
      const fn = 'createMultiHeadAttention';
      // The core's message already starts with the function name.
      return new MultiHeadAttention(configuredHandle(raw._RawMultiHeadLayer, multiHeadParams(fn, params)), raw);
    },

    causalMask(T) {
      return unwrap(raw._rawCausalMask(checkInteger('causalMask', 'T', T)));
    },

    paddingMask(lengths, T) {
      const fn = 'paddingMask';
      const l = checkIntegers(fn, 'lengths', lengths);
      return unwrap(raw._rawPaddingMask(l, checkInteger(fn, 'T', T)));
    },

    addPositionalEncoding(X) {
      return unwrap(raw._rawAddPositionalEncoding(checkMatrix('addPositionalEncoding', 'X', X)));
    },

    /**
     * @overload
     * @param {Matrix} scores
     * @param {Matrix} V
     * @returns {HardAttentionResult}
     */
    /**
     * @overload
     * @param {Matrix} scores
     * @returns {HardAttentionChoice}
     */
    /**
     * @param {Matrix} scores
     * @param {Matrix} [V]
     * @returns {HardAttentionResult | HardAttentionChoice}
     */
    hardAttention(scores, V) {
      const fn = 'hardAttention';
      const s = checkMatrix(fn, 'scores', scores);
      return unwrap(raw._rawHardAttention(s, V === undefined ? undefined : checkMatrix(fn, 'V', V)));
    },

    scoreStatistics(Q, K, options) {
      const fn = 'scoreStatistics';
      const q = checkMatrix(fn, 'Q', Q);
      const k = checkMatrix(fn, 'K', K);
      const o = checkOptions(fn, 'options', options, ['scale', 'bins', 'minRange']);
      /** @type {ScoreStatisticsOptions} */
      const norm = {};
      if (o.scale !== undefined) norm.scale = checkNumber(fn, 'options.scale', o.scale);
      if (o.bins !== undefined) norm.bins = checkInteger(fn, 'options.bins', o.bins);
      if (o.minRange !== undefined) norm.minRange = checkNumber(fn, 'options.minRange', o.minRange);
      return unwrap(raw._rawScoreStatistics(q, k, norm));
    },

    compareMatrices(A, B) {
      const fn = 'compareMatrices';
      return unwrap(raw._rawCompareMatrices(checkMatrix(fn, 'A', A), checkMatrix(fn, 'B', B)));
    },

    rnnEncoder(x, params) {
      const fn = 'rnnEncoder';
      const xm = checkMatrix(fn, 'x', x);
      if (params === null || typeof params !== 'object') fail(fn, `params must be an object {Wx, Wh, b}, got ${describe(params)}`);
      const p = {
        Wx: checkMatrix(fn, 'params.Wx', params.Wx),
        Wh: checkMatrix(fn, 'params.Wh', params.Wh),
        b: checkFloats(fn, 'params.b', params.b),
      };
      return unwrap(raw._rawRnnEncoder(xm, p));
    },
  };
  return withDiagnostics(api, raw);
}
