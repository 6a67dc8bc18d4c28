// @ts-check
// bench/inputs.mjs — the benchmark's identical inputs, generated exactly as bench/inputs.hpp
// generates them natively (splitmix64, uniform in [-scale, scale)), and the FLOP count.
// Computes no attention.

export const HEADS = 8;
export const TS = [8, 32, 64, 128, 256, 512];
export const DS = [64, 256, 512];

/**
 * 8·T·d² (four projections) + 4·T²·d (scores and weights·V), per forward.
 * @param {number} T
 * @param {number} d
 */
export const flops = (T, d) => 8 * T * d * d + 4 * T * T * d;

/** @param {number} seed */
function generator(seed) {
  const M = (1n << 64n) - 1n;
  let s = BigInt(seed) & M;
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & M;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    z ^= z >> 31n;
    return Number(z >> 11n) * 2 ** -52 - 1; // [-1, 1), computed in double then rounded once
  };
}

/** @param {number} seed @param {number} n @param {number} scale */
function fill(seed, n, scale) {
  const next = generator(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * Math.fround(next());
  return out;
}

/** @typedef {Required<import('../wasm/index.js').MultiHeadParams>} Weights */
/** @type {Map<number, Weights>} */
const weightCache = new Map();
/**
 * nn.MultiheadAttention parameters for E = d (seeds 1..4 + d).
 * @param {number} d
 * @returns {Weights}
 */
export function weights(d) {
  if (!weightCache.has(d)) {
    const s = Math.fround(1 / Math.sqrt(d));
    weightCache.set(d, {
      numHeads: HEADS,
      inProjWeight: { rows: 3 * d, cols: d, data: fill(d * 10 + 1, 3 * d * d, s) },
      inProjBias: fill(d * 10 + 2, 3 * d, Math.fround(0.1)),
      outProjWeight: { rows: d, cols: d, data: fill(d * 10 + 3, d * d, s) },
      outProjBias: fill(d * 10 + 4, d, Math.fround(0.1)),
    });
  }
  return /** @type {Weights} set above */ (weightCache.get(d));
}

/**
 * The input sequence x: (T, d).
 * @param {number} T
 * @param {number} d
 * @returns {import('../wasm/index.js').Matrix}
 */
export function input(T, d) {
  return { rows: T, cols: d, data: fill(T * 100000 + d, T * d, 1) };
}
