// lessons/08-multihead.ts — lesson 8, "Multi-head attention": nn.MultiheadAttention in the core
// with d_model = n_heads · d_head. Figures: each head's weights side by side, the concatenated
// head outputs, the output after W^O, and the head-averaged weights PyTorch returns. Controls:
// sentence, d_model, n_heads (an impossible split shows the core's error and why), causal.
// By default (w = trained) it shows instead the heads of models the core trained
// (lessons/trainedHeads.ts): their weights, the job the core measured for each, and ablation.
// view() returns lit templates (ui/render.ts): both control sets (the unused one hidden), the
// head switches write the store's ablation set (mhoff).
import { at, row } from '../model/matrix';
import { multiHead } from '../model/pipeline';
import { boolParam, choiceParam, intParam, strParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { checkbox, numberOptions, select, sentenceBox, slider } from '../ui/controls';
import { modeControls, weightsGrid } from './common';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html } from '../ui/render';
import { defineLesson, type LessonParts } from './types';
import { ablationParam, parseAblation, serializeAblation } from '../model/ablation';
import { trainedHeads, trainedHeadsView } from './trainedHeads';

/** Why a trained model is not there: the error its loading failed with, by model. */
const failed = new Map<string, string>();

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
  mount({ core, store, L, text, refresh }) {
    const controls = () => {
      const mhm = store.get('mhm');
      return modeControls(
        store,
        html`${select(store, 'mhm', L('model'), [
            { value: 'induction', label: L('modelInduction') },
            { value: 'translation', label: L('modelTranslation') },
          ])}
          <div data-for="induction" ?data-parked=${mhm !== 'induction'}>
            ${sentenceBox(store, 'iseq', L('letters'), (text.data?.letterExamples as string[] | undefined) ?? [])}
          </div>
          <div data-for="translation" ?data-parked=${mhm !== 'translation'}>
            ${sentenceBox(store, 'ts', L('toySentence'), (text.data?.toyExamples as string[] | undefined) ?? [])}
            ${select(store, 'mhb', L('block'), [
              { value: 'encoder', label: L('block_encoder') },
              { value: 'decoder', label: L('block_decoder') },
              { value: 'cross', label: L('block_cross') },
            ])}
          </div>
          ${select(store, 'mhl', L('layer'), numberOptions(1, 2))}`,
        html`${sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS }))}
        ${select(store, 'dm', 'd_model', numberOptions(4, 6, 8, 12, 16))}
        ${slider(store, 'nh', L('heads'), { show: (v) => `n_heads = ${v}`, help: L('headsHelp') })} ${checkbox(store, 'mhc', L('causal'))}
        ${slider(store, 'seed', t('ctl.seed'))}`,
      );
    };
    const toggle = (id: string) => {
      const set = new Set(parseAblation(store.get('mhoff')));
      if (set.has(id)) set.delete(id);
      else set.add(id);
      store.set('mhoff', serializeAblation(set));
    };
    const viewTrained = (): LessonParts => {
      const model = store.get('mhm');
      const r = trainedHeads(
        {
          model,
          letters: store.get('iseq'),
          sentence: store.get('ts'),
          block: store.get('mhb'),
          layer: store.get('mhl') - 1,
          ablated: parseAblation(store.get('mhoff')),
        },
        refresh,
        (e) => {
          failed.set(model, e.message);
          refresh();
        },
      );
      if (!r) {
        const err = failed.get(model);
        return {
          controls: controls(),
          figures:
            err !== undefined
              ? html`<p class="callout warn wide" role="alert">${L('modelFailed')} ${err}</p>`
              : html`<p class="loading" data-stat="model-loading">${L('modelLoading')}</p>`,
          formula: [],
          figuresKey: `trained ${model}`,
        };
      }
      const nh = r.heads.length;
      const E = r.dModel;
      return {
        controls: controls(),
        figures: trainedHeadsView(r, L, toggle, store.isLocked('mhoff')),
        figuresKey: `trained ${model}`,
        formula: [
          {
            label: L('fTrained'),
            tex: `\\operatorname{head}_k = \\operatorname{softmax}\\!\\left(\\frac{Q_k K_k^{\\top}}{\\sqrt{d_{head}}}\\right) V_k,\\quad d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${E / nh}`,
          },
        ],
      };
    };
    return {
      view() {
        const trained = store.get('w') === 'trained';
        if (trained) return viewTrained();
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
          return {
            controls: controls(),
            figures: html`<div class="callout warn wide" data-stat="impossible" role="status">
              <p>${L('impossible', { E, nh, q: fmt(E / nh, 2) })}</p>
              <p>${L('coreSays')} <code>${msg || '—'}</code></p>
              <p>${L('tryDivisors', { list: divisors.join(', ') })}</p>
            </div>`,
            formula: [{ tex: `d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${tex(E / nh)} \\notin \\mathbb{N}` }],
          };
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
        const figures = html`<p class="callout wide" data-stat="shapes">${L('shapes', { E, nh, dh, T })}</p>
          ${headFigs}
          ${heatmap({
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
          })}
          ${heatmap({
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
          })}
          ${heatmap({
            id: 'average-weights',
            title: L('avg'),
            m: r.averageWeights,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
            provenance: (i, j) =>
              `${L('avgProv')} ${r.heads.map((hd, k) => `h${k + 1}: ${fmt(at(hd.weights, i, j), 3)}`).join(', ')} → ${fmt(at(r.averageWeights, i, j), 3)}`,
          })}`;
        const h1 = r.heads[0];
        return {
          controls: controls(),
          figures,
          formula: [
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
          ],
        };
      },
    };
  },
});

export default lesson;
