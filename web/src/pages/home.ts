// pages/home.ts — the course overview (#/): what the app is, the fourteen lessons in order with a
// start button, and the learner's progress kept on this device (ui/progress.ts): lessons visited,
// check-yourself answers, lesson 14's exercises passed, with reset and export/import as a file.
// Text comes from content/<lang>/ui.json and the lesson files. Nothing is sent anywhere.
import type { LessonDef } from '../lessons/types';
import { MODES } from '../lessons/14-implement';
import { parseProgress, serializeProgress, type KnownKeys } from '../model/progress';
import { h } from '../ui/dom';
import { lessonContent, t } from '../ui/i18n';
import { doneSet, progress, replaceProgress, resetProgress, storageAvailable } from '../ui/progress';
import { rich } from '../ui/richtext';

/** The question keys, lessons and exercises this course has (what an imported file may hold). */
function knownKeys(lessons: readonly LessonDef[]): KnownKeys {
  const questions = new Map<string, boolean[]>();
  for (const l of lessons) {
    const c = lessonContent(l.file);
    if (c.check)
      questions.set(
        l.slug,
        c.check.options.map((o) => !!o.correct),
      );
    (c.quiz ?? []).forEach((q, k) =>
      questions.set(
        `review:${k}`,
        q.options.map((o) => !!o.correct),
      ),
    );
  }
  return { lessons: new Set(lessons.map((l) => l.slug)), questions, exercises: new Set(MODES) };
}

/** The "your progress" section: a summary, the exercises, and reset / export / import. */
function progressSection(lessons: readonly LessonDef[], redraw: (message?: string) => void, message?: string): HTMLElement {
  const known = knownKeys(lessons);
  const p = progress();
  const visited = lessons.filter((l) => p.visited[l.slug]).length;
  const answers = [...known.questions.keys()].flatMap((k) => (p.answers[k] ? [p.answers[k]] : []));
  const passed = MODES.filter((m) => p.exercises[m] !== undefined);
  const exportBtn = h('button', { type: 'button', class: 'btn small', 'data-progress': 'export' }, t('progress.export'));
  exportBtn.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([serializeProgress(progress(), Date.now())], { type: 'application/json' }));
    const a = h('a', { href: url, download: 'attention-lab-progress.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  });
  const file = h('input', { type: 'file', accept: '.json,application/json', hidden: true, 'aria-hidden': 'true', tabindex: -1 });
  const importBtn = h('button', { type: 'button', class: 'btn small', 'data-progress': 'import' }, t('progress.import'));
  importBtn.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    const r = parseProgress(await f.text(), known);
    if (!r.ok) {
      redraw(t('progress.importFailed', { reason: t(`progress.err.${r.error.code}`, r.error.vars) }));
      return;
    }
    replaceProgress(r.progress);
    redraw(r.dropped.length ? t('progress.importedDropped', { list: r.dropped.join(', ') }) : t('progress.imported'));
  });
  const reset = h('button', { type: 'button', class: 'btn small', 'data-progress': 'reset' }, t('progress.reset'));
  reset.addEventListener('click', () => {
    if (!window.confirm(t('progress.resetConfirm'))) return;
    resetProgress();
    redraw(t('progress.wasReset'));
  });
  return h(
    'section',
    { class: 'progress-box', 'aria-labelledby': 'progress-h' },
    h('h2', { id: 'progress-h' }, t('progress.title')),
    storageAvailable() ? null : h('p', { class: 'callout warn', role: 'status', 'data-progress': 'private' }, t('progress.noStorage')),
    h(
      'p',
      { 'data-progress': 'summary' },
      t('progress.summary', {
        visited,
        lessons: lessons.length,
        right: answers.filter((a) => a.correct).length,
        answered: answers.length,
        questions: known.questions.size,
        passed: passed.length,
        exercises: MODES.length,
      }),
    ),
    h('p', { class: 'ctl-help' }, t('progress.private')),
    h('div', { class: 'row-tools' }, exportBtn, importBtn, file, reset),
    h('p', { role: 'status', 'aria-live': 'polite', tabindex: -1, 'data-progress': 'message' }, message ?? ''),
  );
}

export function homePage(lessons: readonly LessonDef[], message?: string): HTMLElement {
  const done = doneSet();
  const p = progress();
  const first = lessons[0];
  // The lesson visited last, for a returning learner.
  const last = lessons.reduce<LessonDef | undefined>(
    (a, l) => ((p.visited[l.slug]?.last ?? -1) > (a ? (p.visited[a.slug]?.last ?? -1) : -1) ? l : a),
    undefined,
  );
  const el: HTMLElement = h(
    'article',
    { class: 'home' },
    h('h1', { tabindex: -1 }, t('home.title')),
    rich('p', t('home.lead'), 'lead'),
    rich('p', t('home.how')),
    first
      ? h(
          'p',
          { class: 'row-tools' },
          h('a', { class: 'btn primary', 'data-route': first.slug, href: `#/${first.slug}` }, t('home.start')),
          last
            ? h(
                'a',
                { class: 'btn', 'data-route': last.slug, href: `#/${last.slug}`, 'data-progress': 'continue' },
                t('progress.continue', { n: lessons.indexOf(last) + 1, title: lessonContent(last.file).title }),
              )
            : null,
        )
      : null,
    h('h2', {}, t('home.course')),
    h(
      'ol',
      { class: 'course' },
      lessons.map((l) => {
        const c = lessonContent(l.file);
        const a = p.answers[l.slug];
        return h(
          'li',
          { 'data-lesson': l.slug },
          h('a', { 'data-route': l.slug, href: `#/${l.slug}` }, c.title),
          done.has(l.slug) ? h('span', { class: 'done-mark', 'aria-label': t('nav.done') }, ' ✓') : null,
          h('span', { class: 'short' }, ` — ${c.short}`),
          p.visited[l.slug] || a
            ? h(
                'span',
                { class: 'visit-mark', 'data-progress-lesson': l.slug },
                ` (${[p.visited[l.slug] ? t('progress.visited') : '', a ? (a.correct ? t('progress.right') : t('progress.wrong')) : ''].filter(Boolean).join(', ')})`,
              )
            : null,
        );
      }),
    ),
    h('p', {}, h('a', { 'data-route': 'lab', href: '#/lab' }, t('home.lab'))),
    rich('p', t('home.teachers')),
    rich('p', t('home.developers')),
    progressSection(
      lessons,
      (msg) => {
        const next = homePage(lessons, msg);
        el.replaceWith(next);
        next.querySelector<HTMLElement>('[data-progress="message"]')?.focus();
      },
      message,
    ),
  );
  return el;
}
