// ui/formula.ts — shows the lesson's formula with the learner's current numbers substituted,
// rendered by KaTeX (bundled, self-hosted fonts). The numbers in the TeX come from the core's
// results; this file only typesets them. A redraw keeps every line whose label and TeX did not
// change (static formulas are never re-rendered); a line whose numbers (or lead-in) changed gets
// the new KaTeX markup copied into its old markup, so only the changed digits are rewritten. A box not
// yet on the page keeps its lines until flushFormula() (a mounting lesson typesets it last).
import { h } from './dom';
import { t } from './i18n';
import { patchTex, texNodes, texTemplate } from './richtext';

export interface FormulaLine {
  /** Optional plain-language lead-in ("For query “cat”, key “mat”:"). */
  label?: string;
  tex: string;
}

/** A formula wider than the screen scrolls; make it reachable by keyboard then (at the next
 *  frame, when layout is done anyway). */
function checkScroll(math: HTMLElement, l: FormulaLine): void {
  requestAnimationFrame(() => {
    if (!math.isConnected) return;
    if (math.scrollWidth > math.clientWidth + 1) {
      math.tabIndex = 0;
      math.setAttribute('role', 'group');
      math.setAttribute('aria-label', l.label ?? t('lesson.formula'));
    } else if (math.hasAttribute('tabindex')) {
      math.removeAttribute('tabindex');
      math.removeAttribute('role');
      math.removeAttribute('aria-label');
    }
  });
}

/** What each rendered line shows, so an unchanged line is left alone. */
const shownLine = new WeakMap<HTMLElement, FormulaLine>();

/** Lines drawn while their box was not on the page yet (typeset when it gets there). */
const waiting = new WeakMap<HTMLElement, readonly FormulaLine[]>();

/**
 * Typesets the lines into `el`. While `el` is not on the page (a lesson that is mounting), the
 * lines are kept and typeset by flushFormula() once the box is inserted, in a task of its own.
 */
export function renderFormula(el: HTMLElement, lines: readonly FormulaLine[]): void {
  if (!el.isConnected) {
    waiting.set(el, lines);
    return;
  }
  waiting.delete(el);
  draw(el, lines);
}

/** Typesets what renderFormula() kept for `el` while it was off the page (now, on or off it). */
export function flushFormula(el: HTMLElement): void {
  const lines = waiting.get(el);
  if (!lines) return;
  waiting.delete(el);
  draw(el, lines);
}

function draw(el: HTMLElement, lines: readonly FormulaLine[]): void {
  const old = Array.from(el.children) as HTMLElement[];
  const next = lines.map((l, k) => {
    const prev = old[k];
    const was = prev && shownLine.get(prev);
    if (prev && was && was.label === l.label && was.tex === l.tex) return prev;
    // Same line with new numbers (and maybe a new lead-in, "h_3 after “sat”"): KaTeX's markup has
    // the same structure, so the old markup is patched to the new one and only the digits that
    // changed are rewritten; a changed lead-in gets its new text.
    const oldMath = prev?.querySelector<HTMLElement>(':scope > .formula-math');
    const oldLabel = prev?.querySelector<HTMLElement>(':scope > .formula-label');
    if (prev && was && oldMath && (was.label === l.label || (was.label !== undefined && l.label !== undefined && oldLabel))) {
      if (oldLabel && l.label !== undefined && oldLabel.textContent !== l.label) oldLabel.textContent = l.label;
      patchTex(oldMath, texTemplate(l.tex, true));
      checkScroll(oldMath, l);
      shownLine.set(prev, { label: l.label, tex: l.tex });
      return prev;
    }
    const math = h('div', { class: 'formula-math' });
    math.append(texNodes(l.tex, true));
    checkScroll(math, l);
    const line = h('div', { class: 'formula-line' }, l.label ? h('p', { class: 'formula-label' }, l.label) : null, math);
    shownLine.set(line, { label: l.label, tex: l.tex });
    return line;
  });
  next.forEach((line, k) => {
    const cur = el.children[k];
    if (cur !== line) el.insertBefore(line, cur ?? null);
  });
  while (el.children.length > next.length) el.lastElementChild?.remove();
}
