// lessons/06-aggregate.ts — lesson 6, "Aggregate": the core's weights times V gives each query its
// own context vector (output row). Figures: weights, V, output (provenance writes out the weighted
// sum), and the selected query's weights. Controls: sentence, query token. Layout only.
import { at, col, row } from '../model/matrix';
import { D_MODEL, selfAttention } from '../model/pipeline';
import { intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { sentenceBox } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex, texParen } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { clampIndex, sumText, tokenPicker, weightsGrid } from './common';
import { defineLesson } from './types';

const dims = Array.from({ length: D_MODEL }, (_, k) => `${k + 1}`);

const lesson = defineLesson({
  slug: 'aggregate',
  file: '06-aggregate',
  params: { aq: intParam(1, 0, MAX_TOKENS - 1) },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'aq'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const pick = h('div', {});
    controls.append(sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })), pick);
    let last = '';
    return {
      update() {
        const r = selfAttention(core, store.snapshot());
        const { labels } = r;
        const T = labels.length;
        const qi = clampIndex(store.get('aq'), T);
        if (labels.join('|') !== last) {
          last = labels.join('|');
          pick.replaceChildren(tokenPicker(store, 'aq', t('ctl.query'), labels));
        }
        const W = r.att.weights;
        const O = r.att.output;
        setChildren(
          figures,
          heatmap({
            id: 'weights',
            provenance: (i, j) => L('wProv', { q: labels[i] ?? '', k: labels[j] ?? '', s: fmt(at(r.att.scaled, i, j), 3), v: fmt(at(W, i, j), 3) }),
            title: L('weights'),
            m: W,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
            marked: (i) => i === qi,
          }),
          heatmap({
            id: 'V',
            provenance: (j, c) => sumText(`v_${j + 1}[${c + 1}] = x_${j + 1}·W_V[:,${c + 1}]`, row(r.X, j), col(r.WV, c), at(r.V, j, c)),
            title: L('V'),
            m: r.V,
            rowLabels: labels,
            colLabels: dims,
            rowAxis: L('key'),
            colAxis: 'd_v',
            palette: 'diverging',
            shape: `(T, d_v) = (${T}, ${D_MODEL})`,
          }),
          heatmap({
            id: 'output',
            title: L('output'),
            m: O,
            rowLabels: labels,
            colLabels: dims,
            rowAxis: L('query'),
            colAxis: 'd_v',
            palette: 'diverging',
            shape: `(T, d_v) = (${T}, ${D_MODEL})`,
            provenance: (i, c) => sumText(`out(${labels[i]})[${c + 1}] = Σ_j w_${i + 1}j · v_j[${c + 1}]`, row(W, i), col(r.V, c), at(O, i, c)),
            marked: (i) => i === qi,
          }),
          h('p', { class: 'callout wide' }, L('own', { q: labels[qi] ?? '' })),
        );
        const w = row(W, qi);
        const parts = w.slice(0, 5).map((x, j) => `${tex(x)}\\,v_{${j + 1}}`);
        const out = row(O, qi).map((x) => tex(x));
        renderFormula(formula, [
          { tex: 'o_i = \\sum_{j=1}^{T} w_{ij}\\, v_j \\qquad O = \\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}\\right) V' },
          { label: L('fYour', { q: labels[qi] ?? '' }), tex: `o_{${qi + 1}} = ${parts.join(' + ')}${T > 5 ? ' + \\cdots' : ''} = [${out.join(',\\ ')}]` },
          {
            label: L('fCheck'),
            tex: `\\textstyle\\sum_j w_{${qi + 1}j} = ${w
              .map((x) => texParen(x))
              .slice(0, 4)
              .join(' + ')}${T > 4 ? ' + \\cdots' : ''} = 1`,
          },
        ]);
      },
    };
  },
});

export default lesson;
