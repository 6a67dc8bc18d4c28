// lessons/02-qkv.ts — lesson 2, "Queries, keys, values": the learner's sentence becomes token
// embeddings X; editable W_Q, W_K, W_V project them into Q, K, V (computed by the core as a
// one-head projection). Hover a cell of Q/K/V to see the row·column sum that made it. Layout only.
import { at, col, row } from '../model/matrix';
import { D_MODEL, projectQKV, qkvWeights, sentenceInputs } from '../model/pipeline';
import { sentenceBox, slider } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { renderFormula } from '../ui/formula';
import { tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { matrixEditor, rebase } from '../ui/matrixEditor';
import { MAX_TOKENS } from '../model/tokens';
import { sumText } from './common';
import { defineLesson } from './types';

const dimLabels = Array.from({ length: D_MODEL }, (_, k) => `${k + 1}`);

const lesson = defineLesson({
  slug: 'qkv',
  file: '02-qkv',
  params: {},
  deps: ['s', 'seed', 'wq', 'wk', 'wv'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const editors = h('div', { class: 'editors wide' });
    const drawEditors = () => {
      const W = qkvWeights({ ...store.snapshot(), wq: {}, wk: {}, wv: {} });
      // A new seed: the same three editors show the new weights (no rebuild).
      const [eq, ek, ev] = Array.from(editors.children) as HTMLElement[];
      if (eq && ek && ev && rebase(eq, W.WQ) && rebase(ek, W.WK) && rebase(ev, W.WV)) return;
      editors.replaceChildren(
        matrixEditor(store, 'wq', 'W_Q (d_model × d_k)', W.WQ, dimLabels, dimLabels),
        matrixEditor(store, 'wk', 'W_K (d_model × d_k)', W.WK, dimLabels, dimLabels),
        matrixEditor(store, 'wv', 'W_V (d_model × d_v)', W.WV, dimLabels, dimLabels),
      );
    };
    controls.append(
      sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      slider(store, 'seed', t('ctl.seed'), { help: L('seedHelp') }),
      editors,
    );
    drawEditors();
    return {
      update(changed) {
        if (changed.includes('seed')) drawEditors();
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
        setChildren(
          figures,
          heatmap({
            ...common,
            id: 'X',
            title: L('X'),
            m: inp.X,
            colAxis: 'd_model',
            shape: `(T, d_model) = (${T}, ${D_MODEL})`,
            note: L('XNote'),
            provenance: (i, j) => L('embProv', { tok: inp.tokens[i] ?? '', j: j + 1, v: at(inp.X, i, j).toFixed(2) }),
          }),
          heatmap({ ...common, id: 'Q', title: L('Q'), m: Q, colAxis: 'd_k', shape: `(T, d_k) = (${T}, ${D_MODEL})`, provenance: prov('q', W.WQ, Q) }),
          heatmap({ ...common, id: 'K', title: L('K'), m: K, colAxis: 'd_k', shape: `(T, d_k) = (${T}, ${D_MODEL})`, provenance: prov('k', W.WK, K) }),
          heatmap({ ...common, id: 'V', title: L('V'), m: V, colAxis: 'd_v', shape: `(T, d_v) = (${T}, ${D_MODEL})`, provenance: prov('v', W.WV, V) }),
        );
        const x1 = row(inp.X, 0).map((x) => tex(x));
        const q1 = row(Q, 0).map((x) => tex(x));
        const k1 = row(K, 0).map((x) => tex(x));
        const v1 = row(V, 0).map((x) => tex(x));
        renderFormula(formula, [
          { tex: 'Q = X W_Q,\\quad K = X W_K,\\quad V = X W_V' },
          { label: L('fFirst', { tok: inp.tokens[0] ?? '' }), tex: `x_1 = [${x1.join(',\\ ')}]` },
          { tex: `q_1 = x_1 W_Q = [${q1.join(',\\ ')}]\\quad k_1 = [${k1.join(',\\ ')}]\\quad v_1 = [${v1.join(',\\ ')}]` },
        ]);
      },
    };
  },
});

export default lesson;
