// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only; the content files own the words.
import katex from 'katex';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function texHtml(src: string, display = false): string {
  return katex.renderToString(src, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
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

export function rich(tag: 'p' | 'span' | 'li' | 'div', text: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.innerHTML = richHtml(text);
  return el;
}
