// lessons/07-masking.ts — lesson 7, "Masking": a causal mask and learner-blocked cells (a grid of
// checkboxes) go to the core as a mask; it returns the masked scores (−∞) and weights (a fully
// blocked row is all zeros). A ragged batch of two sentences is padded and run with a key-padding
// mask. Controls: causal toggle, mask grid, second sentence. The core does all the math, the
// masks included (core.causalMask, core.paddingMask); JS lays out the learner's blocked cells.
// By default (w = trained) the masks act on one head (th) of the trained translation model's
// first encoder layer on a toy sentence (ts) — pipeline.trainedMaskedAttention — and the ragged
// batch pairs it with a second toy sentence (t2) through that trained layer
// (pipeline.trainedRaggedBatch); w = random keeps the seeded one-head attention on s and s2.
// view() returns lit templates (ui/render.ts): the mask grid is a table of checkboxes whose
// @change writes `blk` in the store (a teacher's lock on `blk` renders them disabled).
import { headModeControls, isTrained, trainedModelOr, unknownNote, weightsGrid } from './common';
import { at, row, type Matrix } from '../model/matrix';
import { maskMatrix, raggedBatch, selfAttention, sentenceInputs, trainedMaskedAttention, trainedRaggedBatch } from '../model/pipeline';
import type { AttentionResult } from '../../../wasm/index.js';
import { boolParam, editsParam, strParam, type Edits } from '../model/state';
import { checkbox, sentenceBox } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html, live, nothing } from '../ui/render';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'masking',
  file: '07-masking',
  params: {
    cz: boolParam(true),
    blk: editsParam(),
    s2: strParam('A dog ran.', 200),
    /** Trained mode: the second toy sentence of the padded batch. */
    t2: strParam('the bird sings', 200),
  },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'cz', 'blk', 's2', 'w', 'ts', 'th', 't2'],
  mount({ core, store, L, text, refresh }) {
    const examples = (k: string) => (text.data?.[k] as string[] | undefined) ?? [];
    /** Writes blocked cells into the store's `blk` (on) or takes them out (off). */
    const setBlocked = (cells: readonly string[], on: boolean) => {
      const cur = { ...store.get('blk') };
      for (const c of cells)
        if (on) cur[c] = 1;
        else delete cur[c];
      store.set('blk', cur);
    };
    /** Each cell's accessible name, made again only when the tokens change (not on every render
     *  of the T×T boxes). */
    let names: { of: string; cell: string[][] } | undefined;
    const cellNames = (labels: readonly string[]): string[][] => {
      const of = labels.join('\u0000');
      if (names?.of !== of) names = { of, cell: labels.map((q) => labels.map((k) => L('blockCell', { q, k }))) };
      return names.cell;
    };
    /**
     * The mask grid: one checkbox per (query, key) cell, ticked = blocked; the causal mask's future
     * cells are ticked and disabled. Lit keeps the table's elements while the sentence keeps its
     * length, so a toggled box keeps the focus. Empty while the trained model loads.
     */
    const grid = (g?: { labels: readonly string[]; future: Matrix }) => {
      if (!g) return html`<div class="mask-grid" data-editor="blk"></div>`;
      const { labels, future } = g;
      const name = cellNames(labels);
      const causal = store.get('cz');
      const blk = store.get('blk');
      const locked = store.isLocked('blk');
      const T = labels.length;
      const body = labels.map(
        (q, i) =>
          html`<tr>
            <th scope="row">${q}</th>
            ${labels.map((_, j) => {
              const later = causal && at(future, i, j) !== 0;
              return html`<td>
                <input
                  type="checkbox"
                  aria-label=${name[i]?.[j] ?? ''}
                  data-i=${i}
                  data-j=${j}
                  .checked=${live(later || !!blk[`${i}.${j}`])}
                  ?disabled=${later || locked}
                  @change=${(e: Event) => setBlocked([`${i}.${j}`], (e.currentTarget as HTMLInputElement).checked)}
                />
              </td>`;
            })}
          </tr>`,
      );
      const lastRow = Array.from({ length: T }, (_, j) => `${T - 1}.${j}`);
      const blockRow = L('blockRow', { q: labels[T - 1] ?? '' });
      return html`<div class="mask-grid" data-editor="blk">
        <div class="med-head">
          <span class="med-title" id="mask-grid-title">${L('gridTitle')}</span>
          <span class="row-tools"
            ><button type="button" class="btn small" ?disabled=${locked} @click=${() => setBlocked(lastRow, true)}>${blockRow}</button
            ><button type="button" class="btn small" ?disabled=${locked} @click=${() => store.set('blk', {})}>${L('clear')}</button></span
          >
        </div>
        <div class="table-wrap">
          <table class="mask-table" aria-labelledby="mask-grid-title">
            <thead>
              <tr>
                <td></td>
                ${labels.map((k) => html`<th scope="col">${k}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${body}
            </tbody>
          </table>
        </div>
        ${locked ? html`<p class="ctl-help locked-note">${t('teacher.lockedNote')}</p>` : nothing}
      </div>`;
    };
    const controls = (g?: { labels: readonly string[]; future: Matrix }) =>
      html`${headModeControls(
        store,
        text,
        [sentenceBox(store, 's2', L('second'), examples('secondExamples'))],
        [sentenceBox(store, 't2', L('toySecond'), examples('toySecondExamples'))],
      )}
      ${checkbox(store, 'cz', L('causal'), L('causalHelp'))} ${grid(g)}`;
    return {
      view() {
        const trained = isTrained(store);
        const v = store.snapshot();
        let notes: unknown = nothing;
        let labels: string[];
        let att: AttentionResult;
        /** The padded batch: per sentence its padded labels, real-token count and (T_max, T_max) weights. */
        let batch: { m: Matrix; lab: string[]; n: number }[];
        let Tmax: number;
        let padding: Matrix;
        const padded = (labs: string[], n: number) => Array.from({ length: Tmax }, (_, k) => labs[k] ?? `${L('padToken')}${k - n > 0 ? k - n + 1 : ''}`);
        if (trained) {
          const got = trainedModelOr('translation', refresh);
          if ('wait' in got) return { controls: controls(), figures: got.wait, formula: [] };
          const trainer = got.trainer;
          const r = trainedMaskedAttention(core, trainer, v.ts as string, (v.th as number) - 1, v.cz as boolean, v.blk as Edits);
          const rb = trainedRaggedBatch(core, trainer, r, v.t2 as string);
          ({ labels, att } = r);
          Tmax = rb.Tmax;
          padding = rb.padding.additive;
          batch = rb.items.map(({ inp, weights }) => ({ m: weights, lab: padded(inp.labels, inp.tokens.length), n: inp.tokens.length }));
          const note = L('trainedNote', { h: r.head + 1, n: r.numHeads, T: labels.length, dk: r.dHead });
          notes = html`${unknownNote([...new Set([...r.unknown, ...rb.b2.unknown])])}
            <p class="callout wide" data-stat="trained-head">${note}</p>`;
        } else {
          const base = sentenceInputs(v.s as string);
          const maskM = maskMatrix(core, base.tokens.length, false, v.blk as Edits);
          const r = selfAttention(core, v, { causal: v.cz as boolean, mask: maskM });
          ({ labels, att } = r);
          // Ragged batch: the learner's sentence and a second one, padded to the longer length.
          const rb = raggedBatch(core, v, base);
          Tmax = rb.Tmax;
          padding = rb.padding.additive;
          batch = rb.items.map(({ inp, res }) => ({ m: res.averageWeights, lab: padded(inp.labels, inp.tokens.length), n: inp.tokens.length }));
        }
        /** Key j of batch item `item` is padding (the core's additive mask holds −∞ there). */
        const padKey = (item: number, j: number) => at(padding, item, j) === -Infinity;
        const T = labels.length;
        const future = core.causalMask(T).mask;
        const dead = labels.filter((_, i) => row(att.masked, i).every((x) => x === -Infinity));
        const figures = html`${notes}
          ${heatmap({
            id: 'masked-scores',
            title: L('masked'),
            m: att.masked,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('query'),
            colAxis: L('key'),
            palette: 'diverging',
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) =>
              at(att.masked, i, j) === -Infinity
                ? L('blockedProv', { q: labels[i] ?? '', k: labels[j] ?? '', why: v.cz && at(future, i, j) !== 0 ? L('future') : L('byYou') })
                : L('openProv', { q: labels[i] ?? '', k: labels[j] ?? '', v: fmt(at(att.scaled, i, j), 3) }),
          })}
          ${heatmap({
            id: 'masked-weights',
            provenance: (i, j) =>
              at(att.masked, i, j) === -Infinity
                ? L('wBlocked', { q: labels[i] ?? '', k: labels[j] ?? '' })
                : L('wOpen', { q: labels[i] ?? '', k: labels[j] ?? '', s: fmt(at(att.masked, i, j), 3), v: fmt(at(att.weights, i, j), 3) }),
            title: L('weights'),
            m: att.weights,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
          })}
          ${
            dead.length
              ? html`<p class="callout warn wide" data-stat="dead">${L('deadRow', { q: dead.join(', ') })}</p>`
              : html`<p class="callout wide">${L('noDead')}</p>`
          }
          <h3 class="wide">${L('batchTitle', { b: 2, T: Tmax })}</h3>
          ${batch.map((b, k) =>
            heatmap({
              id: `padded-weights-${k + 1}`,
              provenance: (i, j) =>
                padKey(k, j)
                  ? L('padProv', { q: b.lab[i] ?? '', k: b.lab[j] ?? '' })
                  : L('wOpen', { q: b.lab[i] ?? '', k: b.lab[j] ?? '', s: '…', v: fmt(at(b.m, i, j), 3) }),
              title: L('batchItem', { k: k + 1, n: b.n, T: Tmax }),
              m: b.m,
              rowLabels: b.lab,
              colLabels: b.lab,
              rowAxis: L('query'),
              colAxis: L('key'),
              palette: 'viridis',
              domain: [0, 1],
              shape: `(T_max, T_max) = (${Tmax}, ${Tmax})`,
            }),
          )}`;
        const i = T - 1;
        return {
          controls: controls({ labels, future }),
          figures,
          formula: [
            {
              tex: `M_{ij} = \\begin{cases} 0 & \\text{${L('txAllowed')}} \\\\ -\\infty & \\text{${L('txBlocked')}}\\ (\\text{${L('txEg')}}\\ j > i) \\end{cases} \\qquad w_i = \\operatorname{softmax}\\!\\left(\\frac{q_i K^{\\top}}{\\sqrt{d_k}} + M_i\\right)`,
            },
            {
              label: L('fLast', { q: labels[i] ?? '' }),
              tex: `\\tilde s_{${i + 1}} = [${row(att.masked, i)
                .map((x) => tex(x))
                .join(',\\ ')}] \\;\\Rightarrow\\; w_{${i + 1}} = [${row(att.weights, i)
                .map((x) => tex(x))
                .join(',\\ ')}]`,
            },
            {
              label: L('fFirst', { q: labels[0] ?? '' }),
              tex: `w_{1} = [${row(att.weights, 0)
                .map((x) => tex(x))
                .join(',\\ ')}]`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
