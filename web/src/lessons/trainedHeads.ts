// lessons/trainedHeads.ts — lesson 8's trained mode: every head of one layer of a model the core
// trained (model/lessonModels.ts), its weights on the learner's input (average_attn_weights=False),
// the job the core measured for it on held-out data (TransformerTrainer.headScores) and an
// ablation switch per head whose cost the core measures (testLoss, and the learner's sentence
// decoded again). Two models: the induction model (2 layers × 2 heads on "<bos> x₁..xₙ x₁..xₙ")
// and the toy-grammar translation model (encoder, masked decoder and cross-attention, 2 layers ×
// 4 heads). It computes nothing: weights, scores and losses are the trainer's; JS picks which
// to draw, names a head after a measured score at or above NAMED, and formats; the view is a lit
// template (ui/render.ts) whose head switches write the store through the lesson's `toggle`.
import type { Matrix } from '../../../wasm/index.js';
import type { HeadBlock, HeadScore, TestLoss, TransformerTrainer } from '../../../wasm/trainer.js';
import { lessonModel, lessonModelNow, type TransformerModelName } from '../model/lessonModels';
import { inductionInput } from '../model/pipeline';
import { applyAblation, headId, NAMED, serializeAblation } from '../model/ablation';
import { attentionMapsOf, infoOf, translationOf } from '../model/trainerMemo';
import { fmt } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { t } from '../ui/i18n';
import { html, live, nothing } from '../ui/render';
import { unknownNote } from './common';

export interface TrainedHeadsState {
  model: TransformerModelName;
  /** The induction model's letters ("q m t h c q m t h c"). */
  letters: string;
  /** The translation model's toy English sentence. */
  sentence: string;
  block: HeadBlock;
  /** 0-based. */
  layer: number;
  ablated: ReadonlySet<string>;
}

export interface HeadView {
  block: HeadBlock;
  layer: number;
  head: number;
  map: Matrix;
  score: HeadScore;
  ablated: boolean;
}

export interface TrainedHeadsResult {
  model: TransformerModelName;
  /** Query and key labels of the maps shown. */
  queries: string[];
  keys: string[];
  /** Words the model does not know (read as <unk>). */
  unknown: string[];
  heads: HeadView[];
  layers: number;
  dModel: number;
  /** Held-out loss with every head on, and with the learner's ablations. */
  lossAll: TestLoss;
  lossNow: TestLoss;
  /** Translation: the learner's sentence decoded with the ablations, and the rules' answer. */
  output?: string[];
  reference?: string[];
}

/** Memo of the held-out measurements per (model, ablation set): they cost ~60–80 ms each. */
const memo = new Map<string, { scores: HeadScore[]; loss: TestLoss }>();

/** Head scores and held-out loss of model `name` with heads `ablated` switched off (measured once per set). */
export function measured(name: TransformerModelName, trainer: TransformerTrainer, ablated: ReadonlySet<string>) {
  const k = `${name}|${serializeAblation(ablated)}`;
  let m = memo.get(k);
  if (!m) {
    applyAblation(trainer, ablated);
    m = { scores: trainer.headScores(), loss: trainer.testLoss() };
    memo.set(k, m);
  }
  return m;
}

/** Every number of the trained view, or undefined while the model is still loading (onLoad then fires). */
export function trainedHeads(st: TrainedHeadsState, onLoad: () => void, onError: (e: Error) => void): TrainedHeadsResult | undefined {
  const trainer = lessonModelNow(st.model);
  if (!trainer) {
    lessonModel(st.model).then(onLoad, onError);
    return undefined;
  }
  const info = infoOf(trainer);
  const none = new Set<string>();
  const all = measured(st.model, trainer, none);
  const now = measured(st.model, trainer, st.ablated);
  applyAblation(trainer, st.ablated);
  let queries: string[];
  let keys: string[];
  let unknown: string[];
  let maps: Matrix[][];
  let output: string[] | undefined;
  let reference: string[] | undefined;
  const block: HeadBlock = st.model === 'induction' ? 'decoder' : st.block;
  if (st.model === 'induction') {
    const { words, ids, unknown: u } = inductionInput(trainer, st.letters);
    unknown = u;
    queries = ['<bos>', ...words];
    keys = queries;
    maps = attentionMapsOf(trainer, ids, []).decoderSelf;
  } else {
    const r = translationOf(trainer, st.sentence);
    unknown = r.unknown;
    output = r.output;
    reference = r.reference;
    // Decoder position t reads the word written before it (<bos> first) and writes the next one:
    // a decoder query is labelled by the word it writes, a decoder key by the word it reads.
    const reads = ['<bos>', ...r.output];
    const writes = [...r.output, '<eos>'].map((w) => `→ ${w}`);
    maps = block === 'encoder' ? r.maps.encoderSelf : block === 'decoder' ? r.maps.decoderSelf : r.maps.cross;
    const rows = maps[0]?.[0]?.rows ?? 0;
    queries = block === 'encoder' ? r.source : writes.slice(0, rows);
    keys = block === 'decoder' ? reads.slice(0, rows) : r.source;
  }
  const layers = maps.length;
  const layer = Math.min(st.layer, layers - 1);
  const heads = (maps[layer] ?? []).map((map, head) => ({
    block,
    layer,
    head,
    map,
    score: now.scores.find((s) => s.block === block && s.layer === layer && s.head === head) as HeadScore,
    ablated: st.ablated.has(headId(block, layer, head)),
  }));
  return { model: st.model, dModel: info.dModel, queries, keys, unknown, heads, layers, lossAll: all.loss, lossNow: now.loss, output, reference };
}

export type Labels = (key: string, vars?: Record<string, string | number>) => string;

/** The measured job of a head, in words (the lesson's labels), from its held-out scores. */
export function headJob(s: HeadScore, L: Labels): string {
  const parts: string[] = [];
  if (s.previousToken >= NAMED) parts.push(L('jobPrev', { v: fmt(s.previousToken, 2) }));
  if (s.induction !== null && s.induction >= NAMED) parts.push(L('jobInduction', { v: fmt(s.induction, 2) }));
  if (s.alignment !== null && s.alignment >= NAMED) parts.push(L('jobAlign', { v: fmt(s.alignment, 2) }));
  return parts.length ? parts.join(' ') : L('jobNone', { p: fmt(s.previousToken, 2) });
}

/**
 * The trained view as a template: the unknown-words note, the ablation effect and one figure per
 * head with its switch; `toggle(id)` flips one head's ablation (the store's `mhoff`); `locked`
 * (a teacher's link locks `mhoff`) renders the switches disabled with the locked note.
 */
export function trainedHeadsView(r: TrainedHeadsResult, L: Labels, toggle: (id: string) => void, locked = false): unknown {
  const cell = r.keys.length > 12 ? 16 : r.keys.length > 8 ? 22 : undefined;
  const figs = r.heads.map((hv) => {
    const id = headId(hv.block, hv.layer, hv.head);
    const fig = heatmap({
      id: `trained-head-${hv.head + 1}`,
      title: L('trainedHeadTitle', { k: hv.head + 1, l: hv.layer + 1, block: L(`block_${hv.block}`) }),
      m: hv.map,
      rowLabels: r.queries,
      colLabels: r.keys,
      rowAxis: hv.block === 'encoder' || r.model === 'induction' ? L('query') : L('decQuery'),
      colAxis: L('key'),
      palette: 'viridis',
      domain: [0, 1],
      cell,
      shape: `(T_q, T_k) = (${hv.map.rows}, ${hv.map.cols})`,
      note: headJob(hv.score, L),
      provenance: (i, j) =>
        L('trainedProv', { k: hv.head + 1, q: r.queries[i] ?? '', key: r.keys[j] ?? '', v: fmt(hv.map.data[i * hv.map.cols + j] ?? NaN, 3) }),
    });
    return html`<div class=${`trained-head${hv.ablated ? ' trained-head-off' : ''}`} data-head-job=${id}>
      ${fig}
      <div class="ctl ctl-check">
        <input
          type="checkbox"
          .checked=${live(!hv.ablated)}
          data-head=${id}
          data-key="mhoff"
          id=${`abl-${id}`}
          ?disabled=${locked}
          @change=${() => toggle(id)}
        /><label for=${`abl-${id}`}>${L('useHead', { k: hv.head + 1 })}</label
        >${locked ? html`<p class="ctl-help locked-note">${t('teacher.lockedNote')}</p>` : nothing}
      </div>
    </div>`;
  });
  const loss = (x: TestLoss) => (r.model === 'induction' ? (x.repeatedHalf ?? x.loss) : x.loss);
  const effect = html`<div
    class="callout wide"
    role="status"
    data-stat="ablation"
    data-loss-all=${String(loss(r.lossAll))}
    data-loss-now=${String(loss(r.lossNow))}
  >
    <p>${L(r.model === 'induction' ? 'lossInduction' : 'lossTranslation', { all: fmt(loss(r.lossAll), 3), now: fmt(loss(r.lossNow), 3) })}</p>
    ${
      r.output && r.reference
        ? html`<p data-output=${r.output.join(' ')}>${L('decoded', { out: r.output.join(' ') || '—', ref: r.reference.join(' ') })}</p>`
        : nothing
    }
  </div>`;
  return html`${unknownNote(r.unknown)} ${effect} ${figs}`;
}
