// lessons/06-aggregate.ts — lesson 6, "Aggregate": the core's weights times V gives each query its
// own context vector (output row). Figures: weights, V, output (provenance writes out the weighted
// sum), and the selected query's weights. Controls: sentence, query token. Layout only: view()
// returns lit templates (ui/render.ts) and the formula's lines for the current state.
// By default (w = trained) the weights, V and output are those of one head (th) of the trained
// translation model's first encoder layer on a toy sentence (ts), from
// pipeline.trainedSelfAttention: V = X·W_V + b_V (T, d_head) and O = weights·V (T, d_head), the
// core's numbers; the weights are exactly the map the model uses.
import { at, col, row, type Matrix } from '../model/matrix';
import type { AttentionResult } from '../../../wasm/index.js';
import { selfAttention } from '../model/pipeline';
import { intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { fmt, tex, texParen } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html, nothing } from '../ui/render';
import { clampIndex, headModeControls, isTrained, sumText, tokenPicker, trainedHeadOr, weightsGrid } from './common';
import { defineLesson } from './types';

const dimLabels = (n: number) => Array.from({ length: n }, (_, k) => `${k + 1}`);

const lesson = defineLesson({
  slug: 'aggregate',
  file: '06-aggregate',
  params: { aq: intParam(1, 0, MAX_TOKENS - 1) },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'aq', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    return {
      view() {
        const trained = isTrained(store);
        // The query picker (none while the trained model loads: no tokens yet).
        const controls = (labels: readonly string[]) =>
          html`${headModeControls(store, text)}
            <div>${labels.length ? tokenPicker(store, 'aq', t('ctl.query'), labels) : nothing}</div>`;
        let notes: unknown = nothing;
        let r: { labels: string[]; X: Matrix; WV: Matrix; V: Matrix; att: AttentionResult };
        // The value of x_j·W_V[:, c] (+ b_V[c] when trained) as terms of a sum: [x_j, 1]·[W_V[:, c]; b_V[c]].
        let vTerms: (j: number, c: number) => [string, number[], number[]];
        if (trained) {
          const got = trainedHeadOr(core, store, refresh);
          if ('wait' in got) return { controls: controls([]), figures: got.wait, formula: [] };
          const tr = got.r;
          r = tr;
          vTerms = (j, c) => [`v_${j + 1}[${c + 1}] = x_${j + 1}·W_V[:,${c + 1}] + b_V[${c + 1}]`, [...row(tr.X, j), 1], [...col(tr.WV, c), at(tr.bV, 0, c)]];
          const note = L('trainedNote', { h: tr.head + 1, n: tr.numHeads, T: tr.labels.length, d: tr.dModel, dk: tr.dHead });
          notes = html`${got.unknown}
            <p class="callout wide" data-stat="trained-head">${note}</p>`;
        } else {
          const rr = selfAttention(core, store.snapshot());
          r = rr;
          vTerms = (j, c) => [`v_${j + 1}[${c + 1}] = x_${j + 1}·W_V[:,${c + 1}]`, row(rr.X, j), col(rr.WV, c)];
        }
        const { labels } = r;
        const dv = r.V.cols;
        const dims = dimLabels(dv);
        const T = labels.length;
        const qi = clampIndex(store.get('aq'), T);
        const W = r.att.weights;
        const O = r.att.output;
        const figures = html`${notes}
          ${heatmap({
            id: 'weights',
            provenance: (i, j) => L('wProv', { q: labels[i] ?? '', k: labels[j] ?? '', s: fmt(at(r.att.scaled, i, j), 3), v: fmt(at(W, i, j), 3) }),
            title: L('weights'),
            m: W,
            ...weightsGrid(labels, { query: L('query'), key: L('key') }),
            marked: (i) => i === qi,
          })}
          ${heatmap({
            id: 'V',
            provenance: (j, c) => sumText(...vTerms(j, c), at(r.V, j, c)),
            title: L('V'),
            m: r.V,
            rowLabels: labels,
            colLabels: dims,
            rowAxis: L('key'),
            colAxis: 'd_v',
            palette: 'diverging',
            shape: `(T, d_v) = (${T}, ${dv})`,
          })}
          ${heatmap({
            id: 'output',
            title: L('output'),
            m: O,
            rowLabels: labels,
            colLabels: dims,
            rowAxis: L('query'),
            colAxis: 'd_v',
            palette: 'diverging',
            shape: `(T, d_v) = (${T}, ${dv})`,
            provenance: (i, c) => sumText(`out(${labels[i]})[${c + 1}] = Σ_j w_${i + 1}j · v_j[${c + 1}]`, row(W, i), col(r.V, c), at(O, i, c)),
            marked: (i) => i === qi,
          })}
          <p class="callout wide">${L('own', { q: labels[qi] ?? '' })}</p>`;
        const w = row(W, qi);
        const parts = w.slice(0, 5).map((x, j) => `${tex(x)}\\,v_{${j + 1}}`);
        const out = row(O, qi).map((x) => tex(x));
        return {
          controls: controls(labels),
          figures,
          formula: [
            { tex: 'o_i = \\sum_{j=1}^{T} w_{ij}\\, v_j \\qquad O = \\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}\\right) V' },
            { label: L('fYour', { q: labels[qi] ?? '' }), tex: `o_{${qi + 1}} = ${parts.join(' + ')}${T > 5 ? ' + \\cdots' : ''} = [${out.join(',\\ ')}]` },
            {
              label: L('fCheck'),
              tex: `\\textstyle\\sum_j w_{${qi + 1}j} = ${w
                .map((x) => texParen(x))
                .slice(0, 4)
                .join(' + ')}${T > 4 ? ' + \\cdots' : ''} = 1`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
