// ui/quiz.ts — a multiple-choice question with feedback (the "check yourself" of each lesson and
// the items of the review quiz), as a lit template. Which option is selected and which answer
// was checked is the question's own state, kept in an island (ui/render.ts): re-rendering the
// page keeps it, and answering re-renders only the question. Feedback appears after an attempt,
// in a live region. No state in the URL: answers are the learner's own; the caller keeps them on
// the device (ui/progress.ts) and hands a saved answer back, which is shown selected with its
// feedback.
import type { CheckQuestion } from '../lessons/types';
import { t } from './i18n';
import { hashString, prng } from '../model/random';
import { html, island, nothing, uniqueId, type Local } from './render';
import { rich } from './richtext';

interface QuestionProps {
  q: CheckQuestion;
  onAnswer?: (correct: boolean, choice: number) => void;
  extra?: (correct: boolean) => unknown;
}

interface QuestionLocal {
  /** The radio group's name (option ids are `${name}-${k}`). */
  name: string;
  /** The selected option (content order), -1 for none. */
  choice: number;
  /** The option whose feedback is shown; -1 for none, -2 for "pick one first". */
  shown: number;
}

/** Options in a fixed pseudo-random order per question, so the right one is not always in the same place. */
function orderOf(q: CheckQuestion): number[] {
  const r = prng(hashString(q.question));
  return q.options
    .map((_, k) => ({ k, key: r() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.k);
}

/** The live region's class and content after an attempt (one element throughout, so it is announced). */
function feedback({ q, extra }: QuestionProps, shown: number): { cls: string; body: unknown } {
  if (shown === -2) return { cls: 'feedback info', body: t('check.pick') };
  const o = shown >= 0 ? q.options[shown] : undefined;
  if (!o) return { cls: 'feedback', body: nothing };
  const ok = !!o.correct;
  const right = ok ? undefined : q.options.find((x) => x.correct);
  return {
    cls: `feedback ${ok ? 'good' : 'bad'}`,
    body: html`<strong>${ok ? t('check.right') : t('check.wrong')}</strong> ${rich('span', o.feedback ?? '')}${
        right ? html`<p>${t('check.answerIs')} ${rich('span', right.text)}</p>` : nothing
      }${extra ? extra(ok) : nothing}`,
  };
}

function draw(props: QuestionProps, local: Local<QuestionLocal>): unknown {
  const { q, onAnswer } = props;
  const { name, choice, shown } = local.state;
  const fb = feedback(props, shown);
  const submit = () => {
    if (choice < 0) {
      local.set({ shown: -2 });
      return;
    }
    local.set({ shown: choice });
    onAnswer?.(!!q.options[choice]?.correct, choice);
  };
  return html`<legend>${rich('span', q.question)}</legend>
    ${orderOf(q).map((k) => {
      const id = `${name}-${k}`;
      return html`<div class="option">
        <input type="radio" name=${name} id=${id} value=${k} .checked=${choice === k} @change=${() => local.set({ choice: k })} /><label for=${id}
          >${rich('span', q.options[k]?.text ?? '')}</label
        >
      </div>`;
    })}
    <button type="button" class="btn" @click=${submit}>${t('check.submit')}</button>
    <div class=${fb.cls} aria-live="polite">${fb.body}</div>`;
}

/**
 * A question as a template. `onAnswer` is told each checked answer; `extra(correct)` adds to the
 * feedback (the review quiz's explanation); `saved` (an earlier answer) is shown selected, with
 * its feedback, when the question first renders.
 */
export function question(
  q: CheckQuestion,
  onAnswer?: (correct: boolean, choice: number) => void,
  extra?: (correct: boolean) => unknown,
  saved?: { choice: number },
): unknown {
  const init = (): QuestionLocal => {
    const was = saved && saved.choice >= 0 && saved.choice < q.options.length ? saved.choice : -1;
    return { name: uniqueId('q'), choice: was, shown: was };
  };
  return html`<fieldset class="question" ${island(init, draw, { q, onAnswer, extra })}></fieldset>`;
}
