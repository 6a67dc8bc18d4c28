// ui/progress.ts — remembers which lessons the learner has checked (localStorage, never sent
// anywhere) and draws the step indicator (one link per lesson, current and done marked).
import { h } from './dom';
import { t } from './i18n';

const KEY = 'attention-lab:done';

export function doneSet(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

export function markDone(slug: string): void {
  const d = doneSet();
  d.add(slug);
  try {
    localStorage.setItem(KEY, JSON.stringify([...d]));
  } catch {
    /* private mode: progress is just not remembered */
  }
}

export function steps(lessons: readonly { slug: string; title: string }[], current: string): HTMLElement {
  const done = doneSet();
  const idx = lessons.findIndex((l) => l.slug === current);
  return h(
    'nav',
    { class: 'steps', 'aria-label': t('nav.progress') },
    h('p', { class: 'steps-text' }, t('nav.stepOf', { n: idx + 1, total: lessons.length }), done.size ? ` · ${t('nav.doneCount', { n: done.size })}` : ''),
    h(
      'ol',
      {},
      lessons.map((l, k) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              'data-route': l.slug,
              href: `#/${l.slug}`,
              class: `step${l.slug === current ? ' current' : ''}${done.has(l.slug) ? ' done' : ''}`,
              'aria-current': l.slug === current ? 'step' : undefined,
              'aria-label': `${k + 1}. ${l.title}${done.has(l.slug) ? ` (${t('nav.done')})` : ''}`,
              title: `${k + 1}. ${l.title}`,
            },
            done.has(l.slug) && l.slug !== current ? '✓' : String(k + 1),
          ),
        ),
      ),
    ),
  );
}
