// ui/teacher.ts — a teacher's link on a lesson page. `applyTeacher` hides the controls and panels
// the link names (`hide`) and disables the locked ones (`lock`; the store ignores them too, see
// model/state.ts), after every redraw since some controls are rebuilt. `teacherPanel` is the
// "Make a link for your class" panel: tick controls and panels to hide, controls to lock at the
// value they have now, and lessons for a course in an order; it writes the link (the current
// state plus those options) to copy or open. Layout and text only: no math, nothing sent anywhere.
import type { LessonSchema } from '../lessons/types';
import { PANELS, type Panel } from '../model/teacher';
import { toHash, type Schema, type Store } from '../model/state';
import { h, uniqueId } from './dom';
import { t } from './i18n';

/** Where each panel lives in a lesson page. */
const PANEL_SELECTOR: Record<Panel, string> = {
  explain: '.explain',
  figures: '.lab',
  formula: '.formula-box',
  try: '.try',
  check: '.check',
  lablink: '.lab-link',
  bridge: 'details.bridge',
  pager: '.pager',
  steps: '.steps',
};

/** Every control of the page: its state key and the element that holds it (label and help included). */
export function controlsOf(page: HTMLElement): { key: string; box: HTMLElement; label: string }[] {
  const out: { key: string; box: HTMLElement; label: string }[] = [];
  for (const el of page.querySelectorAll<HTMLElement>('[data-key], [data-editor]')) {
    const key = el.dataset.editor ?? el.dataset.key ?? '';
    const box = el.dataset.editor !== undefined ? el : (el.closest<HTMLElement>('.ctl') ?? el);
    if (out.some((c) => c.box === box)) continue;
    const label = (el.dataset.editor !== undefined ? box.querySelector('.med-title')?.textContent : box.querySelector('label')?.textContent) ?? key;
    out.push({ key, box, label: label.trim() });
  }
  return out;
}

/** Hides and locks what the link says; cheap enough to run after every update. */
export function applyTeacher(page: HTMLElement, store: Store<LessonSchema<Schema>>): void {
  const hide = new Set(store.get('hide'));
  const lock = new Set(store.get('lock'));
  for (const p of PANELS) for (const el of page.querySelectorAll<HTMLElement>(PANEL_SELECTOR[p])) el.toggleAttribute('data-teacher-hidden', hide.has(p));
  for (const { key, box } of controlsOf(page)) {
    box.toggleAttribute('data-teacher-hidden', hide.has(key));
    if (!lock.has(key)) continue;
    // Every time: a lesson may rebuild or re-enable a control's parts on update (token pickers, the mask grid).
    for (const x of box.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement | HTMLTextAreaElement>('input, select, button, textarea'))
      x.disabled = true;
    if (box.dataset.locked === '1') continue;
    box.dataset.locked = '1';
    box.append(h('p', { class: 'ctl-help locked-note' }, t('teacher.lockedNote')));
  }
}

/**
 * The panel that builds a class link from this lesson (shown only when the page is not opened
 * from one). `refresh()` rewrites the link after the learner's state changed.
 */
export function teacherPanel(
  page: HTMLElement,
  store: Store<LessonSchema<Schema>>,
  slug: string,
  lessons: readonly { slug: string; title: string }[],
): { el: HTMLElement; refresh(): void } {
  const body = h('div', { class: 'teacher-body' });
  const panel = h('details', { class: 'teacher', 'data-teacher': '' }, h('summary', {}, t('teacher.title')), body);
  const hide = new Set<string>();
  const lock = new Set<string>();
  const course: string[] = [];
  const link = h('input', { type: 'text', readonly: true, class: 'teacher-link', id: uniqueId('teacher-link'), 'aria-label': t('teacher.link') });
  const openIt = h('a', { class: 'btn small', target: '_blank', rel: 'noopener', 'data-teacher-open': '' }, t('teacher.open'));
  const status = h('p', { class: 'bridge-status', role: 'status', 'aria-live': 'polite' });
  const write = () => {
    const values = { ...store.snapshot(), hide: [...hide], lock: [...lock], course: [...course] };
    const href = `${location.href.split('#')[0] ?? ''}${toHash(course[0] ?? slug, values, store.schema)}`;
    link.value = href;
    openIt.setAttribute('href', href);
  };
  const tick = (set: Set<string>, name: string, label: string, kind: string) => {
    const id = uniqueId(`teacher-${kind}`);
    const box = h('input', { type: 'checkbox', id, 'data-teacher-kind': kind, 'data-name': name });
    box.addEventListener('change', () => {
      if (box.checked) set.add(name);
      else set.delete(name);
      write();
    });
    return h('div', { class: 'ctl ctl-check' }, box, h('label', { for: id }, label));
  };
  const courseList = h('ol', { class: 'teacher-course' });
  const drawCourse = () => {
    courseList.replaceChildren(
      ...course.map((s, k) => {
        const title = lessons.find((l) => l.slug === s)?.title ?? s;
        const move = (d: number) => () => {
          const j = k + d;
          if (j < 0 || j >= course.length) return;
          [course[k], course[j]] = [course[j] as string, course[k] as string];
          drawCourse();
          write();
        };
        const btn = (text: string, name: string, on: () => void, off = false) => {
          const b = h('button', { type: 'button', class: 'btn small', 'aria-label': `${name}: ${title}` }, text);
          b.disabled = off;
          b.addEventListener('click', on);
          return b;
        };
        return h(
          'li',
          { 'data-course': s },
          `${title} `,
          btn('↑', t('teacher.up'), move(-1), k === 0),
          btn('↓', t('teacher.down'), move(1), k === course.length - 1),
          btn('✕', t('teacher.remove'), () => {
            course.splice(k, 1);
            drawCourse();
            write();
          }),
        );
      }),
    );
  };
  const addSel = h(
    'select',
    { id: uniqueId('teacher-add'), 'data-teacher-add': '' },
    h('option', { value: '' }, t('teacher.pick')),
    lessons.map((l, k) => h('option', { value: l.slug }, `${k + 1}. ${l.title}`)),
  );
  addSel.addEventListener('change', () => {
    if (addSel.value && !course.includes(addSel.value)) course.push(addSel.value);
    addSel.value = '';
    drawCourse();
    write();
  });
  const copy = h('button', { type: 'button', class: 'btn small' }, t('teacher.copy'));
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(link.value).then(
      () => (status.textContent = t('bridge.copied')),
      () => {
        link.select();
        status.textContent = t('teacher.copyByHand');
      },
    );
  });
  // Built on first open: the controls are on the page by then.
  panel.addEventListener('toggle', () => {
    if (!panel.open || body.childElementCount) return;
    const controls = controlsOf(page);
    const keys = [...new Map(controls.map((c) => [c.key, c.label])).entries()];
    body.append(
      h('p', { class: 'ctl-help' }, t('teacher.intro')),
      h('h3', {}, t('teacher.controls')),
      h(
        'table',
        { class: 'data-table teacher-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('teacher.control')),
            h('th', { scope: 'col' }, t('teacher.hide')),
            h('th', { scope: 'col' }, t('teacher.lock')),
          ),
        ),
        h(
          'tbody',
          {},
          keys.map(([key, label]) =>
            h(
              'tr',
              { 'data-control': key },
              h('th', { scope: 'row' }, label),
              h('td', {}, tick(hide, key, t('teacher.hideIt', { name: label }), 'hide')),
              h('td', {}, tick(lock, key, t('teacher.lockIt', { name: label }), 'lock')),
            ),
          ),
        ),
      ),
      h('h3', {}, t('teacher.panels')),
      h(
        'div',
        { class: 'teacher-panels' },
        PANELS.map((p) => tick(hide, p, t(`teacher.panel.${p}`), 'hide')),
      ),
      h('h3', {}, t('teacher.course')),
      h('p', { class: 'ctl-help' }, t('teacher.courseHelp')),
      courseList,
      h('div', { class: 'ctl ctl-select' }, h('label', { for: addSel.id }, t('teacher.add')), addSel),
      h('h3', {}, t('teacher.link')),
      link,
      h('div', { class: 'row-tools' }, copy, openIt, status),
    );
    write();
  });
  return {
    el: panel,
    refresh: () => {
      if (body.childElementCount) write();
    },
  };
}
