// ui/progress.ts — keeps the learner's progress (model/progress.ts) on this device only, in
// localStorage, and renders the step indicator as a lit template (one link per lesson, current
// and checked marked, each carrying the current settings).
// Nothing is ever sent anywhere. When the browser refuses storage (private mode, blocked site
// data), the record lives in this tab's memory until it is closed, and `storageAvailable()`
// says so (the home page shows a notice).
import { checkedLessons, emptyProgress, readStored, withAnswer, withExercise, withVisit, type Answer, type Progress } from '../model/progress';
import { t } from './i18n';
import { routeHref } from './links';
import { html, nothing } from './render';

const KEY = 'attention-lab:progress';
/** Earlier versions kept only the set of lessons whose question was answered right. */
const OLD_KEY = 'attention-lab:done';

let probed: Storage | null | undefined;
/** localStorage, or null when the browser refuses it (probed once: a write and a removal). */
function storage(): Storage | null {
  if (probed !== undefined) return probed;
  try {
    const s = window.localStorage;
    s.setItem('attention-lab:probe', '1');
    s.removeItem('attention-lab:probe');
    probed = s;
  } catch {
    probed = null;
  }
  return probed;
}

export const storageAvailable = (): boolean => storage() !== null;

let current: Progress | undefined;
let legacy: Set<string> | undefined;

export function progress(): Progress {
  if (current) return current;
  const s = storage();
  let text: string | null = null;
  let old: string | null = null;
  try {
    text = s?.getItem(KEY) ?? null;
    old = s?.getItem(OLD_KEY) ?? null;
  } catch {
    /* unreadable: start empty */
  }
  current = text === null ? emptyProgress() : readStored(text);
  try {
    const done = JSON.parse(old ?? '[]') as unknown;
    legacy = new Set(Array.isArray(done) ? done.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    legacy = new Set();
  }
  return current;
}

function save(p: Progress): void {
  current = p;
  try {
    storage()?.setItem(KEY, JSON.stringify(p));
  } catch {
    /* full or refused: the tab keeps it */
  }
}

export const recordVisit = (slug: string): void => save(withVisit(progress(), slug, Date.now()));
export const recordAnswer = (key: string, a: Answer): void => save(withAnswer(progress(), key, a));
export const recordExercise = (mode: string): void => save(withExercise(progress(), mode, Date.now()));
export const savedAnswer = (key: string): Answer | undefined => progress().answers[key];

/** Replaces the whole record (an import). */
export function replaceProgress(p: Progress): void {
  save(p);
}

/** Forgets everything on this device, the former version's marks included. */
export function resetProgress(): void {
  save(emptyProgress());
  legacy = new Set();
  try {
    storage()?.removeItem(OLD_KEY);
  } catch {
    /* nothing to remove */
  }
}

/** Lessons whose check-yourself question was last answered right (and a former version's marks). */
export function doneSet(): Set<string> {
  const set = checkedLessons(progress());
  for (const s of legacy ?? []) set.add(s);
  return set;
}

/** The step indicator over `lessons` (the whole course, or a teacher's course when `course`), as a
 *  template; each link's href carries the current settings (ui/links.ts). */
export function steps(lessons: readonly { slug: string; title: string }[], current: string, course = false): unknown {
  const done = doneSet();
  const idx = lessons.findIndex((l) => l.slug === current);
  return html`<nav class="steps" aria-label=${t('nav.progress')}>
    <p class="steps-text">
      ${t(course ? 'nav.stepOfCourse' : 'nav.stepOf', { n: idx + 1, total: lessons.length })}${done.size ? ` · ${t('nav.doneCount', { n: done.size })}` : ''}
    </p>
    <ol>
      ${lessons.map((l, k) => {
        const here = l.slug === current;
        const ok = done.has(l.slug);
        return html`<li>
          <a
            data-route=${l.slug}
            href=${routeHref(l.slug)}
            class=${`step${here ? ' current' : ''}${ok ? ' done' : ''}`}
            aria-current=${here ? 'step' : nothing}
            aria-label=${`${k + 1}. ${l.title}${ok ? ` (${t('nav.done')})` : ''}`}
            title=${`${k + 1}. ${l.title}`}
            >${ok && !here ? '✓' : String(k + 1)}</a
          >
        </li>`;
      })}
    </ol>
  </nav>`;
}
