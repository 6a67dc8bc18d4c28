// lessons/08-multihead.ts — lesson 8, "Multi-head attention": nn.MultiheadAttention in the core
// with d_model = n_heads · d_head. Figures: each head's weights side by side, the concatenated
// head outputs, the output after W^O, and the head-averaged weights PyTorch returns. Controls:
// sentence, d_model, n_heads (an impossible split shows the core's error and why), causal.
import { weightsGrid } from './common';
import { at, row } from '../model/matrix';
import { multiHead } from '../model/pipeline';
import { boolParam, intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { checkbox, select, sentenceBox, slider } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'multihead',
  file: '08-multihead',
  params: {
    dm: intParam(8, 2, 16),
    nh: intParam(2, 1, 8),
    mhc: boolParam(false),
  },
  deps: ['s', 'seed', 'dm', 'nh', 'mhc'],
  mount({ core, store, L, controls, figures, formula, text }) {
    controls.append(
      sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      select(
        store,
        'dm',
        'd_model',
        [4, 6, 8, 12, 16].map((v) => ({ value: v, label: String(v) })),
      ),
      slider(store, 'nh', L('heads'), { show: (v) => `n_heads = ${v}`, help: L('headsHelp') }),
      checkbox(store, 'mhc', L('causal')),
      slider(store, 'seed', t('ctl.seed')),
    );
    return {
      update() {
        const E = store.get('dm');
        const nh = store.get('nh');
        if (E % nh !== 0) {
          let msg = '';
          try {
            // Ask the core anyway: its validation message is part of the lesson.
            multiHead(core, store.get('s'), store.get('seed'), E, nh, false);
          } catch (e) {
            msg = (e as Error).message;
          }
          const divisors = Array.from({ length: 8 }, (_, k) => k + 1).filter((k) => E % k === 0);
          setChildren(
            figures,
            h(
              'div',
              { class: 'callout warn wide', 'data-stat': 'impossible', role: 'status' },
              h('p', {}, L('impossible', { E, nh, q: fmt(E / nh, 2) })),
              h('p', {}, L('coreSays'), ' ', h('code', {}, msg || '—')),
              h('p', {}, L('tryDivisors', { list: divisors.join(', ') })),
            ),
          );
          renderFormula(formula, [{ tex: `d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${tex(E / nh)} \\notin \\mathbb{N}` }]);
          return;
        }
        const dh = E / nh;
        const { labels, r } = multiHead(core, store.get('s'), store.get('seed'), E, nh, store.get('mhc'));
        const T = labels.length;
        const dimsE = Array.from({ length: E }, (_, k) => `${k + 1}`);
        const headFigs = r.heads.map((hd, k) =>
          heatmap({
            id: `head-${k + 1}`,
            title: L('headTitle', { k: k + 1 }),
            m: hd.weights,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('query'),
            colAxis: L('key'),
            palette: 'viridis',
            domain: [0, 1],
            cell: nh > 2 ? 24 : undefined,
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) => L('headProv', { k: k + 1, q: labels[i] ?? '', key: labels[j] ?? '', v: fmt(at(hd.weights, i, j), 3), dh }),
          }),
        );
        setChildren(
          figures,
          h('p', { class: 'callout wide', 'data-stat': 'shapes' }, L('shapes', { E, nh, dh, T })),
          ...headFigs,
          heatmap({
            id: 'concat',
            title: L('concat'),
            m: r.concat,
            rowLabels: labels,
            colLabels: dimsE.map((_, k) => `h${Math.floor(k / dh) + 1}.${(k % dh) + 1}`),
            rowAxis: L('query'),
            colAxis: L('concatAxis'),
            palette: 'diverging',
            shape: `(T, n_heads·d_head) = (${T}, ${E})`,
            provenance: (i, c) => L('concatProv', { q: labels[i] ?? '', k: Math.floor(c / dh) + 1, c: (c % dh) + 1, v: fmt(at(r.concat, i, c), 3) }),
          }),
          heatmap({
            id: 'mha-output',
            provenance: (i, c) => L('outProv', { q: labels[i] ?? '', c: c + 1, v: fmt(at(r.output, i, c), 3) }),
            title: L('output'),
            m: r.output,
            rowLabels: labels,
            colLabels: dimsE,
            rowAxis: L('query'),
            colAxis: 'd_model',
            palette: 'diverging',
            shape: `(T, d_model) = (${T}, ${E})`,
          }),
          heatmap({
            id: 'average-weights',
            title: L('avg'),
            m: r.averageWeights,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
            provenance: (i, j) =>
              `${L('avgProv')} ${r.heads.map((hd, k) => `h${k + 1}: ${fmt(at(hd.weights, i, j), 3)}`).join(', ')} → ${fmt(at(r.averageWeights, i, j), 3)}`,
          }),
        );
        const h1 = r.heads[0];
        renderFormula(formula, [
          {
            tex: `\\operatorname{head}_k = \\operatorname{softmax}\\!\\left(\\frac{Q_k K_k^{\\top}}{\\sqrt{d_{head}}}\\right) V_k,\\quad d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${dh}`,
          },
          {
            tex: `\\operatorname{MultiHead}(X) = [\\operatorname{head}_1; \\dots; \\operatorname{head}_{${nh}}]\\, W^{O\\top} + b^O \\in \\mathbb{R}^{${T} \\times ${E}}`,
          },
          {
            label: L('fFirst', { q: labels[0] ?? '' }),
            tex: h1
              ? `\\operatorname{head}_1(${labels[0] ?? ''}) = [${row(h1.output, 0)
                  .map((x) => tex(x))
                  .join(',\\ ')}]`
              : '',
          },
        ]);
      },
    };
  },
});

export default lesson;
