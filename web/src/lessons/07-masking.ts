// lessons/07-masking.ts — lesson 7, "Masking": a causal mask and learner-blocked cells (a grid of
// checkboxes) go to the core as a mask; it returns the masked scores (−∞) and weights (a fully
// blocked row is all zeros). A ragged batch of two sentences is padded and run with a key-padding
// mask. Controls: causal toggle, mask grid, second sentence. The core does all the math, the
// masks included (core.causalMask, core.paddingMask); JS lays out the learner's blocked cells.
// By default (w = trained) the masks act on one head (th) of the trained translation model's
// first encoder layer on a toy sentence (ts) — pipeline.trainedMaskedAttention — and the ragged
// batch pairs it with a second toy sentence (t2) through that trained layer
// (pipeline.trainedRaggedBatch); w = random keeps the seeded one-head attention on s and s2.
import { headModeControls, trainedModelOr, unknownNote, weightsGrid } from './common';
import { at, row, type Matrix } from '../model/matrix';
import { maskMatrix, raggedBatch, selfAttention, sentenceInputs, trainedMaskedAttention, trainedRaggedBatch } from '../model/pipeline';
import type { AttentionResult } from '../../../wasm/index.js';
import { boolParam, editsParam, strParam, type Edits } from '../model/state';
import { button, checkbox, sentenceBox } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
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
  mount({ core, store, L, controls, figures, formula, text, refresh }) {
    const grid = h('div', { class: 'mask-grid', 'data-editor': 'blk' });
    const examples = (k: string) => (text.data?.[k] as string[] | undefined) ?? [];
    const modes = headModeControls(
      store,
      text,
      [sentenceBox(store, 's2', L('second'), examples('secondExamples'))],
      [sentenceBox(store, 't2', L('second'), examples('toySecondExamples'))],
    );
    controls.append(...modes.elements, checkbox(store, 'cz', L('causal'), L('causalHelp')), grid);
    let gridFor = '';
    const drawGrid = (labels: string[], future: Matrix) => {
      const causal = store.get('cz');
      const blk = store.get('blk');
      const T = labels.length;
      // Same sentence: only the boxes' state changes; keep the table (and the focused box).
      if (labels.join('|') === gridFor) {
        for (const box of grid.querySelectorAll<HTMLInputElement>('input[data-i]')) {
          const i = Number(box.dataset.i);
          const j = Number(box.dataset.j);
          const later = causal && at(future, i, j) !== 0;
          box.checked = later || !!blk[`${i}.${j}`];
          box.disabled = later;
        }
        return;
      }
      gridFor = labels.join('|');
      const body = labels.map((q, i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, q),
          labels.map((k, j) => {
            const later = causal && at(future, i, j) !== 0;
            const box = h('input', { type: 'checkbox', 'aria-label': L('blockCell', { q, k }), 'data-i': i, 'data-j': j });
            box.checked = later || !!blk[`${i}.${j}`];
            box.disabled = later;
            box.addEventListener('change', () => {
              const cur = { ...store.get('blk') };
              if (box.checked) cur[`${i}.${j}`] = 1;
              else delete cur[`${i}.${j}`];
              store.set('blk', cur);
            });
            return h('td', {}, box);
          }),
        ),
      );
      const blockRow = button(
        L('blockRow', { q: labels[T - 1] ?? '' }),
        () => {
          const cur = { ...store.get('blk') };
          for (let j = 0; j < T; j++) cur[`${T - 1}.${j}`] = 1;
          store.set('blk', cur);
        },
        'btn small',
      );
      const clearB = button(L('clear'), () => store.set('blk', {}), 'btn small');
      grid.replaceChildren(
        h(
          'div',
          { class: 'med-head' },
          h('span', { class: 'med-title', id: 'mask-grid-title' }, L('gridTitle')),
          h('span', { class: 'row-tools' }, blockRow, clearB),
        ),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'mask-table', 'aria-labelledby': 'mask-grid-title' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('td', {}),
                labels.map((k) => h('th', { scope: 'col' }, k)),
              ),
            ),
            h('tbody', {}, body),
          ),
        ),
      );
    };
    return {
      update() {
        const trained = modes.show();
        const v = store.snapshot();
        const notes: HTMLElement[] = [];
        let labels: string[];
        let att: AttentionResult;
        /** The padded batch: per sentence its padded labels, real-token count and (T_max, T_max) weights. */
        let batch: { m: Matrix; lab: string[]; n: number }[];
        let Tmax: number;
        let padding: Matrix;
        const padded = (labs: string[], n: number) => Array.from({ length: Tmax }, (_, k) => labs[k] ?? `${L('padToken')}${k - n > 0 ? k - n + 1 : ''}`);
        if (trained) {
          const trainer = trainedModelOr('translation', figures, refresh);
          if (!trainer) {
            renderFormula(formula, []);
            return;
          }
          const r = trainedMaskedAttention(core, trainer, v.ts as string, (v.th as number) - 1, v.cz as boolean, v.blk as Edits);
          const rb = trainedRaggedBatch(core, trainer, r, v.t2 as string);
          ({ labels, att } = r);
          Tmax = rb.Tmax;
          padding = rb.padding.additive;
          batch = rb.items.map(({ inp, weights }) => ({ m: weights, lab: padded(inp.labels, inp.tokens.length), n: inp.tokens.length }));
          notes.push(...unknownNote([...new Set([...r.unknown, ...rb.b2.unknown])]));
          notes.push(
            h('p', { class: 'callout wide', 'data-stat': 'trained-head' }, L('trainedNote', { h: r.head + 1, n: r.numHeads, T: labels.length, dk: r.dHead })),
          );
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
        drawGrid(labels, future);
        const dead = labels.filter((_, i) => row(att.masked, i).every((x) => x === -Infinity));
        setChildren(
          figures,
          ...notes,
          heatmap({
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
          }),
          heatmap({
            id: 'masked-weights',
            provenance: (i, j) =>
              at(att.masked, i, j) === -Infinity
                ? L('wBlocked', { q: labels[i] ?? '', k: labels[j] ?? '' })
                : L('wOpen', { q: labels[i] ?? '', k: labels[j] ?? '', s: fmt(at(att.masked, i, j), 3), v: fmt(at(att.weights, i, j), 3) }),
            title: L('weights'),
            m: att.weights,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
          }),
          dead.length
            ? h('p', { class: 'callout warn wide', 'data-stat': 'dead' }, L('deadRow', { q: dead.join(', ') }))
            : h('p', { class: 'callout wide' }, L('noDead')),
          h('h3', { class: 'wide' }, L('batchTitle', { b: 2, T: Tmax })),
          ...batch.map((b, k) =>
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
          ),
        );
        const i = T - 1;
        renderFormula(formula, [
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
        ]);
      },
    };
  },
});

export default lesson;
