// ui/embed.ts — one figure of a lesson in someone else's page. Every figure's "Embed" button asks
// the lesson page for a snippet (an <iframe> of this site at `embed=<figure id>` with the
// learner's state, plus a few lines of script that let the frame set its own height); the page
// opened with `embed` shows only that figure with the lesson's controls and a link back, and
// tells its parent window its height (postMessage, within the browser: nothing is sent over the
// network). The parts are lit templates (ui/render.ts): a <style> that hides the other figures
// (CSS :has()), the warning when there is no such figure, the link back; the snippet dialog is a
// lit root of its own. Layout and text only; the numbers are the lesson's, computed live as
// everywhere.
import { t } from './i18n';
import { html, render } from './render';

/** The message an embedded page posts to its parent when its content height changes. */
export const HEIGHT_MESSAGE = 'attention-lab:embed-height';

/** The event a figure's Embed button dispatches (bubbling) for the lesson page to answer. */
export const EMBED_EVENT = 'attention-lab:embed';
export interface EmbedRequest {
  id: string;
  title: string;
  height: number;
}

/**
 * The HTML a teacher pastes into a page: the iframe (sized to the figure as it is now) and the
 * listener that resizes it when the embedded page reports a new height. Several embeds on one
 * page share the listener (it only touches the frame the message came from).
 */
export function embedSnippet(src: string, title: string, height: number): string {
  const q = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<iframe src="${q(src)}" title="${q(title)}" width="100%" height="${Math.ceil(height)}" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    `<script>addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="${HEIGHT_MESSAGE}")return;` +
      `document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+"px"})})</script>`,
  ].join('\n');
}

/** The open dialog's top-level root (one at a time). */
let dialogRoot: HTMLElement | undefined;

/** The dialog that shows a snippet, with a copy button (clipboard, or select-and-copy by hand):
 *  a root of its own, rendered with lit into an element appended to <body>, gone when closed. */
export function showEmbedDialog(snippet: string): void {
  dialogRoot?.remove();
  const root = document.createElement('div');
  dialogRoot = root;
  let status = '';
  const close = () => {
    root.remove();
    if (dialogRoot === root) dialogRoot = undefined;
  };
  const copy = (e: Event) => {
    const area = (e.currentTarget as Element).closest('dialog')?.querySelector('textarea');
    navigator.clipboard.writeText(snippet).then(
      () => draw(t('bridge.copied')),
      () => {
        area?.select();
        draw(t('teacher.copyByHand'));
      },
    );
  };
  const draw = (s: string) => {
    status = s;
    render(
      html`<dialog class="embed-dialog" aria-labelledby="embed-dialog-title" @close=${close}>
        <h2 id="embed-dialog-title">${t('embed.title')}</h2>
        <p class="ctl-help">${t('embed.help')}</p>
        <textarea readonly rows="6" class="embed-code" aria-label=${t('embed.code')} .value=${snippet}></textarea>
        <div class="row-tools">
          <button type="button" class="btn small" @click=${copy}>${t('embed.copy')}</button>
          <button type="button" class="btn small" @click=${(e: Event) => (e.currentTarget as Element).closest('dialog')?.close()}>${t('embed.close')}</button>
          <p class="bridge-status" role="status" aria-live="polite">${status}</p>
        </div>
      </dialog>`,
      root,
    );
  };
  draw('');
  document.body.append(root);
  root.querySelector('dialog')?.showModal();
}

/** A CSS attribute value, quoted. */
const q = (v: string) => `"${CSS.escape(v)}"`;

/**
 * Embedded mode of a lesson page, as a <style>: when the lesson drew figure `id`, every child of
 * `.figures` that is not that figure and does not hold it is hidden (CSS :has(); the rest of the
 * page is hidden by styles.css under html.embed). When it did not, every figure stays and
 * `embedMissing` says so.
 */
export function embedStyle(id: string): unknown {
  const fig = `[data-fig=${q(id)}]`;
  return html`<style>
    ${`.figures:has(${fig}) > :not(${fig}):not(:has(${fig})) { display: none !important; }`}
  </style>`;
}

/** The warning an embedded page shows inside `.figures` when the lesson has no figure `id`;
 *  embedStyle hides it (as every other child) when the figure is there. */
export function embedMissing(id: string): unknown {
  return html`<p class="callout warn wide" role="status" data-stat="embed-missing">${t('embed.missing', { id })}</p>`;
}

let observer: ResizeObserver | undefined;
/** Tells the parent window (if any) the page's height now and whenever it changes. */
export function reportHeight(): void {
  if (observer || window.parent === window) return;
  // The body's own height (the document's scrollHeight never drops below the frame's height).
  const post = () => window.parent.postMessage({ type: HEIGHT_MESSAGE, height: Math.ceil(document.body.getBoundingClientRect().height) }, '*');
  observer = new ResizeObserver(post);
  observer.observe(document.body);
  post();
}

/** The "open the whole lesson" line under an embedded figure (a new tab, the same state). */
export function embedFooter(href: string): unknown {
  return html`<p class="embed-footer"><a href=${href} target="_blank" rel="noopener">${t('embed.open')}</a></p>`;
}
