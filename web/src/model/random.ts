// model/random.ts — deterministic pseudo-random INPUT generation: a string hash, a seeded PRNG
// and Gaussian samples, so that a URL (sentence + seed) always reproduces the same embeddings
// and weights. It generates inputs only; it computes nothing the lessons teach.
import { matrix, type Matrix } from './matrix';

/** FNV-1a 32-bit hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a seeded PRNG. */
export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const round = (x: number, digits: number) => {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
};

/**
 * A seeded (rows, cols) matrix of N(0, scale²) entries, rounded to `digits` decimals so the
 * numbers a learner reads and edits are short. `tag` separates matrices drawn from one seed.
 */
export function seededMatrix(seed: number, tag: string, rows: number, cols: number, scale = 1, digits = 2): Matrix {
  const g = gaussian(prng(hashString(`${seed}:${tag}`)));
  return matrix(rows, cols, () => round(g() * scale, digits));
}

export function seededVector(seed: number, tag: string, n: number, scale = 1, digits = 2): Float32Array {
  return seededMatrix(seed, tag, 1, n, scale, digits).data;
}

/** A seeded permutation of 0..n-1 (Fisher–Yates); seed 0 is the identity. */
export function seededPermutation(seed: number, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  if (seed === 0) return p;
  const r = prng(hashString(`perm:${seed}`));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}
