// ui/modes.ts — the figures (and formula) of each weights mode of a lesson (trained, random), or
// of each model a lesson switches between (its `figuresKey`: multihead's two trained models, the
// transformer with and without positional encoding, implement's exercises), kept on the page while
// another is shown. Computes nothing; writes no lesson state.
//
// Why: two modes or models show different figures. Taking one's elements out of the page and
// putting them back (what lit's `cache` does), or reshaping one set of figures for the other,
// makes the browser compute style and layout again from nothing: 8–55 ms per switch here, for a
// few hundred to 1,700 heatmap cells, their SVGs and captions. The one that is away is instead
// *parked* in place: each of its top-level elements gets `data-parked`, which styles.css turns
// into `content-visibility: hidden` (the browser keeps its rendering state but skips it: not
// painted, not focusable, not in the accessibility tree), `visibility: hidden` and
// `position: absolute` (its own box takes no room and no clicks). Showing it again costs about a
// millisecond; then lit updates only what changed since (tests/e2e/modes.spec.ts: the page then
// equals a fresh load of its link).
//
// A parked element gives up what names it on the page (`id`, `name`, `for`, its `data-*`
// attributes: `data-fig`, `data-key`, `data-stat`, …): the page's own lookups (an embedded figure,
// the teacher's panel, a radio group, a label) and anything else that asks for "the figure Q"
// find the shown one's only. The names come back, before lit renders into it, when it is shown.
//
// Use: `<div class="figures" ${modes(key, content)}></div>` — `content` is rendered (by lit, into
// a range of the host's children of its own) for the mode `key`; every other mode seen so far
// stays parked with what it showed last. The host has no other children in the template: lit
// would take a part that ends the host's children to own everything after it, these ranges too.
import { Directive, directive, noChange, PartType, render, type ElementPart, type PartInfo } from './render';

/** Whether attribute `a` names an element on the page: its `id`, `name` or `for`, and every
 *  `data-*` attribute (`data-parked` itself aside). */
const isName = (a: string): boolean => a === 'id' || a === 'name' || a === 'for' || (a.startsWith('data-') && a !== 'data-parked');

/** One mode's range of the host's children (between `start` and `end`), and while it is parked
 *  the names its elements gave up. */
interface ModeRange {
  start: Comment;
  end: Comment;
  parked?: [Element, string, string][];
}

/** Subtrees that hold no names, skipped: a heatmap's grid (up to thousands of cells, whose
 *  attributes are their coordinates and value) and KaTeX's markup of a formula (a few hundred
 *  spans per line, with classes and styles only: the app's TeX uses no \htmlId or \htmlData). */
const nameless = (el: Element): boolean => el.classList.contains('hm-grid') || el.classList.contains('katex');

/** Takes the names off `el` and its descendants into `kept`, skipping `nameless` subtrees. */
function unname(el: Element, kept: [Element, string, string][]): void {
  for (const a of el.getAttributeNames())
    if (isName(a)) {
      kept.push([el, a, el.getAttribute(a) ?? '']);
      el.removeAttribute(a);
    }
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (!nameless(c)) unname(c, kept);
}

/** Parks the top-level elements of a range: they keep their rendering state, lose their names. */
function park(r: ModeRange): void {
  const kept: [Element, string, string][] = [];
  for (let n = r.start.nextSibling; n && n !== r.end; n = n.nextSibling) {
    if (!(n instanceof Element)) continue;
    unname(n, kept);
    n.setAttribute('data-parked', '');
  }
  r.parked = kept;
}

/** Shows a parked range again, with its names. */
function unpark(r: ModeRange): void {
  for (let n = r.start.nextSibling; n && n !== r.end; n = n.nextSibling) if (n instanceof Element) n.removeAttribute('data-parked');
  for (const [el, a, v] of r.parked ?? []) el.setAttribute(a, v);
  r.parked = undefined;
}

class ModesDirective extends Directive {
  private readonly ranges = new Map<string, ModeRange>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('modes: must be used on an element (<div ${modes(…)}>)');
  }

  render(_key: string, _content: unknown): unknown {
    return noChange;
  }

  override update(part: ElementPart, [key, content]: [string, unknown]): unknown {
    const host = part.element as HTMLElement; // the element the directive is on
    let shown = this.ranges.get(key);
    if (!shown) {
      shown = { start: document.createComment(`mode ${key}`), end: document.createComment('') };
      host.append(shown.start, shown.end);
      this.ranges.set(key, shown);
    }
    for (const [k, r] of this.ranges) if (k !== key && !r.parked) park(r);
    if (shown.parked) unpark(shown);
    render(content, host, { renderBefore: shown.end });
    return noChange;
  }
}

/** `<div ${modes(key, content)}>`: `content` shown for mode `key`; the other modes' parked. */
export const modes = directive(ModesDirective);
