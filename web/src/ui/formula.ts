// ui/formula.ts — the lesson's formula with the learner's current numbers substituted, as a
// template, typeset by KaTeX (bundled, self-hosted fonts). The numbers in the TeX come from the
// core's results; this file only typesets them. A line whose TeX did not change is left alone;
// one whose numbers changed keeps its elements and only their text changes (ui/richtext.ts). Each line scrolls on its own when it
// is wider than the screen, so it is a focusable group (reachable by keyboard). A line's typesetting
// is not laid out while it is off screen (styles.css: content-visibility); `--kh`, the height
// KaTeX's metrics give it, is the size it keeps meanwhile.
import { t } from './i18n';
import { html, nothing } from './render';
import { texLine } from './richtext';

export interface FormulaLine {
  /** Optional plain-language lead-in ("For query “cat”, key “mat”:"). */
  label?: string;
  tex: string;
}

/** The lines of a formula box. */
export function formula(lines: readonly FormulaLine[]): unknown {
  return lines.map((l) => {
    const { content, height } = texLine(l.tex);
    return html`<div class="formula-line">
      ${l.label ? html`<p class="formula-label">${l.label}</p>` : nothing}
      <div class="formula-math" tabindex="0" role="group" aria-label=${l.label ?? t('lesson.formula')} style=${`--kh:${height}em`}>${content}</div>
    </div>`;
  });
}
