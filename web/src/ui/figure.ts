// ui/figure.ts — the frame every figure lives in: a caption with its shape, a toolbar (show as
// table / show as figure, PNG, CSV, Embed) and a body that is either the visual or an accessible HTML
// <table>. Frames remember the table toggle per figure id across recomputes, and a frame can be
// updated in place with a new spec (same id) so a recompute patches the visual instead of
// rebuilding it. Layout only.
import { h, uniqueId } from './dom';
import { EMBED_EVENT, type EmbedRequest } from './embed';
import { downloadCsv, downloadPng } from './export';
import { t } from './i18n';

const asTable = new Set<string>();

export interface Visual {
  el: HTMLElement;
  /** The picture's SVG on the page. */
  svg: SVGSVGElement;
  /** The whole picture as one SVG for PNG export, if the page shows part of it another way
   *  (a heatmap paints its cells on a canvas); default: `svg`. */
  exportSvg?(): SVGSVGElement;
}

export interface FrameSpec {
  /** Stable id: data-fig attribute, file name of exports, key of the table toggle. */
  id: string;
  title: string;
  /** e.g. "(T, T) = (7, 7)". */
  shape?: string;
  note?: string;
  /** Draws the visual; given the previous one (same frame), it may patch it and return it. */
  visual(prev?: Visual): Visual;
  table(): HTMLTableElement;
  csv(): string;
}

export interface Frame {
  el: HTMLElement;
  /** Redraws with a new spec of the same figure (same id): patches, never rebuilds the frame. */
  update(spec: FrameSpec): void;
}

export function frame(first: FrameSpec): Frame {
  let spec = first;
  const capId = uniqueId('cap');
  const body = h('div', { class: 'fig-body' });
  let visual: Visual | undefined;
  const toggle = h('button', { type: 'button', class: 'btn small', 'aria-pressed': 'false' });
  const render = () => {
    const tbl = asTable.has(spec.id);
    if (toggle.getAttribute('aria-pressed') !== String(tbl)) toggle.setAttribute('aria-pressed', String(tbl));
    const label = tbl ? t('fig.showFigure') : t('fig.showTable');
    if (toggle.textContent !== label) toggle.textContent = label;
    if (tbl) {
      const table = spec.table();
      body.replaceChildren(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId }, table));
      visual = undefined;
    } else {
      const v = spec.visual(visual);
      if (body.firstChild !== v.el || body.childNodes.length !== 1) body.replaceChildren(v.el);
      visual = v;
    }
  };
  toggle.addEventListener('click', () => {
    if (asTable.has(spec.id)) asTable.delete(spec.id);
    else asTable.add(spec.id);
    render();
  });
  const png = h('button', { type: 'button', class: 'btn small' }, t('fig.png'));
  png.addEventListener('click', () => {
    const v = visual ?? spec.visual();
    void downloadPng(spec.id, v.exportSvg?.() ?? v.svg, spec.title);
  });
  const csv = h('button', { type: 'button', class: 'btn small' }, t('fig.csv'));
  csv.addEventListener('click', () => downloadCsv(spec.id, spec.csv()));
  // Embed: the page the figure is on answers (it knows the route and the state).
  const embed = h('button', { type: 'button', class: 'btn small fig-embed' }, t('fig.embed'));
  embed.addEventListener('click', () => {
    const detail: EmbedRequest = { id: spec.id, title: spec.title, height: fig.getBoundingClientRect().height };
    fig.dispatchEvent(new CustomEvent(EMBED_EVENT, { bubbles: true, detail }));
  });
  const title = h('span', { class: 'fig-title' });
  const shape = h('span', { class: 'shape' });
  const caption = h('figcaption', { id: capId }, title);
  const note = h('p', { class: 'fig-note' });
  const fig = h(
    'figure',
    { class: 'fig', 'data-fig': spec.id, 'aria-labelledby': capId },
    h('div', { class: 'fig-head' }, caption, h('div', { class: 'fig-tools' }, toggle, png, csv, embed)),
  );
  const texts = (s: FrameSpec) => {
    if (title.textContent !== s.title) title.textContent = s.title;
    if (s.shape) {
      if (shape.textContent !== ` ${s.shape}`) shape.textContent = ` ${s.shape}`;
      if (shape.parentNode !== caption) caption.append(shape);
    } else shape.remove();
    if (s.note) {
      if (note.textContent !== s.note) note.textContent = s.note;
      if (note.parentNode !== fig) fig.insertBefore(note, body.parentNode === fig ? body : null);
    } else note.remove();
    if (body.parentNode !== fig) fig.append(body);
    const pl = `${t('fig.png')}: ${s.title}`;
    if (png.getAttribute('aria-label') !== pl) png.setAttribute('aria-label', pl);
    const cl = `${t('fig.csv')}: ${s.title}`;
    if (csv.getAttribute('aria-label') !== cl) csv.setAttribute('aria-label', cl);
    const el = `${t('fig.embed')}: ${s.title}`;
    if (embed.getAttribute('aria-label') !== el) embed.setAttribute('aria-label', el);
  };
  texts(spec);
  render();
  return {
    el: fig,
    update(next) {
      spec = next;
      texts(next);
      render();
    },
  };
}

/** Frames on the page by figure id, so the next recompute of the same figure reuses its DOM. */
const live = new Map<string, { frame: Frame; pass: number }>();
let pass = 0;

/**
 * Starts a redraw pass (a lesson page calls it before each update()). Within one pass a figure
 * id is reused at most once: a second figure with the same id gets its own frame. (Passes are
 * explicit because a burst of synchronous input events has no microtask checkpoint between them.)
 */
export function beginPass(): void {
  pass++;
}

/**
 * The figure `spec.id` as an element: the frame last drawn under that id, updated in place, or
 * a new one. A frame that left the page (a head of a multi-head figure while the head count is
 * impossible, a figure of the lesson visited before) is updated and reused as well, so a
 * figure that comes back is patched instead of built again.
 */
export function liveFrame(spec: FrameSpec): HTMLElement {
  let entry = live.get(spec.id);
  if (entry && entry.pass !== pass) entry.frame.update(spec);
  else {
    entry = { frame: frame(spec), pass };
    live.set(spec.id, entry);
  }
  entry.pass = pass;
  return entry.frame.el;
}
