// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only; the content files own the words.
import katex from 'katex';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function texHtml(src: string, display = false): string {
  return katex.renderToString(src, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

export function richHtml(text: string): string {
  const parts = text.split(/(\$[^$]+\$)/g);
  return parts
    .map((p) => {
      if (p.length > 2 && p.startsWith('$') && p.endsWith('$')) return texHtml(p.slice(1, -1));
      return esc(p)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*]+)\*/g, '<em>$1</em>')
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\[([^\]]+)\]\((#\/[\w/-]*)\)/g, '<a href="$2">$1</a>');
    })
    .join('');
}

export function rich(tag: 'p' | 'span' | 'li' | 'div', text: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.innerHTML = richHtml(text);
  return el;
}
