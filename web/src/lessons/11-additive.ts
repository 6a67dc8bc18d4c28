// lessons/11-additive.ts — lesson 11, "Additive vs dot-product scoring". Two modes (state `w`):
// - trained (default): two GRU encoder–decoders the core trained on the toy English → French task
//   (lesson models `additive` and `dot`, identical but for the score: Bahdanau's additive score or
//   the lab's "dot", Luong's general score, both on the previous decoder state) translate the toy
//   sentence `ts`; figures show each model's alignment α (trainer.translate, (T_out, T_s)) side by
//   side, each output against the rule-based reference, each row's strongest source word
//   (core.hardAttention) and, when both have as many rows, their difference (core.compareMatrices).
// - random: on the same Q, K, V of the learner's sentence the core computes Bahdanau's additive
//   attention (v·tanh(W_q q + W_k k)) with seeded weights, Luong's dot product and the scaled dot
//   product; figures show the weights side by side and where they differ (core.compareMatrices).
// Both: operation counts from the shapes, and a live timing of both core functions on larger
// random inputs. JS computes none of the weights, differences or choices; it lays them out as lit
// templates (ui/render.ts): view() returns the controls, figures and formula for the current state;
// the timing line is an island (its measured text is that widget's own state).
import { at } from '../model/matrix';
import { compareAlignments, gruAlignment, gruScoringCost, type GruAlignment } from '../model/gruAlignment';
import { lessonModelInfo } from '../model/lessonModels';
import { additiveParams, D_MODEL, selfAttention } from '../model/pipeline';
import { seededMatrix } from '../model/random';
import { intParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { button, sentenceBox, slider } from '../ui/controls';
import type { Core } from '../model/core';
import { fmt, tex } from '../ui/format';
import type { FormulaLine } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { dataTable, rows } from '../ui/dataTable';
import { html, ifDefined, island, type Local } from '../ui/render';
import { modeControls, trainedModelOr, unknownNote } from './common';
import { defineLesson } from './types';

/**
 * The "time both" button and its result line (an island: the measured text is this widget's own
 * state). Times the core's dot-product and additive attention on larger seeded random inputs.
 */
function drawTiming({ core, L }: { core: Core; L: (key: string, vars?: Record<string, string | number>) => string }, local: Local<{ text: string }>): unknown {
  const runTiming = () => {
    const n = 256;
    const d = 64;
    const hh = 64;
    const Q = seededMatrix(7, 'tq', n, d, 1, 3);
    const K = seededMatrix(7, 'tk', n, d, 1, 3);
    const V = seededMatrix(7, 'tv', n, d, 1, 3);
    const p = additiveParams(7, hh, d);
    const time = (f: () => void) => {
      f();
      const t0 = performance.now();
      for (let k = 0; k < 5; k++) f();
      return (performance.now() - t0) / 5;
    };
    const tDot = time(() => core.attention(Q, K, V));
    const tAdd = time(() => core.additiveAttention(Q, K, V, p));
    local.set({ text: L('timing', { n, d, h: hh, dot: fmt(tDot, 2), add: fmt(tAdd, 2), ratio: fmt(tAdd / Math.max(tDot, 1e-6), 1) }) });
  };
  const done = local.state.text !== '';
  return html`${button(L('timeBoth'), runTiming)}
    <div class="callout" aria-live="polite" data-stat=${ifDefined(done ? 'timing' : undefined)}>${done ? local.state.text : L('timingIdle')}</div>`;
}

const lesson = defineLesson({
  slug: 'additive',
  file: '11-additive',
  params: { ah: intParam(8, 1, 32) },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'ah', 'w', 'ts'],
  mount({ core, store, L, text, refresh }) {
    const controls = () =>
      html`${modeControls(
          store,
          sentenceBox(store, 'ts', t('ctl.toySentence'), (text.data?.toyExamples as string[] | undefined) ?? []),
          html`${sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS }))}
          ${slider(store, 'ah', L('hidden'), { show: (v) => `h = ${v}`, help: L('hiddenHelp') })} ${slider(store, 'seed', t('ctl.seed'))}`,
        )}
        <div class="ctl" ${island(() => ({ text: '' }), drawTiming, { core, L })}></div>`;

    /** Trained mode: both trained GRUs on the toy sentence. */
    const viewTrained = (): { figures: unknown; formula: FormulaLine[] } => {
      const gotAdd = trainedModelOr('additive', refresh);
      const gotDot = trainedModelOr('dot', refresh);
      if ('wait' in gotAdd) return { figures: gotAdd.wait, formula: [] };
      if ('wait' in gotDot) return { figures: gotDot.wait, formula: [] };
      const addModel = gotAdd.trainer;
      const dotModel = gotDot.trainer;
      const sentence = store.get('ts');
      const A = gruAlignment(core, addModel, sentence);
      const D = gruAlignment(core, dotModel, sentence);
      const cmp = compareAlignments(core, A, D);
      const info = addModel.info();
      const hh = info.hidden;
      const a = info.attnHidden;
      const Ts = A.source.length;
      const map = (id: string, title: string, r: GruAlignment) =>
        heatmap({
          id,
          title,
          m: r.attention,
          rowLabels: r.rows,
          colLabels: r.source,
          rowAxis: L('frenchAxis'),
          colAxis: L('englishAxis'),
          palette: 'viridis',
          domain: [0, 1],
          shape: `(T_out, T_s) = (${r.attention.rows}, ${r.attention.cols})`,
          provenance: (i, j) => L('trainedProv', { out: r.rows[i] ?? '', src: r.source[j] ?? '', w: fmt(at(r.attention, i, j), 3) }),
          marked: (i, j) => r.top[i] === j,
        });
      const output = (stat: string, name: string, r: GruAlignment) => {
        const said = r.correct
          ? L('outputCorrect', { model: name, out: r.output.join(' ') })
          : L('outputWrong', { model: name, out: r.output.join(' ') || '—', ref: r.reference.join(' ') });
        return html`<p class="callout" data-stat=${stat}>${said}</p>`;
      };
      const steps = Math.max(A.rows.length, D.rows.length);
      /** Row i's French word; both models' when they wrote different words there. */
      const rowLabel = (i: number) => (A.rows[i] === D.rows[i] ? (A.rows[i] ?? '') : `${A.rows[i] ?? '—'} / ${D.rows[i] ?? '—'}`);
      const cell = (r: GruAlignment, i: number) => (i < r.rows.length ? `${r.source[r.top[i] ?? 0] ?? ''} ${fmt(at(r.attention, i, r.top[i] ?? 0), 2)}` : '—');
      const same = (i: number) => (i < A.rows.length && i < D.rows.length ? (A.top[i] === D.top[i] ? L('yes') : L('no')) : '—');
      const table = dataTable({
        class: 'wide',
        stat: 'alignment-table',
        caption: L('alignCaption'),
        cols: [L('stepCol'), L('additiveShort'), L('dotShort'), L('sameCol')],
        body: rows(Array.from({ length: steps }, (_, i) => [rowLabel(i), cell(A, i), cell(D, i), same(i)])),
      });
      const difference = cmp
        ? html`${heatmap({
              id: 'trained-difference',
              title: L('trainedDiff'),
              m: cmp.difference,
              rowLabels: A.rows.map((_, i) => rowLabel(i)),
              colLabels: A.source,
              rowAxis: L('frenchAxis'),
              colAxis: L('englishAxis'),
              palette: 'diverging',
              domain: [-1, 1],
              shape: `(T_out, T_s) = (${cmp.difference.rows}, ${cmp.difference.cols})`,
              provenance: (i, j) => `${fmt(at(A.attention, i, j), 3)} − ${fmt(at(D.attention, i, j), 3)} = ${fmt(at(cmp.difference, i, j), 3)}`,
            })}
            <p class="callout wide" data-stat="trained-differ">
              ${L('trainedDiffer', { row: rowLabel(cmp.row), src: A.source[cmp.col] ?? '', d: fmt(cmp.maxAbs, 3) })}
            </p>`
        : html`<p class="callout wide" data-stat="trained-differ">${L('lengthsDiffer', { a: A.rows.length, d: D.rows.length })}</p>`;
      const costA = gruScoringCost(Ts, A.rows.length, hh, a);
      const costD = gruScoringCost(Ts, D.rows.length, hh, a);
      const figures = html`${unknownNote(A.unknown)}
        <p class="callout wide" data-stat="trained-models">${L('trainedNote', { steps: lessonModelInfo('additive').steps, E: info.embed, h: hh, a })}</p>
        ${map('trained-additive', L('trainedAdditive'), A)} ${map('trained-dot', L('trainedDot'), D)} ${output('output-additive', L('additiveShort'), A)}
        ${output('output-dot', L('dotShort'), D)} ${table} ${difference}
        ${dataTable({
          class: 'wide',
          stat: 'cost',
          caption: L('costTrained', { Ts, ta: A.rows.length, td: D.rows.length, h: hh, a }),
          cols: [L('method'), L('formulaCol'), L('ops')],
          body: rows([
            [L('generalName'), 'T_out·h² + T_out·T_s·h', String(costD.general)],
            [L('addName'), '(T_s + T_out)·a·h + 3·T_out·T_s·a', String(costA.additive)],
          ]),
        })}`;
      const lines: FormulaLine[] = [
        {
          tex: `\\text{${L('txAdditive')}} e_{tj} = v^{\\top} \\tanh(W_q s_{t-1} + W_k h_j) \\qquad \\text{${L('txGeneral')}} e_{tj} = (W_a s_{t-1}) \\cdot h_j`,
        },
        { tex: '\\alpha_{t} = \\operatorname{softmax}(e_{t}), \\qquad c_t = \\textstyle\\sum_j \\alpha_{tj} h_j' },
      ];
      if (cmp) {
        const [i, j] = [cmp.row, cmp.col];
        lines.push({
          label: L('fTrainedWhere', { row: rowLabel(i), src: A.source[j] ?? '' }),
          tex: `\\alpha^{add}_{${i + 1},${j + 1}} = ${tex(at(A.attention, i, j), 3)},\\quad \\alpha^{dot}_{${i + 1},${j + 1}} = ${tex(at(D.attention, i, j), 3)}`,
        });
      }
      return { figures, formula: lines };
    };

    /** Random mode: three scores on the learner's Q, K, V (unchanged from before the trained mode). */
    const viewRandom = (): { figures: unknown; formula: FormulaLine[] } => {
      const hh = store.get('ah');
      const r = selfAttention(core, store.snapshot());
      const T = r.labels.length;
      const p = additiveParams(store.get('seed'), hh);
      const add = core.additiveAttention(r.Q, r.K, r.V, p);
      const luong = core.attention(r.Q, r.K, r.V, { scale: 1 });
      const cmp = core.compareMatrices(add.weights, r.att.weights);
      const diff = cmp.difference;
      const maxD = cmp.maxAbs;
      const where: [number, number] = [cmp.row, cmp.col];
      const common = { rowLabels: r.labels, colLabels: r.labels, rowAxis: L('query'), colAxis: L('key'), shape: `(T, T) = (${T}, ${T})`, cell: 36 };
      const dotOps = T * T * D_MODEL;
      const addOps = 2 * T * hh * D_MODEL + T * T * 3 * hh;
      const figures = html`${heatmap({
          ...common,
          id: 'additive-weights',
          title: L('bahdanau'),
          m: add.weights,
          palette: 'viridis',
          domain: [0, 1],
          provenance: (i, j) => L('addProv', { q: r.labels[i] ?? '', k: r.labels[j] ?? '', s: fmt(at(add.scores, i, j), 3), v: fmt(at(add.weights, i, j), 3) }),
        })}
        ${heatmap({
          ...common,
          id: 'luong-weights',
          title: L('luong'),
          m: luong.weights,
          palette: 'viridis',
          domain: [0, 1],
          provenance: (i, j) => `q·k = ${fmt(at(luong.scores, i, j), 3)} → w = ${fmt(at(luong.weights, i, j), 3)}`,
        })}
        ${heatmap({
          ...common,
          id: 'scaled-weights',
          title: L('scaled'),
          m: r.att.weights,
          palette: 'viridis',
          domain: [0, 1],
          provenance: (i, j) => `q·k/√${D_MODEL} = ${fmt(at(r.att.scaled, i, j), 3)} → w = ${fmt(at(r.att.weights, i, j), 3)}`,
        })}
        ${heatmap({
          ...common,
          id: 'weights-difference',
          title: L('diff'),
          m: diff,
          palette: 'diverging',
          domain: [-1, 1],
          provenance: (i, j) => `${fmt(at(add.weights, i, j), 3)} − ${fmt(at(r.att.weights, i, j), 3)} = ${fmt(at(diff, i, j), 3)}`,
        })}
        <p class="callout wide" data-stat="differ">${L('differ', { q: r.labels[where[0]] ?? '', k: r.labels[where[1]] ?? '', d: fmt(maxD, 3) })}</p>
        ${dataTable({
          class: 'wide',
          stat: 'cost',
          caption: L('costTitle', { T, d: D_MODEL, h: hh }),
          cols: [L('method'), L('formulaCol'), L('ops')],
          body: rows([
            [L('dotName'), 'T²·d_k', String(dotOps)],
            [L('addName'), '2·T·h·d + 3·T²·h', String(addOps)],
          ]),
        })}`;
      const [i, j] = where;
      const lines: FormulaLine[] = [
        {
          tex: `\\text{${L('txAdditive')}} s_{ij} = v^{\\top} \\tanh(W_q q_i + W_k k_j) \\qquad \\text{${L('txDot')}} s_{ij} = q_i \\cdot k_j \\qquad \\text{${L('txScaled')}} s_{ij} = \\frac{q_i \\cdot k_j}{\\sqrt{d_k}}`,
        },
        {
          label: L('fWhere', { q: r.labels[i] ?? '', k: r.labels[j] ?? '' }),
          tex: `s^{add}_{${i + 1},${j + 1}} = ${tex(at(add.scores, i, j), 3)},\\quad s^{dot}_{${i + 1},${j + 1}} = ${tex(at(luong.scores, i, j), 3)},\\quad s^{scaled}_{${i + 1},${j + 1}} = ${tex(at(r.att.scaled, i, j), 3)}`,
        },
      ];
      return { figures, formula: lines };
    };

    return {
      view() {
        const trained = store.get('w') === 'trained';
        return { controls: controls(), ...(trained ? viewTrained() : viewRandom()) };
      },
    };
  },
});

export default lesson;
