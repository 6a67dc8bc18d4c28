// lessons/12-recurrence.ts — lesson 12, "Why Transformers dropped recurrence": sequential steps
// (T for an RNN, 1 for self-attention), path length between tokens (|i−j| hops vs 1), and two
// live core results: the RNN's influence of each token on h_T and the last token's attention
// weights. JS only counts positions (and, in trained mode, finds where the last letter occurred
// before: text, not math); the core computes the rest. The RNN is lesson 1's encoder at lesson
// 1's declared default strength (named in the note), untrained in both modes.
// By default (w = trained) the attention is a head of the second layer of the induction model
// the core trained (model/lessonModels.ts) on a repeated sequence of letters (rseq, head rh):
// the trainer's own map; w = random keeps the seeded one-head self-attention on the sentence s.
// view() returns the controls, figures and formula for the current state as lit templates
// (ui/render.ts).
import type { Matrix } from '../model/matrix';
import { matrix, row } from '../model/matrix';
import { inductionAttention, INDUCTION_LAYER, rnnRun, selfAttention } from '../model/pipeline';
import { intParam, strParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { barChart } from '../ui/barchart';
import { numberOptions, select, sentenceBox } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { dataTable, rows } from '../ui/dataTable';
import { html } from '../ui/render';
import bottleneck from './01-bottleneck';
import { modeControls, trainedModelOr, unknownNote } from './common';
import { measured } from './trainedHeads';
import { defineLesson } from './types';

/** Lesson 1's default recurrent strength: the RNN this lesson compares with attention. */
const RHO = bottleneck.params.rho.default;

const lesson = defineLesson({
  slug: 'recurrence',
  file: '12-recurrence',
  params: {
    /** Trained mode: the induction model's letters (a sequence and its repeat). */
    rseq: strParam('q m t h c x b k q m t h c x b k', 120),
    /** Trained mode: which head (1-based) of the induction model's second layer. */
    rh: intParam(1, 1, 2),
  },
  deps: ['s', 'seed', 'wq', 'wk', 'wv', 'w', 'rseq', 'rh'],
  mount({ core, store, L, text, refresh }) {
    const controls = () =>
      modeControls(
        store,
        html`${sentenceBox(store, 'rseq', L('letters'), (text.data?.letterExamples as string[] | undefined) ?? [])}
        ${select(store, 'rh', L('head'), numberOptions(1, 2))}`,
        sentenceBox(store, 's', t('ctl.sentence'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      );
    return {
      view() {
        const trained = store.get('w') === 'trained';
        const v = store.snapshot();
        const notes: unknown[] = [];
        let labels: string[];
        let weights: Matrix;
        /** The text the RNN reads (the attention's tokens without <bos> in trained mode). */
        let rnnText: string;
        /** Trained: the key the induction rule points the last letter to, if the letter occurred before. */
        let link: { key: number; prev: number } | undefined;
        if (trained) {
          const got = trainedModelOr('induction', refresh);
          if ('wait' in got) return { controls: controls(), figures: got.wait, formula: [] };
          const trainer = got.trainer;
          const r = inductionAttention(trainer, v.rseq as string, (v.rh as number) - 1);
          const score = measured('induction', trainer, new Set()).scores.find((s) => s.block === 'decoder' && s.layer === INDUCTION_LAYER && s.head === r.head);
          ({ labels } = r);
          weights = r.map;
          rnnText = r.words.join(' ');
          const n = r.words.length;
          const last = r.words[n - 1];
          const prev = n > 1 ? r.words.lastIndexOf(last ?? '', n - 2) : -1;
          // Token positions count <bos> as 0: the letter after the earlier copy is token prev + 2.
          if (prev >= 0 && prev + 2 < n + 1) link = { key: prev + 2, prev: prev + 1 };
          notes.push(unknownNote(r.unknown));
          const note = L('trainedNote', { h: r.head + 1, n: r.numHeads, score: fmt(score?.induction ?? NaN, 2), T: labels.length });
          notes.push(html`<p class="callout wide" data-stat="trained-head">${note}</p>`);
        } else {
          const att = selfAttention(core, v);
          labels = att.labels;
          weights = att.att.weights;
          rnnText = v.s as string;
        }
        const T = labels.length;
        const rnn = rnnRun(core, rnnText, v.seed as number, RHO);
        // Random mode: the RNN bars cover the attention's tokens (the sentence capped at MAX_TOKENS).
        const rnnLabels = trained ? rnn.labels : labels;
        const infl = Array.from(rnn.rnn.influence).slice(0, rnnLabels.length);
        // A random-mode sentence longer than attention's MAX_TOKENS: the RNN read all of it (up to
        // RNN_MAX_TOKENS), so its final state comes after a token the bars do not show; say so.
        const rnnLast = rnn.labels[rnn.labels.length - 1] ?? '';
        const capped = !trained && rnn.labels.length > rnnLabels.length;
        const lastW = row(weights, T - 1);
        const hops = matrix(T, T, (i, j) => Math.abs(i - j));
        const ones = matrix(T, T, () => 1);
        const lastLabel = labels[T - 1] ?? '';
        if (link) {
          const { key, prev } = link;
          const note = L('linkNote', {
            last: lastLabel,
            p: prev,
            next: labels[key] ?? '',
            d: T - 1 - key,
            w: fmt(lastW[key] ?? NaN, 3),
            r: fmt(infl[key - 1] ?? NaN, 3),
            rl: fmt(infl[infl.length - 1] ?? NaN, 3),
          });
          notes.push(html`<p class="callout wide" data-stat="induction-link" data-link=${key}>${note}</p>`);
        }
        /** A (T, T) map of path lengths between tokens, on the scale 0 … T − 1 shared by both. */
        const pathMap = (id: string, title: string, m: Matrix, provenance: (i: number, j: number) => string) =>
          heatmap({
            id,
            title,
            m,
            rowLabels: labels,
            colLabels: labels,
            rowAxis: L('from'),
            colAxis: L('to'),
            palette: 'cividis',
            digits: 0,
            domain: [0, Math.max(1, T - 1)],
            shape: `(T, T) = (${T}, ${T})`,
            provenance,
          });
        const figures = html`${notes}
        ${dataTable({
          class: 'wide',
          stat: 'complexity',
          caption: L('tableTitle', { T }),
          cols: [L('layer'), L('seq'), L('path'), L('perLayer')],
          body: rows([
            [L('rnn'), `O(T) = ${T}`, `O(T) = ${T - 1}`, 'O(T·d²)'],
            [L('self'), 'O(1) = 1', 'O(1) = 1', 'O(T²·d)'],
          ]),
        })}
        ${pathMap('rnn-path', L('rnnPath'), hops, (i, j) => L('hopsProv', { a: labels[i] ?? '', b: labels[j] ?? '', n: Math.abs(i - j) }))}
        ${pathMap('attn-path', L('attnPath'), ones, (i, j) => L('oneProv', { a: labels[i] ?? '', b: labels[j] ?? '' }))}
        ${barChart({
          id: 'rnn-influence-T',
          title: capped
            ? L('liveRnnCapped', { n: rnnLabels.length, N: rnn.labels.length, last: rnnLast })
            : L('liveRnn', { last: rnnLabels[rnnLabels.length - 1] ?? '' }),
          labels: rnnLabels,
          series: [{ name: L('influence'), values: infl }],
          xAxis: L('token'),
          digits: 3,
          note: L('liveRnnNote', { rho: RHO }),
        })}
        ${barChart({
          id: 'last-token-weights',
          title: L(trained ? 'liveAttnTrained' : 'liveAttn', { last: lastLabel }),
          labels,
          series: [{ name: L('weight', { last: lastLabel }), values: lastW, color: '#e07b2a' }],
          xAxis: L('token'),
          digits: 3,
          yRange: [0, 1],
          note: L(trained ? 'liveAttnTrainedNote' : 'liveAttnNote'),
        })}`;
        const k = link?.key ?? (trained ? 1 : 0);
        return {
          controls: controls(),
          figures,
          formula: [
            {
              tex: `\\text{${L('txRnn')}} h_t = f(h_{t-1}, x_t)\\ \\Rightarrow\\ ${T} \\ \\text{${L('txSeqSteps')}};\\qquad \\text{${L('txSelf')}} O = \\operatorname{softmax}\\!\\left(\\tfrac{QK^{\\top}}{\\sqrt{d_k}}\\right)V\\ \\Rightarrow\\ 1 \\ \\text{${L('txStep')}}`,
            },
            {
              label: L(link ? 'fLink' : capped ? 'fLiveCapped' : 'fLive', { first: labels[k] ?? '', last: lastLabel, N: rnn.labels.length, rnnLast }),
              tex: `\\left\\lVert\\frac{\\partial h_T}{\\partial x_{${trained ? k : k + 1}}}\\right\\rVert = ${tex(infl[trained ? k - 1 : k] ?? NaN, 3)}\\qquad w_{${T},${k + 1}} = ${tex(lastW[k] ?? NaN, 3)}`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
