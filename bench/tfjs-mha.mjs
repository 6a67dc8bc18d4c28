// @ts-check
// bench/tfjs-mha.mjs — multi-head self-attention forward with TensorFlow.js on
// @tensorflow/tfjs-backend-wasm (SIMD on, one thread), the same math and parameters as the core.
// Weights are uploaded once; each forward uploads x, runs the ops and downloads the output
// with dataSync(). No training, no validation.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Initializes the wasm backend once: one thread, SIMD (chosen automatically when supported). */
export async function initTfjs() {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
  setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  // The threads the backend really runs (the package's getThreadsCount; the backend object has no such method).
  return getThreadsCount();
}

/**
 * Returns forward(x) → Float32Array for fixed params, T, causal.
 * @param {number} T
 * @param {number} E
 * @param {Required<import('../wasm/index.js').MultiHeadParams>} p
 * @param {boolean} causal
 */
export function tfjsMultiHead(T, E, p, causal) {
  const H = p.numHeads,
    dh = E / H;
  const W = tf.tensor2d(p.inProjWeight.data, [3 * E, E]);
  const Wq = tf.keep(tf.slice(W, [0, 0], [E, E]));
  const Wk = tf.keep(tf.slice(W, [E, 0], [E, E]));
  const Wv = tf.keep(tf.slice(W, [2 * E, 0], [E, E]));
  W.dispose();
  const b = p.inProjBias;
  const bq = tf.tensor1d(b.subarray(0, E)),
    bk = tf.tensor1d(b.subarray(E, 2 * E)),
    bv = tf.tensor1d(b.subarray(2 * E));
  const Wo = tf.tensor2d(p.outProjWeight.data, [E, E]);
  const bo = tf.tensor1d(p.outProjBias);
  let mask = null;
  if (causal) {
    const m = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -Infinity;
    mask = tf.tensor2d(m, [T, T]);
  }
  const scale = tf.scalar(Math.fround(1 / Math.sqrt(dh)));
  /** @param {tf.Tensor} t */
  const heads = (t) => tf.transpose(tf.reshape(t, [T, H, dh]), [1, 0, 2]); // (H, T, dh)
  return (/** @type {Float32Array} */ xData) =>
    tf.tidy(() => {
      const x = tf.tensor2d(xData, [T, E]);
      // 1. Projections y = x·Wᵀ + b; 2. split heads.
      const q = heads(tf.add(tf.matMul(x, Wq, false, true), bq));
      const k = heads(tf.add(tf.matMul(x, Wk, false, true), bk));
      const v = heads(tf.add(tf.matMul(x, Wv, false, true), bv));
      // 3. Scaled scores, mask, softmax; 4. weights·v.
      let s = tf.mul(tf.matMul(q, k, false, true), scale);
      if (mask) s = tf.add(s, mask);
      const o = tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), v), [1, 0, 2]), [T, E]);
      // 5. Output projection.
      return tf.add(tf.matMul(o, Wo, false, true), bo).dataSync();
    });
}
