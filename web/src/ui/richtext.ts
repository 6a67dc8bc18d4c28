// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only, as template parts (ui/render.ts); the content files own the words. KaTeX output is cached
// by its TeX source (bounded), so static formulas and repeated numbers are typeset once.
import katex from 'katex';
import { html, nothing, unsafeHTML } from './render';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rendered KaTeX by (display, source); insertion-ordered, the oldest entries go first. */
const texCache = new Map<string, string>();
const TEX_CACHE_MAX = 400;
export function texHtml(src: string, display = false): string {
  const key = `${display ? 'D' : 'I'}${src}`;
  const hit = texCache.get(key);
  if (hit !== undefined) {
    // Most recently used goes to the end.
    texCache.delete(key);
    texCache.set(key, hit);
    return hit;
  }
  const html = katex.renderToString(src, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
  texCache.set(key, html);
  if (texCache.size > TEX_CACHE_MAX) texCache.delete(texCache.keys().next().value as string);
  return html;
}

export function richHtml(text: string): string {
  // Math first (into placeholders), so **bold $x$** and friends can wrap formulas.
  const math: string[] = [];
  const withHoles = text.replace(/\$([^$]+)\$/g, (_, tex: string) => {
    math.push(texHtml(tex));
    return `\uE000${math.length - 1}\uE000`;
  });
  return esc(withHoles)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\((#\/[\w/-]*)\)/g, '<a href="$2">$1</a>')
    .replace(/\uE000(\d+)\uE000/g, (_, k: string) => math[Number(k)] ?? '');
}

/** Content-file markup as a template part (lit writes it again only when `text` changes). */
export function richContent(text: string): unknown {
  return unsafeHTML(richHtml(text));
}

/** `text` (content-file markup) in a `tag` element. */
export function rich(tag: 'p' | 'span' | 'li' | 'div', text: string, cls?: string): unknown {
  const inner = richContent(text);
  switch (tag) {
    case 'p':
      return html`<p class=${cls ?? nothing}>${inner}</p>`;
    case 'span':
      return html`<span class=${cls ?? nothing}>${inner}</span>`;
    case 'li':
      return html`<li class=${cls ?? nothing}>${inner}</li>`;
    default:
      return html`<div class=${cls ?? nothing}>${inner}</div>`;
  }
}

/** KaTeX of `src` as a template part. */
export function texContent(src: string, display = false): unknown {
  return unsafeHTML(texHtml(src, display));
}
