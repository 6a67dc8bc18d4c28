// model/gruAlignment.ts — lesson 11's trained mode: what a trained GRU encoder–decoder
// (a BottleneckTrainer holding a lesson model) does with a toy sentence, laid out for the figures,
// and the comparison of two such models' alignments. Every number comes from the trainer
// (translate: the decoding and its attention α, (T_out, T_s)) and the lessons' core (hardAttention
// for each row's largest weight, compareMatrices for the difference). It does no math itself, and
// it imports no JSON (Playwright's Node imports it in tests; lessonModels.ts holds the manifest).
import type { BottleneckTrainer } from '../../../wasm/trainer.js';
import type { Core } from './core';
import type { Matrix } from './matrix';
import { translationOf } from './trainerMemo';

/** The row label of the decoder's end-of-sentence step. */
export const EOS = '<eos>';

export interface GruAlignment {
  /** The tokenized English words (columns), unknown words as typed. */
  source: string[];
  /** Words the model does not know (read as <unk>). */
  unknown: string[];
  /** The French words the model wrote, without <eos>. */
  output: string[];
  /** The rule-based correct translation. */
  reference: string[];
  /** Whether the output equals the reference, word for word. */
  correct: boolean;
  /** Row labels: the output words, then EOS when the model ended the sentence. */
  rows: string[];
  /** α, (T_out, T_s): row t is the weights the decoder used while writing rows[t]. */
  attention: Matrix;
  /** (T_out): the source column of each row's largest weight (core.hardAttention; ties to the first). */
  top: Int32Array;
}

/** Greedy translation of `sentence` by a trained GRU, with its alignment and each row's strongest source word. */
export function gruAlignment(core: Core, trainer: Pick<BottleneckTrainer, 'translate'>, sentence: string): GruAlignment {
  const r = translationOf(trainer, sentence);
  const rows = r.finished ? [...r.output, EOS] : [...r.output];
  const correct = r.output.length === r.reference.length && r.output.every((w, i) => w === r.reference[i]);
  return {
    source: r.source,
    unknown: r.unknown,
    output: r.output,
    reference: r.reference,
    correct,
    rows,
    attention: r.attention,
    top: core.hardAttention(r.attention).index,
  };
}

/** A − B of two alignments of one sentence (core.compareMatrices), or undefined when their row counts differ. */
export function compareAlignments(core: Core, a: GruAlignment, b: GruAlignment) {
  if (a.attention.rows !== b.attention.rows || a.attention.cols !== b.attention.cols) return undefined;
  return core.compareMatrices(a.attention, b.attention);
}

/**
 * Multiply–adds of scoring one translation (counted from shapes): T_s source words, T_out decoder
 * steps, decoder/encoder state width h, additive width a. General: W_a s_{t−1} per step, then a
 * dot product with every h_j. Additive: W_k h_j once per source word and W_q s_{t−1} per step,
 * then per pair a sum, a tanh and the product with v (tanh counted as one op).
 */
export function gruScoringCost(Ts: number, Tout: number, h: number, a: number): { general: number; additive: number } {
  return { general: Tout * h * h + Tout * Ts * h, additive: (Ts + Tout) * a * h + 3 * Tout * Ts * a };
}
