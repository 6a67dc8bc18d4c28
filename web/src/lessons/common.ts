// lessons/common.ts — helpers several lesson modules share: provenance text for a dot product or
// a weighted sum (terms are the core's inputs/results, the total is the core's own number),
// token pickers, the trained/random controls, shape captions and row slicing for display (as
// templates, ui/render.ts). No attention math: the sums shown
// are written out as text; their values always come from the core.
import { at, matrix, row, type Matrix } from '../model/matrix';
import type { KeysWith, Schema, Store } from '../model/state';
import type { Core } from '../model/core';
import { lessonModel, lessonModelNow, type LessonModelName, type LessonTrainer } from '../model/lessonModels';
import { trainedSelfAttention, type TrainedSelfAttention } from '../model/pipeline';
import type { SharedSchema } from '../model/schema';
import { MAX_TOKENS } from '../model/tokens';
import { numberOptions, select, sentenceBox } from '../ui/controls';
import { t } from '../ui/i18n';
import { html, live, nothing } from '../ui/render';
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
export function tokenPicker<S extends Schema>(store: Store<S>, key: KeysWith<S, number>, label: string, labels: readonly string[]): unknown {
  const st = store as Store;
  const cur = Math.min(st.get<number>(key), labels.length - 1);
  const id = `ctl-${key}`;
  return html`<div class="ctl ctl-select">
    <label for=${id}>${label}</label
    ><select id=${id} data-key=${key} ?disabled=${st.isLocked(key)} @change=${(e: Event) => st.set(key, Number((e.currentTarget as HTMLSelectElement).value))}>
      ${labels.map((l, k) => html`<option value=${k} .selected=${live(k === cur)}>${k + 1}: ${l}</option>`)}
    </select>
  </div>`;
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
export function weightsSwitch<S extends SharedSchema>(store: Store<S>): unknown {
  return select(store as unknown as Store<SharedSchema>, 'w', t('ctl.weights'), [
    { value: 'trained', label: t('ctl.weightsTrained') },
    { value: 'random', label: t('ctl.weightsRandom') },
  ]);
}

/** Why a trained model is not there yet: loading, or the error it failed with. */
const failed = new Map<LessonModelName, string>();

/**
 * The trained model `name` if it is loaded; otherwise starts loading it and returns what to show
 * instead of the figures (a loading line, or the error) — `refresh` renders again once it arrived.
 */
export function trainedModelOr<N extends LessonModelName>(name: N, refresh: () => void): { trainer: LessonTrainer<N> } | { wait: unknown } {
  const trainer = lessonModelNow(name);
  if (trainer) return { trainer };
  const err = failed.get(name);
  if (err !== undefined) return { wait: html`<p class="callout warn wide" role="alert">${t('lesson.modelFailed')} ${err}</p>` };
  lessonModel(name).then(refresh, (e: Error) => {
    failed.set(name, e.message);
    refresh();
  });
  return { wait: html`<p class="loading" data-stat="model-loading">${t('lesson.modelLoading')}</p>` };
}

/**
 * The controls of a lesson shown on one head of the trained model (lessons 2–6, 9) or on seeded
 * random weights: the weights switch, the trained set (toy sentence, head) and the random set
 * (the learner's sentence unless `randomSentence` is false, then `randomExtras`); `trainedExtras`
 * follow the head select. The set not in use is hidden.
 */
export function headModeControls<S extends SharedSchema>(
  store: Store<S>,
  text: { examples?: string[]; data?: Record<string, unknown> },
  randomExtras: readonly unknown[] = [],
  trainedExtras: readonly unknown[] = [],
  randomSentence = true,
): unknown {
  const st = store as unknown as Store<SharedSchema>;
  return modeControls(
    store,
    html`${sentenceBox(st, 'ts', t('ctl.toySentence'), (text.data?.toyExamples as string[] | undefined) ?? [])}
    ${select(st, 'th', t('ctl.trainedHead'), numberOptions(1, 2, 3, 4))} ${trainedExtras}`,
    html`${randomSentence ? sentenceBox(st, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })) : nothing} ${randomExtras}`,
  );
}

/** The weights switch and the two sets of controls it chooses between; the set not in use is hidden. */
export function modeControls<S extends SharedSchema>(store: Store<S>, trained: unknown, random: unknown): unknown {
  const on = isTrained(store);
  return html`${weightsSwitch(store)}
    <div class="control-set" data-mode="trained" ?data-parked=${!on}>${trained}</div>
    <div class="control-set" data-mode="random" ?data-parked=${on}>${random}</div>`;
}

/** Whether the lesson is in trained mode (`w`). */
export const isTrained = <S extends SharedSchema>(store: Store<S>): boolean => (store as unknown as Store<SharedSchema>).get('w') === 'trained';

/**
 * Trained mode of lessons 2–6: the chosen head's self-attention on the toy sentence (store's
 * `ts`, `th`), with the warning for words the model does not know; or, while the model loads (or
 * when it failed), what to show instead of the figures.
 */
export function trainedHeadOr<S extends SharedSchema>(
  core: Core,
  store: Store<S>,
  refresh: () => void,
): { r: TrainedSelfAttention; unknown: unknown } | { wait: unknown } {
  const got = trainedModelOr('translation', refresh);
  if ('wait' in got) return got;
  const st = store as unknown as Store<SharedSchema>;
  const r = trainedSelfAttention(core, got.trainer, st.get('ts'), st.get('th') - 1);
  return { r, unknown: unknownNote(r.unknown) };
}

/** The warning for words a trained model does not know (nothing when there are none). */
export function unknownNote(words: readonly string[]): unknown {
  return words.length ? html`<p class="callout warn wide" data-stat="unknown">${t('lesson.unknownWords', { list: words.join(', ') })}</p>` : nothing;
}
