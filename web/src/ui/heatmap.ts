// ui/heatmap.ts — a matrix as a heatmap: the cells and their numbers painted on a <canvas>
// (devicePixelRatio-sharp, aria-hidden) inside an SVG frame of row/column labels, axis names and
// colour legend (role=img, aria-label summary), under a transparent grid of focusable cells
// (role=grid, roving tabindex, arrow keys, data-v and an aria-label per cell) whose hover or
// focus shows a provenance tooltip ("where this number came from"), plus the same numbers as an
// accessible <table>, CSV export and a PNG export drawn from a full SVG (cells as rects and
// texts) that is built only when the learner asks for it. A recompute that draws the same
// figure id again repaints the canvas and updates the existing frame, SVG and grid in place:
// only changed labels, values and aria-labels are written, focus and the open tooltip survive.
// It displays the numbers it is given (the core's results) and computes none; provenance text
// is supplied by the lesson.
import { at, type Matrix } from '../model/matrix';
import { gradientStops, rgbAt, textOnRgb, type Palette } from './colors';
import { h, s, uniqueId } from './dom';
import { liveFrame, type Visual } from './figure';
import { csvCell, csvNumber, fmt } from './format';
import { t } from './i18n';
import { patch, sv, type VNode } from './vdom';

export interface HeatmapSpec {
  id: string;
  title: string;
  m: Matrix;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  /** Axis names, e.g. "query i" / "key j". */
  rowAxis?: string;
  colAxis?: string;
  palette?: Palette;
  /** Colour domain; default: data range (symmetric around 0 for 'diverging'). */
  domain?: [number, number];
  digits?: number;
  /** Print values in cells (default when cells are big enough). */
  values?: boolean;
  /** Cell size in SVG units (default from the number of columns). */
  cell?: number;
  shape?: string;
  note?: string;
  /** Where cell (i, j) came from, e.g. "score(2,3) = q₂·k₃ = … = 0.53". */
  provenance?: (i: number, j: number) => string;
  /** Cells drawn with an outline (e.g. the argmax of each row). */
  marked?: (i: number, j: number) => boolean;
}

function domainOf(spec: HeatmapSpec): [number, number] {
  if (spec.domain) return spec.domain;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of spec.m.data)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo)) return [0, 1];
  if ((spec.palette ?? 'viridis') === 'diverging') {
    const a = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-a, a];
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

const labelOf = (labels: readonly string[] | undefined, i: number) => labels?.[i] ?? String(i + 1);

/** A heatmap figure. Called again with the same id while the old one is on the page, it
 *  updates that figure in place and returns the same element. */
export function heatmap(spec: HeatmapSpec): HTMLElement {
  return liveFrame(frameSpec(spec));
}

function frameSpec(spec: HeatmapSpec) {
  const { m } = spec;
  const digits = spec.digits ?? 2;
  const palette = spec.palette ?? 'viridis';
  const [lo, hi] = domainOf(spec);
  const csv = () => {
    const head = [csvCell(`${spec.rowAxis ?? ''}\\${spec.colAxis ?? ''}`), ...Array.from({ length: m.cols }, (_, j) => csvCell(labelOf(spec.colLabels, j)))];
    const lines = [head.join(',')];
    for (let i = 0; i < m.rows; i++)
      lines.push([csvCell(labelOf(spec.rowLabels, i)), ...Array.from({ length: m.cols }, (_, j) => csvNumber(at(m, i, j)))].join(','));
    return lines.join('\n') + '\n';
  };
  const table = () => {
    const caption = h('caption', {}, `${spec.title}${spec.shape ? ' ' + spec.shape : ''}`);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, `${spec.rowAxis ?? ''} \\ ${spec.colAxis ?? ''}`),
      Array.from({ length: m.cols }, (_, j) => h('th', { scope: 'col' }, labelOf(spec.colLabels, j))),
    );
    const rows = Array.from({ length: m.rows }, (_, i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, labelOf(spec.rowLabels, i)),
        Array.from({ length: m.cols }, (_, j) => h('td', { 'data-v': String(at(m, i, j)), title: spec.provenance?.(i, j) }, fmt(at(m, i, j), digits))),
      ),
    );
    return h('table', { class: 'data-table', 'data-fig-table': spec.id }, caption, h('thead', {}, head), h('tbody', {}, rows));
  };
  return {
    id: spec.id,
    title: spec.title,
    shape: spec.shape,
    note: spec.note,
    csv,
    table,
    visual: (prev?: Visual) => visual(spec, lo, hi, digits, palette, prev),
  };
}

/** Geometry of one drawing; what painting, the grid and the tooltip need. */
interface Geometry {
  spec: HeatmapSpec;
  left: number;
  top: number;
  W: number;
  H: number;
  cs: number;
  digits: number;
  lo: number;
  hi: number;
  palette: Palette;
  showValues: boolean;
  rotate: boolean;
  /** Size of the numbers printed in the cells. */
  fontSize: number;
}

interface Drawn extends Visual {
  canvas: HTMLCanvasElement;
  grid: HTMLElement;
  tip: HTMLElement;
  tipId: string;
  gid: string;
  geo: Geometry;
  /** The grid's cells, row by row, and what each shows now (data-v, aria-label). */
  cells: HTMLElement[];
  cellRows: number;
  cellV: string[];
  cellLabel: string[];
  /** The grid cell that is in the tab order (roving tabindex). */
  active: [number, number];
  tabCell?: HTMLElement;
  /** The cell whose tooltip is showing, if any. */
  shown?: [number, number];
  refreshTip(): void;
}

const drawn = new WeakMap<HTMLElement, Drawn>();

/** The page's font (body in styles.css), for the numbers painted on the canvas. */
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const norm = (g: Geometry, v: number) => (g.hi === g.lo ? 0.5 : (v - g.lo) / (g.hi - g.lo));
/** A cell's fill as 0xRRGGBB (non-finite values grey) and as a CSS colour. */
const rgbOf = (g: Geometry, v: number) => (Number.isFinite(v) ? rgbAt(g.palette, norm(g, v)) : 0xc4c4c4);
const css = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

/** Labels, axis names and legend (on screen), and with `cells` also the cells as SVG (export). */
function svgContent(g: Geometry, gid: string, cells: boolean): VNode[] {
  const { spec, left, top, cs, digits, lo, hi, palette, showValues, rotate, fontSize } = g;
  const { m } = spec;
  const labelStep = cs < 20 ? Math.ceil(20 / cs) : 1;

  const rects: VNode[] = [];
  const crosses: VNode[] = [];
  const marks: VNode[] = [];
  const texts: VNode[] = [];
  if (cells)
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = at(m, i, j);
        const x = left + j * cs;
        const y = top + i * cs;
        const finite = Number.isFinite(v);
        const rgb = rgbOf(g, v);
        const fill = css(rgb);
        rects.push(sv('rect', { x, y, width: cs, height: cs, fill, stroke: '#ffffff', 'stroke-width': 0.5 }));
        if (!finite && !showValues) crosses.push(sv('path', { d: `M${x + 2},${y + cs - 2}L${x + cs - 2},${y + 2}`, stroke: '#ffffff', 'stroke-width': 1 }));
        if (spec.marked?.(i, j))
          marks.push(
            sv('rect', { x: x + 1.5, y: y + 1.5, width: cs - 3, height: cs - 3, fill: 'none', stroke: '#e8e8e8', 'stroke-width': 3 }),
            sv('rect', { x: x + 1.5, y: y + 1.5, width: cs - 3, height: cs - 3, fill: 'none', stroke: '#111', 'stroke-width': 1.2, 'stroke-dasharray': '3 2' }),
          );
        if (showValues)
          texts.push(
            sv(
              'text',
              { x: x + cs / 2, y: y + cs / 2 + fontSize / 3, 'text-anchor': 'middle', 'font-size': fontSize, fill: finite ? textOnRgb(rgb) : '#111111' },
              fmt(v, digits),
            ),
          );
      }
  const labels: VNode[] = [];
  for (let i = 0; i < m.rows; i += labelStep)
    labels.push(
      sv('text', { x: left - 6, y: top + i * cs + cs / 2 + 4, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' }, labelOf(spec.rowLabels, i)),
    );
  for (let j = 0; j < m.cols; j += labelStep) {
    const x = left + j * cs + cs / 2;
    const y = top - 6;
    labels.push(
      rotate
        ? sv('text', { x, y, transform: `rotate(-50 ${x} ${y})`, 'font-size': 11, fill: 'currentColor' }, labelOf(spec.colLabels, j))
        : sv('text', { x, y, 'text-anchor': 'middle', 'font-size': 12, fill: 'currentColor' }, labelOf(spec.colLabels, j)),
    );
  }
  if (spec.rowAxis)
    labels.push(
      sv(
        'text',
        {
          x: 10,
          y: top + (m.rows * cs) / 2,
          transform: `rotate(-90 10 ${top + (m.rows * cs) / 2})`,
          'text-anchor': 'middle',
          'font-size': 11,
          'font-style': 'italic',
          fill: 'currentColor',
        },
        spec.rowAxis,
      ),
    );
  if (spec.colAxis)
    labels.push(
      sv('text', { x: left + (m.cols * cs) / 2, y: 12, 'text-anchor': 'middle', 'font-size': 11, 'font-style': 'italic', fill: 'currentColor' }, spec.colAxis),
    );
  // Colour legend.
  const lx = left + m.cols * cs + 16;
  const lh = Math.min(140, Math.max(60, m.rows * cs));
  const stops = gradientStops(palette);
  const legend = [
    sv(
      'defs',
      {},
      sv(
        'linearGradient',
        { id: gid, x1: 0, y1: 1, x2: 0, y2: 0 },
        stops.map((c, k) => sv('stop', { offset: k / (stops.length - 1), 'stop-color': c })),
      ),
    ),
    sv('rect', { x: lx, y: top, width: 12, height: lh, fill: `url(#${gid})`, stroke: 'currentColor', 'stroke-width': 0.5 }),
    sv('text', { x: lx + 16, y: top + 9, 'font-size': 10, fill: 'currentColor' }, fmt(hi, digits)),
    sv('text', { x: lx + 16, y: top + lh, 'font-size': 10, fill: 'currentColor' }, fmt(lo, digits)),
  ];
  // Groups keep each kind of element at stable positions, so a patch reuses them one for one.
  const groups = [sv('g', { class: 'hm-labels' }, labels)];
  if (cells)
    groups.push(
      sv('g', { class: 'hm-cells' }, rects),
      sv('g', { class: 'hm-crosses' }, crosses),
      sv('g', { class: 'hm-marks' }, marks),
      sv('g', { class: 'hm-values' }, texts),
    );
  groups.push(sv('g', { class: 'hm-legend' }, legend));
  return groups;
}

/** A detached canvas of one pixel per cell, grown as needed and shared by all heatmaps (see
 *  paint). (Painting everything off the page and copying it over costs more: the copy makes the
 *  browser rasterize the picture at once instead of when it draws the frame.) */
let cellPixels: HTMLCanvasElement | undefined;

function detached(c: HTMLCanvasElement | undefined, w: number, hgt: number): HTMLCanvasElement {
  const el = c ?? document.createElement('canvas');
  if (el.width < w) el.width = w;
  if (el.height < hgt) el.height = hgt;
  return el;
}

/** Paints the cells as svgContent(…, true) draws them, on the canvas over the cell area (which
 *  spans cols·cs × rows·cs SVG units), at the screen's pixel density. */
function paint(canvas: HTMLCanvasElement, g: Geometry): void {
  const { spec, cs, digits, showValues, fontSize } = g;
  const { m } = spec;
  const w = m.cols * cs;
  const hgt = m.rows * cs;
  const k = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  const bw = Math.max(1, Math.round(w * k));
  const bh = Math.max(1, Math.round(hgt * k));
  if (canvas.width !== bw) canvas.width = bw;
  if (canvas.height !== bh) canvas.height = bh;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(bw / Math.max(w, 1), 0, 0, bh / Math.max(hgt, 1), 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  // The fills: one pixel per cell, scaled up without smoothing, so all cells are one drawImage.
  const n = m.rows * m.cols;
  const rgb = new Int32Array(n);
  if (n > 0) {
    const img = new ImageData(m.cols, m.rows);
    const px = img.data;
    for (let q = 0; q < n; q++) {
      const v = m.data[q] ?? NaN;
      const c = rgbOf(g, v);
      rgb[q] = c;
      px[4 * q] = (c >> 16) & 255;
      px[4 * q + 1] = (c >> 8) & 255;
      px[4 * q + 2] = c & 255;
      px[4 * q + 3] = 255;
    }
    cellPixels = detached(cellPixels, m.cols, m.rows);
    cellPixels.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cellPixels, 0, 0, m.cols, m.rows, 0, 0, w, hgt);
  }
  // The white 0.5-unit border every cell has in the SVG, as one path of grid lines.
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 0.5;
  ctx.beginPath();
  for (let i = 0; i <= m.rows; i++) {
    ctx.moveTo(0, i * cs);
    ctx.lineTo(w, i * cs);
  }
  for (let j = 0; j <= m.cols; j++) {
    ctx.moveTo(j * cs, 0);
    ctx.lineTo(j * cs, hgt);
  }
  ctx.stroke();
  if (!showValues) {
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++)
        if (!Number.isFinite(at(m, i, j))) {
          ctx.moveTo(j * cs + 2, i * cs + cs - 2);
          ctx.lineTo(j * cs + cs - 2, i * cs + 2);
        }
    ctx.stroke();
  }
  if (spec.marked)
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++)
        if (spec.marked(i, j)) {
          const x = j * cs + 1.5;
          const y = i * cs + 1.5;
          ctx.setLineDash([]);
          ctx.strokeStyle = '#e8e8e8';
          ctx.lineWidth = 3;
          ctx.strokeRect(x, y, cs - 3, cs - 3);
          ctx.setLineDash([3, 2]);
          ctx.strokeStyle = '#111111';
          ctx.lineWidth = 1.2;
          ctx.strokeRect(x, y, cs - 3, cs - 3);
          ctx.setLineDash([]);
        }
  if (showValues) {
    ctx.font = `${fontSize}px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = at(m, i, j);
        ctx.fillStyle = Number.isFinite(v) ? textOnRgb(rgb[i * m.cols + j] ?? 0) : '#111111';
        ctx.fillText(fmt(v, digits), j * cs + cs / 2, i * cs + cs / 2 + fontSize / 3);
      }
  }
}

function geometry(spec: HeatmapSpec, lo: number, hi: number, digits: number, palette: Palette): Geometry {
  const { m } = spec;
  const cs = spec.cell ?? Math.max(10, Math.min(44, Math.floor(440 / Math.max(m.cols, 1)), Math.floor(760 / Math.max(m.rows, 1))));
  const longestRow = Math.max(1, ...Array.from({ length: m.rows }, (_, i) => labelOf(spec.rowLabels, i).length));
  const longestCol = Math.max(1, ...Array.from({ length: m.cols }, (_, j) => labelOf(spec.colLabels, j).length));
  const rotate = longestCol * 7.5 > cs - 4;
  const left = Math.min(110, 12 + longestRow * 7.2) + (spec.rowAxis ? 16 : 0);
  const top = (rotate ? Math.min(90, 10 + longestCol * 6.5) : 22) + (spec.colAxis ? 18 : 0);
  const legendW = 34 + (digits + 3) * 6.5;
  const W = left + m.cols * cs + legendW;
  const H = Math.max(top + m.rows * cs + 8, 170);
  return { spec, left, top, W, H, cs, digits, lo, hi, palette, showValues: spec.values ?? cs >= 34, rotate, fontSize: Math.max(8, Math.min(12, cs / 3.4)) };
}

/** The whole figure as one standalone SVG (cells as rects and texts): what PNG export draws. */
function fullSvg(g: Geometry, summary: string): SVGSVGElement {
  const svg = s('svg', { role: 'img', class: 'hm-svg', viewBox: `0 0 ${g.W} ${g.H}`, width: g.W, height: g.H, 'aria-label': summary });
  patch(svg, svgContent(g, uniqueId('grad'), true));
  return svg;
}

/** Makes the grid rows × cols cells (creating or removing only the difference). */
function shapeGrid(d: Drawn, rows: number, cols: number): void {
  const { grid } = d;
  if (d.cellRows === rows && d.cells.length === rows * cols) return;
  while (grid.children.length > rows) grid.lastElementChild?.remove();
  while (grid.children.length < rows) grid.append(h('div', { role: 'row', class: 'hm-row' }));
  const cells: HTMLElement[] = [];
  let i = 0;
  for (let r = grid.firstElementChild; r; r = r.nextElementSibling, i++) {
    while (r.children.length > cols) r.lastElementChild?.remove();
    for (let j = r.children.length; j < cols; j++) r.append(h('div', { role: 'gridcell', class: 'hm-cell', 'data-i': i, 'data-j': j, tabindex: -1 }));
    for (let c = r.firstElementChild; c; c = c.nextElementSibling) cells.push(c as HTMLElement);
  }
  // Cells that stayed keep their record of what they show; a removed cell is no tab stop.
  const oldCols = d.cells.length / Math.max(1, d.cellRows);
  const v: string[] = [];
  const l: string[] = [];
  for (let i = 0; i < Math.min(rows, d.cellRows); i++)
    for (let j = 0; j < Math.min(cols, oldCols); j++) {
      v[i * cols + j] = d.cellV[i * oldCols + j] ?? '';
      l[i * cols + j] = d.cellLabel[i * oldCols + j] ?? '';
    }
  d.cells = cells;
  d.cellRows = rows;
  d.cellV = v;
  d.cellLabel = l;
  if (d.tabCell && !grid.contains(d.tabCell)) d.tabCell = undefined;
}

/** Repaints the heatmaps on the page when the pixel density changes (browser zoom, a window
 *  moved to another screen), so their canvases stay sharp. Zoom fires `resize`; a change of
 *  screen may only change the resolution media query. */
let densityWatched = false;
function watchDensity(): void {
  if (densityWatched || typeof matchMedia !== 'function') return;
  densityWatched = true;
  let dpr = globalThis.devicePixelRatio || 1;
  const check = () => {
    const now = globalThis.devicePixelRatio || 1;
    if (now === dpr) return;
    dpr = now;
    for (const el of document.querySelectorAll<HTMLElement>('.hm-plot')) {
      const d = drawn.get(el);
      if (d) paint(d.canvas, d.geo);
    }
    query();
  };
  const query = () => matchMedia(`(resolution: ${dpr}dppx)`).addEventListener('change', check, { once: true });
  query();
  addEventListener('resize', check);
}

function visual(spec: HeatmapSpec, lo: number, hi: number, digits: number, palette: Palette, prev?: Visual): Drawn {
  const { m } = spec;
  const geo = geometry(spec, lo, hi, digits, palette);
  const { left, top, W, H, cs } = geo;
  const shown = (v: number) => fmt(v, digits);

  let mn = Infinity;
  let mx = -Infinity;
  for (const v of m.data)
    if (Number.isFinite(v)) {
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
    }
  const summary = t('hm.summary', {
    title: spec.title,
    rows: m.rows,
    cols: m.cols,
    min: mn <= mx ? fmt(mn, digits) : '—',
    max: mn <= mx ? fmt(mx, digits) : '—',
  });
  const old = prev && drawn.get(prev.el);
  // A frame that comes back to the page (e.g. a head that was hidden) shows no stale tooltip.
  if (old && !old.el.isConnected) old.tip.hidden = true;
  const d = old || create();
  d.geo = geo;
  d.exportSvg = () => fullSvg(geo, summary);
  const svgAttrs: Record<string, string> = { viewBox: `0 0 ${W} ${H}`, width: String(W), height: String(H), 'aria-label': summary };
  for (const [k, v] of Object.entries(svgAttrs)) if (d.svg.getAttribute(k) !== v) d.svg.setAttribute(k, v);
  patch(d.svg, svgContent(geo, d.gid, false));
  const wrapStyle = `max-width:${W}px`;
  if (d.el.getAttribute('style') !== wrapStyle) d.el.setAttribute('style', wrapStyle);

  // The canvas and the focusable grid over the cells, in percentages so they follow the SVG's
  // scaling.
  const box = `left:${(left / W) * 100}%;top:${(top / H) * 100}%;width:${((m.cols * cs) / W) * 100}%;height:${((m.rows * cs) / H) * 100}%`;
  if (d.canvas.getAttribute('style') !== box) d.canvas.setAttribute('style', box);
  paint(d.canvas, geo);
  watchDensity();
  const gridStyle = `${box};grid-template-columns:repeat(${m.cols},1fr);grid-template-rows:repeat(${m.rows},1fr)`;
  if (d.grid.getAttribute('style') !== gridStyle) d.grid.setAttribute('style', gridStyle);
  if (d.grid.getAttribute('aria-label') !== spec.title) d.grid.setAttribute('aria-label', spec.title);
  shapeGrid(d, m.rows, m.cols);
  for (let i = 0, n = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++, n++) {
      const c = d.cells[n] as HTMLElement;
      const v = at(m, i, j);
      const dv = String(v);
      if (d.cellV[n] !== dv) {
        c.setAttribute('data-v', dv);
        d.cellV[n] = dv;
      }
      const label = `${labelOf(spec.rowLabels, i)}, ${labelOf(spec.colLabels, j)}: ${shown(v)}`;
      if (d.cellLabel[n] !== label) {
        c.setAttribute('aria-label', label);
        d.cellLabel[n] = label;
      }
    }
  // Roving tabindex: the active cell stays active if it still exists, else the first one.
  if (d.active[0] >= m.rows || d.active[1] >= m.cols) d.active = [0, 0];
  // (The attribute, not .tabIndex: a div without the attribute reports -1 but is not focusable.)
  const want = d.cells[d.active[0] * m.cols + d.active[1]];
  if (want && d.tabCell !== want) {
    d.tabCell?.setAttribute('tabindex', '-1');
    want.setAttribute('tabindex', '0');
    d.tabCell = want;
  }
  // An open tooltip follows the new numbers (or closes if its cell is gone).
  d.refreshTip();
  return d;
}

function cellAt(grid: HTMLElement, i: number, j: number): HTMLElement | undefined {
  return grid.children[i]?.children[j] as HTMLElement | undefined;
}

/** The parts of a heatmap that live as long as the figure: SVG, grid, tooltip, their handlers. */
function create(): Drawn {
  const svg = s('svg', { role: 'img', class: 'hm-svg' });
  const tipId = uniqueId('tip');
  const tip = h('div', { class: 'tooltip', role: 'tooltip', id: tipId, hidden: true });
  const grid = h('div', { class: 'hm-grid', role: 'grid' });
  const canvas = h('canvas', { class: 'hm-canvas', 'aria-hidden': 'true' });
  const wrap = h('div', { class: 'hm-plot' }, svg, canvas, grid, tip);
  const d: Drawn = {
    el: wrap,
    svg,
    exportSvg: () => svg,
    canvas,
    grid,
    tip,
    tipId,
    gid: uniqueId('grad'),
    geo: undefined as unknown as Geometry,
    cells: [],
    cellRows: 0,
    cellV: [],
    cellLabel: [],
    active: [0, 0],
    refreshTip() {
      if (!d.shown || tip.hidden) return;
      const [i, j] = d.shown;
      const c = cellAt(grid, i, j);
      if (c) show(c);
      else hide();
    },
  };
  const show = (c: HTMLElement) => {
    const { spec, left, top, W, H, cs, digits } = d.geo;
    const i = Number(c.dataset.i);
    const j = Number(c.dataset.j);
    const v = at(spec.m, i, j);
    tip.textContent = spec.provenance ? spec.provenance(i, j) : `(${labelOf(spec.rowLabels, i)}, ${labelOf(spec.colLabels, j)}) = ${fmt(v, digits)}`;
    tip.hidden = false;
    d.shown = [i, j];
    const xPct = ((left + (j + 0.5) * cs) / W) * 100;
    const yPct = ((top + (i + 1) * cs) / H) * 100;
    tip.style.top = `calc(${yPct}% + 6px)`;
    if (xPct > 55) {
      tip.style.left = '';
      tip.style.right = `${100 - xPct}%`;
    } else {
      tip.style.right = '';
      tip.style.left = `${Math.max(0, xPct - 4)}%`;
    }
    c.setAttribute('aria-describedby', tipId);
  };
  const hide = () => {
    tip.hidden = true;
    d.shown = undefined;
  };
  grid.addEventListener('mouseover', (e) => {
    const c = (e.target as HTMLElement).closest<HTMLElement>('.hm-cell');
    if (c) show(c);
  });
  grid.addEventListener('mouseleave', () => {
    if (!grid.contains(document.activeElement)) hide();
  });
  grid.addEventListener('focusin', (e) => {
    const c = (e.target as HTMLElement).closest<HTMLElement>('.hm-cell');
    if (!c) return;
    if (d.tabCell !== c) d.tabCell?.setAttribute('tabindex', '-1');
    c.setAttribute('tabindex', '0');
    d.tabCell = c;
    d.active = [Number(c.dataset.i), Number(c.dataset.j)];
    show(c);
  });
  grid.addEventListener('focusout', (e) => {
    if (!grid.contains(e.relatedTarget as Node)) hide();
  });
  grid.addEventListener('keydown', (e) => {
    const c = (e.target as HTMLElement).closest<HTMLElement>('.hm-cell');
    if (!c) return;
    const { m } = d.geo.spec;
    let i = Number(c.dataset.i);
    let j = Number(c.dataset.j);
    switch (e.key) {
      case 'ArrowRight':
        j = Math.min(m.cols - 1, j + 1);
        break;
      case 'ArrowLeft':
        j = Math.max(0, j - 1);
        break;
      case 'ArrowDown':
        i = Math.min(m.rows - 1, i + 1);
        break;
      case 'ArrowUp':
        i = Math.max(0, i - 1);
        break;
      case 'Home':
        j = 0;
        break;
      case 'End':
        j = m.cols - 1;
        break;
      case 'Escape':
        hide();
        return;
      default:
        return;
    }
    e.preventDefault();
    cellAt(grid, i, j)?.focus();
  });
  drawn.set(wrap, d);
  return d;
}
