// model/tokens.ts — turns the learner's sentence into tokens and deterministic "embeddings":
// each token (lower-cased) seeds its own vector, so a word always has the same embedding and a
// URL reproduces it. Optional lexicon: words that mean the same (cat/chat) share a concept
// vector, which makes the cross-attention alignment of lesson 10 visible. Inputs only, no math.
import { matrix, type Matrix } from './matrix';
import { gaussian, hashString, prng } from './random';

export const MAX_TOKENS = 12;

/** Words, numbers, and each punctuation mark as its own token; apostrophes stay inside words. */
export function tokenize(sentence: string, max = MAX_TOKENS): { tokens: string[]; truncated: boolean } {
  const all = sentence.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
  return { tokens: all.slice(0, max), truncated: all.length > max };
}

function wordVector(key: string, d: number): number[] {
  const g = gaussian(prng(hashString(`emb:${key}`)));
  return Array.from({ length: d }, () => g());
}

/**
 * (T, d) embeddings, rounded to 2 decimals. With a lexicon, a token's vector is its concept's
 * vector plus `own`× its own word vector (so translations are similar but not identical).
 */
export function embed(tokens: readonly string[], d: number, lexicon?: Readonly<Record<string, string>>, own = 0.35): Matrix {
  const vecs = tokens.map((t) => {
    const w = t.toLowerCase();
    const concept = lexicon?.[w];
    if (!concept) return wordVector(w, d);
    const c = wordVector(`concept:${concept}`, d);
    const o = wordVector(w, d);
    return c.map((x, i) => x + own * (o[i] ?? 0));
  });
  return matrix(tokens.length, d, (i, j) => Math.round((vecs[i]?.[j] ?? 0) * 100) / 100);
}

/** Labels that stay unique when a word repeats ("the", "the₂"). */
export function tokenLabels(tokens: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return tokens.map((t) => {
    const n = (seen.get(t) ?? 0) + 1;
    seen.set(t, n);
    return n === 1 ? t : `${t}${subscript(n)}`;
  });
}

export function subscript(n: number): string {
  return String(n).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)] ?? c);
}
