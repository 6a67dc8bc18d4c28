// pages/lab.ts — the lab page (#/lab), mounted by the router like a lesson (pages/routes.ts):
// two views behind tabs, their choice in the URL (labview). "Bottleneck" trains a GRU
// encoder–decoder without and with attention — and, when asked, a Transformer — on the same data
// (Bahdanau et al. 2014, Fig. 2 and 3, plus the Transformer's heads); "Heads that specialize"
// trains a 2-layer decoder-only Transformer on repeated sequences and watches induction heads form
// (Olsson et al. 2022). Each view is a pure state machine (lab/reducer.ts) with its own Web Worker
// (lab/controller.ts, lab/worker.ts) and renderers (lab/view/*); this file builds the layout, reads
// the settings from the store and turns store changes into events.
// It computes no losses, accuracies or weights (the core does, in the worker) and no math on them.
import '../lab/lab.css';
import { controller, type Controller } from '../lab/controller';
import type { LabView, RunConfig } from '../lab/protocol';
import { initialState, type LabEvent, type LabState } from '../lab/reducer';
import { HIDDEN_SIZES, MAX_LEN, STEPS, T_STEPS } from '../lab/schema';
import { L, list } from '../lab/text';
import { headsGallery } from '../lab/view/heads';
import { inductionView } from '../lab/view/induction';
import { numberBox, trainingPanel, type View } from '../lab/view/panel';
import { resultsView } from '../lab/view/results';
import { translationView } from '../lab/view/translation';
import { lessons } from '../lessons/index';
import type { Store } from '../model/state';
import { checkbox, select, slider } from '../ui/controls';
import { h } from '../ui/dom';
import { lessonContent, t } from '../ui/i18n';
import type { Mounted } from '../ui/lessonPage';
import { rich } from '../ui/richtext';

/** Settings whose change discards a view's run. */
const KEYS: Record<LabView, readonly string[]> = {
  compare: ['labtask', 'labattn', 'labh', 'labsteps', 'labmax', 'labseed', 'labtf', 'labtsteps'],
  heads: ['labseed', 'labisteps'],
};

function configOf(store: Store, view: LabView): RunConfig {
  return {
    view,
    task: store.get('labtask'),
    attention: store.get('labattn'),
    hidden: store.get('labh'),
    steps: store.get('labsteps'),
    maxLen: store.get('labmax'),
    seed: store.get('labseed'),
    transformer: store.get('labtf'),
    transformerSteps: store.get(view === 'heads' ? 'labisteps' : 'labtsteps'),
  };
}

const fileName = (s: LabState) => `attention-lab-transformer-${s.view === 'heads' ? 'induction' : s.config.task}-seed${s.config.seed}.safetensors`;

/** Renders every part of a view, in order. */
const all =
  (...views: View[]) =>
  (s: LabState, prev: LabState | undefined) => {
    for (const v of views) v.render(s, prev);
  };

function seedBox(store: Store) {
  return numberBox({
    key: 'labseed',
    label: L('seed'),
    help: L('seedHelp'),
    min: 0,
    max: 9999,
    step: 1,
    get: () => store.get<number>('labseed'),
    set: (v) => store.set('labseed', v),
  });
}

function budgetBox(store: Store, key: 'labtsteps' | 'labisteps') {
  return numberBox({
    key,
    label: L(`${key}.label`),
    help: L(`${key}.help`),
    min: 0,
    max: T_STEPS.max,
    step: T_STEPS.step,
    get: () => store.get<number>(key),
    set: (v) => store.set(key, v),
  });
}

/** The Bottleneck view: GRUs without and with attention, and a Transformer. */
function compareView(store: Store) {
  const seed = seedBox(store);
  const tsteps = budgetBox(store, 'labtsteps');
  const controls = h(
    'fieldset',
    { class: 'ctl-group blab-controls' },
    h('legend', {}, L('settings')),
    select(store, 'labtask', L('task'), [
      { value: 'translation', label: L('task.translation') },
      { value: 'reversal', label: L('task.reversal') },
    ]),
    select(store, 'labattn', L('scoring'), [
      { value: 'additive', label: L('scoring.additive') },
      { value: 'dot', label: L('scoring.dot') },
    ]),
    select(
      store,
      'labh',
      L('hidden'),
      HIDDEN_SIZES.map((v) => ({ value: v, label: String(v) })),
    ),
    slider(store, 'labsteps', L('steps'), STEPS.min, STEPS.max, STEPS.step, String, L('stepsHelp')),
    slider(store, 'labmax', L('maxLen'), MAX_LEN.min, MAX_LEN.max, 1, String, L('maxLenHelp')),
    seed.el,
    checkbox(store, 'labtf', L('labtf.label'), L('labtf.help')),
    tsteps.el,
  );
  // Called only on the learner's input, after ctl below exists.
  const dispatch = (e: LabEvent) => ctl.dispatch(e);
  const panel = trainingPanel({
    id: 'blab-h-train',
    title: L('train'),
    trainLabel: (s) => L(s.config.transformer ? 'trainAll' : 'train'),
    controls,
    dispatch,
    train: () => dispatch({ type: 'train', config: configOf(store, 'compare'), now: performance.now() }),
  });
  const results = resultsView();
  const translation = translationView(store, (sentence) => dispatch({ type: 'sentence', sentence }));
  const gallery = headsGallery(dispatch);
  panel.el.append(results.el);
  const ctl: Controller = controller(
    initialState('compare', configOf(store, 'compare'), store.get<string>('labs')),
    all(panel, results, translation, gallery),
    fileName,
  );
  all(panel, results, translation, gallery)(ctl.state, undefined);
  const el = h(
    'div',
    { class: 'blab-view', 'data-view': 'compare' },
    h(
      'section',
      { class: 'explain', 'aria-label': L('title') },
      list('intro').map((p) => rich('p', p)),
    ),
    panel.el,
    translation.el,
    gallery.el,
    h(
      'section',
      { class: 'try', 'aria-labelledby': 'blab-h-try' },
      h('h2', { id: 'blab-h-try' }, t('lesson.try')),
      h(
        'ul',
        {},
        list('tryThis').map((x) => rich('li', x)),
      ),
    ),
  );
  return {
    el,
    ctl,
    update(changed: readonly string[]) {
      if (changed.includes('labtask')) {
        // Keep the sentence in the new task's vocabulary when it was the other task's example.
        const task = store.get<string>('labtask');
        const other = list(`examples.${task === 'translation' ? 'reversal' : 'translation'}`);
        if (other.includes(store.get<string>('labs'))) store.set('labs', list(`examples.${task}`)[0] ?? '');
        translation.rebuildBox();
      }
      if (changed.includes('labseed')) seed.sync();
      if (changed.includes('labtsteps')) tsteps.sync();
      if (changed.some((k) => KEYS.compare.includes(k))) ctl.dispatch({ type: 'configure', config: configOf(store, 'compare') });
      if (changed.includes('labs')) {
        const input = el.querySelector<HTMLInputElement>('input[data-key="labs"]');
        if (input && document.activeElement !== input) input.value = store.get<string>('labs');
        ctl.dispatch({ type: 'sentence', sentence: store.get<string>('labs') });
      }
    },
  };
}

/** The "Heads that specialize" view: induction heads forming in a decoder-only Transformer. */
function headsView(store: Store) {
  const seed = seedBox(store);
  const isteps = budgetBox(store, 'labisteps');
  const controls = h('fieldset', { class: 'ctl-group blab-controls' }, h('legend', {}, L('settings')), seed.el, isteps.el);
  // Called only on the learner's input, after ctl below exists.
  const dispatch = (e: LabEvent) => ctl.dispatch(e);
  const panel = trainingPanel({
    id: 'blab-h-ind-train',
    title: L('ind.train.title'),
    trainLabel: () => L('ind.train'),
    controls,
    dispatch,
    train: () => dispatch({ type: 'train', config: configOf(store, 'heads'), now: performance.now() }),
  });
  const induction = inductionView(dispatch);
  const ctl: Controller = controller(initialState('heads', configOf(store, 'heads'), ''), all(panel, induction), fileName);
  all(panel, induction)(ctl.state, undefined);
  const el = h(
    'div',
    { class: 'blab-view', 'data-view': 'heads' },
    h(
      'section',
      { class: 'explain', 'aria-label': L('ind.title') },
      list('ind.intro').map((p) => rich('p', p)),
    ),
    panel.el,
    induction.el,
    h(
      'section',
      { class: 'try', 'aria-labelledby': 'blab-h-ind-try' },
      h('h2', { id: 'blab-h-ind-try' }, t('lesson.try')),
      h(
        'ul',
        {},
        list('ind.tryThis').map((x) => rich('li', x)),
      ),
    ),
  );
  return {
    el,
    ctl,
    update(changed: readonly string[]) {
      if (changed.includes('labseed')) seed.sync();
      if (changed.includes('labisteps')) isteps.sync();
      if (changed.some((k) => KEYS.heads.includes(k))) ctl.dispatch({ type: 'configure', config: configOf(store, 'heads') });
    },
  };
}

const VIEWS: readonly LabView[] = ['compare', 'heads'];

export function labPage(store: Store): Mounted {
  const views: Partial<Record<LabView, ReturnType<typeof compareView>>> = {};
  const tabs = VIEWS.map((v) =>
    h('button', { type: 'button', role: 'tab', id: `blab-tab-${v}`, 'aria-controls': `blab-panel-${v}`, 'data-tab': v, class: 'blab-tab' }, L(`view.${v}`)),
  );
  const panels = VIEWS.map((v) => h('div', { role: 'tabpanel', id: `blab-panel-${v}`, 'aria-labelledby': `blab-tab-${v}`, class: 'blab-tabpanel' }));
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => store.set('labview', VIEWS[i]));
    // Arrow keys move between tabs (the ARIA tabs pattern, automatic activation).
    tab.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      e.preventDefault();
      const next = tabs[(i + d + tabs.length) % tabs.length];
      next?.focus();
      next?.click();
    });
  });

  function show(): void {
    const view = store.get<LabView>('labview');
    VIEWS.forEach((v, i) => {
      const on = v === view;
      tabs[i]?.setAttribute('aria-selected', String(on));
      tabs[i]?.setAttribute('tabindex', on ? '0' : '-1');
      const p = panels[i];
      if (!p) return;
      p.hidden = !on;
      // A view is built (and its worker started) the first time it is shown.
      if (on && !views[v]) {
        const made = v === 'compare' ? compareView(store) : headsView(store);
        views[v] = made;
        p.append(made.el);
        made.ctl.warm();
      }
    });
  }

  const lesson1 = lessons[0];
  const lesson2 = lessons[1];
  const link = (slug: string | undefined, text: string, cls: string) => (slug ? h('a', { class: cls, 'data-route': slug, href: `#/${slug}` }, text) : null);
  const el = h(
    'article',
    { class: 'blab-page lab-page' },
    h('p', { class: 'blab-back' }, link(lesson1?.slug, L('backLesson'), '')),
    h('h1', { tabindex: -1 }, L('title')),
    h('div', { class: 'blab-tabs', role: 'tablist', 'aria-label': L('view.label') }, tabs),
    panels,
    h(
      'nav',
      { class: 'pager', 'aria-label': L('pager') },
      link(lesson1?.slug, lesson1 ? `← 1. ${lessonContent(lesson1.file).title}` : L('backLesson'), 'btn prev'),
      link(lesson2?.slug, lesson2 ? `2. ${lessonContent(lesson2.file).title} →` : L('nextLesson'), 'btn next'),
    ),
  );
  show();

  return {
    el,
    update(changed) {
      if (changed.includes('labview')) show();
      for (const v of VIEWS) views[v]?.update(changed);
    },
    dispose() {
      for (const v of VIEWS) views[v]?.ctl.dispose();
    },
  };
}
