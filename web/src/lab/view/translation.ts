// lab/view/translation.ts — the compare view's "translate your own sentence", as a template of the
// view's LabState and the store: the sentence box (its value and examples from the store), messages
// (not trained yet, mid-training, unknown words), the vocabulary, every model's output word by word
// against the task's correct answer, the attention GRU's alignment (Bahdanau et al. 2014, Fig. 3)
// beside the Transformer's cross-attention (last layer, averaged over heads, as the core returns
// it), and the GRUs' step-by-step decode of the context vectors c_t. While a translation is on its
// way the previous result stays on screen; the result is rendered again only when it changed (lit's
// guard). It shows the core's numbers; comparisons pick labels and outlines (the largest weight of
// a row), nothing more.
import type { Translation, TransformerTranslation } from '../../../../wasm/trainer.js';
import { at, type Matrix } from '../../model/matrix';
import type { Store } from '../../model/state';
import type { LabSchema } from '../schema';
import { sentenceBox } from '../../ui/controls';
import { fmt } from '../../ui/format';
import { heatmap } from '../../ui/heatmap';
import { dataTable, rows } from '../../ui/dataTable';
import { guard, html, nothing } from '../../ui/render';
import { rich } from '../../ui/richtext';
import type { ModelKey, RunConfig, Translations } from '../protocol';
import type { LabState } from '../reducer';
import { L, list } from '../text';
import { modelName } from './panel';

const isSpecial = (w: string) => /^<.*>$/.test(w);

function rowsOf(m: Matrix): string[] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
}

/** Step i's most attended source word and its weight (the core's `top`); '' when it has none. */
function lookedAt(t: { source: string[]; top: Int32Array; attention: Matrix }, i: number): string {
  const j = t.top[i] ?? -1;
  return j >= 0 ? `${t.source[j] ?? ''} (${fmt(at(t.attention, i, j), 2)})` : '';
}

type Output = Pick<Translation, 'source' | 'unknown' | 'output' | 'reference' | 'finished' | 'top'>;
const outLabel = (t: Output, i: number) => t.output[i] ?? L('eos');

export function alignmentMap(id: string, title: string, note: string, t: Output & { attention: Matrix }): unknown {
  const a = t.attention;
  const srcLabel = (j: number) => (t.unknown.includes(t.source[j] ?? '') ? `${t.source[j]}?` : (t.source[j] ?? String(j + 1)));
  return heatmap({
    id,
    title,
    note,
    m: a,
    rowLabels: Array.from({ length: a.rows }, (_, i) => outLabel(t, i)),
    colLabels: Array.from({ length: a.cols }, (_, j) => srcLabel(j)),
    rowAxis: L('align.rows'),
    colAxis: L('align.cols'),
    palette: 'viridis',
    domain: [0, 1],
    digits: 2,
    shape: `(${a.rows}, ${a.cols})`,
    marked: (i, j) => t.top[i] === j,
    provenance: (i, j) => L('align.prov', { t: i + 1, j: j + 1, v: fmt(at(a, i, j), 3), out: outLabel(t, i), src: t.source[j] ?? '' }),
  });
}

function vocabulary(s: LabState, open: boolean): unknown {
  const words = (s.info?.attn ?? s.info?.transformer)?.sourceVocab.filter((w) => !isSpecial(w));
  if (!words) return nothing;
  return html`<details class="blab-vocab-list" ?open=${open}>
    <summary>${L('vocab.title', { n: words.length })}</summary>
    <ul class="tokens" aria-label=${L('vocab.title', { n: words.length })}>
      ${words.map((w) => html`<li class="token">${w}</li>`)}
    </ul>
  </details>`;
}

function output(s: LabState, r: Translations, first: Output): unknown {
  const keys = s.models.filter((k) => r[k]);
  const outs = keys.map((k) => r[k] as Output);
  const width = Math.max(first.source.length, first.reference.length, ...outs.map((t) => t.output.length));
  const cells = (words: readonly string[], ref?: readonly string[]) =>
    Array.from({ length: width }, (_, j) => {
      const w = words[j];
      if (w === undefined) return html`<td></td>`;
      if (!ref) return html`<td class=${first.unknown.includes(w) ? 'blab-oov' : nothing}>${w}</td>`;
      const ok = ref[j] === w;
      const word = ok ? L('out.right') : L('out.wrong');
      return html`<td class=${ok ? 'blab-right' : 'blab-wrong'} title=${word}>${w}<span class="blab-sr">${` (${word})`}</span></td>`;
    });
  const score = (t: Output) => {
    const right = t.reference.filter((w, j) => t.output[j] === w).length;
    const text = L('out.score', { right, total: t.reference.length });
    return t.finished && t.output.length === t.reference.length ? text : `${text} ${t.finished ? '' : L('out.unfinished')}`.trim();
  };
  const row = (label: string, tds: unknown, extra = '', key?: ModelKey) =>
    html`<tr data-row=${key ?? label}>
      <th scope="row">${label}</th>
      ${tds}
      <td class="blab-score">${extra}</td>
    </tr>`;
  // The caption is shown above the scrolling box (a wide table would clip it on a phone).
  const capId = 'blab-out-cap';
  return html`<p class="blab-caption" id=${capId}>${L('out.tableCaption')}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby=${capId}>
      <table class="data-table blab-out-table" data-translation="" aria-labelledby=${capId}>
        <tbody>
          ${row(L('out.source'), cells(first.source))} ${row(L('out.reference'), cells(first.reference))}
          ${keys.map((k) => row(modelName(k, s.config), cells((r[k] as Output).output, first.reference), score(r[k] as Output), k))}
        </tbody>
      </table>
    </div>`;
}

function align(a?: Translation, tf?: TransformerTranslation): unknown {
  return html`<div class="figures blab-aligns">
      ${a && a.attention.rows && a.attention.cols ? alignmentMap('lab-alignment', L('align.title'), L('align.note'), a) : nothing}
      ${tf && tf.attention.rows && tf.attention.cols ? alignmentMap('lab-alignment-transformer', L('align.tfTitle'), L('align.tfNote'), tf) : nothing}
    </div>
    <p class="fig-note">${L('align.none')}</p>`;
}

function decode(n: Translation, a: Translation, config: RunConfig): unknown {
  let hi = 0;
  for (const t of [n, a]) for (const v of t.context.data) if (Number.isFinite(v)) hi = Math.max(hi, Math.abs(v));
  hi ||= 1;
  const ctx = (key: ModelKey, t: Translation) =>
    heatmap({
      id: `lab-context-${key}`,
      title: L(key === 'none' ? 'decode.noneTitle' : 'decode.attnTitle'),
      m: t.context,
      rowLabels: Array.from({ length: t.context.rows }, (_, i) => `${i + 1} ${outLabel(t, i)}`),
      colLabels: Array.from({ length: t.context.cols }, (_, j) => String(j + 1)),
      rowAxis: L('decode.rows'),
      colAxis: L('decode.cols'),
      palette: 'diverging',
      domain: [-hi, hi],
      digits: 2,
      values: false,
      // Big enough cells for a label on every row (one per decoder step) unless h is large.
      cell: t.context.cols <= 64 ? 20 : 10,
      shape: `(${t.context.rows}, ${t.context.cols})`,
      provenance: (i, j) =>
        L('decode.prov', {
          t: i + 1,
          c: j + 1,
          v: fmt(at(t.context, i, j), 3),
          out: outLabel(t, i),
          how: L(key === 'none' ? 'decode.provNone' : 'decode.provAttn'),
        }),
    });
  const noneRows = rowsOf(n.context);
  const sameNone = noneRows.every((r) => r === noneRows[0]);
  const distinctAttn = new Set(rowsOf(a.context)).size;
  const steps = Math.max(a.context.rows, n.context.rows);
  const stepsCap = 'blab-steps-cap';
  return html`${rich('p', L('decode.intro', { h: a.context.cols }))}
    <ul class="blab-decode-facts">
      ${sameNone ? html`<li data-fact="none-same">${L('decode.same', { n: n.context.rows })}</li>` : nothing}
      <li data-fact="attn-distinct" data-distinct=${distinctAttn}>${L('decode.differ', { k: distinctAttn, n: a.context.rows })}</li>
    </ul>
    <p class="blab-caption" id=${stepsCap}>${L('decode.tableCaption')}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby=${stepsCap}>
      ${dataTable({
        class: 'blab-steps',
        labelledBy: stepsCap,
        cols: [L('decode.step'), modelName('none', config), modelName('attn', config), L('decode.lookedAt')],
        body: rows(
          Array.from({ length: steps }, (_, i) => [
            String(i + 1),
            i < n.context.rows ? outLabel(n, i) : '',
            i < a.context.rows ? outLabel(a, i) : '',
            lookedAt(a, i),
          ]),
        ),
      })}
    </div>
    <div class="figures blab-context">${ctx('none', n)} ${ctx('attn', a)}</div>`;
}

interface Parts {
  msg: unknown;
  vocab: unknown;
  output: unknown;
  align: unknown;
  decode: unknown;
}

/** The parts below the sentence box for a state; undefined while a translation is on its way. */
function parts(s: LabState): Parts | undefined {
  const clear = (message: string): Parts => ({
    msg: message ? html`<p class="callout">${message}</p>` : nothing,
    vocab: vocabulary(s, false),
    output: nothing,
    align: nothing,
    decode: nothing,
  });
  if (!s.run || !s.info) return clear(L('translate.needModels'));
  if (!s.sentence.trim()) return clear(L('translate.empty'));
  const t = s.translation;
  if (!t) return undefined;
  if (!t.result) return clear(L('translate.error', { message: t.error ?? '' }));
  const r = t.result;
  const first = (r.attn ?? r.transformer) as Output | undefined;
  if (!first) return undefined;
  const { steps } = t;
  const behind = s.models.filter((k) => (steps[k] ?? 0) < (s.budget[k] ?? 0));
  return {
    msg: html`${behind.length ? html`<p class="callout">${L('translate.midTraining', { steps: steps.attn ?? steps.transformer ?? 0 })}</p>` : nothing}${
      first.unknown.length
        ? html`<p class="callout warn" data-oov=${first.unknown.join(' ')}>
            ${L('translate.unknown', { words: first.unknown.map((w) => `“${w}”`).join(', ') })}
          </p>`
        : nothing
    }`,
    vocab: vocabulary(s, first.unknown.length > 0),
    output: output(s, r, first),
    align: align(r.attn, r.transformer),
    decode: r.none && r.attn ? decode(r.none, r.attn, s.config) : nothing,
  };
}

/**
 * The translate section as a function of the state. `send(sentence)` asks the models again for
 * the sentence in the store. The returned function keeps the parts it last showed, so a pending
 * translation leaves them on screen.
 */
export function translationView(store: Store<LabSchema>, send: (sentence: string) => void): (s: LabState) => unknown {
  let last: Parts | undefined;
  const go = (root: Element | null) => {
    const input = root?.querySelector<HTMLInputElement>('input[data-key="labs"]');
    if (input && input.value !== store.get('labs')) store.set('labs', input.value);
    else send(store.get('labs'));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || e.target.dataset.key !== 'labs') return;
    e.preventDefault();
    go(e.currentTarget as Element);
  };
  let lastDeps: readonly unknown[] = [];
  return (s) => {
    const deps = [s.translation, s.run, s.sentence, s.info, s.models, s.budget, s.config];
    if (deps.some((d, k) => d !== lastDeps[k])) {
      lastDeps = deps;
      last = parts(s) ?? last;
    }
    const shown = last;
    // Rendered again only when the parts are new (the heatmaps' islands are not redrawn otherwise).
    const got = (k: keyof Parts) => guard([shown], () => shown?.[k] ?? nothing);
    return html`<section class="blab-panel" aria-labelledby="blab-h-translate">
      <h2 id="blab-h-translate">${L('translate.title')}</h2>
      <div class="blab-sentence" @keydown=${onKey}>
        ${sentenceBox(store, 'labs', L('translate.label'), list(`examples.${store.get('labtask')}`))}
        <div class="blab-go">
          <button type="button" class="btn" data-action="translate" @click=${(e: Event) => go((e.currentTarget as Element).closest('.blab-sentence'))}>
            ${L('translate.button')}
          </button>
        </div>
      </div>
      <div class="blab-translate-msg" role="status">${got('msg')}</div>
      <div class="blab-vocab">${got('vocab')}</div>
      <div class="blab-output">${got('output')}</div>
      <div class="blab-align">${got('align')}</div>
      <h3>${L('decode.title')}</h3>
      <div class="blab-decode">${got('decode')}</div>
    </section>`;
  };
}
