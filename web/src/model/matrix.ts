// model/matrix.ts — small helpers to build, read and re-lay-out the row-major float32 matrices
// the core takes and returns ({rows, cols, data}). Layout only: building inputs, reading cells,
// stacking blocks, transposing for PyTorch's (out, in) weight convention, applying edits.
// It does no attention math (no products, softmax or sums); the core does all of that.
import type { Matrix } from '../../../wasm/index.js';
import type { Edits } from './state';

export type { Matrix };

export function matrix(rows: number, cols: number, fill: (i: number, j: number) => number): Matrix {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = fill(i, j);
  return { rows, cols, data };
}

export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j] ?? NaN;
}

export function row(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

export function col(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => at(m, i, j));
}

export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => row(m, i));
}

export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  return matrix(r, c, (i, j) => rows[i]?.[j] ?? 0);
}

export function vectorAsRow(v: Float32Array | readonly number[]): Matrix {
  return matrix(1, v.length, (_, j) => v[j] ?? 0);
}

/** Re-layout (i, j) → (j, i); used to turn the paper's W (d_model, d_k) into PyTorch's (d_k, d_model). */
export function transposed(m: Matrix): Matrix {
  return matrix(m.cols, m.rows, (i, j) => at(m, j, i));
}

/** Stacks matrices with equal cols on top of each other (PyTorch's in_proj_weight = [W_q; W_k; W_v]). */
export function vstack(ms: readonly Matrix[]): Matrix {
  const cols = ms[0]?.cols ?? 0;
  const rows = ms.reduce((n, m) => n + m.rows, 0);
  const data = new Float32Array(rows * cols);
  let off = 0;
  for (const m of ms) {
    data.set(m.data, off);
    off += m.data.length;
  }
  return { rows, cols, data };
}

/** Rows in a new order: out row r = in row perm[r]. */
export function permuteRows(m: Matrix, perm: readonly number[]): Matrix {
  return matrix(m.rows, m.cols, (i, j) => at(m, perm[i] ?? i, j));
}

export function identity(n: number): Matrix {
  return matrix(n, n, (i, j) => (i === j ? 1 : 0));
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols, () => 0);
}

/** Applies sparse learner edits ("i.j" → value) on top of a base matrix; out-of-range edits are ignored. */
export function withEdits(base: Matrix, edits: Edits): Matrix {
  const out = { rows: base.rows, cols: base.cols, data: base.data.slice() };
  for (const [key, v] of Object.entries(edits)) {
    const [i, j] = key.split('.').map(Number);
    if (i !== undefined && j !== undefined && i < base.rows && j < base.cols) out.data[i * base.cols + j] = v;
  }
  return out;
}

export function sameShape(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}
