// @ts-check
// bench/js-reference.mjs — multi-head self-attention forward in plain JavaScript (Float32Array
// loops, Math.exp), the baseline a web developer would write by hand. Same math and parameter
// layout as the core (nn.MultiheadAttention: y = x·Wᵀ + b, 8 heads, causal option, weights
// averaged nowhere: output only). No SIMD, no workers, no validation.

/**
 * y (T, n) = x (T, k) · Wᵀ + b, W: (n, k) row-major.
 * @param {Float32Array} x
 * @param {number} T
 * @param {number} k
 * @param {Float32Array} W
 * @param {number} n
 * @param {Float32Array | undefined} b
 * @param {Float32Array} y
 */
function linear(x, T, k, W, n, b, y) {
  for (let i = 0; i < T; i++)
    for (let o = 0; o < n; o++) {
      let s = b ? b[o] : 0;
      const xi = i * k,
        wo = o * k;
      for (let j = 0; j < k; j++) s += x[xi + j] * W[wo + j];
      y[i * n + o] = s;
    }
}

/**
 * output (T, E) of MHA(x, x, x) with params {numHeads, inProjWeight, inProjBias, outProjWeight, outProjBias}.
 * @param {import('../wasm/index.js').Matrix} x
 * @param {Required<import('../wasm/index.js').MultiHeadParams>} p
 * @param {boolean} causal
 * @returns {import('../wasm/index.js').Matrix}
 */
export function jsMultiHead(x, p, causal) {
  const T = x.rows,
    E = x.cols,
    H = p.numHeads,
    dh = E / H;
  const Wi = p.inProjWeight.data,
    bi = p.inProjBias;
  // 1. Projections q, k, v: (T, E).
  const q = new Float32Array(T * E),
    k = new Float32Array(T * E),
    v = new Float32Array(T * E);
  linear(x.data, T, E, Wi.subarray(0, E * E), E, bi.subarray(0, E), q);
  linear(x.data, T, E, Wi.subarray(E * E, 2 * E * E), E, bi.subarray(E, 2 * E), k);
  linear(x.data, T, E, Wi.subarray(2 * E * E), E, bi.subarray(2 * E), v);
  const concat = new Float32Array(T * E);
  const w = new Float32Array(T);
  const scale = Math.fround(1 / Math.sqrt(dh));
  for (let h = 0; h < H; h++) {
    const c0 = h * dh;
    for (let i = 0; i < T; i++) {
      // 2. Scores of query i against the keys it may see, scaled; 3. softmax.
      const n = causal ? i + 1 : T;
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < dh; c++) s += q[i * E + c0 + c] * k[j * E + c0 + c];
        w[j] = s * scale;
        if (w[j] > max) max = w[j];
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        w[j] = Math.exp(w[j] - max);
        sum += w[j];
      }
      // 4. Weighted sum of the values into this head's columns of concat.
      for (let j = 0; j < n; j++) {
        const a = w[j] / sum;
        for (let c = 0; c < dh; c++) concat[i * E + c0 + c] += a * v[j * E + c0 + c];
      }
    }
  }
  // 5. Output projection.
  const out = new Float32Array(T * E);
  linear(concat, T, E, p.outProjWeight.data, E, p.outProjBias, out);
  return { rows: T, cols: E, data: out };
}
