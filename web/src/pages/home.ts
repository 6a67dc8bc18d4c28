// pages/home.ts — the course overview (#/): what the app is, the fourteen lessons in order with a
// start button, and the learner's progress kept on this device (ui/progress.ts): lessons visited,
// check-yourself answers, lesson 14's exercises passed, with reset and export/import as a file.
// A lit template (ui/render.ts); its links carry the current settings (ui/links.ts), and a reset
// or an import renders it again. Text comes from content/<lang>/ui.json and the lesson files.
// Nothing is sent anywhere.
import type { LessonDef } from '../lessons/types';
import { MODES } from '../lessons/14-implement';
import { parseProgress, serializeProgress, type KnownKeys } from '../model/progress';
import { download } from '../ui/export';
import { lessonContent, t } from '../ui/i18n';
import { doneSet, progress, replaceProgress, resetProgress, storageAvailable } from '../ui/progress';
import { routeHref } from '../ui/links';
import { html, island, nothing, type Local } from '../ui/render';
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

interface HomeLocal {
  /** What the last reset or import said (shown in the status line, which gets the focus). */
  message: string;
}

/** The "your progress" section: a summary, the exercises, and reset / export / import. */
function progressSection(lessons: readonly LessonDef[], local: Local<HomeLocal>): unknown {
  const known = knownKeys(lessons);
  const p = progress();
  const visited = lessons.filter((l) => p.visited[l.slug]).length;
  const answers = [...known.questions.keys()].flatMap((k) => (p.answers[k] ? [p.answers[k]] : []));
  const passed = MODES.filter((m) => p.exercises[m] !== undefined);
  /** Shows `message` (the page renders again from the new record) and moves the focus to it. */
  const say = (message: string) => {
    local.set({ message });
    document.querySelector<HTMLElement>('[data-progress="message"]')?.focus();
  };
  /** The hidden file input next to the Import button. */
  const pick = (e: Event) => (e.currentTarget as Element).parentElement?.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  const exportIt = () => download('attention-lab-progress.json', new Blob([serializeProgress(progress(), Date.now())], { type: 'application/json' }));
  const importIt = async (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!f) return;
    const r = parseProgress(await f.text(), known);
    if (!r.ok) {
      say(t('progress.importFailed', { reason: t(`progress.err.${r.error.code}`, r.error.vars) }));
      return;
    }
    replaceProgress(r.progress);
    say(r.dropped.length ? t('progress.importedDropped', { list: r.dropped.join(', ') }) : t('progress.imported'));
  };
  const reset = () => {
    if (!window.confirm(t('progress.resetConfirm'))) return;
    resetProgress();
    say(t('progress.wasReset'));
  };
  return html`<section class="progress-box" aria-labelledby="progress-h">
    <h2 id="progress-h">${t('progress.title')}</h2>
    ${storageAvailable() ? nothing : html`<p class="callout warn" role="status" data-progress="private">${t('progress.noStorage')}</p>`}
    <p data-progress="summary">
      ${t('progress.summary', {
        visited,
        lessons: lessons.length,
        right: answers.filter((a) => a.correct).length,
        answered: answers.length,
        questions: known.questions.size,
        passed: passed.length,
        exercises: MODES.length,
      })}
    </p>
    <p class="ctl-help">${t('progress.private')}</p>
    <div class="row-tools">
      <button type="button" class="btn small" data-progress="export" @click=${exportIt}>${t('progress.export')}</button>
      <button type="button" class="btn small" data-progress="import" @click=${pick}>${t('progress.import')}</button>
      <input type="file" accept=".json,application/json" hidden aria-hidden="true" tabindex="-1" @change=${(e: Event) => void importIt(e)} />
      <button type="button" class="btn small" data-progress="reset" @click=${reset}>${t('progress.reset')}</button>
    </div>
    <p role="status" aria-live="polite" tabindex="-1" data-progress="message">${local.state.message}</p>
  </section>`;
}

function drawHome(lessons: readonly LessonDef[], local: Local<HomeLocal>): unknown {
  const done = doneSet();
  const p = progress();
  const first = lessons[0];
  // The lesson visited last, for a returning learner.
  const last = lessons.reduce<LessonDef | undefined>(
    (a, l) => ((p.visited[l.slug]?.last ?? -1) > (a ? (p.visited[a.slug]?.last ?? -1) : -1) ? l : a),
    undefined,
  );
  return html`<h1 tabindex="-1">${t('home.title')}</h1>
    ${rich('p', t('home.lead'), 'lead')} ${rich('p', t('home.how'))}
    ${
      first
        ? html`<p class="row-tools">
            <a class="btn primary" data-route=${first.slug} href=${routeHref(first.slug)}>${t('home.start')}</a>
            ${
              last
                ? html`<a class="btn" data-route=${last.slug} href=${routeHref(last.slug)} data-progress="continue"
                    >${t('progress.continue', { n: lessons.indexOf(last) + 1, title: lessonContent(last.file).title })}</a
                  >`
                : nothing
            }
          </p>`
        : nothing
    }
    <h2>${t('home.course')}</h2>
    <ol class="course">
      ${lessons.map((l) => {
        const c = lessonContent(l.file);
        const a = p.answers[l.slug];
        const seen = p.visited[l.slug];
        const marks = [seen ? t('progress.visited') : '', a ? (a.correct ? t('progress.right') : t('progress.wrong')) : ''].filter(Boolean).join(', ');
        return html`<li data-lesson=${l.slug}>
          <a data-route=${l.slug} href=${routeHref(l.slug)}>${c.title}</a>${
            done.has(l.slug) ? html`<span class="done-mark" aria-label=${t('nav.done')}> ✓</span>` : nothing
          }<span class="short"> — ${c.short}</span>${seen || a ? html`<span class="visit-mark" data-progress-lesson=${l.slug}> (${marks})</span>` : nothing}
        </li>`;
      })}
    </ol>
    <p><a data-route="lab" href=${routeHref('lab')}>${t('home.lab')}</a></p>
    ${rich('p', t('home.teachers'))} ${rich('p', t('home.developers'))} ${progressSection(lessons, local)}`;
}

/**
 * The home page as a template. It is an island (ui/render.ts): a reset or an import renders it
 * again from the new record, with its message; the links carry the current settings.
 */
export function homePage(lessons: readonly LessonDef[]): unknown {
  return html`<article class="home" ${island((): HomeLocal => ({ message: '' }), drawHome, lessons)}></article>`;
}
