// lessons/01-bottleneck.ts — lesson 1, "Why attention — the bottleneck": runs the core's tanh RNN
// encoder over the learner's sentence and shows h_t token by token and how much each token still
// influences the final state h_T (‖∂h_T/∂x_t‖, computed by the core). Controls: sentence, how many
// tokens have been read, recurrent strength, seed, and a "play" button (an island holding its
// timer) that reads the sentence token by token through the store. view() returns lit templates
// (ui/render.ts) for the current state; it lays out figures; the core computes everything.
import { cached } from '../model/lru';
import { at, type Matrix } from '../model/matrix';
import { RNN_HIDDEN, RNN_MAX_TOKENS, rnnRun } from '../model/pipeline';
import { intParam, numParam } from '../model/state';
import { barChart } from '../ui/barchart';
import { sentenceBox, slider } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { routeHref } from '../ui/links';
import { html, island, ref, type Local } from '../ui/render';
import { firstRows } from './common';
import { defineLesson } from './types';

/** Whether the learner asked for less motion (the play button then steps more slowly). */
const reducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The play button's own state: whether it plays, and (mutable, not drawn) its timer, the
 *  sentence's current length and the button element (playing stops once it left the page). */
interface Play {
  playing: boolean;
  run: { timer?: number; T: number; el?: Element };
}

const lesson = defineLesson({
  slug: 'bottleneck',
  file: '01-bottleneck',
  params: {
    /** Tokens read so far (0 = the whole sentence). */
    rt: intParam(0, 0, RNN_MAX_TOKENS),
    /** Recurrent strength: ≈ spectral radius of W_h. */
    rho: numParam(0.9, 0.1, 1.6, { step: 0.05 }),
  },
  deps: ['s', 'seed', 'rt', 'rho'],
  mount({ core, store, L, text }) {
    // "Play": read the sentence token by token (slower steps when reduced motion is preferred).
    // An island: the timer and the Play/Stop label survive page renders; each step writes `rt`.
    const drawPlay = (T: number, local: Local<Play>) => {
      const run = local.state.run;
      run.T = T;
      const stop = () => {
        window.clearInterval(run.timer);
        run.timer = undefined;
        local.set({ playing: false });
      };
      const click = () => {
        if (run.timer !== undefined) {
          stop();
          return;
        }
        let k = 1;
        store.set('rt', k);
        local.set({ playing: true });
        run.timer = window.setInterval(
          () => {
            k += 1;
            if (k > run.T || !run.el?.isConnected) {
              stop();
              return;
            }
            store.set('rt', k);
          },
          reducedMotion() ? 1500 : 700,
        );
      };
      return html`<button
        type="button"
        class="btn small"
        ${ref((el) => {
          run.el = el;
        })}
        @click=${click}
      >
        ${local.state.playing ? L('stop') : L('play')}
      </button>`;
    };
    const initPlay = (): Play => ({ playing: false, run: { T: 0 } });
    // The run over the whole sentence depends on s, seed and rho only: while the learner moves
    // `rt` (or plays), the view reuses it (the last one is kept) and runs the core on the prefix.
    const whole = new Map<string, ReturnType<typeof rnnRun>>();
    return {
      view() {
        const key = JSON.stringify([store.get('s'), store.get('seed'), store.get('rho')]);
        const full = cached(whole, key, () => rnnRun(core, store.get('s'), store.get('seed'), store.get('rho')), 1);
        const T = full.tokens.length;
        const rt = store.get('rt');
        const n = rt === 0 ? T : Math.min(rt, T);
        const controls = html`${sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], L('maxTokens', { n: RNN_MAX_TOKENS }))}
          <div class="ctl-slot">
            ${slider(store, 'rt', L('step'), { within: { max: T }, show: (v) => (v === 0 ? L('all') : `${v} / ${T}`), help: L('stepHelp') })}
          </div>
          ${slider(store, 'rho', L('rho'), { show: (v) => v.toFixed(2), help: L('rhoHelp') })} ${slider(store, 'seed', t('ctl.seed'))}
          <div class="ctl" ${island(initPlay, drawPlay, T)}></div>`;
        // The encoder has read n tokens: run the core on that prefix; influence is on h_n.
        const prefix = full.tokens.slice(0, n).join(' ');
        const run = n === T ? full : rnnRun(core, prefix, store.get('seed'), store.get('rho'), full.params);
        const states: Matrix = firstRows(full.rnn.states, n);
        const infl = Array.from(run.rnn.influence);
        const labels = full.labels.slice(0, n);
        const hLabels = Array.from({ length: RNN_HIDDEN }, (_, c) => `h[${c + 1}]`);
        const first = infl[0] ?? NaN;
        const last = infl[n - 1] ?? NaN;
        const ratio = 100 * run.rnn.firstToLast; // the core's first / last, as a percentage
        const figures = html`<div class="tokens wide" role="group" aria-label=${L('tokensRead')}>
            ${full.labels.map((tk, k) => html`<span class=${`token${k < n ? ' active' : ''}`}>${tk}</span>`)}
          </div>
          <p class="callout wide" data-stat="survival">
            ${L('survival', { first: labels[0] ?? '', ratio: ratio > 0 && ratio < 0.1 ? ratio.toExponential(1) : fmt(ratio, 1), n, last: labels[n - 1] ?? '' })}
          </p>
          ${heatmap({
            id: 'rnn-states',
            title: L('statesTitle'),
            m: states,
            rowLabels: labels.map((x, k) => `h${k + 1} (${x})`),
            colLabels: hLabels,
            rowAxis: L('afterReading'),
            colAxis: L('hiddenUnit'),
            palette: 'diverging',
            domain: [-1, 1],
            shape: `(t, h) = (${n}, ${RNN_HIDDEN})`,
            provenance: (i, j) => L('stateProv', { t: i + 1, c: j + 1, tok: labels[i] ?? '', v: fmt(at(states, i, j), 3), prev: i }),
          })}
          ${barChart({
            id: 'rnn-influence',
            title: L('influenceTitle', { n }),
            labels,
            series: [{ name: L('influence'), values: infl }],
            xAxis: L('inputToken'),
            yAxis: '‖∂h_T/∂x_t‖',
            digits: 3,
            note: L('influenceNote'),
          })}
          <p class="callout wide">${L('toLab')} <a href=${routeHref('lab')} data-route="lab">${L('labLink')}</a> ${L('toAttention')}</p>`;
        const hn = Array.from({ length: RNN_HIDDEN }, (_, c) => tex(at(states, n - 1, c)));
        return {
          controls,
          figures,
          formula: [
            { label: L('fRecurrence'), tex: 'h_t = \\tanh\\left(W_x\\,x_t + W_h\\,h_{t-1} + b\\right),\\quad h_0 = 0' },
            { label: L('fState', { n, tok: labels[n - 1] ?? '' }), tex: `h_{${n}} = [${hn.join(',\\ ')}]` },
            {
              label: L('fInfluence'),
              tex: `\\left\\lVert \\frac{\\partial h_{${n}}}{\\partial x_1} \\right\\rVert_F = ${tex(first, 4)} \\qquad \\left\\lVert \\frac{\\partial h_{${n}}}{\\partial x_{${n}}} \\right\\rVert_F = ${tex(last, 4)}`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
