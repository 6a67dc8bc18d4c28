// ui/figure.ts — the frame every figure lives in: a caption with its shape, a toolbar (show as
// table / show as figure, PNG, CSV) and a body that is either the visual or an accessible HTML
// <table>. Frames remember the table toggle per figure id across recomputes. Layout only.
import { h, uniqueId } from './dom';
import { downloadCsv, downloadPng } from './export';
import { t } from './i18n';

const asTable = new Set<string>();

export interface FrameSpec {
  /** Stable id: data-fig attribute, file name of exports, key of the table toggle. */
  id: string;
  title: string;
  /** e.g. "(T, T) = (7, 7)". */
  shape?: string;
  note?: string;
  visual(): { el: HTMLElement; svg: SVGSVGElement };
  table(): HTMLTableElement;
  csv(): string;
}

export function frame(spec: FrameSpec): HTMLElement {
  const capId = uniqueId('cap');
  const body = h('div', { class: 'fig-body' });
  let svg: SVGSVGElement | undefined;
  const toggle = h('button', { type: 'button', class: 'btn small', 'aria-pressed': 'false' });
  const render = () => {
    const tbl = asTable.has(spec.id);
    toggle.setAttribute('aria-pressed', String(tbl));
    toggle.textContent = tbl ? t('fig.showFigure') : t('fig.showTable');
    if (tbl) {
      const table = spec.table();
      body.replaceChildren(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId }, table));
      svg = undefined;
    } else {
      const v = spec.visual();
      svg = v.svg;
      body.replaceChildren(v.el);
    }
  };
  toggle.addEventListener('click', () => {
    if (asTable.has(spec.id)) asTable.delete(spec.id);
    else asTable.add(spec.id);
    render();
  });
  const png = h('button', { type: 'button', class: 'btn small' }, t('fig.png'));
  png.addEventListener('click', () => {
    const target = svg ?? spec.visual().svg;
    void downloadPng(spec.id, target, spec.title);
  });
  const csv = h('button', { type: 'button', class: 'btn small' }, t('fig.csv'));
  csv.addEventListener('click', () => downloadCsv(spec.id, spec.csv()));
  png.setAttribute('aria-label', `${t('fig.png')}: ${spec.title}`);
  csv.setAttribute('aria-label', `${t('fig.csv')}: ${spec.title}`);
  const fig = h(
    'figure',
    { class: 'fig', 'data-fig': spec.id, 'aria-labelledby': capId },
    h(
      'div',
      { class: 'fig-head' },
      h('figcaption', { id: capId }, h('span', { class: 'fig-title' }, spec.title), spec.shape ? h('span', { class: 'shape' }, ` ${spec.shape}`) : null),
      h('div', { class: 'fig-tools' }, toggle, png, csv),
    ),
    spec.note ? h('p', { class: 'fig-note' }, spec.note) : null,
    body,
  );
  render();
  return fig;
}
