// ui/barchart.ts — one or more series of values as grouped SVG bars (role=img with a summary),
// with the accessible-table toggle and PNG/CSV export of ui/figure.ts. It draws the values it is
// given (core results, or counts of them for histograms) and computes none of them. Drawing the
// same figure id again patches the SVG on the page in place (ui/vdom.ts) instead of rebuilding.
import { h, s } from './dom';
import { liveFrame, type Visual } from './figure';
import { csvCell, csvNumber, fmt } from './format';
import { t } from './i18n';
import { patch, sv, type VNode } from './vdom';

export interface Series {
  name: string;
  values: readonly number[];
  color?: string;
}

export interface BarSpec {
  id: string;
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  xAxis?: string;
  yAxis?: string;
  digits?: number;
  shape?: string;
  note?: string;
  /** Fixed y range; default [min(0, data), max(data)]. */
  yRange?: [number, number];
}

const COLORS = ['#3a7bbf', '#e07b2a', '#21908d', '#6b4c9a'];

export function barChart(spec: BarSpec): HTMLElement {
  const digits = spec.digits ?? 2;
  const csv = () => {
    const lines = [[csvCell(spec.xAxis ?? ''), ...spec.series.map((x) => csvCell(x.name))].join(',')];
    spec.labels.forEach((l, k) => lines.push([csvCell(l), ...spec.series.map((x) => csvNumber(x.values[k] ?? NaN))].join(',')));
    return lines.join('\n') + '\n';
  };
  const table = () =>
    h(
      'table',
      { class: 'data-table', 'data-fig-table': spec.id },
      h('caption', {}, spec.title),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, spec.xAxis ?? ''),
          spec.series.map((x) => h('th', { scope: 'col' }, x.name)),
        ),
      ),
      h(
        'tbody',
        {},
        spec.labels.map((l, k) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, l),
            spec.series.map((x) => h('td', { 'data-v': String(x.values[k]) }, fmt(x.values[k] ?? NaN, digits))),
          ),
        ),
      ),
    );
  return liveFrame({ id: spec.id, title: spec.title, shape: spec.shape, note: spec.note, csv, table, visual: (prev?: Visual) => visual(spec, digits, prev) });
}

function visual(spec: BarSpec, digits: number, prev?: Visual): Visual {
  const n = spec.labels.length;
  const ns = spec.series.length;
  const all = spec.series.flatMap((x) => x.values.filter(Number.isFinite));
  const [y0, y1] = spec.yRange ?? [Math.min(0, ...all), Math.max(1e-9, ...all)];
  const left = 52;
  const top = 14 + (ns > 1 ? 18 : 0);
  const ph = 170;
  const slot = Math.max(10, Math.min(48, Math.floor(560 / Math.max(n, 1))));
  const rotate = Math.max(...spec.labels.map((l) => l.length)) * 6.5 > slot;
  const bottom = (rotate ? 60 : 24) + (spec.xAxis ? 14 : 0);
  const W = left + n * slot + 12;
  const H = top + ph + bottom;
  const y = (v: number) => top + ph - ((Math.min(y1, Math.max(y0, v)) - y0) / (y1 - y0 || 1)) * ph;
  const els: VNode[] = [];
  // Axes and ticks.
  for (const tv of [y0, (y0 + y1) / 2, y1]) {
    els.push(sv('line', { x1: left - 4, x2: left + n * slot, y1: y(tv), y2: y(tv), stroke: 'currentColor', 'stroke-opacity': 0.2 }));
    els.push(sv('text', { x: left - 6, y: y(tv) + 4, 'text-anchor': 'end', 'font-size': 10, fill: 'currentColor' }, fmt(tv, digits)));
  }
  els.push(sv('line', { x1: left, x2: left + n * slot, y1: y(Math.max(y0, 0)), y2: y(Math.max(y0, 0)), stroke: 'currentColor' }));
  const bw = (slot - 4) / ns;
  spec.series.forEach((ser, si) => {
    const color = ser.color ?? COLORS[si % COLORS.length] ?? '#3a7bbf';
    ser.values.forEach((v, k) => {
      if (!Number.isFinite(v)) return;
      const x = left + k * slot + 2 + si * bw;
      const yv = y(v);
      const yb = y(Math.max(y0, 0));
      els.push(
        sv(
          'rect',
          { x, y: Math.min(yv, yb), width: Math.max(1, bw - 1), height: Math.max(0.5, Math.abs(yb - yv)), fill: color },
          sv('title', {}, `${spec.labels[k]}: ${fmt(v, digits)}`),
        ),
      );
    });
    if (ns > 1) {
      els.push(sv('rect', { x: left + si * 130, y: 2, width: 10, height: 10, fill: color }));
      els.push(sv('text', { x: left + si * 130 + 14, y: 11, 'font-size': 11, fill: 'currentColor' }, ser.name));
    }
  });
  const step = slot < 14 ? Math.ceil(14 / slot) : 1;
  spec.labels.forEach((l, k) => {
    if (k % step) return;
    const x = left + k * slot + slot / 2;
    const yy = top + ph + 14;
    els.push(
      rotate
        ? sv('text', { x, y: yy, transform: `rotate(-55 ${x} ${yy})`, 'text-anchor': 'end', 'font-size': 10, fill: 'currentColor' }, l)
        : sv('text', { x, y: yy, 'text-anchor': 'middle', 'font-size': 11, fill: 'currentColor' }, l),
    );
  });
  if (spec.xAxis)
    els.push(
      sv('text', { x: left + (n * slot) / 2, y: H - 3, 'text-anchor': 'middle', 'font-size': 11, 'font-style': 'italic', fill: 'currentColor' }, spec.xAxis),
    );
  if (spec.yAxis)
    els.push(
      sv(
        'text',
        {
          x: 12,
          y: top + ph / 2,
          transform: `rotate(-90 12 ${top + ph / 2})`,
          'text-anchor': 'middle',
          'font-size': 11,
          'font-style': 'italic',
          fill: 'currentColor',
        },
        spec.yAxis,
      ),
    );
  const summary = t('bar.summary', { title: spec.title, n, series: spec.series.map((x) => x.name).join(', ') });
  const v =
    prev && prev.svg.classList.contains('bar-svg')
      ? prev
      : (() => {
          const svg = s('svg', { role: 'img', class: 'bar-svg' });
          return { el: h('div', { class: 'bar-plot' }, svg), svg };
        })();
  const attrs: Record<string, string> = { viewBox: `0 0 ${W} ${H}`, width: String(W), height: String(H), 'aria-label': summary };
  for (const [k, x] of Object.entries(attrs)) if (v.svg.getAttribute(k) !== x) v.svg.setAttribute(k, x);
  const style = `max-width:${W}px`;
  if (v.el.getAttribute('style') !== style) v.el.setAttribute('style', style);
  patch(v.svg, els);
  return v;
}
