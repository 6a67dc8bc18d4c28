// lab/view/induction.ts — the "Heads that specialize" view's results: the held-out loss (all of
// it, the unpredictable first half, the repeated half) and every head's induction and
// previous-token scores over training, drawn as three charts on the same step axis; the statements
// of what this run measured (built only from its own numbers); every head's current attention map
// on a held-out sequence with its scores and a switch that turns it off; and the repeated-half loss
// before and after the switched-off heads, both measured by the core. It formats and compares the
// core's numbers to pick sentences; it computes none.
import type { HeadScore } from '../../../../wasm/trainer.js';
import { h } from '../../ui/dom';
import { fmt } from '../../ui/format';
import { rich } from '../../ui/richtext';
import { LineChart, SERIES_COLORS, SERIES_DASHES, SERIES_MARKERS, type LineSeries } from '../charts';
import type { LabEvent, LabState, ScorePoint } from '../reducer';
import { L } from '../text';
import { headGrid, refocus } from './heads';
import type { View } from './panel';

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

export function inductionView(dispatch: (e: LabEvent) => void): View {
  let budget = 0;
  const xRange = () => (budget ? ([0, budget] as [number, number]) : undefined);
  const lossChart = new LineChart({
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
  });
  const scoreChart = (id: string, kind: 'induction' | 'prev') =>
    new LineChart({
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
  const indChart = scoreChart('lab-induction-scores', 'induction');
  const prevChart = scoreChart('lab-prev-scores', 'prev');
  const truths = h('div', { class: 'blab-truths', 'data-truths': 'heads' }, h('p', {}, L('ind.truths.pending')));
  const mapsIntro = h('div', {});
  const maps = h('div', { class: 'blab-head-blocks' });
  const ablation = h('div', { class: 'blab-ablation', 'aria-live': 'polite' });
  const another = h('button', { type: 'button', class: 'btn', 'data-action': 'example' }, L('ind.another'));
  let example = 0;
  another.addEventListener('click', () => dispatch({ type: 'example', index: example + 1 }));

  const el = h(
    'div',
    { class: 'blab-induction' },
    h('div', { class: 'figures blab-charts blab-induction-charts' }, lossChart.el, indChart.el, prevChart.el),
    h(
      'section',
      { class: 'callout ok blab-truths-box', 'aria-labelledby': 'blab-h-ind-truths' },
      h('h3', { id: 'blab-h-ind-truths' }, L('truths.title')),
      truths,
    ),
    h(
      'section',
      { class: 'blab-panel', 'aria-labelledby': 'blab-h-ind-maps' },
      h('h2', { id: 'blab-h-ind-maps' }, L('ind.maps.title')),
      mapsIntro,
      h('div', { class: 'row-tools' }, another),
      ablation,
      maps,
    ),
  );

  function renderCharts(s: LabState): void {
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
    lossChart.set(
      hist.length
        ? [
            lossSeries(L('ind.loss.all'), (p) => p.testLoss.loss, 0),
            lossSeries(L('ind.loss.first'), (p) => p.testLoss.firstHalf, 1),
            lossSeries(L('ind.loss.repeated'), (p) => p.testLoss.repeatedHalf, 2),
          ]
        : [],
    );
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
    indChart.set(scores((x) => x.induction));
    prevChart.set(scores((x) => x.previousToken));
    if (s.phase !== 'training') [lossChart, indChart, prevChart].forEach((c) => c.flush());
  }

  function renderTruths(s: LabState): void {
    const hist = s.history;
    const first = hist[0];
    const last = hist[hist.length - 1];
    if (s.phase !== 'done' || !first || !last || hist.length < 2) {
      truths.replaceChildren(h('p', {}, L('ind.truths.pending')));
      return;
    }
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
    truths.replaceChildren(
      h(
        'ul',
        {},
        items.map((x) => rich('li', x)),
      ),
    );
  }

  function renderAblation(s: LabState): void {
    const before = s.testLoss?.repeatedHalf;
    const abl = s.ablation;
    if (before === undefined || before === null) {
      ablation.replaceChildren();
      return;
    }
    const after = abl.disabled.length ? abl.testLoss?.repeatedHalf : undefined;
    const p = rich(
      'p',
      after === undefined || after === null
        ? L('ind.ablation.before', { before: fmt(before, 3) })
        : L('ind.ablation.after', { n: abl.disabled.length, before: fmt(before, 3), after: fmt(after, 3) }),
    );
    p.classList.add('blab-ablation-result');
    p.dataset.before = String(before);
    if (after !== undefined && after !== null) p.dataset.after = String(after);
    ablation.replaceChildren(
      p,
      abl.busy ? h('p', { class: 'ctl-help' }, L('ablation.busy')) : '',
      abl.error ? h('p', { class: 'callout warn' }, L('ablation.error', { message: abl.error })) : '',
    );
  }

  function renderMaps(s: LabState): void {
    const tf = s.translation?.result?.transformer;
    const layers = tf?.maps.decoderSelf;
    if (!tf || !layers?.length) {
      mapsIntro.replaceChildren(rich('p', L('ind.maps.intro')));
      maps.replaceChildren(h('p', { class: 'callout' }, L(s.run ? 'heads.waiting' : 'ind.maps.needModel')));
      another.disabled = true;
      return;
    }
    another.disabled = false;
    const n = layers[0]?.[0]?.rows ?? 0;
    const labels = tokenLabels(tf.source, n);
    const scores = s.phase === 'done' && s.heads ? s.heads : s.history[s.history.length - 1]?.heads;
    const focused = refocus(maps);
    mapsIntro.replaceChildren(
      rich('p', L('ind.maps.intro')),
      h('p', { class: 'blab-sequence', 'data-sequence': '' }, L('ind.maps.sequence', { tokens: tf.source.join(' ') })),
    );
    maps.replaceChildren(
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
    );
    focused();
  }

  return {
    el,
    render(s, prev) {
      budget = s.budget.transformer ?? 0;
      example = s.example;
      if (!prev || prev.history !== s.history || prev.phase !== s.phase || prev.budget !== s.budget) renderCharts(s);
      if (!prev || prev.history !== s.history || prev.phase !== s.phase) renderTruths(s);
      if (!prev || prev.testLoss !== s.testLoss || prev.ablation !== s.ablation) renderAblation(s);
      if (!prev || prev.translation !== s.translation || prev.ablation !== s.ablation || prev.phase !== s.phase || prev.heads !== s.heads || prev.run !== s.run)
        renderMaps(s);
    },
  };
}
