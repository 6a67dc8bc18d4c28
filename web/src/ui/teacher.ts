// ui/teacher.ts — a teacher's link on a lesson page, as lit templates. `teacherStyle` is a
// <style> that hides the controls and panels the link names (`hide`); locking (`lock`) is done
// by the controls themselves (ui/controls.ts asks store.isLocked; the store ignores locked keys,
// see model/state.ts). `teacherPanel` is the "Make a link for your class" panel: tick controls
// and panels to hide, controls to lock at the value they have now, and lessons for a course in an
// order; it shows the link (the current state plus those options) to copy or open. The ticks,
// the course and the copy status are the panel's own state, in an island (ui/render.ts); the
// link follows the learner's state on every page render once the panel has first opened (its
// body, link included, is made from then on). The page's controls are read (a DOM query, nothing
// written) when the panel first opens. Layout and text only: no math, nothing
// sent anywhere.
import type { LessonSchema } from '../lessons/types';
import { PANELS, type Panel } from '../model/teacher';
import { toHash, type Schema, type Store } from '../model/state';
import { t } from './i18n';
import { dataTable } from './dataTable';
import { html, island, live, nothing, uniqueId, type Local } from './render';

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

/** Every control of the page: its state key and its label (read from the page, nothing written). */
export function controlsOf(page: HTMLElement): { key: string; label: string }[] {
  const out: { key: string; box: HTMLElement; label: string }[] = [];
  for (const el of page.querySelectorAll<HTMLElement>('[data-key], [data-editor]')) {
    if (el.closest('details.teacher')) continue;
    const key = el.dataset.editor ?? el.dataset.key ?? '';
    const box = el.dataset.editor !== undefined ? el : (el.closest<HTMLElement>('.ctl') ?? el);
    if (out.some((c) => c.box === box)) continue;
    const label = (el.dataset.editor !== undefined ? box.querySelector('.med-title')?.textContent : box.querySelector('label')?.textContent) ?? key;
    out.push({ key, box, label: label.trim() });
  }
  return out.map(({ key, label }) => ({ key, label }));
}

/** A CSS attribute value, quoted. */
const q = (v: string) => `"${CSS.escape(v)}"`;

/** A <style> that hides what the link's `hide` names: panels, and controls (with their label and help). */
export function teacherStyle(store: Store<LessonSchema<Schema>>): unknown {
  const rules = store.get('hide').map((name) => {
    if ((PANELS as readonly string[]).includes(name)) return `article.lesson ${PANEL_SELECTOR[name as Panel]}`;
    const k = q(name);
    return `article.lesson .ctl:has([data-key=${k}]), article.lesson [data-key=${k}], article.lesson [data-editor=${k}]`;
  });
  return rules.length
    ? html`<style>
        ${`${rules.join(',\n')} { display: none !important; }`}
      </style>`
    : nothing;
}

interface PanelProps {
  page: HTMLElement;
  store: Store<LessonSchema<Schema>>;
  slug: string;
  lessons: readonly { slug: string; title: string }[];
}
interface PanelLocal {
  id: string;
  /** The page's controls, read when the panel first opened (undefined until then). */
  controls?: { key: string; label: string }[];
  hide: readonly string[];
  lock: readonly string[];
  course: readonly string[];
  status: string;
}

/** `list` with `name` in it or not. */
const toggled = (list: readonly string[], name: string, on: boolean) => (on ? [...list.filter((x) => x !== name), name] : list.filter((x) => x !== name));

function draw({ page, store, slug, lessons }: PanelProps, local: Local<PanelLocal>): unknown {
  const s = local.state;
  const tick = (which: 'hide' | 'lock', name: string, label: string, idPart: string) => {
    const id = `${s.id}-${which}-${idPart}`;
    return html`<div class="ctl ctl-check">
      <input
        type="checkbox"
        id=${id}
        data-teacher-kind=${which}
        data-name=${name}
        .checked=${live(s[which].includes(name))}
        @change=${(e: Event) => local.set({ [which]: toggled(s[which], name, (e.currentTarget as HTMLInputElement).checked), status: '' })}
      /><label for=${id}>${label}</label>
    </div>`;
  };
  const move = (k: number, d: number) => () => {
    const j = k + d;
    if (j < 0 || j >= s.course.length) return;
    const course = [...s.course];
    [course[k], course[j]] = [course[j] as string, course[k] as string];
    local.set({ course, status: '' });
  };
  const courseBtn = (text: string, name: string, title: string, on: () => void, off = false) =>
    html`<button type="button" class="btn small" aria-label=${`${name}: ${title}`} ?disabled=${off} @click=${on}>${text}</button>`;
  const add = (e: Event) => {
    const v = (e.currentTarget as HTMLSelectElement).value;
    // The menu goes back to "Choose…" (its options' selection is bound below).
    local.set({ course: v && !s.course.includes(v) ? [...s.course, v] : [...s.course], status: '' });
  };
  // The link, made only once the panel's body is there (see above).
  const href = s.controls
    ? `${location.href.split('#')[0] ?? ''}${toHash(s.course[0] ?? slug, { ...store.snapshot(), hide: [...s.hide], lock: [...s.lock], course: [...s.course] }, store.schema)}`
    : '';
  const copy = (e: Event) => {
    const input = (e.currentTarget as Element).closest('details')?.querySelector<HTMLInputElement>('.teacher-link');
    navigator.clipboard.writeText(href).then(
      () => local.set({ status: t('bridge.copied') }),
      () => {
        input?.select();
        local.set({ status: t('teacher.copyByHand') });
      },
    );
  };
  const open = (e: Event) => {
    if ((e.currentTarget as HTMLDetailsElement).open && !s.controls) local.set({ controls: controlsOf(page) });
  };
  const keys = [...new Map((s.controls ?? []).map((c) => [c.key, c.label])).entries()];
  const addId = `${s.id}-add`;
  const linkId = `${s.id}-link`;
  return html`<details class="teacher" data-teacher="" @toggle=${open}>
    <summary>${t('teacher.title')}</summary>
    <div class="teacher-body">
      ${
        s.controls
          ? html`<p class="ctl-help">${t('teacher.intro')}</p>
              <h3>${t('teacher.controls')}</h3>
              ${dataTable({
                class: 'teacher-table',
                cols: [t('teacher.control'), t('teacher.hide'), t('teacher.lock')],
                body: keys.map(
                  ([key, label]) =>
                    html`<tr data-control=${key}>
                      <th scope="row">${label}</th>
                      <td>${tick('hide', key, t('teacher.hideIt', { name: label }), `c-${key}`)}</td>
                      <td>${tick('lock', key, t('teacher.lockIt', { name: label }), `c-${key}`)}</td>
                    </tr>`,
                ),
              })}
              <h3>${t('teacher.panels')}</h3>
              <div class="teacher-panels">${PANELS.map((p) => tick('hide', p, t(`teacher.panel.${p}`), `p-${p}`))}</div>
              <h3>${t('teacher.course')}</h3>
              <p class="ctl-help">${t('teacher.courseHelp')}</p>
              <ol class="teacher-course">
                ${s.course.map((c, k) => {
                  const title = lessons.find((l) => l.slug === c)?.title ?? c;
                  return html`<li data-course=${c}>
                    ${title}
                    ${courseBtn('↑', t('teacher.up'), title, move(k, -1), k === 0)}${courseBtn('↓', t('teacher.down'), title, move(k, 1), k === s.course.length - 1)}${courseBtn(
                      '✕',
                      t('teacher.remove'),
                      title,
                      () => local.set({ course: s.course.filter((_, j) => j !== k), status: '' }),
                    )}
                  </li>`;
                })}
              </ol>
              <div class="ctl ctl-select">
                <label for=${addId}>${t('teacher.add')}</label
                ><select id=${addId} data-teacher-add="" @change=${add}>
                  <option value="" .selected=${live(true)}>${t('teacher.pick')}</option>
                  ${lessons.map((l, k) => html`<option value=${l.slug} .selected=${live(false)}>${k + 1}. ${l.title}</option>`)}
                </select>
              </div>
              <h3>${t('teacher.link')}</h3>
              <input type="text" readonly class="teacher-link" id=${linkId} aria-label=${t('teacher.link')} .value=${live(href)} />
              <div class="row-tools">
                <button type="button" class="btn small" @click=${copy}>${t('teacher.copy')}</button>
                <a class="btn small" target="_blank" rel="noopener" data-teacher-open="" href=${href}>${t('teacher.open')}</a>
                <p class="bridge-status" role="status" aria-live="polite">${s.status}</p>
              </div>`
          : nothing
      }
    </div>
  </details>`;
}

/**
 * The panel that builds a class link from this lesson (the lesson page shows it only when the
 * page is not opened from such a link). `page` is the lesson's element, whose controls the panel
 * lists when it first opens.
 */
export function teacherPanel(
  page: HTMLElement,
  store: Store<LessonSchema<Schema>>,
  slug: string,
  lessons: readonly { slug: string; title: string }[],
): unknown {
  const init = (): PanelLocal => ({ id: uniqueId('teacher'), hide: [], lock: [], course: [], status: '' });
  return html`<div class="teacher-box" ${island(init, draw, { page, store, slug, lessons })}></div>`;
}
