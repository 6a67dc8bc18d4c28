// bridge/py.ts — writes PyTorch source text: numbers as float32-exact decimal literals,
// matrices and vectors as torch.tensor(...) literals laid out one row per line, boolean masks,
// and the Tensor records (shape + row-major data) a bridge returns as its expected results.
// Text and layout only: it computes no attention math; every number it writes is an input the
// pipeline built or a result the core returned.
import type { Matrix } from '../model/matrix';
import type { LessonContent } from '../lessons/types';
import type { Core } from '../model/core';
import type { Values } from '../model/state';

/** A named result of a snippet: shape and row-major values (a scalar has shape []). */
export interface Tensor {
  shape: number[];
  data: number[];
}

/** What a lesson's bridge returns for one state: the code and the core's numbers it must reproduce. */
export interface Bridge {
  /** Python source, runnable as-is; it defines a variable for every key of `expected`. */
  code: string;
  /** The core's results, by the snippet's variable names. */
  expected: Record<string, Tensor>;
  /** Files of this site the snippet reads from its folder (site-relative paths, e.g. models/translation.safetensors). */
  files?: string[];
  /** A sentence the panel shows above the code when the snippet reproduces less than the figures (e.g. another mode). */
  notice?: string;
}

/**
 * A lesson's bridge: from the core, the learner's state (a store snapshot: shared and lesson
 * properties) and the lesson's content file (for data such as lesson 10's lexicon) to its
 * snippet, or null when the state shows no numbers (e.g. an impossible head split).
 */
export type BridgeFn = (core: Core, v: Values, content: LessonContent) => Bridge | null;

/**
 * The shortest decimal (≤ 9 significant digits) that reads back as the same float32, so
 * torch.tensor([...]) (float32) holds exactly the numbers the core was given.
 */
export function f32(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "-float('inf')";
  if (x === 0) return '0.0'; // -0 too: the seeded weights round tiny negatives to -0
  const want = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = want.toPrecision(p);
    if (Math.fround(Number(s)) === want) return pyNumber(s);
  }
  return pyNumber(want.toPrecision(9));
}

/** JS number text → Python float text ("1" → "1.0", "1e-7" stays, "1.50" → "1.5"). */
function pyNumber(s: string): string {
  const [m = s, exp] = s.split('e');
  const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '.0') : `${m}.0`;
  return exp === undefined ? mant : `${mant}e${Number(exp)}`;
}

const rowText = (m: Matrix, i: number) => `[${Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), f32).join(', ')}]`;

/** `torch.tensor([[…], …])` of a (rows, cols) matrix, one row per line, float32. */
export function tensorLiteral(m: Matrix, indent = ''): string {
  if (m.rows === 0) return 'torch.zeros(0, ' + String(m.cols) + ')';
  const rows = Array.from({ length: m.rows }, (_, i) => `${indent}    ${rowText(m, i)},`);
  return `torch.tensor([\n${rows.join('\n')}\n${indent}])`;
}

/** `torch.tensor([…])` of a vector, float32. */
export function vectorLiteral(v: ArrayLike<number>): string {
  return `torch.tensor([${Array.from(v, f32).join(', ')}])`;
}

/** A Python list of ints, e.g. a permutation. */
export function intList(v: readonly number[]): string {
  return `[${v.join(', ')}]`;
}

/** A Python string literal (the learner's sentence in a comment-free, quoted form). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

/** A one-line Python comment: the text with newlines flattened. */
export function comment(s: string): string {
  return `# ${s.replace(/\s+/g, ' ').trim()}`;
}

/** A Matrix as a Tensor record. */
export function fromMatrix(m: Matrix): Tensor {
  return { shape: [m.rows, m.cols], data: Array.from(m.data) };
}

/** A vector as a Tensor record. */
export function fromVector(v: ArrayLike<number>): Tensor {
  return { shape: [v.length], data: Array.from(v) };
}

/** A number as a 0-d Tensor record. */
export function scalar(x: number): Tensor {
  return { shape: [], data: [x] };
}

/** Matrices of one shape stacked on a new leading axis: (n, rows, cols). */
export function stacked(ms: readonly Matrix[]): Tensor {
  const first = ms[0];
  return { shape: [ms.length, first?.rows ?? 0, first?.cols ?? 0], data: ms.flatMap((m) => Array.from(m.data)) };
}

/** Lines joined into a snippet, ending with a newline. */
export function lines(...ls: (string | false | null | undefined)[]): string {
  return `${ls.filter((l): l is string => typeof l === 'string').join('\n')}\n`;
}
