// pages/home.ts — the course overview (#/): what the app is, and the fourteen lessons in order
// with a start button. Text comes from content/<lang>/ui.json and the lesson files.
import type { LessonDef } from '../lessons/types';
import { h } from '../ui/dom';
import { lessonContent, t } from '../ui/i18n';
import { doneSet } from '../ui/progress';
import { rich } from '../ui/richtext';

export function homePage(lessons: readonly LessonDef[]): HTMLElement {
  const done = doneSet();
  const first = lessons[0];
  return h(
    'article',
    { class: 'home' },
    h('h1', { tabindex: -1 }, t('home.title')),
    rich('p', t('home.lead'), 'lead'),
    rich('p', t('home.how')),
    first ? h('p', {}, h('a', { class: 'btn primary', 'data-route': first.slug, href: `#/${first.slug}` }, t('home.start'))) : null,
    h('h2', {}, t('home.course')),
    h(
      'ol',
      { class: 'course' },
      lessons.map((l) => {
        const c = lessonContent(l.file);
        return h(
          'li',
          {},
          h('a', { 'data-route': l.slug, href: `#/${l.slug}` }, c.title),
          done.has(l.slug) ? h('span', { class: 'done-mark', 'aria-label': t('nav.done') }, ' ✓') : null,
          h('span', { class: 'short' }, ` — ${c.short}`),
        );
      }),
    ),
    h('p', {}, h('a', { 'data-route': 'lab', href: '#/lab' }, t('home.lab'))),
  );
}
