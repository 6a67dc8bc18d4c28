// lessons/05-softmax.ts — lesson 5, "Softmax": one query's scaled scores become probabilities
// (core.softmax with a temperature), compared with hard attention (argmax: a one-hot pick, not
// differentiable). Controls: sentence, query token, temperature (log slider), hard/soft view.
// The core computes every weight, soft (core.softmax) and hard (core.hardAttention: the argmax,
// ties to the first key); JS only formats and lays them out.
// By default (w = trained) the scores are those of one head (th) of the trained translation
// model's first encoder layer on a toy sentence (ts): pipeline.trainedSelfAttention gives its
// scaled scores (X·W_Q + b_Q)(X·W_K + b_K)ᵀ/√d_head, and the same core calls turn them into soft
// and hard weights; at τ = 1 the soft weights are exactly the map the model uses.
// view() returns lit templates (ui/render.ts) for the current state.
import { at, row, type Matrix } from '../model/matrix';
import { selfAttention } from '../model/pipeline';
import { boolParam, intParam, numParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { barChart } from '../ui/barchart';
import { checkbox, slider } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html, nothing } from '../ui/render';
import { clampIndex, headModeControls, isTrained, tokenPicker, trainedHeadOr, weightsGrid } from './common';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'softmax',
  file: '05-softmax',
  params: {
    sq: intParam(1, 0, MAX_TOKENS - 1),
    /** log10 of the temperature. */
    lt: numParam(0, -1.5, 1, { step: 0.05 }),
    hard: boolParam(false),
  },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'sq', 'lt', 'hard', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    return {
      view() {
        const controls = (labels: readonly string[]) =>
          html`${headModeControls(store, text)}
            <div>${tokenPicker(store, 'sq', t('ctl.query'), labels)}</div>
            ${slider(store, 'lt', L('temp'), { show: (v) => `τ = ${fmt(10 ** v, 2)}`, help: L('tempHelp') })}
            ${checkbox(store, 'hard', L('hard'), L('hardHelp'))}`;
        let r: { labels: string[]; att: { scaled: Matrix } };
        let notes: unknown = nothing;
        if (isTrained(store)) {
          const got = trainedHeadOr(core, store, refresh);
          if ('wait' in got) return { controls: controls([]), figures: got.wait, formula: [] };
          const tr = got.r;
          r = tr;
          notes = html`${got.unknown}
            <p class="callout wide" data-stat="trained-head">
              ${L('trainedNote', { h: tr.head + 1, n: tr.numHeads, T: tr.labels.length, d: tr.dModel, dk: tr.dHead })}
            </p>`;
        } else r = selfAttention(core, store.snapshot());
        const labels = r.labels;
        const T = labels.length;
        const qi = clampIndex(store.get('sq'), T);
        const tau = 10 ** store.get('lt');
        const hard = store.get('hard');
        const soft = core.softmax(r.att.scaled, tau);
        const s = row(r.att.scaled, qi);
        const w = row(soft, qi);
        const argmax = core.hardAttention(r.att.scaled);
        const arg = argmax.index[qi] ?? 0;
        const oneHot = row(argmax.weights, qi);
        const shown = hard ? argmax.weights : soft;
        const figures = html`${notes}
          ${barChart({
            id: 'row-scores',
            title: L('scoresTitle', { q: labels[qi] ?? '' }),
            labels,
            series: [{ name: L('scaledScore'), values: s }],
            xAxis: L('key'),
          })}
          ${barChart({
            id: 'row-weights',
            title: L('weightsTitle', { q: labels[qi] ?? '' }),
            labels,
            series: [
              { name: L('softW', { tau: fmt(tau, 2) }), values: w },
              { name: L('hardW'), values: oneHot, color: '#6b4c9a' },
            ],
            xAxis: L('key'),
            yRange: [0, 1],
          })}
          ${heatmap({
            id: 'weights-all',
            title: hard ? L('allHard') : L('allSoft', { tau: fmt(tau, 2) }),
            m: shown,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
            provenance: (i, j) =>
              hard
                ? L('hardProv', { q: labels[i] ?? '', k: labels[j] ?? '', v: fmt(at(shown, i, j)) })
                : L('softProv', { i: i + 1, j: j + 1, s: fmt(at(r.att.scaled, i, j), 3), tau: fmt(tau, 2), v: fmt(at(soft, i, j), 3) }),
            marked: (i, j) => i === qi && j === arg,
          })}
          <p class="callout wide" data-stat="top">${L('top', { q: labels[qi] ?? '', k: labels[arg] ?? '', w: fmt(w[arg] ?? NaN, 3) })}</p>`;
        const terms = s.map((v) => `e^{${tex(v)}/${tex(tau)}}`);
        const formula = [
          { tex: 'w_{ij} = \\operatorname{softmax}(s_i / \\tau)_j = \\frac{e^{s_{ij}/\\tau}}{\\sum_{k} e^{s_{ik}/\\tau}}' },
          {
            label: L('fYour', { q: labels[qi] ?? '', k: labels[arg] ?? '' }),
            tex: `w_{${qi + 1},${arg + 1}} = \\frac{${terms[arg]}}{${terms.slice(0, 6).join(' + ')}${T > 6 ? ' + \\cdots' : ''}} = ${tex(w[arg] ?? NaN, 3)}`,
          },
          {
            label: L('fHard'),
            tex: `\\text{${L('txHard')}} w_{ij} = [\\, j = \\arg\\max_k s_{ik} \\,] \\quad\\Rightarrow\\quad \\frac{\\partial w}{\\partial s} = 0 \\ \\text{${L('txAlmostEverywhere')}}`,
          },
        ];
        return { controls: controls(labels), figures, formula };
      },
    };
  },
});

export default lesson;
