// lessons/04-scale.ts — lesson 4, "Scale: ÷√d_k": random unit-variance q, k of width d_k; the core
// computes the raw dot products, the scaled ones and the softmax, and their statistics (sd,
// histogram on a shared axis, saturation: core.scoreStatistics). Figures: a histogram of raw vs
// what softmax receives, and one query's weights showing saturation. Controls: d_k (powers of 2),
// scaling on/off, seed. JS only formats and lays out the core's numbers.
// By default (w = trained) Q and K are one head's (th) of the trained translation model's first
// encoder layer on a toy sentence (ts), d_k = d_head = 8 (pipeline.trainedSelfAttention): the
// same statistics show how far learned scores follow the independent-components rule of thumb.
// view() returns lit templates (ui/render.ts) for the current state.
import { at, row, type Matrix } from '../model/matrix';
import { randomQK, SCALE_SAMPLES, trainedSelfAttention } from '../model/pipeline';
import { boolParam, intParam } from '../model/state';
import { barChart } from '../ui/barchart';
import { checkbox, slider } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { t } from '../ui/i18n';
import { html, nothing } from '../ui/render';
import { headModeControls, isTrained, trainedModelOr, unknownNote } from './common';
import { defineLesson } from './types';

/** Histogram bins, and the least half-width of its axis (so small d_k do not fill the width). */
const BINS = 24;
const MIN_RANGE = 4;

const lesson = defineLesson({
  slug: 'scale',
  file: '04-scale',
  params: {
    dke: intParam(6, 0, 9),
    scl: boolParam(true),
  },
  deps: ['dke', 'scl', 'seed', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    return {
      view() {
        // Random mode draws random q, k: no sentence.
        const controls = html`${headModeControls(
          store,
          text,
          [slider(store, 'dke', L('dk'), { show: (e) => `d_k = ${2 ** e}`, help: L('dkHelp') }), slider(store, 'seed', t('ctl.seed'))],
          [],
          false,
        )}
        ${checkbox(store, 'scl', L('scaling'), L('scalingHelp'))}`;
        const trained = isTrained(store);
        const on = store.get('scl');
        let notes: unknown = nothing;
        let Q: Matrix;
        let K: Matrix;
        let V: Matrix;
        let keys: string[];
        let query: string;
        if (trained) {
          const got = trainedModelOr('translation', refresh);
          if ('wait' in got) return { controls, figures: got.wait, formula: [] };
          const r = trainedSelfAttention(core, got.trainer, store.get('ts'), store.get('th') - 1);
          ({ Q, K, V } = r);
          keys = r.labels;
          query = r.labels[0] ?? '';
          notes = html`${unknownNote(r.unknown)}
            <p class="callout wide" data-stat="trained-head">${L('trainedNote', { h: r.head + 1, n: r.numHeads, T: r.labels.length, dk: r.dHead })}</p>`;
        } else {
          ({ Q, K, V } = randomQK(store.get('seed'), 2 ** store.get('dke')));
          keys = Array.from({ length: SCALE_SAMPLES }, (_, j) => `k${j + 1}`);
          query = '1';
        }
        const dk = Q.cols;
        const att = core.attention(Q, K, V, on ? {} : { scale: 1 });
        const st = core.scoreStatistics(Q, K, { ...(on ? {} : { scale: 1 }), bins: BINS, minRange: MIN_RANGE });
        const sdRaw = st.raw.std;
        const sdFed = st.scaled.std;
        const edges = Array.from(st.centers, (c) => fmt(c, 1));
        const meanMax = st.maxWeight.mean;
        const maxW = st.maxWeight.max;
        const w0 = row(att.weights, 0);
        const j0 = core.hardAttention(att.weights).index[0] ?? 0;
        const figures = html`${notes}
          <p class="callout wide" data-stat="spread">${L('spread', { dk, sdRaw: fmt(sdRaw, 2), sqrt: fmt(st.sqrtDk, 2), sdFed: fmt(sdFed, 2) })}</p>
          ${barChart({
            id: 'score-histogram',
            title: trained ? L('histTrained', { n: Q.rows * K.rows }) : L('histTitle', { n: SCALE_SAMPLES * SCALE_SAMPLES }),
            labels: edges,
            series: [
              { name: L('raw'), values: Array.from(st.raw.counts) },
              { name: on ? L('scaled') : L('unscaled'), values: Array.from(st.scaled.counts) },
            ],
            xAxis: L('scoreValue'),
            yAxis: L('count'),
            digits: 0,
          })}
          ${barChart({
            id: 'query-weights',
            title: trained ? L('weightsTrained', { q: query, n: keys.length }) : L('weightsTitle'),
            labels: keys,
            series: [{ name: L('weight'), values: w0 }],
            xAxis: L('key'),
            yRange: [0, 1],
            note: L('weightsNote'),
          })}
          <p class=${`callout wide ${meanMax > 0.9 ? 'warn' : 'ok'}`} data-stat="saturation">
            ${L('saturation', { mean: fmt(meanMax, 3), max: fmt(maxW, 3) })}
          </p>`;
        const w = at(att.weights, 0, j0);
        const formula = [
          { tex: `\\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}\\right)` },
          { tex: `\\operatorname{Var}(q\\cdot k) = d_k \\;\\Rightarrow\\; \\operatorname{sd}(q\\cdot k) = \\sqrt{${dk}} = ${tex(st.sqrtDk)}` },
          { label: trained ? L('fMeasuredTrained') : L('fMeasured'), tex: `\\operatorname{sd}(q\\cdot k)_{\\text{${L('txMeasured')}}} = ${tex(sdRaw)}` },
          {
            label: L('fFed'),
            tex: `\\operatorname{sd}(\\text{${L('txSoftmaxInput')}}) = ${tex(sdFed)}\\quad (\\text{${L('txScale')}} = ${on ? `1/\\sqrt{${dk}}` : '1'})`,
          },
          { label: L('fGrad'), tex: `\\frac{\\partial w_j}{\\partial s_j} = w_j\\,(1 - w_j),\\quad w_{${j0 + 1}} = ${tex(w, 4)}` },
        ];
        return { controls, figures, formula };
      },
    };
  },
});

export default lesson;
