// ui/matrixEditor.ts — an editable matrix (e.g. W_Q) as a table of number inputs with row and
// column headers. Edits are stored sparsely ("i.j" → value) in a state property so the URL
// reproduces them; a reset button clears them; rebase() swaps the base matrix (e.g. a new seed) in
// place. It edits INPUTS; it never computes results.
import { at, type Matrix } from '../model/matrix';
import type { Edits, KeysWith, Schema, Store } from '../model/state';
import { h, uniqueId } from './dom';
import { t } from './i18n';

const rebasers = new WeakMap<HTMLElement, (base: Matrix) => void>();

/** Shows a new base matrix in an editor made by matrixEditor (same shape); edits stay edits. */
export function rebase(editor: HTMLElement, base: Matrix): boolean {
  const f = rebasers.get(editor);
  if (f) f(base);
  return !!f;
}

export function matrixEditor<S extends Schema>(
  typed: Store<S>,
  key: KeysWith<S, Edits>,
  title: string,
  first: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
): HTMLElement {
  const store = typed as Store;
  const capId = uniqueId('med');
  let base = first;
  const edits = store.get<Edits>(key);
  const value = (i: number, j: number) => edits[`${i}.${j}`] ?? at(base, i, j);
  const inputs: HTMLInputElement[] = [];
  const body = Array.from({ length: base.rows }, (_, i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, rowLabels[i] ?? String(i + 1)),
      Array.from({ length: base.cols }, (_, j) => {
        const input = h('input', {
          type: 'number',
          step: 0.1,
          min: -9.9,
          max: 9.9,
          value: String(+value(i, j).toFixed(2)),
          'aria-label': t('med.cell', { name: title, row: rowLabels[i] ?? i + 1, col: colLabels[j] ?? j + 1 }),
          'data-i': i,
          'data-j': j,
          class: `${i}.${j}` in edits ? 'edited' : '',
        });
        input.addEventListener('change', () => {
          const v = Number(input.value);
          if (!Number.isFinite(v) || input.value.trim() === '') return;
          const clamped = Math.max(-9.9, Math.min(9.9, Math.round(v * 100) / 100));
          const cur: Record<string, number> = { ...store.get<Edits>(key) };
          if (clamped === at(base, i, j)) delete cur[`${i}.${j}`];
          else cur[`${i}.${j}`] = clamped;
          input.classList.toggle('edited', `${i}.${j}` in cur);
          store.set(key, cur);
        });
        inputs.push(input);
        return h('td', {}, input);
      }),
    ),
  );
  const reset = h('button', { type: 'button', class: 'btn small' }, t('med.reset'));
  reset.addEventListener('click', () => {
    store.set(key, {});
    for (const input of inputs) {
      const i = Number(input.dataset.i);
      const j = Number(input.dataset.j);
      input.value = String(+at(base, i, j).toFixed(2));
      input.classList.remove('edited');
    }
  });
  const el = h(
    'div',
    { class: 'matrix-editor', 'data-editor': key },
    h('div', { class: 'med-head' }, h('span', { id: capId, class: 'med-title' }, title), reset),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'aria-labelledby': capId },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('td', {}),
            colLabels.map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h('tbody', {}, body),
      ),
    ),
  );
  rebasers.set(el, (b) => {
    base = b;
    const cur = store.get<Edits>(key);
    for (const input of inputs) {
      const i = Number(input.dataset.i);
      const j = Number(input.dataset.j);
      const v = String(+(cur[`${i}.${j}`] ?? at(base, i, j)).toFixed(2));
      if (input.value !== v) input.value = v;
      input.classList.toggle('edited', `${i}.${j}` in cur);
    }
  });
  return el;
}
