// lab/view/heads.ts — the Transformer's heads gallery, as a template of the view's LabState: every
// layer × head of a block (encoder self-attention, masked decoder self-attention, cross-attention)
// as a small heatmap of its weights on the learner's sentence (translation.maps, from the core),
// captioned with the head's scores (headScores(), from the core) and a labelled switch that turns
// the head off in the worker (setHeadEnabled) — plus, for the compare view, the accuracy and
// held-out loss with every head on beside the same numbers with the chosen heads off (both
// measured by the core) and the "Download weights (.safetensors)" button. The page renders it
// again on every state change; the grids only when what they show changed (lit's guard), so a
// focused switch keeps its focus. It lays out and formats; it computes nothing.
import type { AttentionMaps, HeadBlock, HeadScore } from '../../../../wasm/trainer.js';
import type { Matrix } from '../../model/matrix';
import { fmt } from '../../ui/format';
import { heatmap } from '../../ui/heatmap';
import { guard, html, live, nothing } from '../../ui/render';
import { rich, richContent } from '../../ui/richtext';
import { headKey, type HeadRef } from '../protocol';
import type { LabEvent, LabState } from '../reducer';
import { L } from '../text';

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
export function headGrid(g: GridSpec): unknown {
  const labels = (ls: readonly string[], n: number) => Array.from({ length: n }, (_, i) => ls[i] ?? String(i + 1));
  const head = (m: Matrix, l: number, hd: number) => {
    const ref: HeadRef = { block: g.block, layer: l, head: hd };
    const key = headKey(ref);
    const on = !g.off.includes(key);
    const name = L('heads.name', { block: L(`heads.block.${g.block}`), l: l + 1, h: hd + 1 });
    const sc = g.scores?.find((x) => x.block === g.block && x.layer === l && x.head === hd);
    const id = `${g.idPrefix}-${g.block}-${l}-${hd}-switch`;
    const rows = labels(g.rowLabels, m.rows);
    const cols = labels(g.colLabels, m.cols);
    return html`<div class=${`blab-head${on ? '' : ' blab-head-off'}`} data-head=${key}>
      ${heatmap({
        id: `${g.idPrefix}-${g.block}-${l}-${hd}`,
        title: L('heads.short', { l: l + 1, h: hd + 1 }),
        m,
        rowLabels: rows,
        colLabels: cols,
        rowAxis: g.rowAxis,
        colAxis: g.colAxis,
        palette: 'viridis',
        domain: [0, 1],
        digits: 2,
        values: false,
        cell: Math.max(7, Math.min(16, Math.floor(132 / Math.max(1, m.cols)))),
        shape: `(${m.rows}, ${m.cols})`,
        provenance: (i, j) => L('heads.prov', { name, v: fmt(m.data[i * m.cols + j] ?? NaN, 3), q: rows[i] ?? '', k: cols[j] ?? '' }),
      })}
      <p class="blab-head-scores" data-scores=${key}>${scoreLine(sc)}</p>
      <div class="blab-switch">
        ${
          // A native checkbox: its checked state is what assistive technology reads for the switch.
          html`<input
            type="checkbox"
            role="switch"
            id=${id}
            data-head=${key}
            .checked=${live(on)}
            ?disabled=${!g.enabled}
            @change=${(e: Event) => g.dispatch({ type: 'ablate', head: ref, enabled: (e.currentTarget as HTMLInputElement).checked })}
          />`
        }<label for=${id}><span class="blab-sr">${`${name}: `}</span>${L(on ? 'heads.on' : 'heads.offLabel')}</label>
      </div>
    </div>`;
  };
  return html`<div class="blab-head-grid" data-block=${g.block}>
    ${g.maps.map(
      (layer, l) =>
        html`<div class="blab-head-layer" role="group" aria-label=${L('heads.layer', { l: l + 1 })}>
          <p class="blab-head-layer-name">${L('heads.layer', { l: l + 1 })}</p>
          <div class="blab-heads">${layer.map((m, hd) => head(m, l, hd))}</div>
        </div>`,
    )}
  </div>`;
}

const srcTokens = (source: readonly string[], n: number) => Array.from({ length: n }, (_, j) => source[j] ?? (j === source.length ? L('eos') : String(j + 1)));
const decTokens = (output: readonly string[], n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? L('bos') : (output[i - 1] ?? L('eos'))));

/** Accuracy and held-out loss with every head on and with the chosen heads off. */
function ablationCompare(s: LabState): unknown {
  const base = s.evaluation?.final ? s.evaluation.accuracy.transformer : undefined;
  const abl = s.ablation;
  const off = abl.disabled.length;
  if (!base || !s.testLoss) return nothing;
  const rows = base.map((r, i) => ({ len: r.length, on: r.tokenAccuracy, off: off ? abl.accuracy?.[i]?.tokenAccuracy : undefined }));
  const capId = 'blab-abl-cap';
  const withOff = off > 0 && abl.testLoss !== undefined;
  return html`<p data-loss-on=${String(s.testLoss.loss)} data-loss-off=${withOff && abl.testLoss ? String(abl.testLoss.loss) : nothing}>
      ${richContent(
        withOff && abl.testLoss
          ? L('ablation.loss', { n: off, on: fmt(s.testLoss.loss, 4), off: fmt(abl.testLoss.loss, 4) })
          : L('ablation.lossAll', { on: fmt(s.testLoss.loss, 4) }),
      )}
    </p>
    ${abl.busy ? html`<p class="ctl-help">${L('ablation.busy')}</p>` : nothing}
    ${abl.error ? html`<p class="callout warn">${L('ablation.error', { message: abl.error })}</p>` : nothing}
    <p class="blab-caption" id=${capId}>${L('ablation.caption')}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby=${capId}>
      <table class="data-table blab-ablation-table" aria-labelledby=${capId} data-off=${off}>
        <thead>
          <tr>
            <th scope="col">${L('acc.x')}</th>
            <th scope="col">${L('ablation.allOn')}</th>
            <th scope="col">${off ? L('ablation.someOff', { n: off }) : L('ablation.noneOff')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${String(r.len)}</th>
                <td data-col="on" data-v=${String(r.on)}>${`${fmt(r.on * 100, 1)}%`}</td>
                ${r.off === undefined ? html`<td data-col="off">—</td>` : html`<td data-col="off" data-v=${String(r.off)}>${`${fmt(r.off * 100, 1)}%`}</td>`}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function blocks(s: LabState, dispatch: (e: LabEvent) => void): unknown {
  const tf = s.translation?.result?.transformer;
  if (!tf) return html`<p class="callout">${L(s.run ? 'heads.waiting' : 'heads.needModels')}</p>`;
  const T = tf.maps.decoderSelf[0]?.[0]?.rows ?? 0;
  const S = tf.maps.encoderSelf[0]?.[0]?.cols ?? tf.source.length;
  const src = srcTokens(tf.source, S);
  const dec = decTokens(tf.output, T);
  return BLOCKS.filter((b) => tf.maps[b.maps].length).map(
    (b) =>
      html`<section class="blab-head-block" aria-labelledby=${`blab-h-block-${b.block}`}>
        <h3 id=${`blab-h-block-${b.block}`}>${L(`heads.blockTitle.${b.block}`)}</h3>
        ${rich('p', L(`heads.blockNote.${b.block}`))}
        ${headGrid({
          idPrefix: 'lab-head',
          block: b.block,
          maps: tf.maps[b.maps],
          rowLabels: b.block === 'encoder' ? src : dec,
          colLabels: b.block === 'decoder' ? dec : src,
          rowAxis: L(b.block === 'encoder' ? 'heads.axis.src' : 'heads.axis.dec'),
          colAxis: L(b.block === 'decoder' ? 'heads.axis.dec' : 'heads.axis.src'),
          scores: s.heads,
          off: s.ablation.wanted,
          enabled: s.phase === 'done',
          dispatch,
        })}
      </section>`,
  );
}

/** The compare view's gallery of the Transformer's heads, with ablation and the weights download. */
export function headsGallery(s: LabState, dispatch: (e: LabEvent) => void): unknown {
  const show = s.models.includes('transformer') && !s.transformerError;
  if (!show)
    return html`<section class="blab-panel blab-heads-panel" aria-labelledby="blab-h-heads" hidden>
      <h2 id="blab-h-heads">${L('heads.title')}</h2>
    </section>`;
  const shape = s.info?.transformer?.shape;
  const intro = [
    L('heads.intro'),
    shape ? L('heads.shape', { d: shape.dModel, heads: shape.numHeads, enc: shape.encoderLayers, dec: shape.decoderLayers, ff: shape.ffDim }) : '',
  ].filter(Boolean);
  const msg = s.weights.error
    ? L('download.error', { message: s.weights.error })
    : s.weights.file
      ? L('download.done', { bytes: s.weights.file.byteLength.toLocaleString('en') })
      : '';
  return html`<section class="blab-panel blab-heads-panel" aria-labelledby="blab-h-heads">
    <h2 id="blab-h-heads">${L('heads.title')}</h2>
    <div class="blab-heads-intro">${intro.map((p) => rich('p', p))}</div>
    <div class="row-tools blab-download">
      <button type="button" class="btn" data-action="download" ?disabled=${s.phase !== 'done' || s.weights.busy} @click=${() => dispatch({ type: 'download' })}>
        ${L('download.button')}
      </button>
      ${rich('p', L('download.note'))}
    </div>
    <p class="ctl-help blab-download-msg" role="status">${msg}</p>
    <div class="blab-ablation" aria-live="polite">${guard([s.evaluation, s.ablation, s.testLoss], () => ablationCompare(s))}</div>
    <div class="blab-head-blocks">${guard([s.translation, s.heads, s.ablation.wanted, s.phase, s.run], () => blocks(s, dispatch))}</div>
  </section>`;
}
