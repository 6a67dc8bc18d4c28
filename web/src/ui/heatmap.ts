// ui/heatmap.ts — a matrix as a heatmap. One description of what to draw (`describe`: geometry,
// and per cell its value, printed text, fill, text colour, outline and accessible label) feeds the
// three drawings of the same cells, so they cannot drift:
//  - on screen, the cells and their numbers painted on a <canvas> (devicePixelRatio-sharp,
//    aria-hidden; a figure without numbers, outlines or crosses has one canvas pixel per cell,
//    scaled up unsmoothed, and its cell borders as an SVG path over it) inside an SVG frame of
//    row/column labels, axis names and colour legend (role=img, aria-label summary), under a
//    transparent grid of focusable cells (role=grid, roving tabindex, arrow keys, data-v and an
//    aria-label per cell) whose hover or focus shows a provenance tooltip ("where this number came
//    from");
//  - the PNG export's standalone SVG (the same template with the cells as rects and texts);
//  - the accessible <table> and the CSV.
// The plot is an island (ui/render.ts): the focused cell and the tooltip are its own state. It
// displays the numbers it is given (the core's results) and computes none; provenance text is
// supplied by the lesson.
import { cached } from '../model/lru';
import { at, type Matrix } from '../model/matrix';
import { gradientStops, rgbAt, textOnRgb, type Palette } from './colors';
import { figure } from './figure';
import { csvCell, csvNumber, fmt } from './format';
import { language, t } from './i18n';
import {
  detachedElement,
  Directive,
  directive,
  guard,
  html,
  island,
  noChange,
  nothing,
  painted,
  PartType,
  svg,
  uniqueId,
  type ElementPart,
  type Local,
  type PartInfo,
} from './render';

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
  const data = spec.m.data;
  // An index loop: for…of over a typed array allocates an iterator result per cell until V8
  // optimizes the function, and a page calls this for every figure on every change.
  for (let q = 0; q < data.length; q++) {
    const v = data[q] ?? NaN;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if ((spec.palette ?? 'viridis') === 'diverging') {
    const a = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-a, a];
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

const labelOf = (labels: readonly string[] | undefined, i: number) => labels?.[i] ?? String(i + 1);
const css = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

/** The page's font (body in styles.css), for the numbers painted on the canvas. */
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** What every drawing of the heatmap draws: geometry and, row by row, every cell. */
interface Description {
  spec: HeatmapSpec;
  rows: number;
  cols: number;
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
  /** Nothing but flat fills to paint (no numbers, outlines or crosses): the canvas holds one pixel
   *  per cell, scaled up by the browser without smoothing, and the white cell borders are an SVG
   *  path over it. A canvas the size of the cell area would be allocated again on every change of
   *  shape, which for a large figure costs more than everything else the change does. */
  pixelCells: boolean;
  rotate: boolean;
  /** Size of the numbers printed in the cells. */
  fontSize: number;
  /** Per cell (row-major): fill as 0xRRGGBB (non-finite values grey), printed text, its colour (empty when the numbers are not drawn), outline. */
  rgb: Int32Array;
  text: string[];
  textFill: string[];
  marked: boolean[];
  finite: boolean[];
  /** Per cell: what the accessible grid's cell says, its data-v (the full-precision value) and
   *  its aria-label (row label, column label and the printed text). */
  value: string[];
  label: string[];
  summary: string;
  /** Everything the figure shows besides its numbers and outlines (describe's key): its labels
   *  and axis names follow from it alone. */
  frame: string;
}

/** Whether two descriptions paint the same canvas (painted() repaints only when they do not):
 *  everything paint() reads. textFill follows rgb and finite; the numbers are drawn only with
 *  showValues; pixelCells follows showValues, marked and finite. */
function samePicture(a: Description, b: Description): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols || a.cs !== b.cs || a.showValues !== b.showValues || a.fontSize !== b.fontSize) return false;
  // One description shown again (describe's reuse): the same arrays.
  if (a.rgb === b.rgb && a.marked === b.marked && a.finite === b.finite && a.text === b.text) return true;
  for (let q = 0; q < a.rows * a.cols; q++)
    if (a.rgb[q] !== b.rgb[q] || a.marked[q] !== b.marked[q] || a.finite[q] !== b.finite[q] || (a.showValues && a.text[q] !== b.text[q])) return false;
  return true;
}

/**
 * The last descriptions of each figure (by id), with the numbers and the settings they describe:
 * a figure shown again as it was a moment ago (a select or checkbox switched back, a slider
 * returned to where it was) takes the strings it had then instead of making new ones. Besides
 * the formatting this saves, the browser keeps a string it has already stored in an attribute,
 * so writing the same string object to a cell's data-v or aria-label again costs about a fifth of
 * writing a new string with the same characters (measured: 1,737 cells, 0.4 ms against 1.8 ms).
 * Each entry is checked against everything describe() reads, the numbers included, so a hit
 * describes exactly what describe() would make again. An entry keeps what was described, not the
 * figure's spec: a spec's functions (provenance, marked) close over the lesson page that made
 * them, and a cache holding them kept every lesson the learner had left alive, its whole DOM
 * with it (a heap that grew with every lesson visited, and longer garbage collections).
 */
interface Remembered {
  key: string;
  /** The numbers' bits as 16-bit halves (see halves). */
  bits: Uint16Array;
  marked: boolean[];
  d: Described;
}
/** A description without the spec it was made from. */
type Described = Omit<Description, 'spec'>;
const recentDescriptions = new Map<string, Remembered[]>();
/** Descriptions kept per figure, and cells kept in all (the figures described least recently are
 *  forgotten first): at most about 12 MB of strings, a few hundred KB on a typical lesson. */
const KEPT_PER_FIGURE = 4;
const KEPT_CELLS = 100_000;
let keptCells = 0;
const cellsOf = (list: readonly Remembered[]) => list.reduce((n, r) => n + r.marked.length, 0);

/** Whether two arrays hold the same items. */
function sameItems<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (a.length !== b.length) return false;
  for (let q = 0; q < a.length; q++) if (a[q] !== b[q]) return false;
  return true;
}

/** A float array's bits as 16-bit halves, so numbers compare bit for bit (−0 is not 0; a NaN is
 *  the same NaN only with the same payload, which at worst describes a figure again) without
 *  reading floats: a float read from a typed array is a new heap number in V8's unoptimized tiers,
 *  and comparing a figure's numbers that way made more garbage than the rest of its update. */
const halves = (a: Float32Array): Uint16Array => new Uint16Array(a.buffer, a.byteOffset, a.length * 2);

function describe(spec: HeatmapSpec): Description {
  const { m } = spec;
  const marked: boolean[] = new Array<boolean>(m.rows * m.cols);
  for (let i = 0, q = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++, q++) marked[q] = spec.marked?.(i, j) ?? false;
  // Everything describe() reads besides the numbers and the outlines (JSON keeps undefined apart
  // from a label array and an absent domain apart from a given one).
  const key = JSON.stringify([
    language(),
    m.rows,
    m.cols,
    spec.title,
    spec.rowLabels ?? null,
    spec.colLabels ?? null,
    spec.rowAxis ?? null,
    spec.colAxis ?? null,
    spec.palette ?? null,
    spec.domain ?? null,
    spec.digits ?? null,
    spec.values ?? null,
    spec.cell ?? null,
  ]);
  const kept = recentDescriptions.get(spec.id) ?? [];
  const bits = halves(m.data);
  const hit = kept.find((r) => r.key === key && sameItems(r.bits, bits) && sameItems(r.marked, marked));
  const described = hit?.d ?? describeAnew(spec, marked, key);
  const now = [hit ?? { key, bits: bits.slice(), marked, d: described }, ...kept.filter((r) => r !== hit)].slice(0, KEPT_PER_FIGURE);
  recentDescriptions.delete(spec.id);
  recentDescriptions.set(spec.id, now);
  keptCells += cellsOf(now) - cellsOf(kept);
  for (const [id, list] of recentDescriptions) {
    if (keptCells <= KEPT_CELLS || id === spec.id) break;
    recentDescriptions.delete(id);
    keptCells -= cellsOf(list);
  }
  return { ...described, spec };
}

function describeAnew(spec: HeatmapSpec, marked: boolean[], frame: string): Described {
  const { m } = spec;
  const digits = spec.digits ?? 2;
  const palette = spec.palette ?? 'viridis';
  const [lo, hi] = domainOf(spec);
  const cs = spec.cell ?? Math.max(10, Math.min(44, Math.floor(440 / Math.max(m.cols, 1)), Math.floor(760 / Math.max(m.rows, 1))));
  const longestRow = Math.max(1, ...Array.from({ length: m.rows }, (_, i) => labelOf(spec.rowLabels, i).length));
  const longestCol = Math.max(1, ...Array.from({ length: m.cols }, (_, j) => labelOf(spec.colLabels, j).length));
  const rotate = longestCol * 7.5 > cs - 4;
  const left = Math.min(110, 12 + longestRow * 7.2) + (spec.rowAxis ? 16 : 0);
  const top = (rotate ? Math.min(90, 10 + longestCol * 6.5) : 22) + (spec.colAxis ? 18 : 0);
  const legendW = 34 + (digits + 3) * 6.5;
  const n = m.rows * m.cols;
  const showValues = spec.values ?? cs >= 34;
  const rgb = new Int32Array(n);
  const text: string[] = new Array<string>(n);
  const textFill: string[] = new Array<string>(n);
  const finite: boolean[] = new Array<boolean>(n);
  const value: string[] = new Array<string>(n);
  const label: string[] = new Array<string>(n);
  const colNames = Array.from({ length: m.cols }, (_, j) => labelOf(spec.colLabels, j));
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0, q = 0; i < m.rows; i++) {
    const rowName = labelOf(spec.rowLabels, i);
    for (let j = 0; j < m.cols; j++, q++) {
      const v = m.data[q] ?? NaN;
      const fin = Number.isFinite(v);
      const c = fin ? rgbAt(palette, hi === lo ? 0.5 : (v - lo) / (hi - lo)) : 0xc4c4c4;
      rgb[q] = c;
      finite[q] = fin;
      const printed = fmt(v, digits);
      text[q] = printed;
      value[q] = String(v);
      label[q] = `${rowName}, ${colNames[j] ?? ''}: ${printed}`;
      // The numbers' colour, where numbers are drawn (the canvas and the exported SVG only then).
      textFill[q] = !showValues ? '' : fin ? textOnRgb(c) : '#111111';
      if (fin) {
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
    }
  }
  const pixelCells = !showValues && !marked.includes(true) && !finite.includes(false);
  const summary = t('hm.summary', {
    title: spec.title,
    rows: m.rows,
    cols: m.cols,
    min: mn <= mx ? fmt(mn, digits) : '—',
    max: mn <= mx ? fmt(mx, digits) : '—',
  });
  const fontSize = Math.max(8, Math.min(12, cs / 3.4));
  return {
    rows: m.rows,
    cols: m.cols,
    left,
    top,
    W: left + m.cols * cs + legendW,
    H: Math.max(top + m.rows * cs + 8, 170),
    cs,
    digits,
    lo,
    hi,
    palette,
    showValues,
    pixelCells,
    rotate,
    fontSize,
    rgb,
    text,
    textFill,
    marked,
    finite,
    value,
    label,
    summary,
    frame,
  };
}

/**
 * What of the picture is SVG: `export`, all of it (labels, axis names, cells, legend) in one
 * picture; on screen, where the cells are painted on the canvas, `shapes` (the legend's colour
 * bar) for the picture's <svg> and `text` (labels, axis names, the legend's numbers) for the
 * layer of text over it (drawPlot says why they are apart).
 */
function svgContent(d: Description, gid: string, part: 'export' | 'shapes' | 'text'): unknown {
  const { spec, rows, cols, left, top, cs, digits, lo, hi, palette, showValues, rotate, fontSize } = d;
  const lx = left + cols * cs + 16;
  const lh = Math.min(140, Math.max(60, rows * cs));
  const my = top + (rows * cs) / 2;
  const cellParts = () => {
    const rects: unknown[] = [];
    const crosses: unknown[] = [];
    const marks: unknown[] = [];
    const texts: unknown[] = [];
    for (let i = 0, q = 0; i < rows; i++)
      for (let j = 0; j < cols; j++, q++) {
        const x = left + j * cs;
        const y = top + i * cs;
        rects.push(svg`<rect x=${x} y=${y} width=${cs} height=${cs} fill=${css(d.rgb[q] ?? 0)} stroke="#ffffff" stroke-width="0.5"></rect>`);
        if (!d.finite[q] && !showValues)
          crosses.push(svg`<path d=${`M${x + 2},${y + cs - 2}L${x + cs - 2},${y + 2}`} stroke="#ffffff" stroke-width="1"></path>`);
        if (d.marked[q])
          marks.push(
            svg`<rect x=${x + 1.5} y=${y + 1.5} width=${cs - 3} height=${cs - 3} fill="none" stroke="#e8e8e8" stroke-width="3"></rect><rect x=${x + 1.5} y=${y + 1.5} width=${cs - 3} height=${cs - 3} fill="none" stroke="#111" stroke-width="1.2" stroke-dasharray="3 2"></rect>`,
          );
        if (showValues)
          texts.push(
            svg`<text x=${x + cs / 2} y=${y + cs / 2 + fontSize / 3} text-anchor="middle" font-size=${fontSize} fill=${d.textFill[q] ?? '#111111'}>${d.text[q]}</text>`,
          );
      }
    return svg`<g class="hm-cells">${rects}</g><g class="hm-crosses">${crosses}</g><g class="hm-marks">${marks}</g><g class="hm-values">${texts}</g>`;
  };
  // The labels and axis names follow from the frame alone: a change that keeps it (another head,
  // a slider's value) neither makes nor compares their templates (fewer objects per change).
  const labels = () => {
    const labelStep = cs < 20 ? Math.ceil(20 / cs) : 1;
    const rowLabels: number[] = [];
    for (let i = 0; i < rows; i += labelStep) rowLabels.push(i);
    const colLabels: number[] = [];
    for (let j = 0; j < cols; j += labelStep) colLabels.push(j);
    return svg`${rowLabels.map((i) => svg`<text x=${left - 6} y=${top + i * cs + cs / 2 + 4} text-anchor="end" font-size="12" fill="currentColor">${labelOf(spec.rowLabels, i)}</text>`)}
      ${colLabels.map((j) => {
        const x = left + j * cs + cs / 2;
        const y = top - 6;
        return rotate
          ? svg`<text x=${x} y=${y} transform=${`rotate(-50 ${x} ${y})`} font-size="11" fill="currentColor">${labelOf(spec.colLabels, j)}</text>`
          : svg`<text x=${x} y=${y} text-anchor="middle" font-size="12" fill="currentColor">${labelOf(spec.colLabels, j)}</text>`;
      })}
      ${
        spec.rowAxis
          ? svg`<text x="10" y=${my} transform=${`rotate(-90 10 ${my})`} text-anchor="middle" font-size="11" font-style="italic" fill="currentColor">${spec.rowAxis}</text>`
          : nothing
      }
      ${
        spec.colAxis
          ? svg`<text x=${left + (cols * cs) / 2} y="12" text-anchor="middle" font-size="11" font-style="italic" fill="currentColor">${spec.colAxis}</text>`
          : nothing
      }`;
  };
  const legendText = () =>
    svg`<text x=${lx + 16} y=${top + 9} font-size="10" fill="currentColor">${fmt(hi, digits)}</text>
      <text x=${lx + 16} y=${top + lh} font-size="10" fill="currentColor">${fmt(lo, digits)}</text>`;
  if (part === 'text') return svg`<g class="hm-labels">${guard([d.frame], labels)}</g><g class="hm-legend">${legendText()}</g>`;
  return svg`${part === 'export' ? svg`<g class="hm-labels">${labels()}</g>${cellParts()}` : nothing}
    <g class="hm-legend">
      <defs>
        <linearGradient id=${gid} x1="0" y1="1" x2="0" y2="0">${guard([palette], () => gradientStops(palette).map((c, k, stops) => svg`<stop offset=${k / (stops.length - 1)} stop-color=${c}></stop>`))}</linearGradient>
      </defs>
      <rect x=${lx} y=${top} width="12" height=${lh} fill=${`url(#${gid})`} stroke="currentColor" stroke-width="0.5"></rect>
      ${part === 'export' ? legendText() : nothing}
    </g>`;
}

/** A detached canvas of one pixel per cell, grown as needed and shared by all heatmaps (see
 *  paint). (Painting everything off the page and copying it over costs more: the copy makes the
 *  browser rasterize the picture at once instead of when it draws the frame.) */
let cellPixels: HTMLCanvasElement | undefined;

/** Per canvas host (the element over a heatmap's cell area): the canvas it showed before the
 *  one it shows. */
const spareCanvas = new WeakMap<Element, HTMLCanvasElement>();
/** The most a kept canvas may have: 1 M pixels (4 MB). */
const SPARE_PIXELS = 1_000_000;
/** The description each canvas was painted from (compared by samePicture, which a description
 *  that describe() reused passes at once: the same arrays). */
const paintedFrom = new WeakMap<HTMLCanvasElement, Description>();

/** Whether canvas `c` (bw × bh pixels) already holds the picture of `d`. */
function holds(c: HTMLCanvasElement | undefined, d: Description, bw: number, bh: number): c is HTMLCanvasElement {
  const p = c ? paintedFrom.get(c) : undefined;
  return !!c && !!p && c.width === bw && c.height === bh && samePicture(p, d);
}

/**
 * The canvas `host` shows for `d`, with a backing store of bw × bh pixels, and whether it already
 * holds d's picture. Each host keeps the canvas it showed before (at most SPARE_PIXELS), and a
 * new picture is painted on that one while the picture on the page is kept:
 *  - a picture shown again as it was (a head, a layer or a mode switched back and forth) is the
 *    kept canvas put back, not painted again;
 *  - setting a canvas's size allocates its backing store again, which for a large canvas costs
 *    more than painting it (1.5 ms for 352² px in this Chromium, 7.4 ms for 704²) and grows the
 *    page's memory, so a heatmap whose shape changes back and forth (bottleneck's states as the
 *    learner moves the encoder between two steps, a sentence tried and undone) paints on the
 *    canvas of the shape it returns to.
 * What is on the page is one canvas the size of the cells, as always.
 */
function canvasFor(host: Element, bw: number, bh: number, pixelated: boolean, d: Description): [HTMLCanvasElement, boolean] {
  const cur = host.firstElementChild instanceof HTMLCanvasElement ? host.firstElementChild : undefined;
  const spare = spareCanvas.get(host);
  const fits = (c: HTMLCanvasElement | undefined): c is HTMLCanvasElement => !!c && c.width === bw && c.height === bh;
  let canvas: HTMLCanvasElement;
  let ready = true;
  if (holds(cur, d, bw, bh)) canvas = cur;
  else if (holds(spare, d, bw, bh)) canvas = spare;
  else {
    ready = false;
    if (fits(spare)) canvas = spare;
    else if (fits(cur) && bw * bh > SPARE_PIXELS) canvas = cur;
    else {
      canvas = document.createElement('canvas');
      canvas.width = bw;
      canvas.height = bh;
    }
  }
  if (canvas !== cur) {
    if (cur) {
      if (cur.width * cur.height <= SPARE_PIXELS) spareCanvas.set(host, cur);
      else spareCanvas.delete(host);
      cur.replaceWith(canvas);
    } else host.append(canvas);
  }
  const cls = pixelated ? 'hm-px' : '';
  if (canvas.className !== cls) canvas.className = cls;
  return [canvas, ready];
}

/** Paints the cells as svgContent(…, 'export') draws them, on the canvas over the cell area (which
 *  spans cols·cs × rows·cs SVG units), at the screen's pixel density. `host` holds the canvas. */
function paint(host: HTMLElement, d: Description): void {
  const { rows, cols, cs, showValues, fontSize } = d;
  if (d.pixelCells) {
    paintPixels(host, d);
    return;
  }
  const w = cols * cs;
  const hgt = rows * cs;
  const k = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  const bw = Math.max(1, Math.round(w * k));
  const bh = Math.max(1, Math.round(hgt * k));
  const [canvas, ready] = canvasFor(host, bw, bh, false, d);
  if (ready) return;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  paintedFrom.set(canvas, d);
  ctx.setTransform(bw / Math.max(w, 1), 0, 0, bh / Math.max(hgt, 1), 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  // The fills: one pixel per cell, scaled up without smoothing, so all cells are one drawImage.
  if (rows * cols > 0) {
    cellPixels ??= document.createElement('canvas');
    if (cellPixels.width < cols) cellPixels.width = cols;
    if (cellPixels.height < rows) cellPixels.height = rows;
    cellPixels.getContext('2d')?.putImageData(cellImage(d), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cellPixels, 0, 0, cols, rows, 0, 0, w, hgt);
  }
  // The white 0.5-unit border every cell has in the SVG: the path a pixelCells figure draws as SVG.
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 0.5;
  ctx.stroke(new Path2D(gridLines(rows, cols, cs)));
  if (!showValues) {
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0, q = 0; i < rows; i++)
      for (let j = 0; j < cols; j++, q++)
        if (!d.finite[q]) {
          ctx.moveTo(j * cs + 2, i * cs + cs - 2);
          ctx.lineTo(j * cs + cs - 2, i * cs + 2);
        }
    ctx.stroke();
  }
  for (let i = 0, q = 0; i < rows; i++)
    for (let j = 0; j < cols; j++, q++)
      if (d.marked[q]) {
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
    let fill = '';
    for (let i = 0, q = 0; i < rows; i++)
      for (let j = 0; j < cols; j++, q++) {
        // Setting fillStyle parses the colour: only when it changes (two colours in practice).
        const f = d.textFill[q] ?? '#111111';
        if (f !== fill) ctx.fillStyle = fill = f;
        ctx.fillText(d.text[q] ?? '', j * cs + cs / 2, i * cs + cs / 2 + fontSize / 3);
      }
  }
}

/** The cells' fills, one opaque pixel per cell (rows × cols, at least one cell). */
function cellImage(d: Description): ImageData {
  const img = new ImageData(d.cols, d.rows);
  const px = img.data;
  for (let q = 0; q < d.rows * d.cols; q++) {
    const c = d.rgb[q] ?? 0;
    px[4 * q] = (c >> 16) & 255;
    px[4 * q + 1] = (c >> 8) & 255;
    px[4 * q + 2] = c & 255;
    px[4 * q + 3] = 255;
  }
  return img;
}

/** The fills of a figure with nothing else to paint (`pixelCells`): one canvas pixel per cell,
 *  which CSS scales up over the cell area (`.hm-px`: image-rendering: pixelated). */
function paintPixels(host: HTMLElement, d: Description): void {
  const { rows, cols } = d;
  const [canvas, ready] = canvasFor(host, Math.max(1, cols), Math.max(1, rows), true, d);
  if (ready) return;
  if (rows * cols > 0) canvas.getContext('2d')?.putImageData(cellImage(d), 0, 0);
  paintedFrom.set(canvas, d);
}

/** gridLines' paths by shape (a page has a few shapes; each render asks for all of them). */
const gridPaths = new Map<string, string>();

/** The white 0.5-unit cell borders, as one path in cell-area units: stroked on the canvas, or
 *  (`pixelCells`) drawn as SVG over it. */
function gridLines(rows: number, cols: number, cs: number): string {
  return cached(
    gridPaths,
    `${rows}x${cols}x${cs}`,
    () => {
      const parts: string[] = [];
      for (let i = 0; i <= rows; i++) parts.push(`M0,${i * cs}H${cols * cs}`);
      for (let j = 0; j <= cols; j++) parts.push(`M${j * cs},0V${rows * cs}`);
      return parts.join('');
    },
    64,
  );
}

/** The whole figure as one standalone SVG (cells as rects and texts): what PNG export draws. */
function fullSvg(d: Description): SVGSVGElement {
  return detachedElement<SVGSVGElement>(
    html`<svg role="img" class="hm-svg" viewBox=${`0 0 ${d.W} ${d.H}`} width=${d.W} height=${d.H} aria-label=${d.summary}>
      ${svgContent(d, uniqueId('grad'), 'export')}
    </svg>`,
  );
}

/**
 * The focusable grid's cells (role=gridcell, data-i/j, data-v with the full-precision value, an
 * aria-label, a roving tabindex, aria-describedby while its tooltip shows), kept from render to
 * render: the elements are made again only when the shape changes, and each attribute is written
 * only on the cells where it changed. A lesson shows up to a few thousand cells; as a template
 * per cell that was seven bindings each to compare on every render. Writes nothing the
 * description (`describe`) does not say.
 */
class GridCellsDirective extends Directive {
  private rows = 0;
  private cols = 0;
  /** What each cell's data-v and aria-label say now (row-major; undefined: a new cell, the
   *  attribute not written yet). */
  private value: (string | undefined)[] = [];
  private label: (string | undefined)[] = [];
  /** The cell elements, row-major (kept by reshape: a live HTMLCollection costs more per access). */
  private cells: Element[] = [];
  /** The cell in the tab order, and the one described by the tooltip. */
  private active?: Element;
  private described?: Element;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('gridCells: must be used on the grid element');
  }

  render(_d: Description, _active: readonly [number, number], _tip: readonly [number, number] | undefined, _tipId: string): unknown {
    return noChange;
  }

  override update(
    part: ElementPart,
    [d, active, tip, tipId]: [Description, readonly [number, number], readonly [number, number] | undefined, string],
  ): unknown {
    const grid = part.element;
    const { rows, cols } = d;
    if (rows !== this.rows || cols !== this.cols) this.reshape(grid, rows, cols);
    const cells = this.cells;
    for (let q = 0; q < rows * cols; q++) {
      const c = cells[q];
      if (!c) continue;
      // Usually the very string written last time (describe's reuse), compared by reference.
      const value = d.value[q] ?? '';
      if (value !== this.value[q]) {
        c.setAttribute('data-v', value);
        this.value[q] = value;
      }
      const label = d.label[q] ?? '';
      if (label !== this.label[q]) {
        c.setAttribute('aria-label', label);
        this.label[q] = label;
      }
    }
    const cellAt = (at: readonly [number, number] | undefined) => (at && at[0] < rows && at[1] < cols ? cells[at[0] * cols + at[1]] : undefined);
    const a = cellAt(active);
    if (a !== this.active) {
      this.active?.setAttribute('tabindex', '-1');
      a?.setAttribute('tabindex', '0');
      this.active = a;
    }
    const t = cellAt(tip);
    if (t !== this.described) {
      this.described?.removeAttribute('aria-describedby');
      t?.setAttribute('aria-describedby', tipId);
      this.described = t;
    }
    return noChange;
  }

  /** Adds or removes rows and cells to make the grid rows × cols; the cells that stay keep their
   *  place (cell (i, j) stays cell (i, j)) and what they say. */
  private reshape(grid: Element, rows: number, cols: number): void {
    while (grid.children.length > rows) grid.lastElementChild?.remove();
    for (let i = 0; i < rows; i++) {
      let row = grid.children[i];
      if (!row) {
        row = document.createElement('div');
        row.setAttribute('role', 'row');
        row.className = 'hm-row';
        grid.append(row);
      }
      while (row.children.length > cols) row.lastElementChild?.remove();
      for (let j = row.children.length; j < cols; j++) {
        const c = document.createElement('div');
        c.setAttribute('role', 'gridcell');
        c.className = 'hm-cell';
        c.dataset.i = String(i);
        c.dataset.j = String(j);
        c.tabIndex = -1;
        row.append(c);
      }
    }
    const value = new Array<string | undefined>(rows * cols);
    const label = new Array<string | undefined>(rows * cols);
    for (let i = 0; i < Math.min(rows, this.rows); i++)
      for (let j = 0; j < Math.min(cols, this.cols); j++) {
        value[i * cols + j] = this.value[i * this.cols + j];
        label[i * cols + j] = this.label[i * this.cols + j];
      }
    this.rows = rows;
    this.cols = cols;
    this.value = value;
    this.label = label;
    this.cells = Array.from(grid.querySelectorAll(':scope > .hm-row > .hm-cell'));
    if (this.active && !grid.contains(this.active)) this.active = undefined;
    if (this.described && !grid.contains(this.described)) this.described = undefined;
  }
}
const gridCells = directive(GridCellsDirective);

interface PlotLocal {
  gid: string;
  tipId: string;
  /** The grid cell that is in the tab order (roving tabindex). */
  active: [number, number];
  /** The cell whose tooltip is showing, if any. */
  shown?: [number, number];
}

const pct = (x: number) => `${x * 100}%`;
/** The side of the text layer's box, in the picture's units (drawPlot). */
const TEXT_BOX = 4000;

function drawPlot(d: Description, local: Local<PlotLocal>): unknown {
  const { spec, rows, cols, left, top, W, H, cs } = d;
  const { gid, tipId, shown } = local.state;
  // The active cell stays active if it still exists, else the first one.
  const active: readonly [number, number] = local.state.active[0] < rows && local.state.active[1] < cols ? local.state.active : [0, 0];
  const tip = shown && shown[0] < rows && shown[1] < cols ? shown : undefined;
  // The canvas and the focusable grid over the cells, in percentages so they follow the SVG's scaling.
  const box = `left:${pct(left / W)};top:${pct(top / H)};width:${pct((cols * cs) / W)};height:${pct((rows * cs) / H)}`;
  const cellOf = (e: Event) => (e.target as HTMLElement).closest<HTMLElement>('.hm-cell');
  const at2 = (c: HTMLElement): [number, number] => [Number(c.dataset.i), Number(c.dataset.j)];
  const onKey = (e: KeyboardEvent) => {
    const c = cellOf(e);
    if (!c) return;
    let [i, j] = at2(c);
    switch (e.key) {
      case 'ArrowRight':
        j = Math.min(cols - 1, j + 1);
        break;
      case 'ArrowLeft':
        j = Math.max(0, j - 1);
        break;
      case 'ArrowDown':
        i = Math.min(rows - 1, i + 1);
        break;
      case 'ArrowUp':
        i = Math.max(0, i - 1);
        break;
      case 'Home':
        j = 0;
        break;
      case 'End':
        j = cols - 1;
        break;
      case 'Escape':
        local.set({ shown: undefined });
        return;
      default:
        return;
    }
    e.preventDefault();
    const grid = e.currentTarget as HTMLElement;
    (grid.children[i]?.children[j] as HTMLElement | undefined)?.focus();
  };
  let tipText = '';
  let tipStyle = '';
  if (tip) {
    const [i, j] = tip;
    tipText = spec.provenance ? spec.provenance(i, j) : `(${labelOf(spec.rowLabels, i)}, ${labelOf(spec.colLabels, j)}) = ${d.text[i * cols + j] ?? ''}`;
    const xPct = ((left + (j + 0.5) * cs) / W) * 100;
    const yPct = ((top + (i + 1) * cs) / H) * 100;
    tipStyle = `top:calc(${yPct}% + 6px);${xPct > 55 ? `right:${100 - xPct}%` : `left:${Math.max(0, xPct - 4)}%`}`;
  }
  // The text is an <svg> of its own over the picture, whose attributes never change: when the
  // picture's <svg> changes size (a heatmap changing shape), Chromium lays out every <text> in it
  // again: for positional's PE figure (37 <text>s) about 0.6 ms and 120 KB of memory the renderer
  // had not touched, at ~11 µs per 4 KB page on the machine the bench runs on. Its user unit is
  // the picture's: a box of TEXT_BOX units whose width is TEXT_BOX / W of the plot's, so TEXT_BOX
  // px at the natural size whatever W is. (min(): the plot's width is rounded to 1/64 px, which
  // would change the box by a fraction of a pixel from one shape to the next and lay the labels out
  // again; the 0.5 px added keeps that rounding under TEXT_BOX px. Where the plot is narrower than
  // W, it puts a label at most W / 8000 px from where the picture's scale would: 0.1 px for
  // W = 800.) The layer clips at the plot, as the picture's <svg> does.
  const textBox = `width:min(${TEXT_BOX}px, calc(${pct(TEXT_BOX / W)} + 0.5px))`;
  return html`<svg role="img" class="hm-svg" viewBox=${`0 0 ${W} ${H}`} width=${W} height=${H} aria-label=${d.summary}>${svgContent(d, gid, 'shapes')}</svg>
    <div class="hm-text" aria-hidden="true">
      <div style=${textBox}>
        <svg viewBox=${`0 0 ${TEXT_BOX} ${TEXT_BOX}`} width=${TEXT_BOX} height=${TEXT_BOX} overflow="visible">${svgContent(d, gid, 'text')}</svg>
      </div>
    </div>
    <div class="hm-canvas" aria-hidden="true" style=${box} ${painted(d, paint, samePicture)}></div>
    ${
      d.pixelCells
        ? html`<svg class="hm-lines" aria-hidden="true" style=${box} viewBox=${`0 0 ${cols * cs} ${rows * cs}`} preserveAspectRatio="none">
            <path d=${gridLines(rows, cols, cs)} stroke="#ffffff" stroke-width="0.5" fill="none"></path>
          </svg>`
        : nothing
    }
    <div
      class="hm-grid"
      role="grid"
      aria-label=${spec.title}
      style=${box}
      @mouseover=${(e: Event) => {
        const c = cellOf(e);
        if (c) local.set({ shown: at2(c) });
      }}
      @mouseleave=${(e: Event) => {
        if (!(e.currentTarget as HTMLElement).contains(document.activeElement)) local.set({ shown: undefined });
      }}
      @focusin=${(e: Event) => {
        const c = cellOf(e);
        if (c) local.set({ active: at2(c), shown: at2(c) });
      }}
      @focusout=${(e: FocusEvent) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) local.set({ shown: undefined });
      }}
      @keydown=${onKey}
      ${gridCells(d, active, tip, tipId)}
    ></div>
    <div class="tooltip" role="tooltip" id=${tipId} ?hidden=${!tip} style=${tipStyle}>${tipText}</div>`;
}

/** The numbers as an accessible table. */
function table(d: Description): unknown {
  const { spec, rows, cols } = d;
  return html`<table class="data-table" data-fig-table=${spec.id}>
    <caption>
      ${`${spec.title}${spec.shape ? ' ' + spec.shape : ''}`}
    </caption>
    <thead>
      <tr>
        <th scope="col">${`${spec.rowAxis ?? ''} \\ ${spec.colAxis ?? ''}`}</th>
        ${Array.from({ length: cols }, (_, j) => html`<th scope="col">${labelOf(spec.colLabels, j)}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${Array.from(
        { length: rows },
        (_, i) =>
          html`<tr>
            <th scope="row">${labelOf(spec.rowLabels, i)}</th>
            ${Array.from({ length: cols }, (_, j) => html`<td data-v=${d.value[i * cols + j]} title=${spec.provenance?.(i, j) ?? nothing}>${d.text[i * cols + j]}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function csv(d: Description): string {
  const { spec, rows, cols } = d;
  const { m } = spec;
  const head = [csvCell(`${spec.rowAxis ?? ''}\\${spec.colAxis ?? ''}`), ...Array.from({ length: cols }, (_, j) => csvCell(labelOf(spec.colLabels, j)))];
  const lines = [head.join(',')];
  for (let i = 0; i < rows; i++) lines.push([csvCell(labelOf(spec.rowLabels, i)), ...Array.from({ length: cols }, (_, j) => csvNumber(at(m, i, j)))].join(','));
  return lines.join('\n') + '\n';
}

/** A heatmap figure (a template). */
export function heatmap(spec: HeatmapSpec): unknown {
  const d = describe(spec);
  return figure({
    id: spec.id,
    title: spec.title,
    shape: spec.shape,
    note: spec.note,
    csv: () => csv(d),
    table: () => table(d),
    exportSvg: () => fullSvg(d),
    visual: () =>
      html`<div
        class="hm-plot"
        style=${`max-width:${d.W}px;aspect-ratio:${d.W}/${d.H}`}
        ${island(() => ({ gid: uniqueId('grad'), tipId: uniqueId('tip'), active: [0, 0] as [number, number] }), drawPlot, d)}
      ></div>`,
  });
}
