// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only, as template parts (ui/render.ts); the content files own the words. KaTeX output is cached
// by its TeX source (bounded), so static formulas and repeated numbers are typeset once. A
// formula line (texContent) is KaTeX's markup turned into templates, so lit updates the digits
// that changed in place instead of replacing the line.
import katex from 'katex';
import { cached as lru } from '../model/lru';
import {
  Directive,
  directive,
  guard,
  html,
  noChange,
  nothing,
  PartType,
  staticHtml,
  staticMathml,
  staticSvg,
  unsafeHTML,
  unsafeStatic,
  type ElementPart,
  type PartInfo,
} from './render';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CACHE_MAX = 400;

/** `cached` over this file's caches, at most CACHE_MAX long each. */
const cached = <V>(cache: Map<string, V>, key: string, make: () => V): V => lru(cache, key, make, CACHE_MAX);

/** Rendered KaTeX by (display, source). */
const texCache = new Map<string, string>();
export function texHtml(src: string, display = false): string {
  return cached(texCache, `${display ? 'D' : 'I'}${src}`, () =>
    katex.renderToString(src, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }),
  );
}

/** Rendered content-file markup by text (the explanation is rendered again on every page render). */
const richCache = new Map<string, string>();
export function richHtml(text: string): string {
  return cached(richCache, text, () => richMarkup(text));
}

function richMarkup(text: string): string {
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

/** An element directive that sets the attributes `a` names (and removes those it named last time
 *  and names no more): the attributes of an element whose names come from data (KaTeX's). */
class AttributesDirective extends Directive {
  private last: Readonly<Record<string, string>> = {};
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('attributes: must be used on an element');
  }
  render(_a: Readonly<Record<string, string>>): unknown {
    return noChange;
  }
  override update(part: ElementPart, [a]: [Readonly<Record<string, string>>]): unknown {
    if (a === this.last) return noChange;
    const el = part.element;
    // for…in, not Object.keys/entries: a formula has hundreds of elements, and this runs for each
    // on every change of its numbers.
    for (const k in this.last) if (!(k in a)) el.removeAttribute(k);
    for (const k in a) {
      const v = a[k] as string;
      if (this.last[k] !== v) el.setAttribute(k, v);
    }
    this.last = a;
    return noChange;
  }
}
const attributes = directive(AttributesDirective);

const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const VOID = new Set(['img', 'br', 'hr', 'wbr']);
const tags = new Map<string, ReturnType<typeof unsafeStatic>>();
const tagOf = (name: string) => {
  let t = tags.get(name);
  if (!t) tags.set(name, (t = unsafeStatic(name)));
  return t;
};

/** A parsed node of KaTeX's markup as a template: one template per element name and namespace,
 *  its attributes through `attributes`, its children in order; lit keeps every element whose
 *  name and place did not change, so a formula whose digits changed only changes text. */
function asTemplate(node: Node): unknown {
  if (node.nodeType === Node.TEXT_NODE) return (node as Text).data;
  if (node.nodeType !== Node.ELEMENT_NODE) return nothing;
  const el = node as Element;
  const a: Record<string, string> = {};
  for (const at of Array.from(el.attributes)) if (at.name !== 'xmlns') a[at.name] = at.value;
  const tag = tagOf(el.localName);
  if (VOID.has(el.localName)) return staticHtml`<${tag} ${attributes(a)}>`;
  const kids = Array.from(el.childNodes, asTemplate);
  // An element inside SVG or MathML needs its namespace's template (the <svg> and <math> roots
  // get theirs from the HTML parser).
  if (el.namespaceURI === SVG_NS && el.localName !== 'svg') return staticSvg`<${tag} ${attributes(a)}>${kids}</${tag}>`;
  if (el.namespaceURI === MATHML_NS && el.localName !== 'math') return staticMathml`<${tag} ${attributes(a)}>${kids}</${tag}>`;
  return staticHtml`<${tag} ${attributes(a)}>${kids}</${tag}>`;
}

/** Typeset formulas as templates, by (display, source). */
const treeCache = new Map<string, unknown>();
function texTree(src: string, display: boolean): unknown {
  return cached(treeCache, `${display ? 'D' : 'I'}${src}`, () => {
    const box = document.createElement('template');
    box.innerHTML = texHtml(src, display);
    return Array.from(box.content.childNodes, asTemplate);
  });
}

/**
 * KaTeX of `src` as a template part. KaTeX's markup becomes templates (asTemplate), so a formula
 * whose numbers changed keeps its elements and only their text changes: the browser neither
 * restyles nor lays out the rest of the line again. Unchanged TeX is not even walked (guard).
 */
export function texContent(src: string, display = false): unknown {
  return guard([src, display], () => texTree(src, display));
}
