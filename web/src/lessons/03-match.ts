// lessons/03-match.ts — lesson 3, "Match: QKᵀ": the core's score matrix QKᵀ (every query dotted
// with every key) with per-cell provenance, and one query's scores as bars. Controls: sentence,
// query and key tokens. It shows the core's numbers; the written-out sums are text.
// By default (w = trained) the scores are those of one head (th) of the trained translation
// model's first encoder layer on a toy sentence (ts), from pipeline.trainedSelfAttention.
import { at, row } from '../model/matrix';
import { selfAttention } from '../model/pipeline';
import { intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { barChart } from '../ui/barchart';
import { fmt, tex, texParen } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html, nothing } from '../ui/render';
import { clampIndex, headModeControls, isTrained, sumText, tokenPicker, trainedHeadOr } from './common';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'match',
  file: '03-match',
  params: {
    mq: intParam(1, 0, MAX_TOKENS - 1),
    mk: intParam(5, 0, MAX_TOKENS - 1),
  },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'mq', 'mk', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    return {
      view() {
        const trained = isTrained(store);
        const controls = (labels: readonly string[]) =>
          html`${headModeControls(store, text)}
            <div class="row-tools">${tokenPicker(store, 'mq', t('ctl.query'), labels)} ${tokenPicker(store, 'mk', t('ctl.key'), labels)}</div>`;
        let r;
        let unknown: unknown = nothing;
        if (trained) {
          const got = trainedHeadOr(core, store, refresh);
          if ('wait' in got) return { controls: controls([]), figures: got.wait, formula: [] };
          r = got.r;
          unknown = got.unknown;
        } else r = selfAttention(core, store.snapshot());
        const { Q, K, labels } = r;
        const T = labels.length;
        const qi = clampIndex(store.get('mq'), T);
        const kj = clampIndex(store.get('mk'), T);
        const S = r.att.scores;
        const best = core.hardAttention(S).index[qi] ?? 0;
        const figures = html`${unknown}
          ${heatmap({
            id: 'scores',
            title: trained ? L('scoresTrained', { h: store.get('th') }) : L('scores'),
            m: S,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('query'),
            colAxis: L('key'),
            palette: 'diverging',
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) => sumText(`score(${labels[i]}, ${labels[j]}) = q_${i + 1}·k_${j + 1}`, row(Q, i), row(K, j), at(S, i, j)),
            marked: (i, j) => i === qi && j === kj,
          })}
          ${barChart({
            id: 'query-scores',
            title: L('rowTitle', { q: labels[qi] ?? '' }),
            labels,
            series: [{ name: L('score'), values: row(S, qi) }],
            xAxis: L('key'),
          })}
          <p class="callout wide" data-stat="best">${L('best', { q: labels[qi] ?? '', k: labels[best] ?? '', v: fmt(at(S, qi, best)) })}</p>`;
        const q = row(Q, qi);
        const k = row(K, kj);
        const products = q.map((a, c) => `${texParen(a)}\\cdot${texParen(k[c] ?? NaN)}`);
        // Four products per line, so a d_k = 8 sum fits a phone as well as d_k = 4 does.
        const lines: string[] = [];
        for (let c = 0; c < products.length; c += 4) lines.push(products.slice(c, c + 4).join(' + '));
        const pair = `S_{${qi + 1},${kj + 1}}`;
        const sum =
          lines.length > 1
            ? `\\begin{aligned}${pair} &= ${lines.join(' \\\\ &\\quad + ')} \\\\ &= ${tex(at(S, qi, kj), 3)}\\end{aligned}`
            : `${pair} = ${lines[0] ?? ''} = ${tex(at(S, qi, kj), 3)}`;
        return {
          controls: controls(labels),
          figures,
          formula: [
            { tex: 'S = QK^{\\top},\\qquad S_{ij} = q_i \\cdot k_j = \\sum_{c=1}^{d_k} q_{ic}\\,k_{jc}' },
            { label: L('fPair', { q: labels[qi] ?? '', k: labels[kj] ?? '' }), tex: sum },
          ],
        };
      },
    };
  },
});

export default lesson;
