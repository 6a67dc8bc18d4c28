// ui/modes.ts — the figures of each weights mode of a lesson (trained, random), kept on the page
// while the other mode is shown. Computes nothing; writes no lesson state.
//
// Why: a lesson's two modes show different figures. Taking one mode's elements out of the page
// and putting them back (what lit's `cache` does) makes the browser compute their style and layout
// again from nothing: 8–55 ms per switch here, for a few hundred to 1,700 heatmap cells, their SVGs
// and captions. A mode that is away is instead *parked* in place: each of its top-level elements
// gets `data-parked`, which styles.css turns into `content-visibility: hidden` (the browser keeps
// its rendering state but skips it: not painted, not focusable, not in the accessibility tree),
// `visibility: hidden` and `position: absolute` (its own box takes no room and no clicks).
// Showing it again costs about a millisecond; then lit updates only what changed.
//
// A parked element gives up what names it on the page (`id`, `name`, `for`, its `data-*`
// attributes: `data-fig`, `data-key`, `data-stat`, …): the page's own lookups (an embedded figure,
// the teacher's panel, a radio group, a label) and anything else that asks for "the figure Q"
// find the shown mode's only. The names
// come back, before lit renders into it, when the mode is shown again.
//
// Use: `<div class="figures" ${modes(key, content)}>` — `content` is rendered (by lit, into a range
// of the host's own after the host's other children) for the mode `key`; every other mode seen so
// far stays parked with what it showed last.
import { Directive, directive, noChange, PartType, render, type ElementPart, type PartInfo } from './render';

/** Whether attribute `a` names an element on the page: its `id`, `name` or `for`, and every
 *  `data-*` attribute but a heatmap cell's own coordinates and value (which its grid reads; the
 *  cells, up to thousands, are not even looked at: they have no other). */
const isName = (a: string): boolean =>
  a === 'id' || a === 'name' || a === 'for' || (a.startsWith('data-') && a !== 'data-i' && a !== 'data-j' && a !== 'data-v');

/** One mode's range of the host's children (between `start` and `end`), and while it is parked
 *  the names its elements gave up. */
interface ModeRange {
  start: Comment;
  end: Comment;
  parked?: [Element, string, string][];
}

/** Parks the top-level elements of a range: they keep their rendering state, lose their names. */
function park(r: ModeRange): void {
  const kept: [Element, string, string][] = [];
  for (let n = r.start.nextSibling; n && n !== r.end; n = n.nextSibling) {
    if (!(n instanceof Element)) continue;
    for (const el of [n, ...n.querySelectorAll(':not(.hm-cell)')])
      for (let k = el.attributes.length - 1; k >= 0; k--) {
        const { name, value } = el.attributes[k] as Attr;
        if (!isName(name)) continue;
        kept.push([el, name, value]);
        el.removeAttribute(name);
      }
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
