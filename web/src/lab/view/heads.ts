// lab/view/heads.ts — the Transformer's heads gallery: every layer × head of a block (encoder
// self-attention, masked decoder self-attention, cross-attention) as a small heatmap of its
// weights on the learner's sentence (translation.maps, from the core), captioned with the head's
// scores (headScores(), from the core) and a labelled switch that turns the head off in the worker
// (setHeadEnabled) — plus, for the compare view, the accuracy and held-out loss with every head on
// beside the same numbers with the chosen heads off (both measured by the core) and the
// "Download weights (.safetensors)" button. It lays out and formats; it computes nothing.
import type { AttentionMaps, HeadBlock, HeadScore } from '../../../../wasm/trainer.js';
import type { Matrix } from '../../model/matrix';
import { h, uniqueId } from '../../ui/dom';
import { fmt } from '../../ui/format';
import { heatmap } from '../../ui/heatmap';
import { rich } from '../../ui/richtext';
import { headKey, type HeadRef } from '../protocol';
import type { LabEvent, LabState } from '../reducer';
import { L } from '../text';
import type { View } from './panel';

export const BLOCKS: readonly { block: HeadBlock; maps: keyof AttentionMaps }[] = [
  { block: 'encoder', maps: 'encoderSelf' },
  { block: 'decoder', maps: 'decoderSelf' },
  { block: 'cross', maps: 'cross' },
];

/** The score line under a head: the core's numbers; a score the core leaves undefined (NaN: no
 *  query of the held-out set has one, e.g. induction for cross heads) or null is left out. */
export function scoreLine(sc: HeadScore | undefined): string {
  if (!sc) return L('heads.noScores');
  const parts: string[] = [];
  if (Number.isFinite(sc.previousToken)) parts.push(L('heads.prev', { v: fmt(sc.previousToken, 2) }));
  if (Number.isFinite(sc.induction)) parts.push(L('heads.induction', { v: fmt(sc.induction, 2) }));
  if (sc.alignment !== null && Number.isFinite(sc.alignment)) parts.push(L('heads.alignment', { v: fmt(sc.alignment, 2) }));
  return parts.join(' · ') || L('heads.noScores');
}

export interface GridSpec {
  idPrefix: string;
  block: HeadBlock;
  maps: Matrix[][];
  rowLabels: readonly string[];
  colLabels: readonly string[];
  rowAxis: string;
  colAxis: string;
  scores: readonly HeadScore[] | undefined;
  /** Keys (protocol headKey) of the heads switched off. */
  off: readonly string[];
  /** Whether the switches can be used now (the run is done). */
  enabled: boolean;
  dispatch(e: LabEvent): void;
}

/** One block's heads: a row per layer, a small heatmap + scores + switch per head. */
export function headGrid(g: GridSpec): HTMLElement {
  const labels = (ls: readonly string[], n: number) => Array.from({ length: n }, (_, i) => ls[i] ?? String(i + 1));
  return h(
    'div',
    { class: 'blab-head-grid', 'data-block': g.block },
    g.maps.map((layer, l) =>
      h(
        'div',
        { class: 'blab-head-layer', role: 'group', 'aria-label': L('heads.layer', { l: l + 1 }) },
        h('p', { class: 'blab-head-layer-name' }, L('heads.layer', { l: l + 1 })),
        h(
          'div',
          { class: 'blab-heads' },
          layer.map((m, hd) => {
            const ref: HeadRef = { block: g.block, layer: l, head: hd };
            const key = headKey(ref);
            const on = !g.off.includes(key);
            const name = L('heads.name', { block: L(`heads.block.${g.block}`), l: l + 1, h: hd + 1 });
            const sc = g.scores?.find((x) => x.block === g.block && x.layer === l && x.head === hd);
            const id = uniqueId('blab-head');
            // A native checkbox: its checked state is what assistive technology reads for the switch.
            const input = h('input', { type: 'checkbox', role: 'switch', id, 'data-head': key });
            input.checked = on;
            input.disabled = !g.enabled;
            input.addEventListener('change', () => g.dispatch({ type: 'ablate', head: ref, enabled: input.checked }));
            return h(
              'div',
              { class: `blab-head${on ? '' : ' blab-head-off'}`, 'data-head': key },
              heatmap({
                id: `${g.idPrefix}-${g.block}-${l}-${hd}`,
                title: L('heads.short', { l: l + 1, h: hd + 1 }),
                m,
                rowLabels: labels(g.rowLabels, m.rows),
                colLabels: labels(g.colLabels, m.cols),
                rowAxis: g.rowAxis,
                colAxis: g.colAxis,
                palette: 'viridis',
                domain: [0, 1],
                digits: 2,
                values: false,
                cell: Math.max(7, Math.min(16, Math.floor(132 / Math.max(1, m.cols)))),
                shape: `(${m.rows}, ${m.cols})`,
                provenance: (i, j) =>
                  L('heads.prov', {
                    name,
                    v: fmt(m.data[i * m.cols + j] ?? NaN, 3),
                    q: labels(g.rowLabels, m.rows)[i] ?? '',
                    k: labels(g.colLabels, m.cols)[j] ?? '',
                  }),
              }),
              h('p', { class: 'blab-head-scores', 'data-scores': key }, scoreLine(sc)),
              // The visible label is short; the head's full name is read out with it.
              h(
                'div',
                { class: 'blab-switch' },
                input,
                h('label', { for: id }, h('span', { class: 'blab-sr' }, `${name}: `), L(on ? 'heads.on' : 'heads.offLabel')),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

/** Remembers which head switch in `root` has focus; the returned function gives it back after a redraw. */
export function refocus(root: HTMLElement): () => void {
  const a = document.activeElement;
  const key = a instanceof HTMLInputElement && root.contains(a) ? a.dataset.head : undefined;
  return () => {
    if (key) root.querySelector<HTMLInputElement>(`input[data-head="${key}"]`)?.focus({ preventScroll: true });
  };
}

const srcTokens = (source: readonly string[], n: number) => Array.from({ length: n }, (_, j) => source[j] ?? (j === source.length ? L('eos') : String(j + 1)));
const decTokens = (output: readonly string[], n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? L('bos') : (output[i - 1] ?? L('eos'))));

/** The compare view's gallery of the Transformer's heads, with ablation and the weights download. */
export function headsGallery(dispatch: (e: LabEvent) => void): View {
  const intro = h('div', { class: 'blab-heads-intro' });
  const download = h('button', { type: 'button', class: 'btn', 'data-action': 'download' }, L('download.button'));
  download.addEventListener('click', () => dispatch({ type: 'download' }));
  const downloadMsg = h('p', { class: 'ctl-help blab-download-msg', role: 'status' });
  const compare = h('div', { class: 'blab-ablation', 'aria-live': 'polite' });
  const blocks = h('div', { class: 'blab-head-blocks' });
  const el = h(
    'section',
    { class: 'blab-panel blab-heads-panel', 'aria-labelledby': 'blab-h-heads', hidden: true },
    h('h2', { id: 'blab-h-heads' }, L('heads.title')),
    intro,
    h('div', { class: 'row-tools blab-download' }, download, rich('p', L('download.note'))),
    downloadMsg,
    compare,
    blocks,
  );

  function renderCompare(s: LabState): void {
    const base = s.evaluation?.final ? s.evaluation.accuracy.transformer : undefined;
    const abl = s.ablation;
    const off = abl.disabled.length;
    if (!base || !s.testLoss) {
      compare.replaceChildren();
      return;
    }
    const rows = base.map((r, i) => ({ len: r.length, on: r.tokenAccuracy, off: off ? abl.accuracy?.[i]?.tokenAccuracy : undefined }));
    const capId = uniqueId('blab-abl');
    compare.replaceChildren(
      rich(
        'p',
        off && abl.testLoss
          ? L('ablation.loss', { n: off, on: fmt(s.testLoss.loss, 4), off: fmt(abl.testLoss.loss, 4) })
          : L('ablation.lossAll', { on: fmt(s.testLoss.loss, 4) }),
      ),
      abl.busy ? h('p', { class: 'ctl-help' }, L('ablation.busy')) : '',
      abl.error ? h('p', { class: 'callout warn' }, L('ablation.error', { message: abl.error })) : '',
      h('p', { class: 'blab-caption', id: capId }, L('ablation.caption')),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId },
        h(
          'table',
          { class: 'data-table blab-ablation-table', 'aria-labelledby': capId, 'data-off': off },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, L('acc.x')),
              h('th', { scope: 'col' }, L('ablation.allOn')),
              h('th', { scope: 'col' }, off ? L('ablation.someOff', { n: off }) : L('ablation.noneOff')),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, String(r.len)),
                h('td', { 'data-col': 'on', 'data-v': String(r.on) }, `${fmt(r.on * 100, 1)}%`),
                r.off === undefined ? h('td', { 'data-col': 'off' }, '—') : h('td', { 'data-col': 'off', 'data-v': String(r.off) }, `${fmt(r.off * 100, 1)}%`),
              ),
            ),
          ),
        ),
      ),
    );
    const lossEl = compare.querySelector('p');
    if (lossEl) {
      lossEl.setAttribute('data-loss-on', String(s.testLoss.loss));
      if (off && abl.testLoss) lossEl.setAttribute('data-loss-off', String(abl.testLoss.loss));
    }
  }

  function renderBlocks(s: LabState): void {
    const tf = s.translation?.result?.transformer;
    if (!tf) {
      blocks.replaceChildren(h('p', { class: 'callout' }, L(s.run ? 'heads.waiting' : 'heads.needModels')));
      return;
    }
    const T = tf.maps.decoderSelf[0]?.[0]?.rows ?? 0;
    const S = tf.maps.encoderSelf[0]?.[0]?.cols ?? tf.source.length;
    const src = srcTokens(tf.source, S);
    const dec = decTokens(tf.output, T);
    const off = s.ablation.wanted;
    const focused = refocus(blocks);
    blocks.replaceChildren(
      ...BLOCKS.filter((b) => tf.maps[b.maps].length).map((b) =>
        h(
          'section',
          { class: 'blab-head-block', 'aria-labelledby': `blab-h-block-${b.block}` },
          h('h3', { id: `blab-h-block-${b.block}` }, L(`heads.blockTitle.${b.block}`)),
          rich('p', L(`heads.blockNote.${b.block}`)),
          headGrid({
            idPrefix: 'lab-head',
            block: b.block,
            maps: tf.maps[b.maps],
            rowLabels: b.block === 'encoder' ? src : dec,
            colLabels: b.block === 'decoder' ? dec : src,
            rowAxis: L(b.block === 'encoder' ? 'heads.axis.src' : 'heads.axis.dec'),
            colAxis: L(b.block === 'decoder' ? 'heads.axis.dec' : 'heads.axis.src'),
            scores: s.heads,
            off,
            enabled: s.phase === 'done',
            dispatch,
          }),
        ),
      ),
    );
    focused();
  }

  return {
    el,
    render(s, prev) {
      const show = s.models.includes('transformer') && !s.transformerError;
      el.hidden = !show;
      if (!show) return;
      if (!prev || prev.info !== s.info || prev.phase !== s.phase) {
        const shape = s.info?.transformer?.shape;
        intro.replaceChildren(
          ...[
            L('heads.intro'),
            shape ? L('heads.shape', { d: shape.dModel, heads: shape.numHeads, enc: shape.encoderLayers, dec: shape.decoderLayers, ff: shape.ffDim }) : '',
          ]
            .filter(Boolean)
            .map((p) => rich('p', p)),
        );
      }
      download.disabled = s.phase !== 'done' || s.weights.busy;
      downloadMsg.textContent = s.weights.error
        ? L('download.error', { message: s.weights.error })
        : s.weights.file
          ? L('download.done', { bytes: s.weights.file.byteLength.toLocaleString('en') })
          : '';
      if (!prev || prev.evaluation !== s.evaluation || prev.ablation !== s.ablation || prev.testLoss !== s.testLoss) renderCompare(s);
      if (!prev || prev.translation !== s.translation || prev.heads !== s.heads || prev.ablation !== s.ablation || prev.phase !== s.phase || prev.run !== s.run)
        renderBlocks(s);
    },
  };
}
