// lab/charts.ts — the lab's line charts (loss against training step, token accuracy against
// source length, head scores against step) as templates: SVG lines with distinct markers and dash
// patterns per series (readable without colour), axes and a legend that wraps onto as many lines
// as it needs, inside the app's figure frame (ui/figure.ts: accessible table view, PNG/CSV export).
// `lineChart(spec, series)` is a function of its description: the picture, the table, the CSV and
// the exported SVG all come from the same spec and series, and the page renders it again (lit
// writes only what changed) whenever the series change, so the toolbar keeps working and keeps
// focus while training runs. The drawing is narrower on phones (`narrowScreen()`; the page renders
// again when that media query flips). It draws the numbers it is given (the core's) and computes none.
import { colorAt } from '../ui/colors';
import { figure } from '../ui/figure';
import { csvCell, csvNumber, fmt } from '../ui/format';
import { detachedElement, html, nothing, svg } from '../ui/render';

export interface LineSeries {
  name: string;
  /** [x, y] in drawing order. */
  points: readonly (readonly [number, number])[];
  color: string;
  dash?: string;
  marker: Marker;
}

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';

export interface LineSpec {
  id: string;
  title: string;
  note?: string;
  xAxis: string;
  yAxis: string;
  /** x axis from 0 (a step count) rather than from the smallest x (a length, with a margin). */
  xFromZero?: boolean;
  /** Fixed x range (charts drawn one above the other share it, so their steps line up). */
  xRange?: [number, number];
  /** Fixed y range; default [0, max]. */
  yRange?: [number, number];
  xDigits?: number;
  /** Decimals of the table and CSV values, and of the y ticks unless yTickDigits is given. */
  yDigits?: number;
  yTickDigits?: number;
  /** Shown instead of the plot area when there are no points yet. */
  empty: string;
  /** Accessible summary of the picture (role=img label). */
  summary: (series: readonly LineSeries[]) => string;
}

/** The model colours: blue and orange from the app's colour-blind-safe diverging palette, and the
 *  Okabe–Ito bluish green for the Transformer, picked to keep ≥ 3:1 contrast on both the light and
 *  the dark theme's background. Each model also has its own dash pattern and marker. */
export const MODEL_COLORS = { none: colorAt('diverging', 1 / 7), attn: colorAt('diverging', 0.9), transformer: '#009e73' } as const;

/** Okabe–Ito colours (distinguishable with every common colour-vision deficiency) for many series,
 *  without its yellow and black (too little contrast on the light and the dark theme). */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'] as const;
export const SERIES_DASHES = [undefined, '7 4', '2 3', '10 3 2 3'] as const;
export const SERIES_MARKERS: readonly Marker[] = ['circle', 'square', 'triangle', 'diamond'];

/** Phones get a narrower drawing (bigger text once scaled) with the legend on two lines. */
export const NARROW = '(max-width: 640px)';
export const narrowScreen = () => typeof matchMedia === 'function' && matchMedia(NARROW).matches;
const size = (narrow: boolean) => (narrow ? { W: 360, H: 270, top: 30 } : { W: 560, H: 250, top: 30 });

function marker(m: Marker, x: number, y: number, fill: string, r = 4, stroke?: string): unknown {
  const sw = stroke ? 1 : nothing;
  const st = stroke ?? nothing;
  if (m === 'circle') return svg`<circle cx=${x} cy=${y} r=${r} fill=${fill} stroke=${st} stroke-width=${sw}></circle>`;
  if (m === 'square') return svg`<rect x=${x - r} y=${y - r} width=${2 * r} height=${2 * r} fill=${fill} stroke=${st} stroke-width=${sw}></rect>`;
  const pts =
    m === 'triangle'
      ? [
          [x, y - r - 1],
          [x + r + 1, y + r],
          [x - r - 1, y + r],
        ]
      : [
          [x, y - r - 1],
          [x + r + 1, y],
          [x, y + r + 1],
          [x - r - 1, y],
        ];
  return svg`<polygon points=${pts.map((p) => p.join(',')).join(' ')} fill=${fill} stroke=${st} stroke-width=${sw}></polygon>`;
}

function niceTicks(lo: number, hi: number, n: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((k) => k * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

const xsOf = (series: readonly LineSeries[]) => [...new Set(series.flatMap((x) => x.points.map((p) => p[0])))].sort((a, b) => a - b);

function csv(spec: LineSpec, series: readonly LineSeries[]): string {
  const lines = [[csvCell(spec.xAxis), ...series.map((x) => csvCell(x.name))].join(',')];
  for (const x of xsOf(series)) lines.push([csvNumber(x), ...series.map((ser) => csvNumber(ser.points.find((p) => p[0] === x)?.[1] ?? NaN))].join(','));
  return lines.join('\n') + '\n';
}

function table(spec: LineSpec, series: readonly LineSeries[]): unknown {
  const yd = spec.yDigits ?? 2;
  return html`<table class="data-table" data-fig-table=${spec.id}>
    <caption>
      ${spec.title}
    </caption>
    <thead>
      <tr>
        <th scope="col">${spec.xAxis}</th>
        ${series.map((x) => html`<th scope="col">${x.name}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${xsOf(series).map(
        (x) =>
          html`<tr>
            <th scope="row">${fmt(x, spec.xDigits ?? 0)}</th>
            ${series.map((ser) => {
              const v = ser.points.find((p) => p[0] === x)?.[1];
              return v === undefined ? html`<td>—</td>` : html`<td data-v=${String(v)}>${fmt(v, yd)}</td>`;
            })}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The picture: the <svg> template and its width. */
function picture(spec: LineSpec, series: readonly LineSeries[], narrow: boolean): { svg: unknown; W: number } {
  const { W, H: H0, top } = size(narrow);
  // Legend: entries flow left to right and wrap; the plot starts below the last line.
  const legend: { x: number; y: number }[] = [];
  let lx = narrow ? 8 : 54;
  let ly = 12;
  for (const ser of series) {
    const w = 40 + ser.name.length * 6.6 + 14;
    if (lx + w > W && legend.length) {
      lx = narrow ? 8 : 54;
      ly += 17;
    }
    legend.push({ x: lx, y: ly });
    lx += w;
  }
  const legendH = ly + 10;
  const H = H0 + Math.max(0, legendH + 8 - top);
  const PAD = { left: 54, right: 14, top: Math.max(top, legendH + 8), bottom: 44 };
  const all = series.flatMap((x) => x.points);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const xs = all.map((p) => p[0]);
  const [x0, x1] = spec.xRange ?? (!xs.length ? [0, 1] : spec.xFromZero ? [0, Math.max(...xs)] : [Math.min(...xs) - 0.5, Math.max(...xs) + 0.5]);
  const [y0, y1] = spec.yRange ?? [0, Math.max(1e-9, ...all.map((p) => p[1]).filter(Number.isFinite))];
  const X = (v: number) => PAD.left + ((v - x0) / (x1 - x0 || 1)) * iw;
  const Y = (v: number) => PAD.top + ih - ((Math.min(y1, Math.max(y0, v)) - y0) / (y1 - y0 || 1)) * ih;
  // Source lengths are whole numbers: one tick each (up to 20), else round steps.
  const xTicks =
    !spec.xFromZero && x1 - x0 <= 21 ? Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, k) => Math.ceil(x0) + k) : niceTicks(x0, x1, 6);
  const body = svg`${niceTicks(y0, y1, 4).map(
    (tv) =>
      svg`<line x1=${PAD.left} x2=${W - PAD.right} y1=${Y(tv)} y2=${Y(tv)} stroke="currentColor" stroke-opacity="0.15"></line
        ><text x=${PAD.left - 6} y=${Y(tv) + 4} text-anchor="end" font-size="11" fill="currentColor">${fmt(tv, spec.yTickDigits ?? spec.yDigits ?? 2)}</text>`,
  )}${xTicks.map(
    (tv) =>
      svg`<line x1=${X(tv)} x2=${X(tv)} y1=${PAD.top + ih} y2=${PAD.top + ih + 4} stroke="currentColor"></line
        ><text x=${X(tv)} y=${PAD.top + ih + 16} text-anchor="middle" font-size="11" fill="currentColor">${fmt(tv, spec.xDigits ?? 0)}</text>`,
  )}<line x1=${PAD.left} x2=${W - PAD.right} y1=${PAD.top + ih} y2=${PAD.top + ih} stroke="currentColor"></line
    ><line x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${PAD.top + ih} stroke="currentColor"></line
    ><text x=${PAD.left + iw / 2} y=${H - 6} text-anchor="middle" font-size="12" font-style="italic" fill="currentColor">${spec.xAxis}</text
    ><text
      x="14"
      y=${PAD.top + ih / 2}
      transform=${`rotate(-90 14 ${PAD.top + ih / 2})`}
      text-anchor="middle"
      font-size="12"
      font-style="italic"
      fill="currentColor"
    >${spec.yAxis}</text
    >${
      all.length
        ? nothing
        : svg`<text x=${PAD.left + iw / 2} y=${PAD.top + ih / 2} text-anchor="middle" font-size="13" fill="currentColor" fill-opacity="0.75">${spec.empty}</text>`
    }${series.map((ser, k) => {
      const pts = ser.points.filter((p) => Number.isFinite(p[1]));
      const at = legend[k] ?? { x: PAD.left, y: 12 };
      const dash = ser.dash ?? nothing;
      // Markers only where points are sparse enough to read (the accuracy chart, not the loss curve).
      return svg`${
        pts.length
          ? svg`<polyline
              points=${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}
              fill="none"
              stroke=${ser.color}
              stroke-width="2.2"
              stroke-dasharray=${dash}
              stroke-linejoin="round"
            ></polyline>`
          : nothing
      }${pts.length <= 40 ? pts.map((p) => marker(ser.marker, X(p[0]), Y(p[1]), ser.color, 4, '#ffffff')) : nothing}<line
            x1=${at.x}
            x2=${at.x + 26}
            y1=${at.y}
            y2=${at.y}
            stroke=${ser.color}
            stroke-width="2.2"
            stroke-dasharray=${dash}
          ></line
          >${marker(ser.marker, at.x + 13, at.y, ser.color)}<text x=${at.x + 32} y=${at.y + 4} font-size="12" fill="currentColor">${ser.name}</text>`;
    })}`;
  return {
    W,
    svg: html`<svg role="img" class="bar-svg" viewBox=${`0 0 ${W} ${H}`} width=${W} height=${H} aria-label=${spec.summary(series)}>${body}</svg>`,
  };
}

/** A line chart figure (a template) of `series` as `spec` describes it. */
export function lineChart(spec: LineSpec, series: readonly LineSeries[], narrow = narrowScreen()): unknown {
  const pic = picture(spec, series, narrow);
  return figure({
    id: spec.id,
    title: spec.title,
    note: spec.note,
    csv: () => csv(spec, series),
    table: () => table(spec, series),
    exportSvg: () => detachedElement<SVGSVGElement>(pic.svg),
    visual: () => html`<div class="bar-plot" style=${`max-width:${pic.W}px`}>${pic.svg}</div>`,
  });
}
