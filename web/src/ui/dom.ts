// ui/dom.ts — tiny DOM builders (h for HTML, s for SVG) used by every view, setChildren, which
// replaces a parent's children but leaves nodes already in place alone and copies fresh static
// markup into the element in its place, and morph, that copy. Markup only:
// no state, no math, no strings of its own.
type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;
type Child = Node | string | number | null | undefined | false | Child[];

/** Elements given a listener by h()/s(): never morphed into another element by setChildren. */
const listening = new WeakSet<Element>();

function apply(el: Element, attrs: Attrs | undefined, children: Child[]): void {
  if (attrs)
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (typeof v === 'function') {
        el.addEventListener(k.replace(/^on/, ''), v);
        listening.add(el);
      } else if (k === 'class') el.setAttribute('class', String(v));
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  const add = (c: Child) => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(typeof c === 'object' ? c : String(c));
  };
  children.forEach(add);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

const SVGNS = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVGNS, tag);
  apply(el, attrs, children);
  return el;
}

let uid = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

const INTERACTIVE = 'a, button, input, select, textarea, details, figure, [tabindex], [contenteditable]';

/** Static markup: no listeners from h(), nothing focusable or stateful inside. */
function plain(el: Element): boolean {
  if (listening.has(el) || el.matches(INTERACTIVE) || el.querySelector(INTERACTIVE)) return false;
  for (const d of el.querySelectorAll('*')) if (listening.has(d)) return false;
  return true;
}

/**
 * Makes `old` look like `next` (same tag), writing only attributes and texts that differ; where
 * the child structure differs, old's children are replaced by next's. Only for static markup.
 */
export function morph(old: Element, next: Element): void {
  for (const a of Array.from(old.attributes)) if (!next.hasAttribute(a.name)) old.removeAttribute(a.name);
  for (const a of Array.from(next.attributes)) if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  const oc = old.childNodes;
  const nc = next.childNodes;
  const sameShape =
    oc.length === nc.length &&
    Array.from(nc).every((n, k) => {
      const o = oc[k] as Node;
      return o.nodeType === n.nodeType && (n.nodeType !== Node.ELEMENT_NODE || (o as Element).tagName === (n as Element).tagName);
    });
  if (!sameShape) {
    old.replaceChildren(...Array.from(nc));
    return;
  }
  Array.from(nc).forEach((n, k) => {
    const o = oc[k] as Node;
    if (n.nodeType === Node.ELEMENT_NODE) morph(o as Element, n as Element);
    else if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
  });
}

/**
 * Like parent.replaceChildren(...nodes), but without throwing away what is already there: a
 * node that is already in place stays (figures reused across recomputes keep their layout,
 * scroll and focus), and a freshly built static element (a callout, a row of tokens) that has
 * the same tag as the element in its place is copied into that element instead of replacing
 * it, so text that did not change is not laid out again. Elements with listeners or focusable
 * content are always replaced, never morphed.
 */
export function setChildren(parent: Element, ...nodes: Node[]): void {
  let cur = parent.firstChild;
  for (const n of nodes) {
    if (n === cur) {
      cur = cur.nextSibling;
      continue;
    }
    if (cur instanceof Element && n instanceof Element && !n.isConnected && cur.tagName === n.tagName && !nodes.includes(cur) && plain(cur) && plain(n)) {
      morph(cur, n);
      cur = cur.nextSibling;
      continue;
    }
    parent.insertBefore(n, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export const reducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
