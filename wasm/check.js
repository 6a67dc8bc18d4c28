// wasm/check.js — the JavaScript argument checks shared by both entry points (wasm/index.js, the
// lessons' core, and wasm/trainer.js, the lab's trainer): how a value is described in an error,
// how an error is raised ("fn: argument … (shapes)", the core's own format), integer, number,
// boolean, options-object and id-array checks, and the unwrapping of the bindings' {error}
// results. It checks JavaScript types and ranges only; shapes and values are checked again by the
// core in C++. It computes no math and knows no module.

/** A short description of any value for an error message. */
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

/** True when x is a typed array of the given kind, e.g. 'Float32Array' (works across realms). */
export function isTyped(x, tag) {
  return Object.prototype.toString.call(x) === `[object ${tag}]`;
}

/** x when it is an integer in [lo, hi], else an Error naming `name`. */
export function checkInt(fn, name, x, lo, hi) {
  if (!Number.isInteger(x) || x < lo || x > hi) fail(fn, `${name} must be an integer in [${lo}, ${hi}], got ${describe(x)}`);
  return x;
}

/** x when it is a number (any, NaN included: the core rejects what it must), else an Error. */
export function checkNumber(fn, name, x) {
  if (typeof x !== 'number') fail(fn, `${name} must be a number, got ${describe(x)}`);
  return x;
}

/** x when it is a finite number, else an Error. */
export function checkFinite(fn, name, x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(fn, `${name} must be a finite number, got ${describe(x)}`);
  return x;
}

/** x as a boolean (undefined → false), else an Error. */
export function checkBool(fn, name, x) {
  if (x === undefined) return false;
  if (typeof x !== 'boolean') fail(fn, `${name} must be true or false, got ${describe(x)}`);
  return x;
}

/** The options object ({} for undefined) when every key is in `allowed`, else an Error. */
export function checkOptions(fn, name, options, allowed) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    fail(fn, `${name} must be an object or undefined, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (!allowed.includes(key)) fail(fn, `unknown ${name} field '${key}' (expected ${allowed.join(', ')})`);
  return options;
}

/** A copy of an Array of integer ids, each in [0, limit), at most maxLength long, as an Int32Array. */
export function checkIds(fn, name, ids, maxLength) {
  if (!Array.isArray(ids) && !isTyped(ids, 'Int32Array'))
    fail(fn, `${name} must be an Array of integer ids, got ${describe(ids)}`);
  if (ids.length > maxLength) fail(fn, `${name} has ${ids.length} ids, over the limit of ${maxLength}`);
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; ++i) {
    const x = ids[i];
    if (!Number.isInteger(x) || x < 0 || x > 0x7fffffff) fail(fn, `${name}[${i}] must be a non-negative integer id, got ${describe(x)}`);
    out[i] = x;
  }
  return out;
}

/** The bindings' result, or its {error} message thrown as an Error. */
export function unwrap(result) {
  if (result !== null && typeof result === 'object' && result.error !== undefined) throw new Error(result.error);
  return result;
}
