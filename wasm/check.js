// @ts-check
// wasm/check.js — the JavaScript argument checks shared by both entry points (wasm/index.js, the
// lessons' core, and wasm/trainer.js, the lab's trainer): how a value is described in an error,
// how an error is raised ("fn: argument … (shapes)", the core's own format), integer, number,
// boolean, options-object and id-array checks, and the unwrapping of the bindings' {error}
// results. It checks JavaScript types and ranges only; shapes and values are checked again by the
// core in C++. It computes no math and knows no module.
// Every check takes `unknown` (callers pass whatever the user passed) and returns the checked
// value with its type narrowed.

/** @import { RawError, RawResult } from './raw.js' */
/** @typedef {{ Float32Array: Float32Array; Int32Array: Int32Array; Uint8Array: Uint8Array }} TypedArrays */

/**
 * A short description of any value for an error message.
 * @param {unknown} x
 */
export function describe(x) {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an Array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${Object.prototype.toString.call(x).slice(8, -1)}`;
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x)}`;
  return `${typeof x} ${String(x)}`;
}

/**
 * Throws `fn: message`.
 * @param {string} fn
 * @param {string} message
 * @returns {never}
 */
export function fail(fn, message) {
  throw new Error(`${fn}: ${message}`);
}

/**
 * True when x is a typed array of the given kind, e.g. 'Float32Array' (works across realms).
 * @template {keyof TypedArrays} K
 * @param {unknown} x
 * @param {K} tag
 * @returns {x is TypedArrays[K]}
 */
export function isTyped(x, tag) {
  return Object.prototype.toString.call(x) === `[object ${tag}]`;
}

/**
 * x when it is an integer in [lo, hi], else an Error naming `name`.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} x
 * @param {number} lo
 * @param {number} hi
 * @returns {number}
 */
export function checkInt(fn, name, x, lo, hi) {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) fail(fn, `${name} must be an integer in [${lo}, ${hi}], got ${describe(x)}`);
  return x;
}

/**
 * x when it is a number (any, NaN included: the core rejects what it must), else an Error.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} x
 * @returns {number}
 */
export function checkNumber(fn, name, x) {
  if (typeof x !== 'number') fail(fn, `${name} must be a number, got ${describe(x)}`);
  return x;
}

/**
 * x when it is a finite number, else an Error.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} x
 * @returns {number}
 */
export function checkFinite(fn, name, x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(fn, `${name} must be a finite number, got ${describe(x)}`);
  return x;
}

/**
 * x as a boolean (undefined → false), else an Error.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} x
 * @returns {boolean}
 */
export function checkBool(fn, name, x) {
  if (x === undefined) return false;
  if (typeof x !== 'boolean') fail(fn, `${name} must be true or false, got ${describe(x)}`);
  return x;
}

/**
 * The options object ({} for undefined) when every key is in `allowed`, else an Error. Its fields
 * are still unchecked.
 * @template {string} K
 * @param {string} fn
 * @param {string} name
 * @param {unknown} options
 * @param {readonly K[]} allowed
 * @returns {{ [key in K]?: unknown }}
 */
export function checkOptions(fn, name, options, allowed) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(fn, `${name} must be an object or undefined, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (!(/** @type {readonly string[]} */ (allowed).includes(key))) fail(fn, `unknown ${name} field '${key}' (expected ${allowed.join(', ')})`);
  return /** @type {{ [key in K]?: unknown }} every key was just checked */ (options);
}

/**
 * A copy of an Array of non-negative integer ids, at most maxLength long, as an Int32Array.
 * @param {string} fn
 * @param {string} name
 * @param {unknown} ids
 * @param {number} maxLength
 */
export function checkIds(fn, name, ids, maxLength) {
  if (!Array.isArray(ids) && !isTyped(ids, 'Int32Array')) fail(fn, `${name} must be an Array of integer ids, got ${describe(ids)}`);
  if (ids.length > maxLength) fail(fn, `${name} has ${ids.length} ids, over the limit of ${maxLength}`);
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; ++i) {
    const x = ids[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0x7fffffff)
      fail(fn, `${name}[${i}] must be a non-negative integer id, got ${describe(x)}`);
    out[i] = x;
  }
  return out;
}

/**
 * The bindings' result, or its {error} message thrown as an Error.
 * @template T
 * @param {RawResult<T>} result
 * @returns {T}
 */
export function unwrap(result) {
  if (result !== null && typeof result === 'object' && 'error' in result && result.error !== undefined) throw new Error(/** @type {RawError} */ (result).error);
  return /** @type {T} not an {error}, so the binding's result */ (result);
}
