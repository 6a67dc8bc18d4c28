// lessons/13-review.ts — lesson 13, "Review": the classic questions about attention as a quiz
// (content file), each answered with feedback, an explanation and a link back to the lesson that
// teaches it, plus a running score. No core calls: this lesson checks understanding, not numbers.
// Answers are kept on the device (ui/progress.ts, key "review:<k>"); a saved one is shown again
// and counts in the score.
import { h, setChildren } from '../ui/dom';
import { lessonContent } from '../ui/i18n';
import { recordAnswer, savedAnswer } from '../ui/progress';
import { question } from '../ui/quiz';
import { rich } from '../ui/richtext';
import { lessons } from './index';
import { defineLesson } from './types';

const lesson = defineLesson({
  slug: 'review',
  file: '13-review',
  params: {},
  deps: [],
  hasFormula: false,
  mount({ L, figures, text }) {
    const answered = new Map<number, boolean>();
    const score = h('p', { class: 'callout wide', 'aria-live': 'polite', 'data-stat': 'score' }, L('scoreNone'));
    const showScore = () => {
      const right = [...answered.values()].filter(Boolean).length;
      score.textContent = L('score', { right, answered: answered.size, total: text.quiz?.length ?? 0 });
    };
    const items = (text.quiz ?? []).map((q, k) => {
      const saved = savedAnswer(`review:${k}`);
      if (saved && q.options[saved.choice]) answered.set(k, !!q.options[saved.choice]?.correct);
      const idx = lessons.findIndex((l) => l.slug === q.lesson);
      const target = lessons[idx];
      const link = () =>
        h(
          'div',
          { class: 'explain-more' },
          rich('p', q.explanation),
          target
            ? h('p', {}, h('a', { href: `#/${target.slug}`, 'data-route': target.slug }, L('back', { n: idx + 1, title: lessonContent(target.file).title })))
            : null,
        );
      return h(
        'div',
        { class: 'quiz-item', 'data-quiz': k },
        h('h3', {}, L('qn', { n: k + 1, total: text.quiz?.length ?? 0 })),
        question(
          q,
          (ok, choice) => {
            recordAnswer(`review:${k}`, { choice, correct: ok });
            if (!answered.has(k)) answered.set(k, ok);
            showScore();
          },
          link,
          saved,
        ),
      );
    });
    if (answered.size) showScore();
    setChildren(figures, h('div', { class: 'quiz wide' }, items), score);
    return { update() {} };
  },
});

export default lesson;
