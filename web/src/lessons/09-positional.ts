// lessons/09-positional.ts — lesson 9, "Positional encoding": the core's sinusoidal PE matrix as a
// heatmap, the similarity PE·PEᵀ between positions (core scores with scale 1), and the shuffle
// demo: self-attention outputs for the sentence and a shuffled copy, without and with PE added
// to the inputs (the core's X + PE). Controls: length, d_model, shuffle, add PE. The core also
// compares the outputs (core.compareMatrices); JS only lays out (reorders rows) and formats.
// By default (w = trained) the shuffle demo runs one head of the trained translation model's
// first encoder layer: "add PE" off is the same trained weights without the positional encoding
// (the model's 'none' variant), on is the model as trained. view() returns lit templates
// (ui/render.ts) and the formula's lines for the current state.
import type { AttentionResult } from '../../../wasm/index.js';
import { cached } from '../model/lru';
import { at, permuteRows, row } from '../model/matrix';
import { lessonModel, lessonModelNow, type LessonTrainer, type Positional } from '../model/lessonModels';
import { shuffleInputs, trainedSelfAttention } from '../model/pipeline';
import { remember } from '../model/trainerMemo';
import { seededPermutation } from '../model/random';
import { boolParam, intParam } from '../model/state';
import { button, checkbox, slider } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html } from '../ui/render';
import { headModeControls, isTrained, unknownNote } from './common';
import { defineLesson } from './types';

/** Why a variant of the translation model is not there: the error its loading failed with. */
const failed = new Map<Positional, string>();

/**
 * The translation model with (`sinusoidal`, as trained) or without (`none`) its positional
 * encoding if it is loaded; otherwise starts loading it and returns what to show instead of the
 * figures (common.ts's trainedModelOr for a model variant, which that helper does not take).
 */
function translationVariant(positional: Positional, refresh: () => void): { trainer: LessonTrainer<'translation'> } | { wait: unknown } {
  const trainer = lessonModelNow('translation', positional);
  if (trainer) return { trainer };
  const err = failed.get(positional);
  if (err !== undefined) return { wait: html`<p class="callout warn wide" role="alert">${t('lesson.modelFailed')} ${err}</p>` };
  lessonModel('translation', positional).then(refresh, (e: Error) => {
    failed.set(positional, e.message);
    refresh();
  });
  return { wait: html`<p class="loading" data-stat="model-loading">${t('lesson.modelLoading')}</p>` };
}

const lesson = defineLesson({
  slug: 'positional',
  file: '09-positional',
  params: {
    pel: intParam(16, 2, 64),
    ped: intParam(16, 2, 128, { step: 2 }),
    perm: intParam(1, 0, 9999),
    pe: boolParam(false),
  },
  deps: ['s', 'pel', 'ped', 'perm', 'pe', 'w', 'ts', 'th'],
  mount({ core, store, L, text, refresh }) {
    const controls = () =>
      html`${slider(store, 'pel', L('length'))} ${slider(store, 'ped', 'd_model')} ${headModeControls(store, text)}
        <div class="ctl row-tools">
          ${button(L('shuffle'), () => store.set('perm', (store.get('perm') % 9999) + 1))}${button(L('unshuffle'), () => store.set('perm', 0), 'btn small')}
        </div>
        ${checkbox(store, 'pe', L('addPe'), L('addPeHelp'))}`;
    /** The shuffle demo's results: the sentence and its shuffled copy through attention, and how
     *  far apart the outputs are (maxDiff, the core's comparison). */
    interface Demo {
      sh: { tokens: string[]; labels: string[]; order: number[] };
      a: AttentionResult;
      b: AttentionResult;
      unknown: string[];
      maxDiff: number;
    }
    // The demo does not depend on the length or d_model of the PE figures: while the learner moves
    // those sliders it is not run again. On trained weights it is remembered with the model's other
    // results (model/trainerMemo.ts, forgotten when its heads change); on random weights the last
    // one is kept.
    const randomDemo = new Map<string, Demo>();
    return {
      view() {
        const len = store.get('pel');
        const dm = store.get('ped');
        const PE = core.positionalEncoding(len, dm);
        const sim = core.attention(PE, PE, PE, { scale: 1 }).scores;
        const trained = isTrained(store);
        const compared = (sh: Demo['sh'], a: AttentionResult, b: AttentionResult, unknown: string[]): Demo =>
          // Is shuffled output row r equal to original row order[r]? (a permutation check)
          ({ sh, a, b, unknown, maxDiff: core.compareMatrices(b.output, permuteRows(a.output, sh.order)).maxAbs });
        let demo: Demo;
        if (trained) {
          // The same trained weights with (as trained) or without the positional encoding.
          const positional = store.get('pe') ? 'sinusoidal' : 'none';
          const got = translationVariant(positional, refresh);
          if ('wait' in got) return { controls: controls(), figures: got.wait, formula: [] };
          const trainer = got.trainer;
          const key = JSON.stringify([positional, store.get('ts'), store.get('th'), store.get('perm')]);
          demo = remember(trainer, `shuffleDemo\u0000${key}`, () => {
            const orig = trainedSelfAttention(core, trainer, store.get('ts'), store.get('th') - 1);
            const order = seededPermutation(store.get('perm'), orig.tokens.length);
            const shuffled = trainedSelfAttention(core, trainer, order.map((k) => orig.tokens[k] ?? '').join(' '), store.get('th') - 1);
            return compared({ tokens: orig.tokens, labels: orig.labels, order }, orig.att, shuffled.att, orig.unknown);
          });
        } else {
          const key = JSON.stringify([store.get('pe'), store.get('s'), store.get('perm')]);
          demo = cached(
            randomDemo,
            key,
            () => {
              const r = shuffleInputs(core, store.get('s'), store.get('perm'), store.get('pe'));
              return compared(r, core.attention(r.input, r.input, r.input), core.attention(r.shuffledInput, r.shuffledInput, r.shuffledInput), []);
            },
            1,
          );
        }
        const { sh, a, b, unknown, maxDiff } = demo;
        const T = sh.tokens.length;
        const D = a.output.cols;
        const justPermuted = maxDiff < 1e-4;
        const shuffledLabels = sh.order.map((k) => sh.labels[k] ?? '');
        const dims = Array.from({ length: D }, (_, k) => `${k + 1}`);
        const posLabels = Array.from({ length: len }, (_, k) => `${k}`);
        const permuted = store.get('perm') === 0 ? L('notShuffled') : justPermuted ? L('permuted') : L('changed', { d: fmt(maxDiff, 3) });
        const figures = html`${heatmap({
            id: 'pe',
            title: L('peTitle'),
            m: PE,
            rowLabels: posLabels,
            colLabels: Array.from({ length: dm }, (_, k) => `${k}`),
            rowAxis: L('pos'),
            colAxis: L('dim'),
            palette: 'diverging',
            domain: [-1, 1],
            values: false,
            cell: Math.max(6, Math.min(22, Math.floor(520 / dm))),
            shape: `(length, d_model) = (${len}, ${dm})`,
            provenance: (p, j) => `PE[${p}, ${j}] = ${j % 2 === 0 ? 'sin' : 'cos'}(${p} / 10000^(${2 * Math.floor(j / 2)}/${dm})) = ${fmt(at(PE, p, j), 4)}`,
          })}
          ${heatmap({
            id: 'pe-similarity',
            title: L('simTitle'),
            m: sim,
            rowLabels: posLabels,
            colLabels: posLabels,
            rowAxis: L('pos'),
            colAxis: L('pos'),
            palette: 'cividis',
            values: false,
            cell: Math.max(6, Math.min(22, Math.floor(440 / len))),
            shape: `(length, length) = (${len}, ${len})`,
            provenance: (p, q) => `PE_${p} · PE_${q} = ${fmt(at(sim, p, q), 3)}${p === q ? ` (= d_model/2 = ${dm / 2})` : ''}`,
          })}
          <h3 class="wide">${L(trained ? 'shuffleTitleTrained' : 'shuffleTitle')}</h3>
          ${unknownNote(unknown)}
          <div class="tokens wide" role="group" aria-label=${L('orderLabel')}>${shuffledLabels.map((x) => html`<span class="token">${x}</span>`)}</div>
          ${heatmap({
            id: 'out-original',
            provenance: (r, c) => L(trained ? 'outProvTrained' : 'outProv', { tok: sh.labels[r] ?? '', c: c + 1, v: fmt(at(a.output, r, c), 4) }),
            title: L('outOriginal'),
            m: a.output,
            rowLabels: sh.labels,
            colLabels: dims,
            rowAxis: L('token'),
            colAxis: 'd_model',
            palette: 'diverging',
            shape: `(T, d) = (${T}, ${D})`,
          })}
          ${heatmap({
            id: 'out-shuffled',
            title: L('outShuffled'),
            m: b.output,
            rowLabels: shuffledLabels,
            colLabels: dims,
            rowAxis: L('token'),
            colAxis: 'd_model',
            palette: 'diverging',
            shape: `(T, d) = (${T}, ${D})`,
            provenance: (r, c) => L('cmpProv', { tok: shuffledLabels[r] ?? '', v: fmt(at(b.output, r, c), 4), o: fmt(at(a.output, sh.order[r] ?? r, c), 4) }),
          })}
          <p class=${`callout wide ${justPermuted ? 'warn' : 'ok'}`} data-stat="permuted" data-permuted=${String(justPermuted)}>${permuted}</p>`;
        const p = Math.min(3, len - 1);
        return {
          controls: controls(),
          figures,
          formula: [
            {
              tex: 'PE_{pos,\\,2i} = \\sin\\!\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right),\\qquad PE_{pos,\\,2i+1} = \\cos\\!\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right)',
            },
            {
              label: L('fRow', { p }),
              tex: `PE_{${p}} = [${row(PE, p)
                .slice(0, 6)
                .map((x) => tex(x, 3))
                .join(',\\ ')}${dm > 6 ? ',\\ \\dots' : ''}]`,
            },
            {
              label: L('fInput'),
              tex: `\\text{${L('txInput')}}_t = x_t + PE_t \\qquad PE_{${p}}\\cdot PE_{${Math.min(p + 1, len - 1)}} = ${tex(at(sim, p, Math.min(p + 1, len - 1)), 3)}`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
