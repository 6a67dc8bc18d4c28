// model/core.ts — loads the C++/Eigen WASM core once and shares it (createAttentionCore). It adds
// the type of rnnEncoder, which the lead has implemented in wasm/index.js but not yet declared
// in wasm/index.d.ts. It computes nothing itself and never falls back to JavaScript math.
import { createAttentionCore, type AttentionCore, type Matrix } from '../../../wasm/index.js';

export interface RnnParams {
  /** (h, d_in) */
  Wx: Matrix;
  /** (h, h) */
  Wh: Matrix;
  /** (h) */
  b: Float32Array;
}
export interface RnnResult {
  /** (T, h): row t = h_t = tanh(Wx x_t + Wh h_{t-1} + b). */
  states: Matrix;
  /** (T): ‖∂h_T/∂x_t‖_F, how much token t still matters in the final state. */
  influence: Float32Array;
}

export type Core = AttentionCore & {
  rnnEncoder(x: Matrix, params: RnnParams): RnnResult;
};

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  loading ??= createAttentionCore() as Promise<Core>;
  return loading;
}
