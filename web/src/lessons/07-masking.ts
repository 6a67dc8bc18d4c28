// lessons/07-masking.ts — lesson 7, "Masking": a causal mask and learner-blocked cells (a grid of
// checkboxes) go to the core as a mask; it returns the masked scores (−∞) and weights (a fully
// blocked row is all zeros). A ragged batch of two sentences is padded and run with a key-padding
// mask. Controls: causal toggle, mask grid, second sentence. The core does all the math, the
// masks included (core.causalMask, core.paddingMask); JS lays out the learner's blocked cells.
import { weightsGrid } from './common';
import { at, row, type Matrix } from '../model/matrix';
import { maskMatrix, raggedBatch, selfAttention, sentenceInputs } from '../model/pipeline';
import { boolParam, editsParam, strParam, type Edits } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { button, checkbox, sentenceBox } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'masking',
  file: '07-masking',
  params: {
    cz: boolParam(true),
    blk: editsParam(),
    s2: strParam('A dog ran.', 200),
  },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'cz', 'blk', 's2'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const grid = h('div', { class: 'mask-grid' });
    controls.append(
      sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      checkbox(store, 'cz', L('causal'), L('causalHelp')),
      grid,
      sentenceBox(store, 's2', L('second'), (text.data?.secondExamples as string[] | undefined) ?? []),
    );
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
        const v = store.snapshot();
        const base = sentenceInputs(v.s as string);
        const T = base.tokens.length;
        const maskM = maskMatrix(core, T, false, v.blk as Edits);
        const r = selfAttention(core, v, { causal: v.cz as boolean, mask: maskM });
        const labels = r.labels;
        const future = core.causalMask(T).mask;
        drawGrid(labels, future);
        const dead = labels.filter((_, i) => row(r.att.masked, i).every((x) => x === -Infinity));
        // Ragged batch: the learner's sentence and a second one, padded to the longer length.
        const { Tmax, padding, items } = raggedBatch(core, v, base);
        const batch = items.map(({ inp, res }) => {
          const lab = Array.from({ length: Tmax }, (_, k) => inp.labels[k] ?? `${L('padToken')}${k - inp.tokens.length > 0 ? k - inp.tokens.length + 1 : ''}`);
          return { res, lab, n: inp.tokens.length };
        });
        setChildren(
          figures,
          heatmap({
            id: 'masked-scores',
            title: L('masked'),
            m: r.att.masked,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('query'),
            colAxis: L('key'),
            palette: 'diverging',
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) =>
              at(r.att.masked, i, j) === -Infinity
                ? L('blockedProv', { q: labels[i] ?? '', k: labels[j] ?? '', why: v.cz && at(future, i, j) !== 0 ? L('future') : L('byYou') })
                : L('openProv', { q: labels[i] ?? '', k: labels[j] ?? '', v: fmt(at(r.att.scaled, i, j), 3) }),
          }),
          heatmap({
            id: 'masked-weights',
            provenance: (i, j) =>
              at(r.att.masked, i, j) === -Infinity
                ? L('wBlocked', { q: labels[i] ?? '', k: labels[j] ?? '' })
                : L('wOpen', { q: labels[i] ?? '', k: labels[j] ?? '', s: fmt(at(r.att.masked, i, j), 3), v: fmt(at(r.att.weights, i, j), 3) }),
            title: L('weights'),
            m: r.att.weights,
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
                at(padding.additive, k, j) === -Infinity
                  ? L('padProv', { q: b.lab[i] ?? '', k: b.lab[j] ?? '' })
                  : L('wOpen', { q: b.lab[i] ?? '', k: b.lab[j] ?? '', s: '…', v: fmt(at(b.res.averageWeights, i, j), 3) }),
              title: L('batchItem', { k: k + 1, n: b.n, T: Tmax }),
              m: b.res.averageWeights,
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
            tex: 'M_{ij} = \\begin{cases} 0 & \\text{allowed} \\\\ -\\infty & \\text{blocked (e.g. } j > i\\text{)} \\end{cases} \\qquad w_i = \\operatorname{softmax}\\!\\left(\\frac{q_i K^{\\top}}{\\sqrt{d_k}} + M_i\\right)',
          },
          {
            label: L('fLast', { q: labels[i] ?? '' }),
            tex: `\\tilde s_{${i + 1}} = [${row(r.att.masked, i)
              .map((x) => tex(x))
              .join(',\\ ')}] \\;\\Rightarrow\\; w_{${i + 1}} = [${row(r.att.weights, i)
              .map((x) => tex(x))
              .join(',\\ ')}]`,
          },
          {
            label: L('fFirst', { q: labels[0] ?? '' }),
            tex: `w_{1} = [${row(r.att.weights, 0)
              .map((x) => tex(x))
              .join(',\\ ')}]`,
          },
        ]);
      },
    };
  },
});

export default lesson;
