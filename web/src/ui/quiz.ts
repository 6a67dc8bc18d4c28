// ui/quiz.ts — a multiple-choice question with feedback (the "check yourself" of each lesson and
// the items of the review quiz). Feedback appears after an attempt, in a live region. No state in
// the URL: answers are the learner's own; the caller keeps them on the device (ui/progress.ts)
// and hands a saved answer back, which is shown selected with its feedback.
import type { CheckQuestion } from '../lessons/types';
import { h, uniqueId } from './dom';
import { t } from './i18n';
import { hashString, prng } from '../model/random';
import { rich } from './richtext';

export function question(
  q: CheckQuestion,
  onAnswer?: (correct: boolean, choice: number) => void,
  extra?: (correct: boolean) => HTMLElement | null,
  saved?: { choice: number },
): HTMLElement {
  const name = uniqueId('q');
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  // Options appear in a fixed pseudo-random order per question, so the right answer is not
  // always in the same place; value = the option's index in the content file.
  const r = prng(hashString(q.question));
  const order = q.options
    .map((_, k) => ({ k, key: r() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.k);
  const inputs = order.map((k) => {
    const o = q.options[k] as (typeof q.options)[number];
    const id = `${name}-${k}`;
    const input = h('input', { type: 'radio', name, id, value: k });
    const lbl = h('label', { for: id });
    lbl.append(rich('span', o.text));
    return h('div', { class: 'option' }, input, lbl);
  });
  const check = h('button', { type: 'button', class: 'btn' }, t('check.submit'));
  /** The feedback for option `sel` (content order); whether it is right. */
  const answer = (sel: number): boolean => {
    const o = q.options[sel];
    const ok = !!o?.correct;
    feedback.className = `feedback ${ok ? 'good' : 'bad'}`;
    feedback.replaceChildren(h('strong', {}, ok ? t('check.right') : t('check.wrong')), ' ', rich('span', o?.feedback ?? ''));
    if (!ok) {
      const right = q.options.find((x) => x.correct);
      if (right) feedback.append(h('p', {}, t('check.answerIs'), ' ', rich('span', right.text)));
    }
    const more = extra?.(ok);
    if (more) feedback.append(more);
    return ok;
  };
  const radios = () => inputs.map((el) => el.querySelector('input') as HTMLInputElement);
  check.addEventListener('click', () => {
    const checked = radios().find((x) => x.checked);
    const sel = checked ? Number(checked.value) : -1;
    if (sel < 0) {
      feedback.className = 'feedback info';
      feedback.replaceChildren(t('check.pick'));
      return;
    }
    onAnswer?.(answer(sel), sel);
  });
  const was = saved ? radios().find((x) => Number(x.value) === saved.choice) : undefined;
  if (saved && was) {
    was.checked = true;
    answer(saved.choice);
  }
  const legend = h('legend', {});
  legend.append(rich('span', q.question));
  return h('fieldset', { class: 'question' }, legend, inputs, check, feedback);
}
