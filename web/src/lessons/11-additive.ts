// lessons/11-additive.ts — lesson 11, "Additive vs dot-product scoring": on the same Q, K, V the
// core computes Bahdanau's additive attention (v·tanh(W_q q + W_k k)), Luong's dot product and the
// scaled dot product; figures show the weights side by side and where they differ. Cost: operation
// counts from the shapes, and a live timing of both core functions on larger random inputs. The
// difference and where it peaks come from the core too (core.compareMatrices).
import { at } from '../model/matrix';
import { additiveParams, D_MODEL, selfAttention } from '../model/pipeline';
import { seededMatrix } from '../model/random';
import { intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { button, sentenceBox, slider } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'additive',
  file: '11-additive',
  params: { ah: intParam(8, 1, 32) },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'ah'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const timing = h('div', { class: 'callout', 'aria-live': 'polite' }, L('timingIdle'));
    const runTiming = () => {
      const n = 256;
      const d = 64;
      const hh = 64;
      const Q = seededMatrix(7, 'tq', n, d, 1, 3);
      const K = seededMatrix(7, 'tk', n, d, 1, 3);
      const V = seededMatrix(7, 'tv', n, d, 1, 3);
      const p = additiveParams(7, hh, d);
      const time = (f: () => void) => {
        f();
        const t0 = performance.now();
        for (let k = 0; k < 5; k++) f();
        return (performance.now() - t0) / 5;
      };
      const tDot = time(() => core.attention(Q, K, V));
      const tAdd = time(() => core.additiveAttention(Q, K, V, p));
      timing.textContent = L('timing', { n, d, h: hh, dot: fmt(tDot, 2), add: fmt(tAdd, 2), ratio: fmt(tAdd / Math.max(tDot, 1e-6), 1) });
      timing.setAttribute('data-stat', 'timing');
    };
    controls.append(
      sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      slider(store, 'ah', L('hidden'), { show: (v) => `h = ${v}`, help: L('hiddenHelp') }),
      slider(store, 'seed', t('ctl.seed')),
      h('div', { class: 'ctl' }, button(L('timeBoth'), runTiming), timing),
    );
    return {
      update() {
        const hh = store.get('ah');
        const r = selfAttention(core, store.snapshot());
        const T = r.labels.length;
        const p = additiveParams(store.get('seed'), hh);
        const add = core.additiveAttention(r.Q, r.K, r.V, p);
        const luong = core.attention(r.Q, r.K, r.V, { scale: 1 });
        const cmp = core.compareMatrices(add.weights, r.att.weights);
        const diff = cmp.difference;
        const maxD = cmp.maxAbs;
        const where: [number, number] = [cmp.row, cmp.col];
        const common = { rowLabels: r.labels, colLabels: r.labels, rowAxis: L('query'), colAxis: L('key'), shape: `(T, T) = (${T}, ${T})`, cell: 36 };
        const dotOps = T * T * D_MODEL;
        const addOps = 2 * T * hh * D_MODEL + T * T * 3 * hh;
        setChildren(
          figures,
          heatmap({
            ...common,
            id: 'additive-weights',
            title: L('bahdanau'),
            m: add.weights,
            palette: 'viridis',
            domain: [0, 1],
            provenance: (i, j) =>
              L('addProv', { q: r.labels[i] ?? '', k: r.labels[j] ?? '', s: fmt(at(add.scores, i, j), 3), v: fmt(at(add.weights, i, j), 3) }),
          }),
          heatmap({
            ...common,
            id: 'luong-weights',
            title: L('luong'),
            m: luong.weights,
            palette: 'viridis',
            domain: [0, 1],
            provenance: (i, j) => `q·k = ${fmt(at(luong.scores, i, j), 3)} → w = ${fmt(at(luong.weights, i, j), 3)}`,
          }),
          heatmap({
            ...common,
            id: 'scaled-weights',
            title: L('scaled'),
            m: r.att.weights,
            palette: 'viridis',
            domain: [0, 1],
            provenance: (i, j) => `q·k/√${D_MODEL} = ${fmt(at(r.att.scaled, i, j), 3)} → w = ${fmt(at(r.att.weights, i, j), 3)}`,
          }),
          heatmap({
            ...common,
            id: 'weights-difference',
            title: L('diff'),
            m: diff,
            palette: 'diverging',
            domain: [-1, 1],
            provenance: (i, j) => `${fmt(at(add.weights, i, j), 3)} − ${fmt(at(r.att.weights, i, j), 3)} = ${fmt(at(diff, i, j), 3)}`,
          }),
          h('p', { class: 'callout wide', 'data-stat': 'differ' }, L('differ', { q: r.labels[where[0]] ?? '', k: r.labels[where[1]] ?? '', d: fmt(maxD, 3) })),
          h(
            'table',
            { class: 'data-table wide', 'data-stat': 'cost' },
            h('caption', {}, L('costTitle', { T, d: D_MODEL, h: hh })),
            h(
              'thead',
              {},
              h('tr', {}, h('th', { scope: 'col' }, L('method')), h('th', { scope: 'col' }, L('formulaCol')), h('th', { scope: 'col' }, L('ops'))),
            ),
            h(
              'tbody',
              {},
              h('tr', {}, h('th', { scope: 'row' }, L('dotName')), h('td', {}, 'T²·d_k'), h('td', {}, String(dotOps))),
              h('tr', {}, h('th', { scope: 'row' }, L('addName')), h('td', {}, '2·T·h·d + 3·T²·h'), h('td', {}, String(addOps))),
            ),
          ),
        );
        const [i, j] = where;
        renderFormula(formula, [
          {
            tex: '\\text{additive: } s_{ij} = v^{\\top} \\tanh(W_q q_i + W_k k_j) \\qquad \\text{dot: } s_{ij} = q_i \\cdot k_j \\qquad \\text{scaled: } s_{ij} = \\frac{q_i \\cdot k_j}{\\sqrt{d_k}}',
          },
          {
            label: L('fWhere', { q: r.labels[i] ?? '', k: r.labels[j] ?? '' }),
            tex: `s^{add}_{${i + 1},${j + 1}} = ${tex(at(add.scores, i, j), 3)},\\quad s^{dot}_{${i + 1},${j + 1}} = ${tex(at(luong.scores, i, j), 3)},\\quad s^{scaled}_{${i + 1},${j + 1}} = ${tex(at(r.att.scaled, i, j), 3)}`,
          },
        ]);
      },
    };
  },
});

export default lesson;
