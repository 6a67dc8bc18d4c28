// lessons/10-transformer.ts — lesson 10, "Self- vs cross-attention and the Transformer": the same
// core attention used three ways — encoder self-attention over the source, masked decoder
// self-attention over the target, and cross-attention from target queries to source keys/values —
// on "The cat sat on the mat." → "Le chat s'est assis sur le tapis.". Embeddings of translation
// pairs share a concept vector (lexicon in the content file) so the alignment is visible.
// By default (w = trained) the three attentions are those of the translation model the core
// trained (model/lessonModels.ts) on the learner's toy-grammar sentence: one head of one layer
// each, cross-attention's keys and values being the encoder's output; with the positional
// encoding removed (same weights) the core shows what breaks. Maps, decoding, loss and each row's
// strongest key come from the trainer and the core; this file picks and lays them out as lit
// templates (ui/render.ts): view() returns the controls (the set of the mode not in use hidden),
// the figures and the formula for the current state.
import { at } from '../model/matrix';
import { seq2seq, vocabIds } from '../model/pipeline';
import type { TransformerTrainer } from '../../../wasm/trainer.js';
import { applyAblation } from '../model/ablation';
import { blockTraceOf, infoOf, remember, translationOf } from '../model/trainerMemo';
import { lessonModel, lessonModelNow, type Positional } from '../model/lessonModels';
import { boolParam, intParam, numParam, strParam } from '../model/state';
import type { Matrix } from '../model/matrix';
import { MAX_TOKENS } from '../model/tokens';
import { checkbox, numberOptions, select, sentenceBox, slider } from '../ui/controls';
import { fmt, tex } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html } from '../ui/render';
import { modeControls, unknownNote } from './common';
import { defineLesson, type LessonParts } from './types';

/** Held-out loss of each variant of the trained model (the core's testLoss, ~80 ms: once each). */
const heldOut = new Map<Positional, number>();
/** Why a variant of the trained model failed to load (shown instead of the figures). */
const failed = new Map<Positional, string>();

const lesson = defineLesson({
  slug: 'transformer',
  file: '10-transformer',
  params: {
    tgt: strParam("Le chat s'est assis sur le tapis.", 400),
    sharp: numParam(2, 0.25, 4, { step: 0.25 }),
    /** Trained mode: layer and head shown (1-based), positional encoding on. */
    trl: intParam(2, 1, 2),
    trh: intParam(1, 1, 4),
    trpe: boolParam(true),
  },
  deps: ['s', 'tgt', 'sharp', 'w', 'ts', 'trl', 'trh', 'trpe'],
  mount({ core, store, L, text, refresh }) {
    const lexicon = (text.data?.lexicon ?? {}) as Record<string, string>;
    const controls = () =>
      modeControls(
        store,
        html`${sentenceBox(store, 'ts', L('toySentence'), (text.data?.toyExamples as string[] | undefined) ?? [])}
        ${select(store, 'trl', L('layer'), numberOptions(1, 2))} ${select(store, 'trh', L('head'), numberOptions(1, 2, 3, 4))}
        ${checkbox(store, 'trpe', L('pe'), L('peHelp'))}`,
        html`${sentenceBox(store, 's', L('source'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS }))}
        ${sentenceBox(store, 'tgt', L('target'), (text.data?.targets as string[] | undefined) ?? [])}
        ${slider(store, 'sharp', L('sharp'), { show: (v) => `×${v.toFixed(2)}`, help: L('sharpHelp') })}`,
      );
    const map = (
      id: string,
      title: string,
      note: string,
      m: Matrix,
      rows: readonly string[],
      cols: readonly string[],
      axes: [string, string],
      marked?: (i: number, j: number) => boolean,
    ) =>
      heatmap({
        id,
        title,
        note,
        m,
        rowLabels: rows,
        colLabels: cols,
        rowAxis: axes[0],
        colAxis: axes[1],
        palette: 'viridis',
        domain: [0, 1],
        shape: `(${m.rows}, ${m.cols})`,
        marked,
        provenance: (i, j) => L('trainedProv', { q: rows[i] ?? '', k: cols[j] ?? '', v: fmt(at(m, i, j), 3) }),
      });
    /**
     * One whole encoder block on the learner's sentence (the core's blockTrace): its input, the
     * change attention adds to each token's vector, add & norm, the change the feed-forward adds,
     * add & norm. Each (S, d_model), one colour scale per figure.
     */
    const blockFigures = (trainer: TransformerTrainer, source: readonly string[], layer: number, positional: Positional): unknown => {
      const info = infoOf(trainer);
      const ids = vocabIds(trainer, source, 'source');
      const b = blockTraceOf(trainer, ids, layer);
      const dims = Array.from({ length: info.dModel }, (_, k) => `${k + 1}`);
      const step = (id: string, key: string, m: Matrix) =>
        heatmap({
          id: `block-${id}`,
          title: L(`b_${key}`, { l: layer + 1 }),
          // Layer 1's input is the scaled embeddings, plus the positional encoding if the model has one.
          note: L(id === 'input' && positional === 'none' ? 'b_inputNoteNoPe' : `b_${key}Note`),
          m,
          rowLabels: source,
          colLabels: dims,
          rowAxis: L('srcQ'),
          colAxis: 'd_model',
          palette: 'diverging',
          cell: 9,
          values: false,
          shape: `(S, d_model) = (${m.rows}, ${m.cols})`,
          provenance: (i, j) => L('blockProv', { what: L(`b_${key}`, { l: layer + 1 }), tok: source[i] ?? '', j: j + 1, v: fmt(at(m, i, j), 3) }),
        });
      return html`<h3 class="wide block-title" id="block-h">${L('blockTitle', { l: layer + 1 })}</h3>
        <p class="wide block-intro">${L('blockIntro')}</p>
        ${step('input', 'input', b.input)} ${step('attention', 'attention', b.attention)} ${step('sum1', 'sum1', b.sum1)} ${step('norm1', 'norm1', b.norm1)}
        ${step('ff', 'ff', b.feedForward)} ${step('sum2', 'sum2', b.sum2)} ${step('output', 'output', b.output)}`;
    };
    const viewTrained = (): Omit<LessonParts, 'controls'> => {
      const positional: Positional = store.get('trpe') ? 'sinusoidal' : 'none';
      // The models with and without positional encoding are two models: each keeps its figures.
      const figuresKey = `trained ${positional}`;
      const trainer = lessonModelNow('translation', positional);
      if (!trainer) {
        const err = failed.get(positional);
        if (err !== undefined) return { figures: html`<p class="callout warn wide" role="alert">${L('modelFailed')} ${err}</p>`, formula: [], figuresKey };
        lessonModel('translation', positional).then(refresh, (e: Error) => {
          failed.set(positional, e.message);
          refresh();
        });
        return { figures: html`<p class="loading" data-stat="model-loading">${L('modelLoading')}</p>`, formula: [], figuresKey };
      }
      const info = infoOf(trainer);
      // Lesson 8 may have switched heads off on this shared model: every head on.
      applyAblation(trainer, new Set());
      let loss = heldOut.get(positional);
      if (loss === undefined) {
        loss = trainer.testLoss().loss;
        heldOut.set(positional, loss);
      }
      const r = translationOf(trainer, store.get('ts'));
      const l = Math.min(store.get('trl'), info.encoderLayers) - 1;
      const k = Math.min(store.get('trh'), info.numHeads) - 1;
      const enc = r.maps.encoderSelf[l]?.[k];
      const dec = r.maps.decoderSelf[l]?.[k];
      const cross = r.maps.cross[l]?.[k];
      if (!enc || !dec || !cross) throw new Error(`translate returned no map for layer ${l + 1}, head ${k + 1}`);
      // Decoder position t reads the word written before it and writes the next one.
      const reads = ['<bos>', ...r.output].slice(0, dec.rows);
      const writes = [...r.output, '<eos>'].map((w) => `→ ${w}`).slice(0, dec.rows);
      // Each target word's most attended source word (the core's argmax), remembered with the
      // translation it comes from.
      const best = remember(trainer, `crossArgmax\u0000${store.get('ts')}\u0000${l}\u0000${k}`, () => Array.from(core.hardAttention(cross).index));
      const names = { l: l + 1, k: k + 1 };
      const alignment = `${L('alignment')} ${writes.map((_, i) => `${[...r.output, '<eos>'][i] ?? ''} ← ${r.source[best[i] ?? 0] ?? ''}`).join(' · ')}`;
      const figures = html`${unknownNote(r.unknown)}
        <div
          class="callout wide"
          role="status"
          data-stat="decoded"
          data-output=${r.output.join(' ')}
          data-reference=${r.reference.join(' ')}
          data-loss=${String(loss)}
        >
          <p>${L(positional === 'none' ? 'decodedNoPE' : 'decoded', { out: r.output.join(' ') || '—', ref: r.reference.join(' ') })}</p>
          <p>${L('heldOut', { loss: fmt(loss, 3) })}</p>
        </div>
        ${map('trained-encoder', L('tEnc', names), L('tEncNote'), enc, r.source, r.source, [L('srcQ'), L('srcK')])}
        ${map('trained-decoder', L('tDec', names), L('tDecNote'), dec, writes, reads, [L('tgtWrites'), L('tgtReads')])}
        ${map('trained-cross', L('tCross', names), L('tCrossNote'), cross, writes, r.source, [L('tgtWrites'), L('srcK')], (i, j) => best[i] === j)}
        <p class="callout wide" data-stat="alignment">${alignment}</p>
        ${blockFigures(trainer, r.source, l, positional)}`;
      return {
        figures,
        figuresKey,
        formula: [
          {
            tex: `H_{enc} = \\operatorname{Encoder}(X_{src} \\sqrt{d_{model}}${positional === 'sinusoidal' ? ' + PE' : ''}) \\qquad \\text{${L('txCross')}} \\operatorname{softmax}\\!\\left(\\frac{(Y W_Q)(H_{enc} W_K)^{\\top}}{\\sqrt{d_{head}}}\\right) H_{enc} W_V,\\quad d_{head} = \\frac{${info.dModel}}{${info.numHeads}}`,
          },
        ],
      };
    };
    return {
      view() {
        const trained = store.get('w') === 'trained';
        if (trained) return { controls: controls(), ...viewTrained() };
        const r = seq2seq(core, store.get('s'), store.get('tgt'), lexicon, store.get('sharp'));
        const S = r.src.length;
        const T = r.tgt.length;
        const best = Array.from(core.hardAttention(r.cross.weights).index);
        const figures = html`${heatmap({
            id: 'encoder-self',
            provenance: (i, j) =>
              `w(${r.srcLabels[i]}, ${r.srcLabels[j]}) = softmax(${fmt(store.get('sharp'))}·x_i·x_j/√8) = ${fmt(at(r.encSelf.weights, i, j), 3)} (scaled score ${fmt(at(r.encSelf.scaled, i, j), 3)})`,
            title: L('enc'),
            note: L('encNote'),
            m: r.encSelf.weights,
            rowLabels: r.srcLabels,
            colLabels: r.srcLabels,
            rowAxis: L('srcQ'),
            colAxis: L('srcK'),
            palette: 'viridis',
            domain: [0, 1],
            shape: `(S, S) = (${S}, ${S})`,
          })}
          ${heatmap({
            id: 'decoder-self',
            title: L('dec'),
            note: L('decNote'),
            m: r.decSelf.weights,
            rowLabels: r.tgtLabels,
            colLabels: r.tgtLabels,
            rowAxis: L('tgtQ'),
            colAxis: L('tgtK'),
            palette: 'viridis',
            domain: [0, 1],
            shape: `(T, T) = (${T}, ${T})`,
            provenance: (i, j) =>
              at(r.decSelf.masked, i, j) === -Infinity
                ? L('futureProv', { q: r.tgtLabels[i] ?? '', k: r.tgtLabels[j] ?? '' })
                : `w(${r.tgtLabels[i]}, ${r.tgtLabels[j]}) = ${fmt(at(r.decSelf.weights, i, j), 3)}`,
          })}
          ${heatmap({
            id: 'cross',
            title: L('cross'),
            note: L('crossNote'),
            m: r.cross.weights,
            rowLabels: r.tgtLabels,
            colLabels: r.srcLabels,
            rowAxis: L('tgtQ'),
            colAxis: L('srcK'),
            palette: 'viridis',
            domain: [0, 1],
            shape: `(T, S) = (${T}, ${S})`,
            marked: (i, j) => best[i] === j,
            provenance: (i, j) =>
              L('crossProv', { q: r.tgtLabels[i] ?? '', k: r.srcLabels[j] ?? '', v: fmt(at(r.cross.weights, i, j), 3), s: fmt(at(r.cross.scaled, i, j), 3) }),
          })}
          <p class="callout wide" data-stat="alignment">${L('alignment')} ${r.tgtLabels.map((x, i) => `${x} → ${r.srcLabels[best[i] ?? 0]}`).join(' · ')}</p>`;
        const i = Math.min(1, T - 1);
        const j = best[i] ?? 0;
        // Hand-made mode runs no encoder: cross-attention's keys and values are the source embeddings
        // (pipeline.seq2seq), so the formula names X_src, not H_enc.
        return {
          controls: controls(),
          figures,
          formula: [
            {
              tex: `\\text{${L('txEncoder')}} \\operatorname{Attn}(X_{src}, X_{src}, X_{src}) \\qquad \\text{${L('txDecoder')}} \\operatorname{Attn}_{\\text{${L('txCausal')}}}(Y, Y, Y) \\qquad \\text{${L('txCross')}} \\operatorname{Attn}(Y, X_{src}, X_{src})`,
            },
            {
              label: L('fCross', { q: r.tgtLabels[i] ?? '', k: r.srcLabels[j] ?? '' }),
              tex: `w_{${i + 1},${j + 1}} = \\operatorname{softmax}_j\\!\\left(\\frac{${tex(store.get('sharp'))}\\, y_{${i + 1}} \\cdot x_{j}}{\\sqrt{${8}}}\\right)_{${j + 1}} = ${tex(at(r.cross.weights, i, j), 3)}`,
            },
          ],
        };
      },
    };
  },
});

export default lesson;
