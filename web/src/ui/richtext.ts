// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only; the content files own the words. KaTeX output is cached by its TeX source (bounded), so
// static formulas and repeated numbers are typeset once.
import katex from 'katex';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rendered KaTeX by (display, source); insertion-ordered, the oldest entries go first. */
const texCache = new Map<string, string>();
const TEX_CACHE_MAX = 400;
/** The same, parsed once: a redraw clones nodes instead of re-parsing KaTeX's HTML. */
const texDom = new Map<string, HTMLTemplateElement>();
const TEX_DOM_MAX = 200;

/** KaTeX of `src`, parsed once: a cached fragment that callers may read but never insert. */
export function texTemplate(src: string, display = false): DocumentFragment {
  const key = `${display ? 'D' : 'I'}${src}`;
  let tpl = texDom.get(key);
  if (tpl) texDom.delete(key);
  else {
    tpl = document.createElement('template');
    tpl.innerHTML = texHtml(src, display);
  }
  texDom.set(key, tpl);
  if (texDom.size > TEX_DOM_MAX) texDom.delete(texDom.keys().next().value as string);
  return tpl.content;
}

/** KaTeX of `src` as fresh DOM nodes (a clone of a cached parse). */
export function texNodes(src: string, display = false): DocumentFragment {
  return texTemplate(src, display).cloneNode(true) as DocumentFragment;
}

function sameAttrs(a: Element, b: Element): boolean {
  const n = a.attributes.length;
  if (n !== b.attributes.length) return false;
  for (let k = 0; k < n; k++) {
    const x = a.attributes[k] as Attr;
    if (b.getAttribute(x.name) !== x.value) return false;
  }
  return true;
}

/**
 * Makes the children of `el` (an earlier KaTeX rendering) equal to `src` (a KaTeX template,
 * left untouched): walks both trees in step, rewrites text that differs and replaces, with a
 * clone, only the subtrees whose tags or attributes differ. When only numbers changed, the
 * elements stay and only their digits are rewritten, so the browser restyles and re-lays out
 * little.
 */
export function patchTex(el: Node, src: Node): void {
  let o: Node | null = el.firstChild;
  let n: Node | null = src.firstChild;
  while (n) {
    const next = n.nextSibling;
    if (!o) {
      el.appendChild(n.cloneNode(true));
      n = next;
      continue;
    } else if (o.nodeType !== n.nodeType || o.nodeName !== n.nodeName) {
      const repl = n.cloneNode(true);
      el.replaceChild(repl, o);
      o = repl;
    } else if (n.nodeType === 1) {
      if (sameAttrs(o as Element, n as Element)) patchTex(o, n);
      else {
        const repl = n.cloneNode(true);
        el.replaceChild(repl, o);
        o = repl;
      }
    } else if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
    o = o.nextSibling;
    n = next;
  }
  while (o) {
    const next = o.nextSibling;
    el.removeChild(o);
    o = next;
  }
}

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

export function rich(tag: 'p' | 'span' | 'li' | 'div', text: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.innerHTML = richHtml(text);
  return el;
}
