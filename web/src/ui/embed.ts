// ui/embed.ts — one figure of a lesson in someone else's page. Every figure's "Embed" button asks
// the lesson page for a snippet (an <iframe> of this site at `embed=<figure id>` with the
// learner's state, plus a few lines of script that let the frame set its own height); the page
// opened with `embed` shows only that figure with the lesson's controls and a link back, and
// tells its parent window its height (postMessage, within the browser: nothing is sent over the
// network). Layout and text only; the numbers are the lesson's, computed live as everywhere.
import { h } from './dom';
import { t } from './i18n';

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

/** The dialog that shows a snippet, with a copy button (clipboard, or select-and-copy by hand). */
export function showEmbedDialog(snippet: string): void {
  document.querySelector('dialog.embed-dialog')?.remove();
  const area = h('textarea', { readonly: true, rows: 6, class: 'embed-code', 'aria-label': t('embed.code') });
  area.value = snippet;
  const status = h('p', { class: 'bridge-status', role: 'status', 'aria-live': 'polite' });
  const copy = h('button', { type: 'button', class: 'btn small' }, t('embed.copy'));
  const close = h('button', { type: 'button', class: 'btn small' }, t('embed.close'));
  const dialog = h(
    'dialog',
    { class: 'embed-dialog', 'aria-labelledby': 'embed-dialog-title' },
    h('h2', { id: 'embed-dialog-title' }, t('embed.title')),
    h('p', { class: 'ctl-help' }, t('embed.help')),
    area,
    h('div', { class: 'row-tools' }, copy, close, status),
  );
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(snippet).then(
      () => (status.textContent = t('bridge.copied')),
      () => {
        area.select();
        status.textContent = t('teacher.copyByHand');
      },
    );
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/**
 * Embedded mode of a lesson page: hides everything but the lesson's controls and figure `id`
 * (the other figures and callouts, the text, the formula, the panels); returns whether the
 * lesson drew that figure (if not, every figure stays and the caller says so).
 */
export function applyEmbed(page: HTMLElement, id: string): boolean {
  const figures = page.querySelector<HTMLElement>('.figures');
  const target = figures?.querySelector<HTMLElement>(`:scope > [data-fig="${CSS.escape(id)}"], :scope > * [data-fig="${CSS.escape(id)}"]`);
  if (figures)
    for (const child of Array.from(figures.children) as HTMLElement[]) child.toggleAttribute('data-teacher-hidden', !!target && !child.contains(target));
  return !!target;
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
export function embedFooter(href: string): HTMLElement {
  return h('p', { class: 'embed-footer' }, h('a', { href, target: '_blank', rel: 'noopener' }, t('embed.open')));
}
