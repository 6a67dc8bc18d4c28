// lab/view/induction.ts — the "Heads that specialize" view's results, as a template of the view's
// LabState: the held-out loss (all of it, the unpredictable first half, the repeated half) and
// every head's induction and previous-token scores over training, drawn as three charts on the
// same step axis; the statements of what this run measured (built only from its own numbers);
// every head's current attention map on a held-out sequence with its scores and a switch that
// turns it off; and the repeated-half loss before and after the switched-off heads, both measured
// by the core. The page renders it again on every state change; each part only when the state it
// shows changed (lit's guard). It formats and compares the core's numbers to pick sentences; it
// computes none.
import type { HeadScore } from '../../../../wasm/trainer.js';
import { fmt } from '../../ui/format';
import { guard, html, nothing } from '../../ui/render';
import { rich, richContent } from '../../ui/richtext';
import { lineChart, SERIES_COLORS, SERIES_DASHES, SERIES_MARKERS, type LineSeries, type LineSpec } from '../charts';
import type { LabEvent, LabState, ScorePoint } from '../reducer';
import { L } from '../text';
import { headGrid } from './heads';

/** The induction score the statements of a run refer to ("first reached 0.50 at step …"). */
const MARK = 0.5;
const headName = (x: HeadScore) => L('heads.short', { l: x.layer + 1, h: x.head + 1 });
/** Head k of layer l: a colour per head, a dash pattern and marker per layer. */
const styleOf = (x: HeadScore) => ({
  color: SERIES_COLORS[x.head % SERIES_COLORS.length] ?? '#0072b2',
  dash: SERIES_DASHES[x.layer % SERIES_DASHES.length],
  marker: SERIES_MARKERS[x.layer % SERIES_MARKERS.length] ?? 'circle',
});

/** Labels of a (T, T) map of the sequence: its tokens, with <bos> first when the map has one more row. */
function tokenLabels(source: readonly string[], n: number): string[] {
  const toks = n === source.length + 1 ? [L('bos'), ...source] : [...source];
  return Array.from({ length: n }, (_, i) => toks[i] ?? String(i + 1));
}

function charts(s: LabState, narrow: boolean): unknown {
  const budget = s.budget.transformer ?? 0;
  const xRange: [number, number] | undefined = budget ? [0, budget] : undefined;
  const hist = s.history;
  const lossSeries = (name: string, pick: (p: ScorePoint) => number | null, k: number): LineSeries => ({
    name,
    points: hist.flatMap((p) => {
      const v = pick(p);
      return v === null ? [] : [[p.steps, v] as const];
    }),
    color: SERIES_COLORS[k] ?? '#0072b2',
    dash: SERIES_DASHES[k],
    marker: SERIES_MARKERS[k] ?? 'circle',
  });
  const loss = hist.length
    ? [
        lossSeries(L('ind.loss.all'), (p) => p.testLoss.loss, 0),
        lossSeries(L('ind.loss.first'), (p) => p.testLoss.firstHalf, 1),
        lossSeries(L('ind.loss.repeated'), (p) => p.testLoss.repeatedHalf, 2),
      ]
    : [];
  const heads = hist[0]?.heads ?? [];
  const scores = (pick: (x: HeadScore) => number): LineSeries[] =>
    heads.map((x0) => ({
      name: headName(x0),
      points: hist.map((p) => {
        const x = p.heads.find((y) => y.block === x0.block && y.layer === x0.layer && y.head === x0.head);
        return [p.steps, x ? pick(x) : NaN] as const;
      }),
      ...styleOf(x0),
    }));
  const scoreSpec = (id: string, kind: 'induction' | 'prev'): LineSpec => ({
    id,
    title: L(`ind.${kind}.title`),
    note: L(`ind.${kind}.note`),
    xAxis: L('loss.x'),
    yAxis: L(`ind.${kind}.y`),
    yRange: [0, 1],
    yDigits: 3,
    yTickDigits: 2,
    xFromZero: true,
    xRange,
    empty: L('ind.empty'),
    summary: (ser) => L('ind.scores.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
  });
  return html`${lineChart(
    {
      id: 'lab-induction-loss',
      title: L('ind.loss.title'),
      note: L('ind.loss.note'),
      xAxis: L('loss.x'),
      yAxis: L('ind.loss.y'),
      yDigits: 4,
      yTickDigits: 1,
      xFromZero: true,
      xRange,
      empty: L('ind.empty'),
      summary: (ser) => L('loss.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
    },
    loss,
    narrow,
  )}${lineChart(
    scoreSpec('lab-induction-scores', 'induction'),
    scores((x) => x.induction),
    narrow,
  )}${lineChart(
    scoreSpec('lab-prev-scores', 'prev'),
    scores((x) => x.previousToken),
    narrow,
  )}`;
}

function truths(s: LabState): unknown {
  const hist = s.history;
  const first = hist[0];
  const last = hist[hist.length - 1];
  if (s.phase !== 'done' || !first || !last || hist.length < 2) return html`<p>${L('ind.truths.pending')}</p>`;
  const items: string[] = [];
  const r0 = first.testLoss.repeatedHalf;
  const r1 = last.testLoss.repeatedHalf;
  const f1 = last.testLoss.firstHalf;
  if (r0 !== null && r1 !== null) items.push(L('ind.truths.repeated', { from: fmt(r0, 3), s0: first.steps, to: fmt(r1, 3), s1: last.steps }));
  if (f1 !== null && r1 !== null) items.push(L('ind.truths.halves', { first: fmt(f1, 3), repeated: fmt(r1, 3) }));
  const best = (pick: (x: HeadScore) => number) =>
    last.heads.filter((x) => Number.isFinite(pick(x))).reduce<HeadScore | undefined>((m, x) => (!m || pick(x) > pick(m) ? x : m), undefined);
  const ind = best((x) => x.induction);
  const prev = best((x) => x.previousToken);
  if (prev) items.push(L('ind.truths.prevHead', { name: headName(prev), v: fmt(prev.previousToken, 2) }));
  if (ind) {
    items.push(L('ind.truths.indHead', { name: headName(ind), v: fmt(ind.induction, 2) }));
    // The first measurement at which that head's score reached a fixed mark, and the loss then.
    const when = hist.find((p) => (p.heads.find((y) => y.block === ind.block && y.layer === ind.layer && y.head === ind.head)?.induction ?? 0) >= MARK);
    if (when && when.testLoss.repeatedHalf !== null)
      items.push(L('ind.truths.when', { name: headName(ind), mark: fmt(MARK, 2), steps: when.steps, loss: fmt(when.testLoss.repeatedHalf, 3) }));
  }
  return html`<ul>
    ${items.map((x) => rich('li', x))}
  </ul>`;
}

function ablation(s: LabState): unknown {
  const before = s.testLoss?.repeatedHalf;
  const abl = s.ablation;
  if (before === undefined || before === null) return nothing;
  const after = abl.disabled.length ? abl.testLoss?.repeatedHalf : undefined;
  const has = after !== undefined && after !== null;
  return html`<p class="blab-ablation-result" data-before=${String(before)} data-after=${has ? String(after) : nothing}>
      ${richContent(
        has
          ? L('ind.ablation.after', { n: abl.disabled.length, before: fmt(before, 3), after: fmt(after, 3) })
          : L('ind.ablation.before', { before: fmt(before, 3) }),
      )}
    </p>
    ${abl.busy ? html`<p class="ctl-help">${L('ablation.busy')}</p>` : nothing}
    ${abl.error ? html`<p class="callout warn">${L('ablation.error', { message: abl.error })}</p>` : nothing}`;
}

function maps(s: LabState, dispatch: (e: LabEvent) => void): { intro: unknown; another: unknown; grid: () => unknown } {
  const tf = s.translation?.result?.transformer;
  const layers = tf?.maps.decoderSelf;
  const another = (ok: boolean) =>
    html`<div class="row-tools">
      <button type="button" class="btn" data-action="example" ?disabled=${!ok} @click=${() => dispatch({ type: 'example', index: s.example + 1 })}>
        ${L('ind.another')}
      </button>
    </div>`;
  if (!tf || !layers?.length)
    return {
      intro: rich('p', L('ind.maps.intro')),
      another: another(false),
      grid: () => html`<p class="callout">${L(s.run ? 'heads.waiting' : 'ind.maps.needModel')}</p>`,
    };
  const n = layers[0]?.[0]?.rows ?? 0;
  const labels = tokenLabels(tf.source, n);
  const scores = s.phase === 'done' && s.heads ? s.heads : s.history[s.history.length - 1]?.heads;
  return {
    intro: html`${rich('p', L('ind.maps.intro'))}
      <p class="blab-sequence" data-sequence="">${L('ind.maps.sequence', { tokens: tf.source.join(' ') })}</p>`,
    another: another(true),
    grid: () =>
      headGrid({
        idPrefix: 'lab-ind-head',
        block: 'decoder',
        maps: layers,
        rowLabels: labels,
        colLabels: labels,
        rowAxis: L('ind.axis.q'),
        colAxis: L('ind.axis.k'),
        scores,
        off: s.ablation.wanted,
        enabled: s.phase === 'done',
        dispatch,
      }),
  };
}

/** The heads view's charts, statements, maps and ablation; `narrow`: the phone-width drawing. */
export function inductionView(s: LabState, dispatch: (e: LabEvent) => void, narrow: boolean): unknown {
  const m = maps(s, dispatch);
  // The maps show the scores of the newest translation's time (as before: not every score report).
  const mapDeps = [s.translation, s.ablation.wanted, s.phase, s.heads, s.run];
  return html`<div class="blab-induction">
    <div class="figures blab-charts blab-induction-charts">${guard([s.history, s.budget, narrow], () => charts(s, narrow))}</div>
    <section class="callout ok blab-truths-box" aria-labelledby="blab-h-ind-truths">
      <h3 id="blab-h-ind-truths">${L('truths.title')}</h3>
      <div class="blab-truths" data-truths="heads">${guard([s.history, s.phase], () => truths(s))}</div>
    </section>
    <section class="blab-panel" aria-labelledby="blab-h-ind-maps">
      <h2 id="blab-h-ind-maps">${L('ind.maps.title')}</h2>
      <div>${guard([s.translation, s.run], () => m.intro)}</div>
      ${m.another}
      <div class="blab-ablation" aria-live="polite">${guard([s.testLoss, s.ablation], () => ablation(s))}</div>
      <div class="blab-head-blocks">${guard(mapDeps, m.grid)}</div>
    </section>
  </div>`;
}
