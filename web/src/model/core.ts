// model/core.ts — loads the C++/Eigen WASM core once and shares it (createAttentionCore: the SIMD
// build, or the scalar one where the browser has no WebAssembly SIMD, see wasm/load.js), and
// re-exports its types for the app. It computes nothing itself and never falls back to
// JavaScript math: if the core cannot load, the app says so.
import { createAttentionCore, type AttentionCore } from '../../../wasm/index.js';

export type { RnnParams, RnnResult } from '../../../wasm/index.js';

export type Core = AttentionCore;

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  loading ??= createAttentionCore();
  return loading;
}
