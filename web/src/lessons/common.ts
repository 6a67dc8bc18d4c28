// lessons/common.ts — helpers several lesson modules share: provenance text for a dot product or
// a weighted sum (terms are the core's inputs/results, the total is the core's own number),
// token pickers, shape captions and row slicing for display. No attention math: the sums shown
// are written out as text; their values always come from the core.
import { at, matrix, row, type Matrix } from '../model/matrix';
import type { KeysWith, Schema, Store } from '../model/state';
import type { Core } from '../model/core';
import { lessonModel, lessonModelNow, type LessonModelName, type LessonTrainer } from '../model/lessonModels';
import { trainedSelfAttention, type TrainedSelfAttention } from '../model/pipeline';
import type { SharedSchema } from '../model/schema';
import { MAX_TOKENS } from '../model/tokens';
import { select, sentenceBox } from '../ui/controls';
import { h, uniqueId } from '../ui/dom';
import { renderFormula } from '../ui/formula';
import { t } from '../ui/i18n';
import type { HeatmapSpec } from '../ui/heatmap';
import { fmt, paren } from '../ui/format';

/** "name = a₁·b₁ + a₂·b₂ + … = total" with at most `max` terms written out. */
export function sumText(name: string, a: readonly number[], b: readonly number[], total: number, max = 8, digits = 2): string {
  const n = Math.min(a.length, b.length);
  const terms = Array.from({ length: Math.min(n, max) }, (_, k) => `${paren(a[k] ?? NaN, digits)}·${paren(b[k] ?? NaN, digits)}`);
  const more = n > max ? ` + … (+${n - max})` : '';
  return `${name} = ${terms.join(' + ')}${more} = ${fmt(total, Math.max(digits, 3))}`;
}

export const rowOf = (m: Matrix, i: number): number[] => row(m, i);
export const colOf = (m: Matrix, j: number): number[] => Array.from({ length: m.rows }, (_, i) => at(m, i, j));

/** The first n rows of m (display of a prefix; layout only). */
export function firstRows(m: Matrix, n: number): Matrix {
  return { rows: Math.min(n, m.rows), cols: m.cols, data: m.data.slice(0, Math.min(n, m.rows) * m.cols) };
}

export function rowMatrix(m: Matrix, i: number): Matrix {
  return matrix(1, m.cols, (_, j) => at(m, i, j));
}

export const shape = (names: string, values: string) => `(${names}) = (${values})`;

/** A select of tokens bound to an integer state property (clamped to the sentence). */
export function tokenPicker<S extends Schema>(store: Store<S>, key: KeysWith<S, number>, label: string, labels: readonly string[]): HTMLElement {
  const id = uniqueId(`ctl-${key}`);
  const cur = Math.min((store as Store).get<number>(key), labels.length - 1);
  const sel = h(
    'select',
    { id, 'data-key': key },
    labels.map((l, k) => h('option', { value: k, selected: k === cur }, `${k + 1}: ${l}`)),
  );
  sel.addEventListener('change', () => (store as Store).set(key, Number(sel.value)));
  return h('div', { class: 'ctl ctl-select' }, h('label', { for: id }, label), sel);
}

/** Re-fills a token picker when the sentence changed (keeps it in its slot). */
export function refreshPicker(slot: HTMLElement, make: () => HTMLElement): void {
  slot.replaceChildren(make());
}

export const clampIndex = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));

export function dims(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/** What every (T, T) attention-weights heatmap shares: queries down, keys across, viridis on [0, 1]. */
export function weightsGrid(
  labels: readonly string[],
  axes: { query: string; key: string },
): Pick<HeatmapSpec, 'rowLabels' | 'colLabels' | 'rowAxis' | 'colAxis' | 'palette' | 'domain' | 'shape'> {
  const T = labels.length;
  return {
    rowLabels: labels,
    colLabels: labels,
    rowAxis: axes.query,
    colAxis: axes.key,
    palette: 'viridis',
    domain: [0, 1],
    shape: `(T, T) = (${T}, ${T})`,
  };
}

/** The "trained / random" switch of every lesson that shows attention (state key `w`, in the URL). */
export function weightsSwitch<S extends SharedSchema>(store: Store<S>): HTMLElement {
  const el = select(store as unknown as Store<SharedSchema>, 'w', t('ctl.weights'), [
    { value: 'trained', label: t('ctl.weightsTrained') },
    { value: 'random', label: t('ctl.weightsRandom') },
  ]);
  el.classList.add('weights-switch');
  return el;
}

/**
 * The trained model `name` if it is loaded; otherwise starts loading it, shows a loading line
 * (or the error) in `figures`, and returns undefined — `refresh` redraws once it arrived.
 */
export function trainedModelOr<N extends LessonModelName>(name: N, figures: HTMLElement, refresh: () => void): LessonTrainer<N> | undefined {
  const trainer = lessonModelNow(name);
  if (trainer) return trainer;
  lessonModel(name).then(refresh, (e: Error) =>
    figures.replaceChildren(h('p', { class: 'callout warn wide', role: 'alert' }, `${t('lesson.modelFailed')} ${e.message}`)),
  );
  figures.replaceChildren(h('p', { class: 'loading', 'data-stat': 'model-loading' }, t('lesson.modelLoading')));
  return undefined;
}

/**
 * The controls of a lesson shown on one head of the trained model (lessons 2–6, 9) or on seeded
 * random weights: the weights switch, the trained set (toy sentence, head) and the random set
 * (the learner's sentence unless `randomSentence` is false, then `randomExtras`); `trainedExtras`
 * follow the head select. Append
 * `elements`; `show()` hides the set not in use and returns whether the lesson is in trained mode.
 */
export function headModeControls<S extends SharedSchema>(
  store: Store<S>,
  text: { examples?: string[]; data?: Record<string, unknown> },
  randomExtras: HTMLElement[] = [],
  trainedExtras: HTMLElement[] = [],
  randomSentence = true,
): { elements: HTMLElement[]; show(): boolean } {
  const st = store as unknown as Store<SharedSchema>;
  const trained = h(
    'div',
    { class: 'control-set', 'data-mode': 'trained' },
    sentenceBox(st, 'ts', t('ctl.toySentence'), (text.data?.toyExamples as string[] | undefined) ?? []),
    select(
      st,
      'th',
      t('ctl.trainedHead'),
      [1, 2, 3, 4].map((k) => ({ value: k, label: String(k) })),
    ),
    ...trainedExtras,
  );
  const random = h(
    'div',
    { class: 'control-set', 'data-mode': 'random' },
    randomSentence ? sentenceBox(st, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })) : null,
    ...randomExtras,
  );
  return {
    elements: [weightsSwitch(store), trained, random],
    show() {
      const on = st.get('w') === 'trained';
      trained.hidden = !on;
      random.hidden = on;
      return on;
    },
  };
}

/**
 * Trained mode of lessons 2–6: the chosen head's self-attention on the toy sentence (store's
 * `ts`, `th`), with a warning paragraph for words the model does not know; undefined while the
 * model loads (then `figures` say so, `formula` is emptied, and `refresh` redraws later).
 */
export function trainedHeadOr<S extends SharedSchema>(
  core: Core,
  store: Store<S>,
  figures: HTMLElement,
  formula: HTMLElement,
  refresh: () => void,
): { r: TrainedSelfAttention; unknown: HTMLElement[] } | undefined {
  const trainer = trainedModelOr('translation', figures, refresh);
  if (!trainer) {
    renderFormula(formula, []);
    return undefined;
  }
  const st = store as unknown as Store<SharedSchema>;
  const r = trainedSelfAttention(core, trainer, st.get('ts'), st.get('th') - 1);
  return { r, unknown: unknownNote(r.unknown) };
}

/** The warning for words a trained model does not know ([] when there are none). */
export function unknownNote(words: readonly string[]): HTMLElement[] {
  return words.length ? [h('p', { class: 'callout warn wide', 'data-stat': 'unknown' }, t('lesson.unknownWords', { list: words.join(', ') }))] : [];
}
