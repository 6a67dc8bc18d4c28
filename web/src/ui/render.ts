// ui/render.ts — the one way the web layer updates the page: lit-html. A page, a lesson, a figure
// and a control are functions from state to a lit `html`/`svg` template; `render(template, el)`
// writes only what changed since the last render into `el` (lit keeps the template's static
// parts and compares each bound value with the one it wrote). Nothing else writes the DOM:
//  - a store change re-renders the page (ui/lessonPage.ts, pages/*.ts);
//  - state that only one figure has (its table toggle, the focused heatmap cell and its tooltip)
//    lives in an `island`: a lit directive that renders its host element's children from the
//    props the page passed in and its own local state, and renders them again when that local
//    state changes, without recomputing the page;
//  - pixels on a <canvas> are painted by an element directive from the same description the
//    template draws (ui/heatmap.ts).
// It computes nothing and holds no lesson state; it re-exports what the rest of the web layer
// uses from lit-html, so there is one import for templates.
import { html, noChange, nothing, render, svg, type TemplateResult } from 'lit-html';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit-html/directive.js';
import { cache } from 'lit-html/directives/cache.js';
import { guard } from 'lit-html/directives/guard.js';
import { ifDefined } from 'lit-html/directives/if-defined.js';
import { live } from 'lit-html/directives/live.js';
import { ref } from 'lit-html/directives/ref.js';
import { repeat } from 'lit-html/directives/repeat.js';
import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';

export {
  cache,
  Directive,
  directive,
  guard,
  html,
  ifDefined,
  live,
  noChange,
  nothing,
  PartType,
  ref,
  render,
  repeat,
  svg,
  unsafeHTML,
  type ElementPart,
  type PartInfo,
  type TemplateResult,
};

/** What a template may hold where children go. */
export type Content = TemplateResult | typeof nothing | string | number | null | undefined | false | readonly Content[];

/** The handle an island's draw function gets: its local state and the way to change it. */
export interface Local<L> {
  readonly state: L;
  /** Merges `patch` into the local state and renders the island again (only the island). */
  set(patch: Partial<L>): void;
}

type Draw = (props: unknown, local: Local<object>) => unknown;
type Init = () => object;

class IslandDirective extends Directive {
  private host?: Element;
  private draw?: Draw;
  private props: unknown;
  private local?: Local<object>;
  private state: object = {};

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('island: must be used on an element (<div ${island(…)}>)');
  }

  render(_init: Init, _draw: Draw, _props: unknown): unknown {
    return noChange;
  }

  override update(part: ElementPart, [init, draw, props]: [Init, Draw, unknown]): unknown {
    this.host = part.element;
    this.draw = draw;
    this.props = props;
    if (!this.local) {
      this.state = init();
      const state = () => this.state;
      const set = (patch: Partial<object>) => {
        this.state = { ...this.state, ...patch };
        this.paint();
      };
      this.local = {
        get state() {
          return state();
        },
        set,
      };
    }
    this.paint();
    return noChange;
  }

  private paint(): void {
    if (this.host && this.draw && this.local) render(this.draw(this.props, this.local), this.host as HTMLElement);
  }
}

const islandDirective = directive(IslandDirective);

/**
 * An element whose children are `draw(props, local)`: re-rendered when the page renders (new
 * props) and when the island's own state changes (`local.set`). `init()` makes the local state
 * once, when the element is first rendered. The host element must have no child bindings in the
 * outer template.
 */
export function island<P, L extends object>(init: () => L, draw: (props: P, local: Local<L>) => unknown, props: P): unknown {
  return islandDirective(init, draw as Draw, props);
}

/** An element directive that runs `paint(element, value)` during a render whose value shows a
 *  different picture from the last one painted (`same(last, value)` false; by default `===`) or
 *  whose pixel `density` changed (for canvas pixels, which no template holds). */
class PaintDirective extends Directive {
  private last: unknown = undefined;
  private density = 0;
  render(_value: unknown, _paint: (el: Element, value: unknown) => void, _density: number, _same: ((a: unknown, b: unknown) => boolean) | undefined): unknown {
    return noChange;
  }
  override update(
    part: ElementPart,
    [value, paint, density, same]: [unknown, (el: Element, value: unknown) => void, number, ((a: unknown, b: unknown) => boolean) | undefined],
  ): unknown {
    // The first render paints: no density is 0.
    if (density !== this.density || !(same ? same(this.last, value) : this.last === value)) {
      paint(part.element, value);
      this.density = density;
    }
    this.last = value;
    return noChange;
  }
}
const paintDirective = directive(PaintDirective);

/**
 * `<canvas ${painted(model, paintFn, same?)}>` (or on an element whose canvas paintFn manages,
 * as a heatmap's does): paints when the picture changed, i.e. when
 * `same(lastModel, model)` (which compares what the picture shows; by default `===`) is false, or
 * when the screen's pixel density changed. With `same`, a new model of the same picture (the same
 * numbers computed again, the figures of a mode the learner returns to) costs no painting, and
 * saying so costs a comparison, not a string of every cell.
 */
export function painted<V, E extends Element>(value: V, paint: (el: E, value: V) => void, same?: (a: V, b: V) => boolean): unknown {
  watchDensity();
  return paintDirective(
    value,
    paint as (el: Element, value: unknown) => void,
    globalThis.devicePixelRatio || 1,
    same as ((a: unknown, b: unknown) => boolean) | undefined,
  );
}

/** The page's own render, so what depends on the environment (pixel density) can ask for one. */
let pageRender: (() => void) | undefined;
/** A page registers how it renders itself (the router calls it on every page it mounts). */
export function setPageRender(fn: (() => void) | undefined): void {
  pageRender = fn;
}

/** Renders the page again when the pixel density changes (browser zoom, a window moved to another
 *  screen), so canvases stay sharp. Zoom fires `resize`; a change of screen may only change the
 *  resolution media query. */
let densityWatched = false;
function watchDensity(): void {
  if (densityWatched || typeof matchMedia !== 'function') return;
  densityWatched = true;
  let dpr = globalThis.devicePixelRatio || 1;
  const check = () => {
    const now = globalThis.devicePixelRatio || 1;
    if (now === dpr) return;
    dpr = now;
    pageRender?.();
    query();
  };
  const query = () => matchMedia(`(resolution: ${dpr}dppx)`).addEventListener('change', check, { once: true });
  query();
  addEventListener('resize', check);
}

/** Renders `template` into a fresh detached element and returns that element's first element
 *  child (PNG export builds its standalone SVG this way from the figure's own template). */
export function detachedElement<E extends Element>(template: unknown): E {
  const box = document.createElement('div');
  render(template, box);
  return box.firstElementChild as E;
}

let uid = 0;
/** An id unique on the page (labels, aria-describedby). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uid}`;
}
