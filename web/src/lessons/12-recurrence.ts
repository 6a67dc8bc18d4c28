// lessons/12-recurrence.ts — lesson 12, "Why Transformers dropped recurrence": on the learner's
// sentence, sequential steps (T for an RNN, 1 for self-attention), path length between tokens
// (|i−j| hops vs 1), and two live core results: the RNN's influence of each token on h_T and the
// last token's self-attention weights. JS only counts positions; the core computes the rest.
// The RNN is lesson 1's encoder at lesson 1's declared default strength (named in the note).
import { matrix, row } from '../model/matrix';
import { rnnRun, selfAttention } from '../model/pipeline';
import { MAX_TOKENS } from '../model/tokens';
import { barChart } from '../ui/barchart';
import { sentenceBox } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import bottleneck from './01-bottleneck';
import { defineLesson } from './types';

/** Lesson 1's default recurrent strength: the RNN this lesson compares with attention. */
const RHO = bottleneck.params.rho.default;

const lesson = defineLesson({
  slug: 'recurrence',
  file: '12-recurrence',
  params: {},
  deps: ['s', 'seed', 'wq', 'wk', 'wv'],
  mount({ core, store, L, controls, figures, formula, text }) {
    controls.append(sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })));
    return {
      update() {
        const v = store.snapshot();
        const att = selfAttention(core, v);
        const labels = att.labels;
        const T = labels.length;
        const rnn = rnnRun(core, v.s as string, v.seed as number, RHO);
        const infl = Array.from(rnn.rnn.influence).slice(0, T);
        const lastW = row(att.att.weights, T - 1);
        const hops = matrix(T, T, (i, j) => Math.abs(i - j));
        const ones = matrix(T, T, () => 1);
        setChildren(
          figures,
          h(
            'table',
            { class: 'data-table wide', 'data-stat': 'complexity' },
            h('caption', {}, L('tableTitle', { T })),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, L('layer')),
                h('th', { scope: 'col' }, L('seq')),
                h('th', { scope: 'col' }, L('path')),
                h('th', { scope: 'col' }, L('perLayer')),
              ),
            ),
            h(
              'tbody',
              {},
              h('tr', {}, h('th', { scope: 'row' }, L('rnn')), h('td', {}, `O(T) = ${T}`), h('td', {}, `O(T) = ${T - 1}`), h('td', {}, 'O(T·d²)')),
              h('tr', {}, h('th', { scope: 'row' }, L('self')), h('td', {}, 'O(1) = 1'), h('td', {}, 'O(1) = 1'), h('td', {}, 'O(T²·d)')),
            ),
          ),
          heatmap({
            id: 'rnn-path',
            title: L('rnnPath'),
            m: hops,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('from'),
            colAxis: L('to'),
            palette: 'cividis',
            digits: 0,
            domain: [0, Math.max(1, T - 1)],
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) => L('hopsProv', { a: labels[i] ?? '', b: labels[j] ?? '', n: Math.abs(i - j) }),
          }),
          heatmap({
            id: 'attn-path',
            title: L('attnPath'),
            m: ones,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('from'),
            colAxis: L('to'),
            palette: 'cividis',
            digits: 0,
            domain: [0, Math.max(1, T - 1)],
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) => L('oneProv', { a: labels[i] ?? '', b: labels[j] ?? '' }),
          }),
          barChart({
            id: 'rnn-influence-T',
            title: L('liveRnn', { last: labels[T - 1] ?? '' }),
            labels,
            series: [{ name: L('influence'), values: infl }],
            xAxis: L('token'),
            digits: 3,
            note: L('liveRnnNote', { rho: RHO }),
          }),
          barChart({
            id: 'last-token-weights',
            title: L('liveAttn', { last: labels[T - 1] ?? '' }),
            labels,
            series: [{ name: L('weight', { last: labels[T - 1] ?? '' }), values: lastW, color: '#e07b2a' }],
            xAxis: L('token'),
            digits: 3,
            yRange: [0, 1],
            note: L('liveAttnNote'),
          }),
        );
        renderFormula(formula, [
          {
            tex: `\\text{RNN: } h_t = f(h_{t-1}, x_t)\\ \\Rightarrow\\ ${T} \\text{ sequential steps};\\qquad \\text{self-attention: } O = \\operatorname{softmax}\\!\\left(\\tfrac{QK^{\\top}}{\\sqrt{d_k}}\\right)V\\ \\Rightarrow\\ 1 \\text{ step}`,
          },
          {
            label: L('fLive', { first: labels[0] ?? '', last: labels[T - 1] ?? '' }),
            tex: `\\left\\lVert\\frac{\\partial h_T}{\\partial x_1}\\right\\rVert = ${tex(infl[0] ?? NaN, 3)}\\qquad w_{${T},1} = ${tex(lastW[0] ?? NaN, 3)}`,
          },
        ]);
      },
    };
  },
});

export default lesson;
