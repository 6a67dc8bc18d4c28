// ui/figure.ts — the frame every figure lives in, as a template: a caption with its shape, a
// toolbar (show as table / show as figure, PNG, CSV, Embed) and a body that is either the visual
// or an accessible HTML <table>. The frame is an island (ui/render.ts): the table toggle is the
// frame's own state (remembered per figure id across recomputes and pages) and re-renders only
// the frame. Layout only: the visual, the table, the CSV and the export SVG come from the figure
// module (heatmap, bar chart, line chart), all from one description of what it draws.
import { EMBED_EVENT, type EmbedRequest } from './embed';
import { downloadCsv, downloadPng } from './export';
import { t } from './i18n';
import { html, island, nothing, uniqueId, type Local } from './render';

/** Figure ids shown as a table (the learner's choice, kept while the app runs). */
const asTable = new Set<string>();

export interface FigureSpec {
  /** Stable id: data-fig attribute, file name of exports, key of the table toggle. */
  id: string;
  title: string;
  /** e.g. "(T, T) = (7, 7)". */
  shape?: string;
  note?: string;
  /** The picture, as a template. */
  visual(): unknown;
  /** The whole picture as one standalone SVG element (what PNG export draws). */
  exportSvg(): SVGSVGElement;
  /** The same numbers as an accessible <table> template. */
  table(): unknown;
  csv(): string;
}

interface FrameLocal {
  cap: string;
  /** Bumped to render the frame again after the table toggle. */
  n: number;
}

function drawFrame(spec: FigureSpec, local: Local<FrameLocal>): unknown {
  const tbl = asTable.has(spec.id);
  const { cap } = local.state;
  const toggle = () => {
    if (asTable.has(spec.id)) asTable.delete(spec.id);
    else asTable.add(spec.id);
    local.set({ n: local.state.n + 1 });
  };
  const embed = (e: Event) => {
    const fig = (e.currentTarget as Element).closest('figure');
    const detail: EmbedRequest = { id: spec.id, title: spec.title, height: fig?.getBoundingClientRect().height ?? 0 };
    fig?.dispatchEvent(new CustomEvent(EMBED_EVENT, { bubbles: true, detail }));
  };
  return html`<div class="fig-head">
      <figcaption id=${cap}><span class="fig-title">${spec.title}</span>${spec.shape ? html`<span class="shape"> ${spec.shape}</span>` : nothing}</figcaption>
      <div class="fig-tools">
        <button type="button" class="btn small" aria-pressed=${String(tbl)} @click=${toggle}>${tbl ? t('fig.showFigure') : t('fig.showTable')}</button>
        <button
          type="button"
          class="btn small"
          aria-label=${`${t('fig.png')}: ${spec.title}`}
          @click=${() => void downloadPng(spec.id, spec.exportSvg(), spec.title)}
        >
          ${t('fig.png')}
        </button>
        <button type="button" class="btn small" aria-label=${`${t('fig.csv')}: ${spec.title}`} @click=${() => downloadCsv(spec.id, spec.csv())}>
          ${t('fig.csv')}
        </button>
        <button type="button" class="btn small fig-embed" aria-label=${`${t('fig.embed')}: ${spec.title}`} @click=${embed}>${t('fig.embed')}</button>
      </div>
    </div>
    ${spec.note ? html`<p class="fig-note">${spec.note}</p>` : nothing}
    <div class="fig-body">${tbl ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby=${cap}>${spec.table()}</div>` : spec.visual()}</div>`;
}

/** A figure: its frame and, inside, the visual or the table. */
export function figure(spec: FigureSpec): unknown {
  return html`<figure class="fig" data-fig=${spec.id} ${island(() => ({ cap: uniqueId('cap'), n: 0 }), drawFrame, spec)}></figure>`;
}
