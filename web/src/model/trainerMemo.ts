// model/trainerMemo.ts — the results of a lesson model's read-only calls (info, translate,
// blockTrace, attentionMaps, stateDict), and of core calls on what they return (`remember`),
// kept per model and per argument, so a control that does not change the sentence does not make
// the core decode it again (a translate is 2–7 ms in the browser; a slider step's whole budget
// is 8). Computes nothing itself: every value is what the
// core returned for those arguments. A lesson model changes only when heads are switched on or
// off (model/ablation.ts, which calls forgetResults); the lab's models train in their own worker
// and never come here. Callers must not modify what they get back (it is shared).
import type { AttentionMaps, BlockTrace, StateDict, TransformerTrainer } from '../../../wasm/trainer.js';
import { cached } from './lru';

/** At most this many results per model (the least recently used goes first). */
const MAX = 64;
const memos = new WeakMap<object, Map<string, unknown>>();

/** `make()`, remembered for `model` under `key` until the model changes: for a value computed
 *  from the model's results alone (the key must name everything else it depends on). */
export function remember<T>(model: object, key: string, make: () => T): T {
  return remembered(model, `remember\u0000${key}`, make);
}

function remembered<T>(model: object, key: string, make: () => T): T {
  let m = memos.get(model);
  if (!m) memos.set(model, (m = new Map()));
  return cached(m as Map<string, T>, key, make, MAX);
}

/** Forgets every result of `model`: its weights or its enabled heads changed. */
export function forgetResults(model: object): void {
  memos.delete(model);
}

/** model.info(). */
export const infoOf = <I>(model: { info(): I }): I => remembered(model, 'info', () => model.info());

/** model.translate(sentence) (a Transformer's or a GRU's). */
export const translationOf = <R>(model: { translate(sentence: string): R }, sentence: string): R =>
  remembered(model, `translate\u0000${sentence}`, () => model.translate(sentence));

/** model.blockTrace(source, layer). */
export const blockTraceOf = (model: TransformerTrainer, source: readonly number[], layer: number): BlockTrace =>
  remembered(model, `blockTrace\u0000${layer}\u0000${source.join(',')}`, () => model.blockTrace([...source], layer));

/** model.attentionMaps(source, targetIn). */
export const attentionMapsOf = (model: TransformerTrainer, source: readonly number[], targetIn: readonly number[]): AttentionMaps =>
  remembered(model, `attentionMaps\u0000${source.join(',')}\u0000${targetIn.join(',')}`, () => model.attentionMaps([...source], [...targetIn]));

/** model.stateDict() (a copy of every parameter out of the heap). */
export const stateDictOf = (model: TransformerTrainer): StateDict => remembered(model, 'stateDict', () => model.stateDict());
