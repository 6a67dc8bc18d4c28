// lessons/02-qkv.ts — lesson 2, "Queries, keys, values": the learner's sentence becomes token
// embeddings X; editable W_Q, W_K, W_V project them into Q, K, V (computed by the core as a
// one-head projection). Hover a cell of Q/K/V to see the row·column sum that made it. Layout only.
// By default (w = trained) it shows instead one head (th) of the trained translation model's first
// encoder layer on a toy sentence (ts): the model's own layer input X (embeddings + position),
// the head's learned W_Q, W_K, W_V (d_model 32 × d_k 8) and biases, and Q = X·W_Q + b_Q, K, V from
// the core (pipeline.trainedSelfAttention). No editors in that mode.
// view() returns lit templates (ui/render.ts) for the current state; the W editors are templates
// too (ui/matrixEditor.ts), showing the store's edits over the seed's weights.
import { at, col, row, type Matrix } from '../model/matrix';
import { cached } from '../model/lru';
import { D_MODEL, projectQKV, qkvWeights, sentenceInputs, type QkvWeights } from '../model/pipeline';
import { slider } from '../ui/controls';
import { fmt, paren, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { matrixEditor } from '../ui/matrixEditor';
import { html } from '../ui/render';
import { headModeControls, isTrained, sumText, trainedHeadOr } from './common';
import { defineLesson } from './types';

const dimLabels = Array.from({ length: D_MODEL }, (_, k) => `${k + 1}`);
const numLabels = (n: number) => Array.from({ length: n }, (_, k) => `${k + 1}`);

/** "name = a₁·b₁ + … (+n) + b = total": a learned projection with its bias (text only). */
function biasSumText(name: string, a: readonly number[], b: readonly number[], bias: number, total: number, max = 4): string {
  const terms = Array.from({ length: Math.min(a.length, max) }, (_, k) => `${paren(a[k] ?? NaN, 2)}·${paren(b[k] ?? NaN, 2)}`);
  const more = a.length > max ? ` + … (+${a.length - max})` : '';
  return `${name} = ${terms.join(' + ')}${more} + ${paren(bias, 2)} = ${fmt(total, 3)}`;
}

/** The seed's weights without the learner's edits: the editors' base, made once per seed (the
 *  editors are made again only when their base object changes, ui/matrixEditor.ts). */
const seedBases = new Map<string, QkvWeights>();
const seedWeights = (seed: number): QkvWeights => cached(seedBases, String(seed), () => qkvWeights({ seed, wq: {}, wk: {}, wv: {} }), 8);

const lesson = defineLesson({
  slug: 'qkv',
  file: '02-qkv',
  params: {},
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    const controls = () => {
      // The editors show the seed's weights (without edits) as their base, and the edits over them.
      const W = seedWeights(store.get('seed'));
      const editors = html`<div class="editors wide">
        ${matrixEditor(store, 'wq', 'W_Q (d_model × d_k)', W.WQ, dimLabels, dimLabels)}
        ${matrixEditor(store, 'wk', 'W_K (d_model × d_k)', W.WK, dimLabels, dimLabels)}
        ${matrixEditor(store, 'wv', 'W_V (d_model × d_v)', W.WV, dimLabels, dimLabels)}
      </div>`;
      return headModeControls(store, text, [slider(store, 'seed', t('ctl.seed'), { help: L('seedHelp') }), editors]);
    };
    const viewTrained = () => {
      const got = trainedHeadOr(core, store, refresh);
      if ('wait' in got) return { controls: controls(), figures: got.wait, formula: [] };
      const r = got.r;
      const T = r.tokens.length;
      const E = r.dModel;
      const dh = r.dHead;
      const headDims = numLabels(dh);
      // Q[i][j] = x_i · W[:, j] + b[j]: the terms are the core's inputs, the total the core's result.
      const prov = (name: 'q' | 'k' | 'v', Wm: Matrix, bm: Matrix, R: Matrix) => (i: number, j: number) =>
        biasSumText(
          `${name}[${r.labels[i]}][${j + 1}] = x_${i + 1}·W_${name.toUpperCase()}[:,${j + 1}] + b_${name.toUpperCase()}[${j + 1}]`,
          row(r.X, i),
          col(Wm, j),
          at(bm, 0, j),
          at(R, i, j),
        );
      const proj = { rowLabels: r.labels, colLabels: headDims, palette: 'diverging' as const, rowAxis: L('token'), shape: `(T, d_k) = (${T}, ${dh})` };
      const weight = (id: string, Wm: Matrix, title: string) =>
        heatmap({
          id,
          title,
          m: Wm,
          rowLabels: numLabels(E),
          colLabels: headDims,
          rowAxis: 'd_model',
          colAxis: 'd_k',
          palette: 'diverging',
          values: false,
          cell: 14,
          shape: `(d_model, d_k) = (${E}, ${dh})`,
          provenance: (i, j) => L('weightProv', { name: title, i: i + 1, j: j + 1, v: fmt(at(Wm, i, j), 3) }),
        });
      const figures = html`${got.unknown}
      ${heatmap({
        id: 'X',
        title: L('XTrained'),
        m: r.X,
        rowLabels: r.labels,
        colLabels: numLabels(E),
        palette: 'diverging',
        rowAxis: L('token'),
        colAxis: 'd_model',
        values: false,
        shape: `(T, d_model) = (${T}, ${E})`,
        note: L('XTrainedNote', { h: r.head + 1 }),
        provenance: (i, j) => L('embTrainedProv', { tok: r.labels[i] ?? '', i: i + 1, j: j + 1, v: fmt(at(r.X, i, j), 3) }),
      })}
      ${weight('WQ', r.WQ, 'W_Q')} ${weight('WK', r.WK, 'W_K')} ${weight('WV', r.WV, 'W_V')}
      ${heatmap({ ...proj, id: 'Q', title: L('QTrained'), m: r.Q, colAxis: 'd_k', provenance: prov('q', r.WQ, r.bQ, r.Q) })}
      ${heatmap({ ...proj, id: 'K', title: L('KTrained'), m: r.K, colAxis: 'd_k', provenance: prov('k', r.WK, r.bK, r.K) })}
      ${heatmap({ ...proj, id: 'V', title: L('VTrained'), m: r.V, colAxis: 'd_v', shape: `(T, d_v) = (${T}, ${dh})`, provenance: prov('v', r.WV, r.bV, r.V) })}`;
      const vec = (m: Matrix, i: number) =>
        `[${row(m, i)
          .map((x) => tex(x))
          .join(',\\ ')}]`;
      return {
        controls: controls(),
        figures,
        formula: [
          { tex: 'Q = X W_Q + b_Q,\\quad K = X W_K + b_K,\\quad V = X W_V + b_V' },
          { label: L('fBias', { E, dh }), tex: `b_Q = ${vec(r.bQ, 0)}` },
          { label: L('fFirst', { tok: r.tokens[0] ?? '' }), tex: `q_1 = x_1 W_Q + b_Q = ${vec(r.Q, 0)}` },
          { tex: `k_1 = ${vec(r.K, 0)}\\quad v_1 = ${vec(r.V, 0)}` },
        ],
      };
    };
    return {
      view() {
        if (isTrained(store)) return viewTrained();
        const v = store.snapshot();
        const inp = sentenceInputs(v.s as string);
        const W = qkvWeights(v);
        const { Q, K, V } = projectQKV(core, inp.X, W);
        const T = inp.tokens.length;
        const prov = (name: string, Wm: typeof W.WQ, R: typeof Q) => (i: number, j: number) =>
          sumText(
            `${name}[${inp.labels[i]}][${j + 1}] = x_${i + 1}·${name === 'q' ? 'W_Q' : name === 'k' ? 'W_K' : 'W_V'}[:,${j + 1}]`,
            row(inp.X, i),
            col(Wm, j),
            at(R, i, j),
          );
        const common = { rowLabels: inp.labels, colLabels: dimLabels, palette: 'diverging' as const, rowAxis: L('token') };
        const figures = html`${heatmap({
          ...common,
          id: 'X',
          title: L('X'),
          m: inp.X,
          colAxis: 'd_model',
          shape: `(T, d_model) = (${T}, ${D_MODEL})`,
          note: L('XNote'),
          provenance: (i, j) => L('embProv', { tok: inp.tokens[i] ?? '', j: j + 1, v: at(inp.X, i, j).toFixed(2) }),
        })}
        ${heatmap({ ...common, id: 'Q', title: L('Q'), m: Q, colAxis: 'd_k', shape: `(T, d_k) = (${T}, ${D_MODEL})`, provenance: prov('q', W.WQ, Q) })}
        ${heatmap({ ...common, id: 'K', title: L('K'), m: K, colAxis: 'd_k', shape: `(T, d_k) = (${T}, ${D_MODEL})`, provenance: prov('k', W.WK, K) })}
        ${heatmap({ ...common, id: 'V', title: L('V'), m: V, colAxis: 'd_v', shape: `(T, d_v) = (${T}, ${D_MODEL})`, provenance: prov('v', W.WV, V) })}`;
        const x1 = row(inp.X, 0).map((x) => tex(x));
        const q1 = row(Q, 0).map((x) => tex(x));
        const k1 = row(K, 0).map((x) => tex(x));
        const v1 = row(V, 0).map((x) => tex(x));
        return {
          controls: controls(),
          figures,
          formula: [
            { tex: 'Q = X W_Q,\\quad K = X W_K,\\quad V = X W_V' },
            { label: L('fFirst', { tok: inp.tokens[0] ?? '' }), tex: `x_1 = [${x1.join(',\\ ')}]` },
            { tex: `q_1 = x_1 W_Q = [${q1.join(',\\ ')}]\\quad k_1 = [${k1.join(',\\ ')}]\\quad v_1 = [${v1.join(',\\ ')}]` },
          ],
        };
      },
    };
  },
});

export default lesson;
