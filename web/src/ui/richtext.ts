// ui/richtext.ts — renders the small markup used in content files: $TeX$ (KaTeX, self-hosted),
// **bold**, *italic*, `code` and [links](#/slug). Everything else is escaped text. Rendering
// only, as template parts (ui/render.ts); the content files own the words. KaTeX output is cached
// by its TeX source (bounded), so static formulas are typeset once. A formula line (texLine)
// is typeset once per shape, its numbers holes of one lit template, so a change of numbers
// writes their text and nothing else; it comes with the height it takes (for the placeholder
// size of a line off screen).
import katex from 'katex';
import { cached as lru } from '../model/lru';
import { html, nothing, unsafeHTML } from './render';

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

/**
 * What changes from one render of a formula line to the next: the numbers. tex() (ui/format.ts)
 * writes each as \text{…} around fmt's text ("0.25", "−1.50", "NaN", "−∞"; texParen's "(−0.40)"),
 * and lessons write token positions as integer subscripts (h_{7}, S_{2,3}). Each number is a hole.
 * KaTeX typesets the line once per *variant* (its TeX with each hole a placeholder that KaTeX
 * measures exactly like the number: digits all have one height and no depth; parentheses, a minus
 * sign and an N are kept, since they change the height or depth KaTeX computes), and the markup
 * becomes a lit template whose parts are the holes' text (in KaTeX's HTML and in its MathML), the
 * TeX source (the MathML annotation) and the inline styles (the heights and shifts KaTeX computed).
 * Variants whose markup differs only in those styles (a number changed sign) share one template, so
 * lit keeps every element and writes the text of the numbers and the styles that changed, and
 * nothing else. A number of another form (an exponent) stays in the TeX that selects the variant.
 * An infinity is a hole too (a masked score becoming −∞ keeps the line's elements), measured as its
 * own glyph. The placeholder is 00, the hole's index in the digits 1–9, 00: a sequence KaTeX never
 * writes in its markup (its lengths drop trailing zeros); a variant whose markup does not hold each
 * placeholder exactly twice is typeset whole, by its TeX (correct, not incremental).
 */
const HOLE = /\\text\{(\(−(?:[0-9]+(?:\.[0-9]+)?|∞)\)|−?(?:[0-9]+(?:\.[0-9]+)?|∞)|NaN)\}|_\{([0-9]+(?:,[0-9]+)*)\}/g;

/** The placeholder of hole k: 00, k in the digits 1–9 (bijective base 9), 00. */
function placeholder(k: number): string {
  let d = '';
  for (let n = k + 1; n > 0; n = Math.floor((n - 1) / 9)) d = String(((n - 1) % 9) + 1) + d;
  return `00${d}00`;
}
/** A hole in a variant (a private-use character: never in a lesson's TeX), alone (a subscript) or
 *  in its \text{} with its kind, and ∞ after the kind when the hole is an infinity. */
const HOLE_MARK = '\uE003';
const MARKED = /\\text\{([(−N]?)(∞?)\uE003\}|\uE003/g;
const indexOf = (d: string) => [...d].reduce((n, c) => n * 9 + Number(c), 0) - 1;
/** In KaTeX's markup: a placeholder with its minus sign or N, the annotation's TeX, a style. */
const PLACEHOLDER = /\(−00([1-9]+)00\)|(?:−|N)?00([1-9]+)00/g;
const ANNOTATION = /(<annotation encoding="application\/x-tex">)[^<]*(<\/annotation>)/;
const STYLE = /style="([^"]*)"/g;
/** What the template of a skeleton splits at: \uE000 the TeX, \uE001 a style, \uE002k\uE002 hole k. */
const PART = /\uE000|\uE001|\uE002(\d+)\uE002/g;

/** A line's template: its strings, what each part shows (k ≥ 0: hole k; −1: the TeX; −2 − j:
 *  style j), and which styles are struts (KaTeX's `katex-strut`: each base's height and depth). */
interface LineTemplate {
  strings: TemplateStringsArray;
  parts: number[];
  struts: number[];
}
/** A typeset variant: the template it shares with the variants of its skeleton, and its styles. */
interface Variant {
  template: LineTemplate;
  styles: string[];
  /** The line's height (em), once asked for (texLine). */
  height?: number;
}

/** Template strings from markup pieces (what a tagged template literal would pass to `html`). */
function templateStrings(pieces: string[]): TemplateStringsArray {
  return Object.freeze(Object.assign([...pieces], { raw: Object.freeze([...pieces]) })) as unknown as TemplateStringsArray;
}

/** Line templates by skeleton (KaTeX's markup of a variant with its styles and texts taken out). */
const templateCache = new Map<string, LineTemplate>();
/** Typeset variants (display math) by variant; null: typeset whole instead (see HOLE). */
const variantCache = new Map<string, Variant | null>();

/**
 * KaTeX's markup of `tex` split for a template: its annotation's TeX as \uE000, each inline style
 * as \uE001 (the styles returned in order) and each placeholder, with the kind's characters around
 * it, as \uE002k\uE002 (the hole indices returned in order of appearance).
 */
function splitMarkup(tex: string): { skeleton: string; styles: string[]; holes: number[] } {
  const styles: string[] = [];
  const holes: number[] = [];
  const skeleton = katex
    .renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' })
    .replace(ANNOTATION, '$1\uE000$2')
    .replace(STYLE, (_, v: string) => {
      styles.push(v);
      return 'style="\uE001"';
    })
    .replace(PLACEHOLDER, (_, inParens: string | undefined, d: string | undefined) => {
      const k = indexOf(inParens ?? d ?? '');
      holes.push(k);
      return `\uE002${k}\uE002`;
    });
  return { skeleton, styles, holes };
}

/** The TeX of hole k of kind `kind` (undefined: a subscript's integer) as its placeholder. */
function holeTex(kind: string | undefined, k: number): string {
  const p = placeholder(k);
  return kind === undefined ? p : `\\text{${kind === '(' ? `(−${p})` : kind + p}}`;
}
/** The text of an infinity hole of kind `kind` ("", "−" or "("). */
const infinityText = (kind: string) => (kind === '(' ? '(−∞)' : `${kind}∞`);

function typeset(variant: string, holes: number): Variant | null {
  return cached(variantCache, variant, () => {
    // The TeX KaTeX typesets: each hole, in order, its placeholder (with its kind's characters).
    let next = 0;
    const withPlaceholders = variant.replace(MARKED, (_, kind: string | undefined) => holeTex(kind, next++));
    const { skeleton, styles, holes: found } = splitMarkup(withPlaceholders);
    // Each placeholder exactly twice (KaTeX's HTML and its MathML), and no other.
    const seen = new Array<number>(holes).fill(0);
    for (const k of found) {
      if (k >= holes) return null;
      seen[k] = (seen[k] ?? 0) + 1;
    }
    if (!seen.every((n) => n === 2)) return null;
    let stylesOf = styles;
    if (variant.includes('∞')) {
      // An infinity's text is fixed but its glyph is not a digit's height: the styles come from
      // KaTeX's markup of the TeX with the infinities themselves, whose elements must be the
      // skeleton's with those holes filled in (else the line is typeset whole).
      const infinities = new Map<number, string>();
      next = 0;
      const measured = variant.replace(MARKED, (_, kind: string | undefined, inf: string | undefined) => {
        const k = next++;
        if (!inf) return holeTex(kind, k);
        infinities.set(k, infinityText(kind ?? ''));
        return `\\text{${infinityText(kind ?? '')}}`;
      });
      const real = splitMarkup(measured);
      const filled = skeleton.replace(PART, (m: string, k: string | undefined) => (k === undefined ? m : (infinities.get(Number(k)) ?? m)));
      if (real.skeleton !== filled) return null;
      stylesOf = real.styles;
    }
    const template = cached(templateCache, skeleton, () => {
      const pieces: string[] = [];
      const parts: number[] = [];
      const struts: number[] = [];
      let last = 0;
      let style = 0;
      for (const m of skeleton.matchAll(PART)) {
        const piece = skeleton.slice(last, m.index);
        pieces.push(piece);
        if (m[0] === '\uE001' && piece.endsWith(STRUT_STYLE)) struts.push(style);
        parts.push(m[1] !== undefined ? Number(m[1]) : m[0] === '\uE000' ? -1 : -2 - style++);
        last = m.index + m[0].length;
      }
      pieces.push(skeleton.slice(last));
      return { strings: templateStrings(pieces), parts, struts };
    });
    return { template, styles: stylesOf };
  });
}

/** The heights of lines typeset whole (texHtml's markup → em), as a variant keeps its own. */
const wholeHeights = new Map<string, number>();
/** What precedes a strut's style in KaTeX's markup. */
const STRUT_STYLE = 'class="katex-strut" style="';
/** A strut's style in KaTeX's markup (height and depth as `vertical-align`, in em). */
const STRUT = /class="katex-strut" style="([^"]*)"/g;
/** The line box of a display line around its struts: the root inline box's own strut (KaTeX_Main
 *  at KaTeX's line-height 1.2) reaches 0.878 em above the baseline and 0.373 em below (measured in
 *  Chromium: a line of short bases is 1.251 em tall). */
const ROOT_ABOVE = 0.878;
const ROOT_BELOW = 0.373;

/**
 * The height (em of the line's own font) of a one-line display formula whose bases have the struts
 * `styles` (KaTeX's `height:…em;vertical-align:−…em;`): the tallest reach above the baseline plus
 * the deepest below, at least the root inline box's. It is the size the line's typesetting holds
 * while it is off screen and not laid out (styles.css: content-visibility), so the page below it
 * does not move when it comes into view; an estimate for a line of several rows (KaTeX's \\).
 */
function lineHeight(styles: readonly string[]): number {
  let above = ROOT_ABOVE;
  let below = ROOT_BELOW;
  for (const st of styles) {
    const h = Number(/height:(-?[0-9.]+)em/.exec(st)?.[1] ?? 0);
    const d = -Number(/vertical-align:(-?[0-9.]+)em/.exec(st)?.[1] ?? 0);
    above = Math.max(above, h - d);
    below = Math.max(below, d);
  }
  return Math.round((above + below) * 1000) / 1000;
}

/**
 * A formula line (ui/formula.ts), KaTeX's display typesetting of `src` as a template part: the
 * line's variant typeset once (see HOLE) and its numbers as the template's values, so a line whose
 * numbers changed only changes their text (and the styles a change of sign moves), and an unchanged
 * line costs a comparison of its values. With it, the height the typesetting takes (em of its font,
 * see lineHeight).
 */
export function texLine(src: string): { content: unknown; height: number } {
  const { variant, values } = holes(src);
  const v = typeset(variant, values.length);
  if (!v) {
    const markup = texHtml(src, true);
    return { content: unsafeHTML(markup), height: cached(wholeHeights, markup, () => lineHeight(Array.from(markup.matchAll(STRUT), (m) => m[1] ?? ''))) };
  }
  v.height ??= lineHeight(v.template.struts.map((j) => v.styles[j] ?? ''));
  return { content: filled(v, values, src), height: v.height };
}

/** The template of variant `v` with its holes filled: the numbers, the TeX and the styles. */
function filled(v: Variant, values: readonly string[], src: string): unknown {
  const { strings, parts } = v.template;
  return html(strings, ...parts.map((p) => (p >= 0 ? values[p] : p === -1 ? src : v.styles[-2 - p])));
}

/** `src` with each number a hole (its variant, see HOLE) and the holes' texts in order. */
function holes(src: string): { variant: string; values: string[] } {
  const values: string[] = [];
  // The variant: each hole as its kind and HOLE_MARK (the placeholders are made from it on a miss).
  const variant = src.replace(HOLE, (_, num: string | undefined, sub: string | undefined) => {
    if (num === undefined) {
      // A subscript of integers (h_{7}, S_{2,3}): each integer a hole.
      const ints = (sub ?? '').split(',');
      values.push(...ints);
      return `_{${ints.map(() => HOLE_MARK).join(',')}}`;
    }
    values.push(num);
    // The kind: what besides digits KaTeX measures (texParen's parentheses, a minus sign, an N),
    // then ∞ for an infinity (its glyph is measured, see typeset).
    const kind = num === 'NaN' ? 'N' : num.startsWith('(') ? '(' : num.startsWith('−') ? '−' : '';
    return `\\text{${kind}${num.includes('∞') ? '∞' : ''}${HOLE_MARK}}`;
  });
  return { variant, values };
}
