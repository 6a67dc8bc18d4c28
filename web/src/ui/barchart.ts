// ui/barchart.ts — one or more series of values as grouped SVG bars (role=img with a summary),
// in the frame of ui/figure.ts (accessible-table toggle, PNG/CSV export), as templates: the
// on-screen SVG and the exported one are the same template. It draws the values it is given
// (core results, or counts of them for histograms) and computes none of them.
import { figure } from './figure';
import { csvCell, csvNumber, fmt } from './format';
import { t } from './i18n';
import { detachedElement, html, svg } from './render';

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

export function barChart(spec: BarSpec): unknown {
  const digits = spec.digits ?? 2;
  const csv = () => {
    const lines = [[csvCell(spec.xAxis ?? ''), ...spec.series.map((x) => csvCell(x.name))].join(',')];
    spec.labels.forEach((l, k) => lines.push([csvCell(l), ...spec.series.map((x) => csvNumber(x.values[k] ?? NaN))].join(',')));
    return lines.join('\n') + '\n';
  };
  const table = () =>
    html`<table class="data-table" data-fig-table=${spec.id}>
      <caption>
        ${spec.title}
      </caption>
      <thead>
        <tr>
          <th scope="col">${spec.xAxis ?? ''}</th>
          ${spec.series.map((x) => html`<th scope="col">${x.name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${spec.labels.map(
          (l, k) =>
            html`<tr>
              <th scope="row">${l}</th>
              ${spec.series.map((x) => html`<td data-v=${String(x.values[k])}>${fmt(x.values[k] ?? NaN, digits)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  const picture = chart(spec, digits);
  return figure({
    id: spec.id,
    title: spec.title,
    shape: spec.shape,
    note: spec.note,
    csv,
    table,
    exportSvg: () => detachedElement<SVGSVGElement>(picture.svg),
    visual: () => html`<div class="bar-plot" style=${`max-width:${picture.W}px`}>${picture.svg}</div>`,
  });
}

function chart(spec: BarSpec, digits: number): { svg: unknown; W: number } {
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
  const yb = y(Math.max(y0, 0));
  const bw = (slot - 4) / ns;
  const step = slot < 14 ? Math.ceil(14 / slot) : 1;
  const summary = t('bar.summary', { title: spec.title, n, series: spec.series.map((x) => x.name).join(', ') });
  const body = svg`
    ${[y0, (y0 + y1) / 2, y1].map(
      (tv) =>
        svg`<line x1=${left - 4} x2=${left + n * slot} y1=${y(tv)} y2=${y(tv)} stroke="currentColor" stroke-opacity="0.2"></line
          ><text x=${left - 6} y=${y(tv) + 4} text-anchor="end" font-size="10" fill="currentColor">${fmt(tv, digits)}</text>`,
    )}
    <line x1=${left} x2=${left + n * slot} y1=${yb} y2=${yb} stroke="currentColor"></line>
    ${spec.series.map((ser, si) => {
      const color = ser.color ?? COLORS[si % COLORS.length] ?? '#3a7bbf';
      return svg`${ser.values.map((v, k) => {
        if (!Number.isFinite(v)) return null;
        const x = left + k * slot + 2 + si * bw;
        const yv = y(v);
        return svg`<rect x=${x} y=${Math.min(yv, yb)} width=${Math.max(1, bw - 1)} height=${Math.max(0.5, Math.abs(yb - yv))} fill=${color}
          ><title>${`${spec.labels[k]}: ${fmt(v, digits)}`}</title></rect
        >`;
      })}${
        ns > 1
          ? svg`<rect x=${left + si * 130} y="2" width="10" height="10" fill=${color}></rect
            ><text x=${left + si * 130 + 14} y="11" font-size="11" fill="currentColor">${ser.name}</text>`
          : null
      }`;
    })}
    ${spec.labels.map((l, k) => {
      if (k % step) return null;
      const x = left + k * slot + slot / 2;
      const yy = top + ph + 14;
      return rotate
        ? svg`<text x=${x} y=${yy} transform=${`rotate(-55 ${x} ${yy})`} text-anchor="end" font-size="10" fill="currentColor">${l}</text>`
        : svg`<text x=${x} y=${yy} text-anchor="middle" font-size="11" fill="currentColor">${l}</text>`;
    })}
    ${
      spec.xAxis
        ? svg`<text x=${left + (n * slot) / 2} y=${H - 3} text-anchor="middle" font-size="11" font-style="italic" fill="currentColor">${spec.xAxis}</text>`
        : null
    }
    ${
      spec.yAxis
        ? svg`<text x="12" y=${top + ph / 2} transform=${`rotate(-90 12 ${top + ph / 2})`} text-anchor="middle" font-size="11" font-style="italic" fill="currentColor"
          >${spec.yAxis}</text
        >`
        : null
    }`;
  return {
    W,
    svg: html`<svg role="img" class="bar-svg" viewBox=${`0 0 ${W} ${H}`} width=${W} height=${H} aria-label=${summary}>${body}</svg>`,
  };
}
