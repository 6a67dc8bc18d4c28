// lessons/08-multihead.ts — lesson 8, "Multi-head attention": nn.MultiheadAttention in the core
// with d_model = n_heads · d_head. Figures: each head's weights side by side, the concatenated
// head outputs, the output after W^O, and the head-averaged weights PyTorch returns. Controls:
// sentence, d_model, n_heads (an impossible split shows the core's error and why), causal.
// By default (w = trained) it shows instead the heads of models the core trained
// (lessons/trainedHeads.ts): their weights, the job the core measured for each, and ablation.
import { weightsGrid } from './common';
import { at, row } from '../model/matrix';
import { multiHead } from '../model/pipeline';
import { boolParam, choiceParam, intParam, strParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { checkbox, select, sentenceBox, slider } from '../ui/controls';
import { weightsSwitch } from './common';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { defineLesson } from './types';
import { ablationParam, parseAblation, serializeAblation } from '../model/ablation';
import { drawTrainedHeads, trainedHeads } from './trainedHeads';

const lesson = defineLesson({
  slug: 'multihead',
  file: '08-multihead',
  params: {
    dm: intParam(8, 2, 16),
    nh: intParam(2, 1, 8),
    mhc: boolParam(false),
    /** Trained mode: which model's heads. */
    mhm: choiceParam<'induction' | 'translation'>('induction', ['induction', 'translation']),
    /** The induction model's input letters. */
    iseq: strParam('q m t h c q m t h c', 120),
    mhb: choiceParam<'encoder' | 'decoder' | 'cross'>('cross', ['encoder', 'decoder', 'cross']),
    /** Layer shown, 1-based. */
    mhl: intParam(2, 1, 2),
    mhoff: ablationParam(),
  },
  deps: ['s', 'seed', 'dm', 'nh', 'mhc', 'w', 'ts', 'mhm', 'iseq', 'mhb', 'mhl', 'mhoff'],
  mount({ core, store, L, controls, figures, formula, text, refresh }) {
    const trainedControls = h(
      'div',
      { class: 'control-set', 'data-mode': 'trained' },
      select(store, 'mhm', L('model'), [
        { value: 'induction', label: L('modelInduction') },
        { value: 'translation', label: L('modelTranslation') },
      ]),
      h('div', { 'data-for': 'induction' }, sentenceBox(store, 'iseq', L('letters'), (text.data?.letterExamples as string[] | undefined) ?? [])),
      h(
        'div',
        { 'data-for': 'translation' },
        sentenceBox(store, 'ts', L('toySentence'), (text.data?.toyExamples as string[] | undefined) ?? []),
        select(store, 'mhb', L('block'), [
          { value: 'encoder', label: L('block_encoder') },
          { value: 'decoder', label: L('block_decoder') },
          { value: 'cross', label: L('block_cross') },
        ]),
      ),
      select(store, 'mhl', L('layer'), [
        { value: 1, label: '1' },
        { value: 2, label: '2' },
      ]),
    );
    const randomControls = h('div', { class: 'control-set', 'data-mode': 'random' });
    controls.append(weightsSwitch(store), trainedControls, randomControls);
    randomControls.append(
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
    const showMode = (trained: boolean) => {
      trainedControls.hidden = !trained;
      randomControls.hidden = trained;
      for (const el of trainedControls.querySelectorAll<HTMLElement>('[data-for]')) el.hidden = el.dataset.for !== store.get('mhm');
    };
    const updateTrained = () => {
      const r = trainedHeads(
        {
          model: store.get('mhm'),
          letters: store.get('iseq'),
          sentence: store.get('ts'),
          block: store.get('mhb'),
          layer: store.get('mhl') - 1,
          ablated: parseAblation(store.get('mhoff')),
        },
        refresh,
        (e) => setChildren(figures, h('p', { class: 'callout warn wide', role: 'alert' }, `${L('modelFailed')} ${e.message}`)),
      );
      if (!r) {
        setChildren(figures, h('p', { class: 'loading', 'data-stat': 'model-loading' }, L('modelLoading')));
        renderFormula(formula, []);
        return;
      }
      drawTrainedHeads(figures, r, L, (id) => {
        const set = new Set(parseAblation(store.get('mhoff')));
        if (set.has(id)) set.delete(id);
        else set.add(id);
        store.set('mhoff', serializeAblation(set));
      });
      const nh = r.heads.length;
      const E = r.dModel;
      renderFormula(formula, [
        {
          label: L('fTrained'),
          tex: `\\operatorname{head}_k = \\operatorname{softmax}\\!\\left(\\frac{Q_k K_k^{\\top}}{\\sqrt{d_{head}}}\\right) V_k,\\quad d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${E / nh}`,
        },
      ]);
    };
    return {
      update() {
        const trained = store.get('w') === 'trained';
        showMode(trained);
        if (trained) {
          updateTrained();
          return;
        }
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
