// @ts-check
// wasm/load.js — instantiates one Emscripten module (the lessons' core or the trainer, SIMD or
// scalar: by default SIMD where the engine validates it, see wasmSimdSupported) in a browser, a
// Web Worker or Node ≥ 20, adds the diagnostics every module's API object carries, and configures
// and owns the modules' Embind handle classes. Shared by wasm/index.js and wasm/trainer.js; it
// knows no module by name (the callers import their glue themselves, so bundlers see literal
// paths) and computes nothing.

/** @import { RawCommon, RawFactory, RawHandle, RawHandleClass } from './raw.js' */

const isNode =
  typeof process === 'object' && typeof process.versions === 'object' && typeof process.versions.node === 'string' && typeof window === 'undefined';

/**
 * The smallest module that uses WebAssembly SIMD: one function `() -> v128` whose body is
 * `i32.const 0; i8x16.splat; i8x16.popcnt` (popcnt came last in the SIMD proposal, so an engine
 * that validates it has all of SIMD as shipped). web/public/sw.js holds the same bytes (and
 * precaches the scalar builds only where they do not validate).
 */
export const SIMD_PROBE = Object.freeze([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/**
 * Whether this engine runs WebAssembly SIMD (the core's default build; without it, the scalar
 * build: Safari before 16.4, for one). Asked on every load, not remembered.
 * @returns {boolean}
 */
export function wasmSimdSupported() {
  return WebAssembly.validate(new Uint8Array(SIMD_PROBE));
}

/**
 * Instantiates the glue's factory. Under Node the 3.1.6 glue would fetch() a file path, so it
 * gets the bytes of `wasmUrl` (the .wasm next to the glue) instead; browsers and workers let the
 * glue fetch the file itself.
 * @template M
 * @param {RawFactory<M>} createModule
 * @param {URL} wasmUrl
 * @returns {Promise<M>}
 */
export async function instantiateModule(createModule, wasmUrl) {
  if (!isNode) return createModule({});
  const fsName = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ fsName);
  return createModule({ wasmBinary: await readFile(wasmUrl) });
}

/**
 * Non-enumerable diagnostics for Object.defineProperties: heapBytes() → { allocated, memory } of
 * this module's own heap, for leak tests (tests/wasm/soak.test.mjs, tests/e2e/long-session.spec.ts).
 * @param {RawCommon} raw
 */
export function diagnostics(raw) {
  return { heapBytes: { value: () => raw._rawHeapBytes(), enumerable: false } };
}

/**
 * `api` with diagnostics(raw) defined on it, frozen: what both factories return.
 * @template {object} T
 * @param {T} api
 * @param {RawCommon} raw
 * @returns {Readonly<T & { heapBytes(): { allocated: number; memory: number } }>}
 */
export function withDiagnostics(api, raw) {
  // Object.defineProperties is typed as returning its first argument's type; heapBytes is added.
  return Object.freeze(/** @type {T & { heapBytes(): { allocated: number; memory: number } }} */ (Object.defineProperties(api, diagnostics(raw))));
}

/**
 * A new instance of the Embind class `RawClass`, configured with `config`: its configure()
 * returns "" or a message, which is thrown as an Error (after `prefix`) once the instance is
 * deleted, so a failed create never leaks WASM memory.
 * @template C
 * @template {RawHandle<C>} H
 * @param {RawHandleClass<H>} RawClass
 * @param {C} config
 * @param {string} [prefix]
 * @returns {H}
 */
export function configuredHandle(RawClass, config, prefix = '') {
  const handle = new RawClass();
  let problem;
  try {
    problem = handle.configure(config);
  } catch (e) {
    handle.delete();
    throw e;
  }
  if (problem !== '') {
    handle.delete();
    throw new Error(`${prefix}${problem}`);
  }
  return handle;
}

/**
 * The JS side of one Embind handle (a trainer, a prepared layer): owns it until delete(), which
 * frees its WASM memory (the garbage collector does not). Subclasses reach the handle through
 * _live(fn), which throws "fn: the <what> was deleted" once it is gone.
 * @template {{ delete(): void }} R the raw Embind handle
 */
export class WasmHandle {
  /** @type {R | null} */
  #raw;
  #what;

  /**
   * @param {R} rawHandle
   * @param {string} what
   */
  constructor(rawHandle, what) {
    this.#raw = rawHandle;
    this.#what = what;
  }

  /**
   * @internal the raw handle, or an Error naming `fn` after delete().
   * @param {string} fn
   * @returns {R}
   */
  _live(fn) {
    if (this.#raw === null) throw new Error(`${fn}: the ${this.#what} was deleted`);
    return this.#raw;
  }

  /** True after delete(). */
  get deleted() {
    return this.#raw === null;
  }

  /** Frees the handle's WASM memory. Safe to call twice. */
  delete() {
    if (this.#raw !== null) {
      this.#raw.delete();
      this.#raw = null;
    }
  }
}
