// lessons/04-scale.ts — lesson 4, "Scale: ÷√d_k": random unit-variance q, k of width d_k; the core
// computes the raw dot products, the scaled ones and the softmax. Figures: a histogram of raw vs
// what softmax receives, and one query's weights showing saturation. Controls: d_k (powers of 2),
// scaling on/off, seed. JS only bins and summarizes the core's numbers for display.
import { at, row } from '../model/matrix';
import { randomQK, SCALE_SAMPLES } from '../model/pipeline';
import { boolParam, intParam } from '../model/state';
import { barChart } from '../ui/barchart';
import { checkbox, slider } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { t } from '../ui/i18n';
import { defineLesson } from './types';

function spread(xs: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < xs.length; k++) m += xs[k] ?? 0;
  m /= xs.length || 1;
  let v = 0;
  for (let k = 0; k < xs.length; k++) v += ((xs[k] ?? 0) - m) ** 2;
  return Math.sqrt(v / (xs.length || 1));
}

function histogram(xs: ArrayLike<number>, lo: number, hi: number, bins: number): number[] {
  const c = new Array<number>(bins).fill(0);
  for (let k = 0; k < xs.length; k++) {
    const b = Math.floor((((xs[k] ?? 0) - lo) / (hi - lo)) * bins);
    c[Math.max(0, Math.min(bins - 1, b))]! += 1;
  }
  return c;
}

const lesson = defineLesson({
  slug: 'scale',
  file: '04-scale',
  params: {
    dke: intParam(6, 0, 9),
    scl: boolParam(true),
  },
  deps: ['dke', 'scl', 'seed'],
  mount({ core, store, L, controls, figures, formula }) {
    controls.append(
      slider(store, 'dke', L('dk'), { show: (e) => `d_k = ${2 ** e}`, help: L('dkHelp') }),
      checkbox(store, 'scl', L('scaling'), L('scalingHelp')),
      slider(store, 'seed', t('ctl.seed')),
    );
    return {
      update() {
        const dk = 2 ** store.get('dke');
        const on = store.get('scl');
        const { Q, K, V } = randomQK(store.get('seed'), dk);
        const att = core.attention(Q, K, V, on ? {} : { scale: 1 });
        const raw = att.scores.data;
        const fed = att.scaled.data;
        const sdRaw = spread(raw);
        const sdFed = spread(fed);
        const lim = Math.max(4, ...Array.from(raw, Math.abs), ...Array.from(fed, Math.abs));
        const bins = 24;
        const edges = Array.from({ length: bins }, (_, b) => fmt(-lim + ((b + 0.5) * 2 * lim) / bins, 1));
        let maxW = 0;
        let sumMax = 0;
        for (let i = 0; i < SCALE_SAMPLES; i++) {
          const m = Math.max(...row(att.weights, i));
          sumMax += m;
          maxW = Math.max(maxW, m);
        }
        const meanMax = sumMax / SCALE_SAMPLES;
        const w0 = row(att.weights, 0);
        const j0 = w0.indexOf(Math.max(...w0));
        setChildren(
          figures,
          h(
            'p',
            { class: 'callout wide', 'data-stat': 'spread' },
            L('spread', { dk, sdRaw: fmt(sdRaw, 2), sqrt: fmt(Math.sqrt(dk), 2), sdFed: fmt(sdFed, 2) }),
          ),
          barChart({
            id: 'score-histogram',
            title: L('histTitle', { n: SCALE_SAMPLES * SCALE_SAMPLES }),
            labels: edges,
            series: [
              { name: L('raw'), values: histogram(raw, -lim, lim, bins) },
              { name: on ? L('scaled') : L('unscaled'), values: histogram(fed, -lim, lim, bins) },
            ],
            xAxis: L('scoreValue'),
            yAxis: L('count'),
            digits: 0,
          }),
          barChart({
            id: 'query-weights',
            title: L('weightsTitle'),
            labels: Array.from({ length: SCALE_SAMPLES }, (_, j) => `k${j + 1}`),
            series: [{ name: L('weight'), values: w0 }],
            xAxis: L('key'),
            yRange: [0, 1],
            note: L('weightsNote'),
          }),
          h(
            'p',
            { class: `callout wide ${meanMax > 0.9 ? 'warn' : 'ok'}`, 'data-stat': 'saturation' },
            L('saturation', { mean: fmt(meanMax, 3), max: fmt(maxW, 3) }),
          ),
        );
        const w = at(att.weights, 0, j0);
        renderFormula(formula, [
          { tex: `\\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}\\right)` },
          { tex: `\\operatorname{Var}(q\\cdot k) = d_k \\;\\Rightarrow\\; \\operatorname{sd}(q\\cdot k) = \\sqrt{${dk}} = ${tex(Math.sqrt(dk))}` },
          { label: L('fMeasured'), tex: `\\operatorname{sd}(q\\cdot k)_{\\text{measured}} = ${tex(sdRaw)}` },
          { label: L('fFed'), tex: `\\operatorname{sd}(\\text{softmax input}) = ${tex(sdFed)}\\quad (\\text{scale} = ${on ? `1/\\sqrt{${dk}}` : '1'})` },
          { label: L('fGrad'), tex: `\\frac{\\partial w_j}{\\partial s_j} = w_j\\,(1 - w_j),\\quad w_{${j0 + 1}} = ${tex(w, 4)}` },
        ]);
      },
    };
  },
});

export default lesson;
