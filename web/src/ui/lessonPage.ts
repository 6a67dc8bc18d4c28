// ui/lessonPage.ts — one lesson page as a template, rendered with lit (ui/render.ts) into the
// page's <article> on every state change: progress indicator, explanation, the lesson's live
// controls + figures (its view of the state), the formula with the learner's numbers, "try this",
// the check-yourself question, the PyTorch panel, the teacher's panel and previous/next
// navigation. The lesson's view() runs only when a key it depends on changed; otherwise its last
// parts are rendered again. The figures and formula of a lesson's other mode (trained / random
// weights) or model stay on the page, parked, while it is away (ui/modes.ts), so switching back
// shows them again and updates what changed instead of building them again. Core errors are
// shown in place. No math, no lesson specifics.
// Given the core still loading, it shows the static part (progress, title, explanation) at once
// and renders the live part when the core is ready; the parts below the live section come with
// it, so nothing on screen moves when the figures arrive.
import type { Core } from '../model/core';
import type { Schema, Store } from '../model/state';
import type { AnyLesson, LessonParts, LessonSchema, LessonView } from '../lessons/types';
import { lessonContent, t } from './i18n';
import { bridgePanel } from './bridgePanel';
import { formula } from './formula';
import { recordAnswer, recordVisit, savedAnswer, steps } from './progress';
import { question } from './quiz';
import { rich } from './richtext';
import { teacherPanel, teacherStyle } from './teacher';
import { EMBED_EVENT, embedFooter, embedMissing, embedSnippet, embedStyle, reportHeight, showEmbedDialog, type EmbedRequest } from './embed';
import { routeHref } from './links';
import { html, nothing, render } from './render';
import { modes } from './modes';
import { toHash } from '../model/state';
import { courseStep } from '../model/teacher';

export interface Mounted {
  el: HTMLElement;
  /** Renders the page again after the state changed (`changed`: the keys that did). */
  update(changed: readonly string[]): void;
  /** Settles when the live part is mounted (at once when the core was already loaded). */
  ready?: Promise<void>;
  /** Frees what the page holds beyond the DOM (the lab's workers) when the learner leaves it. */
  dispose?(): void;
}

/** Resolves after the browser had a chance to paint what is on the page now. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (document.hidden) setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

export function lessonPage(def: AnyLesson, all: readonly AnyLesson[], core: Core | Promise<Core>, store: Store<LessonSchema<Schema>>): Mounted {
  const text = lessonContent(def.file);
  const idx = all.findIndex((l) => l.slug === def.slug);
  const titles = all.map((l) => ({ slug: l.slug, title: lessonContent(l.file).title }));
  recordVisit(def.slug);
  const L = (key: string, vars?: Record<string, string | number>) => {
    const raw = text.labels[key] ?? t(key);
    return vars ? raw.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : raw;
  };
  const el = document.createElement('article');
  el.className = 'lesson';
  el.dataset.lesson = def.slug;

  let liveCore: Core | undefined;
  let view: LessonView | undefined;
  let parts: LessonParts | undefined;
  let error = '';
  /** The lower half (formula, try this, check, pager, panels) is on the page. */
  let below = false;

  // A teacher's course link: the pager walks the course's lessons in its order.
  const inCourse = courseStep(store.get('course'), def.slug);
  const bySlug = (slug: string | undefined) => all.find((l) => l.slug === slug);
  const prev = inCourse ? bySlug(inCourse.prev) : all[idx - 1];
  const next = inCourse ? bySlug(inCourse.next) : all[idx + 1];
  // hide/lock come from the URL a page is opened with (a new link renders a new page).
  const teaching = store.get('hide').length + store.get('lock').length > 0;
  const embedId = store.get('embed');
  const fromLink = teaching || store.get('course').length > 0 || embedId !== '';
  const base = () => location.href.split('#')[0] ?? '';
  const live = def.hasFormula !== false;

  const pager = () =>
    html`<nav class="pager" aria-label=${t('nav.pager')}>
      ${
        prev
          ? html`<a class="btn prev" data-route=${prev.slug} href=${routeHref(prev.slug)} rel="prev">← ${lessonContent(prev.file).title}</a>`
          : html`<a class="btn prev" data-route="" href=${routeHref('')}>← ${t('nav.home')}</a>`
      }
      ${
        next
          ? html`<a class="btn next" data-route=${next.slug} href=${routeHref(next.slug)} rel="next">${lessonContent(next.file).title} →</a>`
          : inCourse
            ? html`<a class="btn next" data-route="" href=${routeHref('')}>${t('nav.courseEnd')} →</a>`
            : nothing
      }
    </nav>`;

  /** What the figures and formula show: the model the lesson names (`figuresKey`), else the weights
   *  mode. ui/modes.ts keeps every other key's figures and formula parked. */
  const shown = () => parts?.figuresKey ?? (store.get('w') === 'trained' ? 'trained' : 'random');
  /** Everything below the live section. */
  const rest = () => html`
    ${
      live
        ? html`<section class="formula-box" aria-labelledby=${`f-h-${def.slug}`}>
            <h2 id=${`f-h-${def.slug}`}>${t('lesson.formula')}</h2>
            <div class="formula" ${modes(shown(), formula(parts?.formula ?? []))}></div>
          </section>`
        : nothing
    }
    ${
      text.lab
        ? html`<aside class="callout lab-link" aria-label=${t('lesson.labLink')} data-lab-link=${text.lab.set ?? ''}>
            ${rich('p', text.lab.text)}
            <p><a class="btn" data-route="lab" data-set=${text.lab.set ?? nothing} href=${routeHref('lab', text.lab.set)}>${text.lab.link} →</a></p>
          </aside>`
        : nothing
    }
    ${
      text.tryThis.length
        ? html`<section class="try">
            <h2>${t('lesson.try')}</h2>
            <ul>
              ${text.tryThis.map((x) => rich('li', x))}
            </ul>
          </section>`
        : nothing
    }
    ${
      text.check
        ? html`<section class="check">
            <h2>${t('lesson.check')}</h2>
            ${question(text.check, (correct, choice) => recordAnswer(def.slug, { choice, correct }), undefined, savedAnswer(def.slug))}
          </section>`
        : nothing
    }
    ${pager()}
    <p class="print-tools"><button type="button" class="btn small" data-print="" @click=${() => window.print()}>${t('print.button')}</button></p>
    <p class="print-only print-source">${t('print.source')} <a class="print-url" data-route=${def.slug} href=${routeHref(def.slug)} data-base=${base()}></a></p>
    ${fromLink ? nothing : teacherPanel(el, store, def.slug, titles)}
  `;

  const page = () => html`
    ${teaching ? teacherStyle(store) : nothing} ${embedId ? embedStyle(embedId) : nothing}
    ${steps(inCourse ? store.get('course').flatMap((s) => titles.filter((x) => x.slug === s)) : titles, def.slug, inCourse !== undefined)}
    <h1 tabindex="-1">${idx + 1}. ${text.title}</h1>
    <section class="explain" aria-label=${t('lesson.explanation')}>${text.explanation.map((p) => rich('p', p))}</section>
    <section class="lab" aria-labelledby=${`lab-h-${def.slug}`}>
      <h2 id=${`lab-h-${def.slug}`}>${live ? t('lesson.live') : t('lesson.quiz')}</h2>
      ${live ? html`<h2 class="print-only" aria-hidden="true">${t('print.figures')}</h2>` : nothing}
      <div class="controls">${liveCore ? parts?.controls : html`<p class="loading">${t('core.loading')}</p>`}</div>
      <div class="core-error" role="alert" ?hidden=${!error}>${error ? `${t('core.error')} ${error}` : ''}</div>
      <div class="figures" aria-live="off" ${modes(shown(), html`${embedId && liveCore ? embedMissing(embedId) : nothing}${parts?.figures}`)}></div>
      ${liveCore ? bridgePanel(def, liveCore, store) : nothing}
    </section>
    ${below ? rest() : nothing} ${embedId ? embedFooter(`${base()}${toHash(def.slug, { ...store.snapshot(), embed: '' }, store.schema)}`) : nothing}
  `;

  const draw = () => {
    render(page(), el);
    if (embedId) reportHeight();
  };
  /** The values the lesson's view reads (its `deps`, else the whole state), as one string. */
  const viewInput = () => JSON.stringify(def.deps ? def.deps.map((k) => store.get(k)) : store.snapshot());
  /** Per mode or model on the page (shown or parked, ui/modes.ts): the parts it was last drawn
   *  with and the view input they were computed from. A mode shown again with the input it was
   *  parked at is drawn from its parts: its figures are on the page as they are, and the view
   *  (a pure function of its input, the loaded models aside) would compute them again. */
  const drawnModes = new Map<string, { input: string; parts: LessonParts }>();
  /** Renders the page; the lesson's view runs first when a key it depends on changed, or when
   *  `force`d (a model arrived: every mode's parts are forgotten). */
  const run = (changed: readonly string[], force = false) => {
    if (force) drawnModes.clear();
    let input: string | undefined;
    if (view && (force || !def.deps || changed.some((k) => def.deps?.includes(k)) || !parts)) {
      input = viewInput();
      let kept: LessonParts | undefined;
      for (const m of drawnModes.values()) if (m.input === input) kept = m.parts;
      try {
        parts = kept ?? view.view(changed);
        error = '';
      } catch (e) {
        error = (e as Error).message;
        input = undefined;
      }
    }
    draw();
    if (input !== undefined && parts) drawnModes.set(shown(), { input, parts });
  };
  const mountLive = (c: Core) => {
    liveCore = c;
    try {
      view = def.mount({ core: c, store, text, L, refresh: () => run(Object.keys(store.schema), true) });
    } catch (e) {
      error = (e as Error).message;
    }
    run(Object.keys(store.schema));
  };
  // Embedding: a figure's Embed button asks for a snippet of this lesson at the learner's state.
  el.addEventListener(EMBED_EVENT, (e) => {
    const r = (e as CustomEvent<EmbedRequest>).detail;
    const src = `${base()}${toHash(def.slug, { ...store.snapshot(), embed: r.id }, store.schema)}`;
    const controls = el.querySelector('.controls');
    // First height: the controls and the figure (the embedded page then reports its own).
    showEmbedDialog(embedSnippet(src, `${r.title} — ${text.title} · ${t('app.name')}`, r.height + (controls?.getBoundingClientRect().height ?? 0) + 60));
  });

  let ready = Promise.resolve();
  if (core instanceof Promise) {
    draw();
    // The text is painted first (it is what the learner reads while the rest computes); a core
    // that fails to load is reported by main.ts for the whole page. Controls and figures first;
    // the formula and the rest below in a task of their own, so neither step blocks for long.
    ready = Promise.all([core, afterPaint()]).then(
      async ([c]) => {
        mountLive(c);
        await new Promise((r) => setTimeout(r, 0));
        below = true;
        draw();
      },
      () => undefined,
    );
  } else {
    below = true;
    mountLive(core);
  }
  return { el, update: (changed) => run(changed), ready };
}
