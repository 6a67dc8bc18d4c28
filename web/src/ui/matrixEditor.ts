// ui/matrixEditor.ts — an editable matrix (e.g. W_Q) as a lit template (ui/render.ts): a table of
// number inputs with row and column headers. Edits are stored sparsely ("i.j" → value) in a state
// property so the URL reproduces them; each input shows the store's edit over the base matrix
// (e.g. the seed's weights) at render time, so a new base (a new seed) or a cleared set of edits
// shows on the next page render; a reset button clears them. The table is made again only when
// its base, edits, lock, labels or language changed (guard, by identity: a caller passes the same
// base object while its numbers are the same). It edits INPUTS; it never computes results.
import { at, type Matrix } from '../model/matrix';
import type { Edits, KeysWith, Schema, Store } from '../model/state';
import { language, t } from './i18n';
import { guard, html, live, nothing } from './render';

/**
 * The editor of state property `key` (sparse edits of `base`): a change writes the edits (clamped
 * to ±9.9, two decimals; a value equal to the base removes the edit), the reset button clears them.
 * Edited cells have class "edited". The title's id is `med-<key>` (stable: one editor per key).
 */
export function matrixEditor<S extends Schema>(
  typed: Store<S>,
  key: KeysWith<S, Edits>,
  title: string,
  base: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
): unknown {
  const store = typed as Store;
  const edits = store.get<Edits>(key);
  // A teacher's link may lock the matrix: every input and the reset button are disabled, with a note.
  const locked = store.isLocked(key);
  // Made again only when something it shows changed: a lesson renders its editors on every change
  // of any control (64 inputs each), and while the trained weights are shown they are parked.
  return guard([key, title, base, edits, locked, rowLabels, colLabels, language()], () =>
    editorTable(store, key, title, base, edits, locked, rowLabels, colLabels),
  );
}

function editorTable(
  store: Store,
  key: string,
  title: string,
  base: Matrix,
  edits: Edits,
  locked: boolean,
  rowLabels: readonly string[],
  colLabels: readonly string[],
): unknown {
  const capId = `med-${key}`;
  const change = (i: number, j: number) => (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const v = Number(input.value);
    if (!Number.isFinite(v) || input.value.trim() === '') return;
    const clamped = Math.max(-9.9, Math.min(9.9, Math.round(v * 100) / 100));
    const cur: Record<string, number> = { ...store.get<Edits>(key) };
    if (clamped === at(base, i, j)) delete cur[`${i}.${j}`];
    else cur[`${i}.${j}`] = clamped;
    store.set(key, cur);
  };
  const cell = (i: number, j: number) =>
    html`<td>
      <input
        type="number"
        step="0.1"
        min="-9.9"
        max="9.9"
        .value=${live(String(+(edits[`${i}.${j}`] ?? at(base, i, j)).toFixed(2)))}
        aria-label=${t('med.cell', { name: title, row: rowLabels[i] ?? i + 1, col: colLabels[j] ?? j + 1 })}
        data-i=${i}
        data-j=${j}
        class=${`${i}.${j}` in edits ? 'edited' : ''}
        ?disabled=${locked}
        @change=${change(i, j)}
      />
    </td>`;
  return html`<div class="matrix-editor" data-editor=${key}>
    <div class="med-head">
      <span id=${capId} class="med-title">${title}</span
      ><button type="button" class="btn small" ?disabled=${locked} @click=${() => store.set(key, {})}>${t('med.reset')}</button>
    </div>
    ${locked ? html`<p class="ctl-help locked-note">${t('teacher.lockedNote')}</p>` : nothing}
    <div class="table-wrap">
      <table aria-labelledby=${capId}>
        <thead>
          <tr>
            <td></td>
            ${colLabels.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${Array.from(
            { length: base.rows },
            (_, i) =>
              html`<tr>
                <th scope="row">${rowLabels[i] ?? String(i + 1)}</th>
                ${Array.from({ length: base.cols }, (_, j) => cell(i, j))}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </div>`;
}
