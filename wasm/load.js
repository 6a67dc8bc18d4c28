// wasm/load.js — instantiates one Emscripten module (the lessons' core or the trainer, SIMD or
// scalar) in a browser, a Web Worker or Node ≥ 20, adds the diagnostics every module's API
// object carries, and configures the modules' Embind handle classes. Shared by wasm/index.js and wasm/trainer.js; it knows no module by name (the
// callers import their glue themselves, so bundlers see literal paths) and computes nothing.

const isNode =
  typeof process === 'object' &&
  typeof process.versions === 'object' &&
  typeof process.versions.node === 'string' &&
  typeof window === 'undefined';

/**
 * Instantiates the glue's factory. Under Node the 3.1.6 glue would fetch() a file path, so it
 * gets the bytes of `wasmUrl` (the .wasm next to the glue) instead; browsers and workers let the
 * glue fetch the file itself.
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
 */
export function diagnostics(raw) {
  return { heapBytes: { value: () => raw._rawHeapBytes(), enumerable: false } };
}

/**
 * A new instance of the Embind class `RawClass`, configured with `config`: its configure()
 * returns "" or a message, which is thrown as an Error (after `prefix`) once the instance is
 * deleted, so a failed create never leaks WASM memory.
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
