// ui/formula.ts — shows the lesson's formula with the learner's current numbers substituted,
// rendered by KaTeX (bundled, self-hosted fonts). The numbers in the TeX come from the core's
// results; this file only typesets them.
import { h } from './dom';
import { t } from './i18n';
import { texHtml } from './richtext';

export interface FormulaLine {
  /** Optional plain-language lead-in ("For query “cat”, key “mat”:"). */
  label?: string;
  tex: string;
}

export function renderFormula(el: HTMLElement, lines: readonly FormulaLine[]): void {
  el.replaceChildren(
    ...lines.map((l) => {
      const math = h('div', { class: 'formula-math' });
      math.innerHTML = texHtml(l.tex, true);
      // A formula wider than the screen scrolls; make it reachable by keyboard then.
      requestAnimationFrame(() => {
        if (math.scrollWidth > math.clientWidth + 1) {
          math.tabIndex = 0;
          math.setAttribute('role', 'group');
          math.setAttribute('aria-label', l.label ?? t('lesson.formula'));
        }
      });
      return h('div', { class: 'formula-line' }, l.label ? h('p', { class: 'formula-label' }, l.label) : null, math);
    }),
  );
}
