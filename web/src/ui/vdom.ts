// ui/vdom.ts — a minimal index-keyed DOM patcher for figures that are redrawn on every
// recompute (heatmap cells, bar charts): a figure describes its elements as plain objects
// (sv/hv), and patch() reuses the existing element at the same position when the tag matches,
// writing only the attributes and texts that changed and creating/removing only the surplus.
// It keeps no listeners (figures delegate events to a parent) and computes nothing: no math,
// no layout, no strings of its own.

export interface VNode {
  ns: 'svg' | 'html';
  tag: string;
  attrs: Record<string, string>;
  /** Text content (only for leaves without children). */
  text?: string;
  children?: VNode[];
}

type Attr = string | number | undefined | null | false;
type Kid = VNode | null | undefined | false | Kid[];

function flat(kids: Kid[], out: VNode[] = []): VNode[] {
  for (const k of kids) {
    if (!k) continue;
    if (Array.isArray(k)) flat(k, out);
    else out.push(k);
  }
  return out;
}

function node(ns: 'svg' | 'html', tag: string, attrs: Record<string, Attr>, kids: (Kid | string | number)[]): VNode {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) a[k] = String(v);
  if (kids.length === 1 && (typeof kids[0] === 'string' || typeof kids[0] === 'number')) return { ns, tag, attrs: a, text: String(kids[0]) };
  return { ns, tag, attrs: a, children: flat(kids as Kid[]) };
}

/** An SVG element description. A single string/number child is its text. */
export const sv = (tag: string, attrs: Record<string, Attr> = {}, ...kids: (Kid | string | number)[]): VNode => node('svg', tag, attrs, kids);
/** An HTML element description. A single string/number child is its text. */
export const hv = (tag: string, attrs: Record<string, Attr> = {}, ...kids: (Kid | string | number)[]): VNode => node('html', tag, attrs, kids);

/** What was last written to each patched element (so unchanged values are never touched). */
const written = new WeakMap<Element, { attrs: Record<string, string>; text?: string }>();

function create(v: VNode): Element {
  const el = v.ns === 'svg' ? document.createElementNS('http://www.w3.org/2000/svg', v.tag) : document.createElement(v.tag);
  for (const [k, x] of Object.entries(v.attrs)) el.setAttribute(k, x);
  if (v.text !== undefined) el.textContent = v.text;
  written.set(el, { attrs: v.attrs, text: v.text });
  if (v.children) patch(el, v.children);
  return el;
}

function update(el: Element, v: VNode): void {
  const prev = written.get(el);
  if (!prev) {
    // Not made by patch(): start from scratch.
    for (const a of Array.from(el.attributes)) if (!(a.name in v.attrs)) el.removeAttribute(a.name);
    for (const [k, x] of Object.entries(v.attrs)) el.setAttribute(k, x);
    if (v.text !== undefined) el.textContent = v.text;
  } else {
    for (const k of Object.keys(prev.attrs)) if (!(k in v.attrs)) el.removeAttribute(k);
    for (const [k, x] of Object.entries(v.attrs)) if (prev.attrs[k] !== x) el.setAttribute(k, x);
    if (v.text !== undefined && v.text !== prev.text) el.textContent = v.text;
  }
  written.set(el, { attrs: v.attrs, text: v.text });
  if (v.children) patch(el, v.children);
  else if (v.text === undefined && el.firstChild) el.replaceChildren();
}

/** Makes parent's element children match `vnodes`, reusing elements position by position. */
export function patch(parent: Element, vnodes: readonly VNode[]): Element[] {
  const out: Element[] = [];
  let cur: Element | null = parent.firstElementChild;
  for (const v of vnodes) {
    const want = v.ns === 'svg' ? v.tag : v.tag.toUpperCase();
    if (cur && cur.tagName === want) {
      update(cur, v);
      out.push(cur);
      cur = cur.nextElementSibling;
    } else {
      const el = create(v);
      parent.insertBefore(el, cur);
      out.push(el);
      if (cur) {
        // A different tag at this position: the old element goes.
        const next = cur.nextElementSibling;
        cur.remove();
        cur = next;
      }
    }
  }
  while (cur) {
    const next = cur.nextElementSibling;
    cur.remove();
    cur = next;
  }
  return out;
}
