// ui/bridgePanel.ts — the "In PyTorch" panel under a lesson's figures: a closed <details> holding
// the lesson's PyTorch snippet for the learner's current state (web/src/bridge/) in <pre><code>,
// with a Copy button (the clipboard, or, where it is refused, the code selected for Ctrl+C and
// a visible note). The lesson page calls its refresh after every update; the snippet is built
// only while the panel is open. Layout and text only: the snippet and its numbers come from the
// bridge, which calls the core; nothing is computed here.
import { bridges } from '../bridge/index';
import type { LessonDef } from '../lessons/types';
import type { Core } from '../model/core';
import type { Values } from '../model/state';
import { button } from './controls';
import { h, uniqueId } from './dom';
import { lessonContent, t } from './i18n';

/**
 * Appends the panel of lesson `def` to `parent` and returns its refresh function; undefined
 * (and nothing appended) when the lesson has no bridge (the review quiz).
 */
export function bridgePanel(def: Pick<LessonDef, 'slug' | 'file'>, core: Core, store: { snapshot(): Values }, parent: HTMLElement): (() => void) | undefined {
  const bridge = bridges[def.slug];
  if (!bridge) return undefined;
  const id = uniqueId('bridge');
  const code = h('code', { class: 'language-python' });
  const pre = h('pre', { class: 'bridge-code', id: `${id}-code`, tabindex: 0, 'aria-label': t('bridge.codeLabel') }, code);
  const status = h('p', { class: 'bridge-status', role: 'status', 'aria-live': 'polite' });
  const note = h('p', { class: 'bridge-note' });
  const files = h('p', { class: 'bridge-files', hidden: true });
  const notice = h('p', { class: 'callout warn bridge-notice', hidden: true });
  const copy = button(t('bridge.copy'), () => void copyCode(), 'btn small');
  copy.setAttribute('aria-controls', pre.id);
  const tools = h('div', { class: 'row-tools' }, copy, status);
  const panel = h(
    'details',
    { class: 'bridge wide', 'data-bridge': def.slug },
    h('summary', {}, t('bridge.title')),
    h('p', { class: 'ctl-help' }, t('bridge.intro')),
    notice,
    files,
    tools,
    pre,
    note,
  );
  let dirty = true;
  const render = () => {
    dirty = false;
    status.textContent = '';
    try {
      const b = bridge(core, store.snapshot(), lessonContent(def.file));
      tools.hidden = pre.hidden = !b;
      code.textContent = b?.code ?? '';
      notice.hidden = !b?.notice;
      notice.textContent = b?.notice ?? '';
      files.hidden = !b?.files?.length;
      files.replaceChildren(
        ...(b?.files?.length
          ? [
              t('bridge.files'),
              ' ',
              ...b.files.flatMap((f, i) => [i ? ' · ' : '', h('a', { href: f, download: f.split('/').pop() ?? f }, f.split('/').pop() ?? f)]),
            ]
          : []),
      );
      note.textContent = b ? t('bridge.results', { names: Object.keys(b.expected).join(', ') }) : t('bridge.none');
    } catch (e) {
      tools.hidden = pre.hidden = notice.hidden = true;
      code.textContent = '';
      note.textContent = `${t('core.error')} ${(e as Error).message}`;
    }
  };
  const selectCode = () => {
    const range = document.createRange();
    range.selectNodeContents(code);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  };
  const copyCode = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code.textContent ?? '');
      status.textContent = t('bridge.copied');
    } catch {
      // Refused (no permission, not a secure context): select it so Ctrl+C / ⌘C copies it.
      selectCode();
      status.textContent = t('bridge.copyManual');
    }
  };
  panel.addEventListener('toggle', () => {
    if (panel.open && dirty) render();
  });
  parent.append(panel);
  return () => {
    dirty = true;
    if (panel.open) render();
  };
}
