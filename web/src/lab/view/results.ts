// lab/view/results.ts — the compare view's charts and measured statements, as a template of the
// view's LabState: the training loss of every model against its steps, one token-accuracy-by-length
// chart for all models (Bahdanau et al. 2014, Fig. 2, plus the Transformer) with each model's own
// colour, dash pattern and marker, and "what this run shows": sentences built only from this run's
// numbers (core results and the worker's timings). Each part is rendered again only when the state
// it shows changed (lit's guard). It compares numbers to pick sentences and formats them; it
// computes none.
import type { LengthAccuracy } from '../../../../wasm/trainer.js';
import { lineChart, MODEL_COLORS, type LineSeries, type Marker } from '../charts';
import type { ModelKey } from '../protocol';
import type { LabState } from '../reducer';
import { L } from '../text';
import { fmt } from '../../ui/format';
import { guard, html } from '../../ui/render';
import { rich } from '../../ui/richtext';
import { modelName, seconds } from './panel';

const pct = (x: number) => fmt(x * 100, 1);

export const SERIES_STYLE: Record<ModelKey, { color: string; dash?: string; marker: Marker }> = {
  none: { color: MODEL_COLORS.none, dash: '6 4', marker: 'square' },
  attn: { color: MODEL_COLORS.attn, dash: undefined, marker: 'circle' },
  transformer: { color: MODEL_COLORS.transformer, dash: '2 3', marker: 'triangle' },
};

function lossChart(s: LabState, narrow: boolean): unknown {
  const series: LineSeries[] = s.models
    .filter((k) => s.loss[k]?.length)
    .map((k) => ({ name: modelName(k, s.config), points: s.loss[k] ?? [], ...SERIES_STYLE[k] }));
  return lineChart(
    {
      id: 'lab-loss',
      title: L('loss.title'),
      note: L('loss.note'),
      xAxis: L('loss.x'),
      yAxis: L('loss.y'),
      yDigits: 4,
      yTickDigits: 1,
      xFromZero: true,
      empty: L('loss.empty'),
      summary: (ser) => L('loss.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
    },
    series,
    narrow,
  );
}

function accChart(s: LabState, narrow: boolean): unknown {
  const ev = s.evaluation;
  const series: LineSeries[] = ev
    ? s.models
        .filter((k) => ev.accuracy[k])
        .map((k) => ({
          name: modelName(k, s.config),
          points: (ev.accuracy[k] ?? []).map((r) => [r.length, r.tokenAccuracy * 100] as const),
          ...SERIES_STYLE[k],
        }))
    : [];
  const leadSteps = ev?.steps.attn ?? ev?.steps.transformer ?? 0;
  return html`${lineChart(
      {
        id: 'lab-accuracy',
        title: L('acc.title'),
        note: L('acc.note', { per: 40 }),
        xAxis: L('acc.x'),
        yAxis: L('acc.y'),
        yRange: [0, 100],
        yDigits: 1,
        yTickDigits: 0,
        empty: L('acc.empty'),
        summary: (ser) => L('acc.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
      },
      series,
      narrow,
    )}
    <p class="fig-note blab-acc-partial" ?hidden=${!ev || ev.final}>${ev && !ev.final ? L('acc.partial', { steps: leadSteps }) : ''}</p>`;
}

/** The sentences "what this run shows" (undefined until the run is done). */
function truths(s: LabState): string[] | undefined {
  const ev = s.evaluation;
  if (!ev || !ev.final || s.phase !== 'done') return undefined;
  const none = ev.accuracy.none ?? [];
  const attn = ev.accuracy.attn ?? [];
  const last = attn.length - 1;
  const items: string[] = [];
  if (last >= 0 && none[last] && attn[last])
    items.push(L('truths.longest', { len: attn[last].length, attn: pct(attn[last].tokenAccuracy), none: pct(none[last].tokenAccuracy) }));
  if (attn[0] && none[0] && last > 0)
    items.push(L('truths.shortest', { len: attn[0].length, attn: pct(attn[0].tokenAccuracy), none: pct(none[0].tokenAccuracy) }));
  const lowest = (rows: LengthAccuracy[]) => rows.reduce<LengthAccuracy | undefined>((m, r) => (!m || r.tokenAccuracy < m.tokenAccuracy ? r : m), undefined);
  const minAttn = lowest(attn);
  const minNone = lowest(none);
  const below = none.find((r) => r.tokenAccuracy < 0.9);
  if (minAttn && minNone)
    items.push(
      below
        ? L('truths.fallsBelow', { len: below.length, min: pct(minAttn.tokenAccuracy) })
        : L('truths.neverBelow', { minNone: pct(minNone.tokenAccuracy), min: pct(minAttn.tokenAccuracy) }),
    );
  const tf = ev.accuracy.transformer;
  const tfLast = tf?.[tf.length - 1];
  const minTf = tf ? lowest(tf) : undefined;
  if (tfLast && minTf)
    items.push(L('truths.transformer', { len: tfLast.length, acc: pct(tfLast.tokenAccuracy), min: pct(minTf.tokenAccuracy), minLen: minTf.length }));
  const ln = s.loss.none?.[s.loss.none.length - 1];
  const la = s.loss.attn?.[s.loss.attn.length - 1];
  if (ln && la) items.push(L('truths.loss', { none: fmt(ln[1], 3), attn: fmt(la[1], 3) }));
  const lt = s.loss.transformer?.[s.loss.transformer.length - 1];
  if (lt) items.push(L('truths.lossTransformer', { loss: fmt(lt[1], 3), steps: lt[0] }));
  if (s.info?.none && s.info.attn)
    items.push(L('truths.params', { none: s.info.none.parameters.toLocaleString('en'), attn: s.info.attn.parameters.toLocaleString('en') }));
  const tt = s.timing.transformer;
  const ta = s.timing.attn;
  if (tt && ta && s.info?.transformer)
    items.push(
      L('truths.time', {
        params: s.info.transformer.parameters.toLocaleString('en'),
        tSteps: tt.steps,
        tSeconds: seconds(tt.ms),
        aSteps: ta.steps,
        aSeconds: seconds(ta.ms),
      }),
    );
  return items;
}

/** The charts and the statements of a compare run; `narrow`: the phone-width drawing. */
export function resultsView(s: LabState, narrow: boolean): unknown {
  const done = s.phase === 'done';
  return html`<div class="blab-results">
    <div class="figures blab-charts">
      ${guard([s.loss, s.models, s.config, narrow], () => lossChart(s, narrow))}
      <div class="blab-acc">${guard([s.evaluation, s.models, s.config, narrow], () => accChart(s, narrow))}</div>
    </div>
    <section class="callout ok blab-truths-box" aria-labelledby="blab-h-truths">
      <h3 id="blab-h-truths">${L('truths.title')}</h3>
      <div class="blab-truths" data-truths="">
        ${guard([s.evaluation, done, s.timing, s.loss, s.info], () => {
          const items = truths(s);
          return items
            ? html`<ul>
                ${items.map((x) => rich('li', x))}
              </ul>`
            : html`<p>${L('truths.pending')}</p>`;
        })}
      </div>
    </section>
  </div>`;
}
