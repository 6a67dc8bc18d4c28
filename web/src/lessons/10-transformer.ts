// lessons/10-transformer.ts — lesson 10, "Self- vs cross-attention and the Transformer": the same
// core attention used three ways — encoder self-attention over the source, masked decoder
// self-attention over the target, and cross-attention from target queries to source keys/values —
// on "The cat sat on the mat." → "Le chat s'est assis sur le tapis.". Embeddings of translation
// pairs share a concept vector (lexicon in the content file) so the alignment is visible.
import { at } from '../model/matrix';
import { seq2seq } from '../model/pipeline';
import { numParam, strParam } from '../model/state';
import { MAX_TOKENS } from '../model/tokens';
import { sentenceBox, slider } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt, tex } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'transformer',
  file: '10-transformer',
  params: {
    tgt: strParam("Le chat s'est assis sur le tapis.", 400),
    sharp: numParam(2, 0.25, 4, { step: 0.25 }),
  },
  deps: ['s', 'tgt', 'sharp'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const lexicon = (text.data?.lexicon ?? {}) as Record<string, string>;
    controls.append(
      sentenceBox(store, 's', L('source'), text.examples ?? [], t('ctl.tokensCapped', { n: MAX_TOKENS })),
      sentenceBox(store, 'tgt', L('target'), (text.data?.targets as string[] | undefined) ?? []),
      slider(store, 'sharp', L('sharp'), { show: (v) => `×${v.toFixed(2)}`, help: L('sharpHelp') }),
    );
    return {
      update() {
        const r = seq2seq(core, store.get('s'), store.get('tgt'), lexicon, store.get('sharp'));
        const S = r.src.length;
        const T = r.tgt.length;
        const best = Array.from(core.hardAttention(r.cross.weights).index);
        setChildren(
          figures,
          heatmap({
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
          }),
          heatmap({
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
          }),
          heatmap({
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
          }),
          h(
            'p',
            { class: 'callout wide', 'data-stat': 'alignment' },
            L('alignment'),
            ' ',
            r.tgtLabels.map((x, i) => `${x} → ${r.srcLabels[best[i] ?? 0]}`).join(' · '),
          ),
        );
        const i = Math.min(1, T - 1);
        const j = best[i] ?? 0;
        renderFormula(formula, [
          {
            tex: '\\text{encoder: } \\operatorname{Attn}(X_{src}, X_{src}, X_{src}) \\qquad \\text{decoder: } \\operatorname{Attn}_{\\text{causal}}(Y, Y, Y) \\qquad \\text{cross: } \\operatorname{Attn}(Y, H_{enc}, H_{enc})',
          },
          {
            label: L('fCross', { q: r.tgtLabels[i] ?? '', k: r.srcLabels[j] ?? '' }),
            tex: `w_{${i + 1},${j + 1}} = \\operatorname{softmax}_j\\!\\left(\\frac{${tex(store.get('sharp'))}\\, y_{${i + 1}} \\cdot h_{j}}{\\sqrt{${8}}}\\right)_{${j + 1}} = ${tex(at(r.cross.weights, i, j), 3)}`,
          },
        ]);
      },
    };
  },
});

export default lesson;
