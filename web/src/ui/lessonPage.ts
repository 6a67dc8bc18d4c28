// ui/lessonPage.ts — lays out one lesson page from its content file and its module: progress
// indicator, explanation, live controls + figures, the formula with the learner's numbers,
// "try this", the check-yourself question, and previous/next navigation. It runs the module's
// update() on every state change and shows core errors in place. No math, no lesson specifics.
// Given the core still loading, it shows the static part (progress, title, explanation) at once
// and mounts the live part when the core is ready; the parts below the live section are added
// then, so nothing on screen moves when the figures arrive.
import type { Core } from '../model/core';
import type { Schema, Store } from '../model/state';
import type { AnyLesson, LessonSchema, LessonView } from '../lessons/types';
import { h } from './dom';
import { lessonContent, t } from './i18n';
import { bridgePanel } from './bridgePanel';
import { beginPass } from './figure';
import { flushFormula } from './formula';
import { recordAnswer, recordVisit, savedAnswer, steps } from './progress';
import { question } from './quiz';
import { rich } from './richtext';
import { applyTeacher, teacherPanel } from './teacher';
import { applyEmbed, EMBED_EVENT, embedFooter, embedSnippet, reportHeight, showEmbedDialog, type EmbedRequest } from './embed';
import { toHash } from '../model/state';
import { courseStep } from '../model/teacher';

export interface Mounted {
  el: HTMLElement;
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
  const controls = h('div', { class: 'controls' });
  const figures = h('div', { class: 'figures', 'aria-live': 'off' });
  const formula = h('div', { class: 'formula' });
  const error = h('div', { class: 'core-error', role: 'alert', hidden: true });
  const L = (key: string, vars?: Record<string, string | number>) => {
    const raw = text.labels[key] ?? t(key);
    return vars ? raw.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : raw;
  };
  let view: LessonView | undefined;
  let refreshBridge: (() => void) | undefined;
  const run = (changed: readonly string[]) => {
    teacher?.refresh();
    if (!view) return;
    if (def.deps && !changed.some((k) => def.deps?.includes(k))) return;
    // Figures and some controls are rebuilt on update; keep keyboard focus where it was.
    const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';
    const before = document.activeElement;
    const idx = before && el.contains(before) ? Array.from(el.querySelectorAll(FOCUSABLE)).indexOf(before) : -1;
    try {
      beginPass();
      view.update(changed);
      refreshBridge?.();
      if (teaching) applyTeacher(el, store);
      embedded();
      error.hidden = true;
    } catch (e) {
      error.hidden = false;
      error.textContent = `${t('core.error')} ${(e as Error).message}`;
    }
    if (idx >= 0 && before && !before.isConnected) (el.querySelectorAll(FOCUSABLE)[idx] as HTMLElement | undefined)?.focus({ preventScroll: true });
  };
  // A teacher's course link: the pager walks the course's lessons in its order.
  const inCourse = courseStep(store.get('course'), def.slug);
  const bySlug = (slug: string | undefined) => all.find((l) => l.slug === slug);
  const prev = inCourse ? bySlug(inCourse.prev) : all[idx - 1];
  const next = inCourse ? bySlug(inCourse.next) : all[idx + 1];
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': t('nav.pager') },
    prev
      ? h('a', { class: 'btn prev', 'data-route': prev.slug, href: `#/${prev.slug}`, rel: 'prev' }, `← ${lessonContent(prev.file).title}`)
      : h('a', { class: 'btn prev', 'data-route': '', href: '#/' }, `← ${t('nav.home')}`),
    next
      ? h('a', { class: 'btn next', 'data-route': next.slug, href: `#/${next.slug}`, rel: 'next' }, `${lessonContent(next.file).title} →`)
      : inCourse
        ? h('a', { class: 'btn next', 'data-route': '', href: '#/' }, `${t('nav.courseEnd')} →`)
        : null,
  );
  const lab = h(
    'section',
    { class: 'lab', 'aria-labelledby': `lab-h-${def.slug}` },
    h('h2', { id: `lab-h-${def.slug}` }, def.hasFormula === false ? t('lesson.quiz') : t('lesson.live')),
    def.hasFormula === false ? null : h('h2', { class: 'print-only', 'aria-hidden': 'true' }, t('print.figures')),
    controls,
    error,
    figures,
  );
  const el = h(
    'article',
    { class: 'lesson', 'data-lesson': def.slug },
    steps(inCourse ? store.get('course').flatMap((s) => titles.filter((x) => x.slug === s)) : titles, def.slug, inCourse !== undefined),
    h('h1', { tabindex: -1 }, `${idx + 1}. ${text.title}`),
    h(
      'section',
      { class: 'explain', 'aria-label': t('lesson.explanation') },
      text.explanation.map((p) => rich('p', p)),
    ),
    lab,
  );
  /** Everything below the live section; added with it, so it never jumps down on load. */
  const rest = () => [
    def.hasFormula === false
      ? null
      : h('section', { class: 'formula-box', 'aria-labelledby': `f-h-${def.slug}` }, h('h2', { id: `f-h-${def.slug}` }, t('lesson.formula')), formula),
    text.lab
      ? h(
          'aside',
          { class: 'callout lab-link', 'aria-label': t('lesson.labLink'), 'data-lab-link': text.lab.set ?? '' },
          rich('p', text.lab.text),
          h('p', {}, h('a', { class: 'btn', href: '#/lab', 'data-route': 'lab', 'data-set': text.lab.set }, `${text.lab.link} →`)),
        )
      : null,
    text.tryThis.length
      ? h(
          'section',
          { class: 'try' },
          h('h2', {}, t('lesson.try')),
          h(
            'ul',
            {},
            text.tryThis.map((x) => rich('li', x)),
          ),
        )
      : null,
    text.check
      ? h(
          'section',
          { class: 'check' },
          h('h2', {}, t('lesson.check')),
          question(text.check, (correct, choice) => recordAnswer(def.slug, { choice, correct }), undefined, savedAnswer(def.slug)),
        )
      : null,
    pager,
    // Printing: a button that opens the browser's print dialog (styles.css lays the handout out),
    // and, on paper only, the link that reproduces every number (its href follows the state).
    h('p', { class: 'print-tools' }, h('button', { type: 'button', class: 'btn small', 'data-print': '', onclick: () => window.print() }, t('print.button'))),
    h(
      'p',
      { class: 'print-only print-source' },
      `${t('print.source')} `,
      h('a', { class: 'print-url', 'data-route': def.slug, href: `#/${def.slug}`, 'data-base': location.href.split('#')[0] ?? '' }),
    ),
  ];
  const live = (c: Core) => {
    loading?.remove();
    try {
      view = def.mount({ core: c, store, text, L, controls, figures, formula, refresh: () => run(Object.keys(store.schema)) });
      refreshBridge = bridgePanel(def, c, store, lab);
      run(Object.keys(store.schema));
    } catch (e) {
      error.hidden = false;
      error.textContent = `${t('core.error')} ${(e as Error).message}`;
    }
  };
  // Embedding: a figure's Embed button asks for a snippet of this lesson at the learner's state;
  // a page opened with `embed` shows that one figure (with the controls) and a link back.
  const base = () => location.href.split('#')[0] ?? '';
  el.addEventListener(EMBED_EVENT, (e) => {
    const r = (e as CustomEvent<EmbedRequest>).detail;
    const src = `${base()}${toHash(def.slug, { ...store.snapshot(), embed: r.id }, store.schema)}`;
    // First height: the controls and the figure (the embedded page then reports its own).
    showEmbedDialog(embedSnippet(src, `${r.title} — ${text.title} · ${t('app.name')}`, r.height + controls.getBoundingClientRect().height + 60));
  });
  const embedId = store.get('embed');
  const missing = h('p', { class: 'callout warn wide', role: 'status', 'data-stat': 'embed-missing' }, t('embed.missing', { id: embedId }));
  const embedded = () => {
    if (!embedId) return;
    const found = applyEmbed(el, embedId);
    if (found) missing.remove();
    else if (!missing.isConnected) figures.prepend(missing);
    reportHeight();
  };
  if (embedId) el.append(embedFooter(`${base()}${toHash(def.slug, { ...store.snapshot(), embed: '' }, store.schema)}`));
  // The class-link panel, on the teacher's own view (not on a page opened from such a link or embedded).
  // hide/lock come from the URL a page is opened with (a new link renders a new page): without
  // them there is nothing to apply after each update.
  const teaching = store.get('hide').length + store.get('lock').length > 0;
  const fromLink = teaching || store.get('course').length > 0 || embedId !== '';
  const teacher = fromLink ? undefined : teacherPanel(el, store, def.slug, titles);
  const below = () => {
    for (const part of rest()) if (part) el.append(part);
    if (teacher) el.append(teacher.el);
    if (teaching) applyTeacher(el, store);
    flushFormula(formula);
  };
  let loading: HTMLElement | undefined;
  let ready = Promise.resolve();
  if (core instanceof Promise) {
    loading = h('p', { class: 'loading' }, t('core.loading'));
    controls.append(loading);
    // The text is painted first (it is what the learner reads while the rest computes); a core
    // that fails to load is reported by main.ts for the whole page.
    // Controls and figures first; the formula and the rest below in a task of their own, so
    // neither step blocks the page for long.
    ready = Promise.all([core, afterPaint()]).then(
      async ([c]) => {
        live(c);
        await new Promise((r) => setTimeout(r, 0));
        below();
      },
      () => undefined,
    );
  } else {
    live(core);
    below();
  }
  return { el, update: run, ready };
}
