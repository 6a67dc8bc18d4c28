// lessons/13-review.ts — lesson 13, "Review": the classic questions about attention as a quiz
// (content file), each answered with feedback, an explanation and a link back to the lesson that
// teaches it, plus a running score. No core calls: this lesson checks understanding, not numbers.
// Answers are kept on the device (ui/progress.ts, key "review:<k>"); a saved one is shown again
// and counts in the score. view() returns the quiz as a lit template (ui/render.ts): each
// question is its own island (ui/quiz.ts); the score is the first answer to each question this
// visit (or the saved one), kept by the mounted lesson, and an answer renders the page again
// (`refresh`, which re-runs view()) so the score line follows.
import { lessonContent } from '../ui/i18n';
import { routeHref } from '../ui/links';
import { recordAnswer, savedAnswer } from '../ui/progress';
import { question } from '../ui/quiz';
import { html, nothing } from '../ui/render';
import { rich } from '../ui/richtext';
import { lessons } from './index';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'review',
  file: '13-review',
  params: {},
  // No state key changes what it shows; an answer re-runs view() through `refresh`.
  deps: [],
  hasFormula: false,
  mount({ L, text, refresh }) {
    const quiz = text.quiz ?? [];
    /** Whether each answered question was right (the first answer, or the saved one). */
    const answered = new Map<number, boolean>();
    const saved = quiz.map((q, k) => {
      const was = savedAnswer(`review:${k}`);
      if (was && q.options[was.choice]) answered.set(k, !!q.options[was.choice]?.correct);
      return was;
    });
    const item = (q: (typeof quiz)[number], k: number) => {
      const idx = lessons.findIndex((l) => l.slug === q.lesson);
      const target = lessons[idx];
      const link = () =>
        html`<div class="explain-more">
          ${rich('p', q.explanation)}
          ${
            target
              ? html`<p>
                  <a href=${routeHref(target.slug)} data-route=${target.slug}>${L('back', { n: idx + 1, title: lessonContent(target.file).title })}</a>
                </p>`
              : nothing
          }
        </div>`;
      const onAnswer = (ok: boolean, choice: number) => {
        recordAnswer(`review:${k}`, { choice, correct: ok });
        if (!answered.has(k)) answered.set(k, ok);
        refresh();
      };
      return html`<div class="quiz-item" data-quiz=${k}>
        <h3>${L('qn', { n: k + 1, total: quiz.length })}</h3>
        ${question(q, onAnswer, link, saved[k])}
      </div>`;
    };
    return {
      view() {
        const right = [...answered.values()].filter(Boolean).length;
        const score = answered.size ? L('score', { right, answered: answered.size, total: quiz.length }) : L('scoreNone');
        return {
          controls: nothing,
          figures: html`<div class="quiz wide">${quiz.map(item)}</div>
            <p class="callout wide" aria-live="polite" data-stat="score">${score}</p>`,
        };
      },
    };
  },
});

export default lesson;
