// pages/lab.ts — the lab page (#/lab), mounted by the router like a lesson (pages/routes.ts):
// two views behind tabs, their choice in the URL (labview). "Bottleneck" trains a GRU
// encoder–decoder without and with attention — and, when asked, a Transformer — on the same data
// (Bahdanau et al. 2014, Fig. 2 and 3, plus the Transformer's heads); "Heads that specialize"
// trains a 2-layer decoder-only Transformer on repeated sequences and watches induction heads form
// (Olsson et al. 2022). Each view is a pure state machine (lab/reducer.ts) with its own Web Worker
// (lab/controller.ts, lab/worker.ts); its parts (lab/view/*) are functions from its LabState (and
// the store) to templates. The whole page is one template rendered with lit (ui/render.ts) into its
// <article> on every change: a store change (update) and every reducer transition (the
// controller's render callback); lit writes only what changed. A view (and its worker) is made the
// first time its tab is shown. This file turns store changes into events and reads the settings
// from the store; it computes no losses, accuracies or weights (the core does, in the worker) and
// no math on them.
import '../lab/lab.css';
import { controller, type Controller } from '../lab/controller';
import type { LabView, RunConfig } from '../lab/protocol';
import { initialState, type LabEvent, type LabState } from '../lab/reducer';
import { HIDDEN_SIZES, T_STEPS } from '../lab/schema';
import { L, list } from '../lab/text';
import { NARROW, narrowScreen } from '../lab/charts';
import { headsGallery } from '../lab/view/heads';
import { inductionView } from '../lab/view/induction';
import { announcementText, keepFocus, numberBox, trainingPanel } from '../lab/view/panel';
import { resultsView } from '../lab/view/results';
import { translationView } from '../lab/view/translation';
import { lessons } from '../lessons/index';
import type { Store } from '../model/state';
import type { LabSchema } from '../lab/schema';

/** The app's store, seen through the lab's properties (typed by key). */
type LabStore = Store<LabSchema>;
import { checkbox, numberOptions, select, slider } from '../ui/controls';
import { lessonContent, t } from '../ui/i18n';
import type { Mounted } from '../ui/lessonPage';
import { routeHref } from '../ui/links';
import { html, nothing, render } from '../ui/render';
import { rich } from '../ui/richtext';

/** Settings whose change discards a view's run. */
const KEYS: Record<LabView, readonly string[]> = {
  compare: ['labtask', 'labattn', 'labh', 'labsteps', 'labmax', 'labseed', 'labtf', 'labtsteps'],
  heads: ['labseed', 'labisteps'],
};

function configOf(store: LabStore, view: LabView): RunConfig {
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

/** What the page holds of a view that was shown: its controller and what its render remembers. */
interface Built {
  ctl: Controller;
  /** The newest announcement's number and the text it read (fixed when it was made). */
  announced: { n: number; text: string };
  /** The view's template of its current state. */
  view(): unknown;
  update(changed: readonly string[]): void;
}

/** The text of the view's live region: a new announcement is read once, as it was when made. */
function announce(b: Built): string {
  const s = b.ctl.state;
  const n = s.announce?.n ?? 0;
  if (s.announce && n !== b.announced.n) b.announced = { n, text: announcementText(s, performance.now()) };
  return b.announced.text;
}

interface Env {
  store: LabStore;
  draw(): void;
  narrow(): boolean;
}

function seedBox({ store, draw }: Env, id: string): unknown {
  return numberBox({
    key: 'labseed',
    id,
    label: L('seed'),
    help: L('seedHelp'),
    min: 0,
    max: 9999,
    step: 1,
    value: store.get('labseed'),
    set: (v) => store.set('labseed', v),
    redraw: draw,
  });
}

function budgetBox({ store, draw }: Env, key: 'labtsteps' | 'labisteps'): unknown {
  return numberBox({
    key,
    id: `ctl-${key}`,
    label: L(`${key}.label`),
    help: L(`${key}.help`),
    min: 0,
    max: T_STEPS.max,
    step: T_STEPS.step,
    value: store.get(key),
    set: (v) => store.set(key, v),
    redraw: draw,
  });
}

/** The Bottleneck view: GRUs without and with attention, and a Transformer. */
function compareView(env: Env): Built {
  const { store } = env;
  // Called only on the learner's input, after ctl below exists.
  const dispatch = (e: LabEvent) => ctl.dispatch(e);
  const translation = translationView(store, (sentence) => dispatch({ type: 'sentence', sentence }));
  const ctl: Controller = controller(initialState('compare', configOf(store, 'compare'), store.get('labs')), () => env.draw(), fileName);
  const controls = () =>
    html`<fieldset class="ctl-group blab-controls">
      <legend>${L('settings')}</legend>
      ${select(store, 'labtask', L('task'), [
        { value: 'translation', label: L('task.translation') },
        { value: 'reversal', label: L('task.reversal') },
      ])}
      ${select(store, 'labattn', L('scoring'), [
        { value: 'additive', label: L('scoring.additive') },
        { value: 'dot', label: L('scoring.dot') },
      ])}
      ${select(store, 'labh', L('hidden'), numberOptions(...HIDDEN_SIZES))} ${slider(store, 'labsteps', L('steps'), { help: L('stepsHelp') })}
      ${slider(store, 'labmax', L('maxLen'), { help: L('maxLenHelp') })} ${seedBox(env, 'ctl-labseed')}
      ${checkbox(store, 'labtf', L('labtf.label'), L('labtf.help'))} ${budgetBox(env, 'labtsteps')}
    </fieldset>`;
  const built: Built = {
    ctl,
    announced: { n: 0, text: '' },
    view() {
      const s = ctl.state;
      return html`<div class="blab-view" data-view="compare">
        <section class="explain" aria-label=${L('title')}>${list('intro').map((p) => rich('p', p))}</section>
        ${trainingPanel(
          s,
          {
            id: 'blab-h-train',
            // The heading names what Train will train, as the button does (the Transformer is on by default).
            title: L(s.config.transformer ? 'trainAll' : 'train'),
            trainLabel: (x) => L(x.config.transformer ? 'trainAll' : 'train'),
            controls: controls(),
            dispatch,
            train: () => dispatch({ type: 'train', config: configOf(store, 'compare'), now: performance.now() }),
            announced: announce(built),
          },
          resultsView(s, env.narrow()),
        )}
        ${translation(s)} ${headsGallery(s, dispatch)} ${tryThis('blab-h-try', 'tryThis')}
      </div>`;
    },
    update(changed) {
      if (changed.includes('labtask')) {
        // Keep the sentence in the new task's vocabulary when it was the other task's example.
        const task = store.get('labtask');
        const other = list(`examples.${task === 'translation' ? 'reversal' : 'translation'}`);
        if (other.includes(store.get('labs'))) store.set('labs', list(`examples.${task}`)[0] ?? '');
      }
      if (changed.some((k) => KEYS.compare.includes(k))) ctl.dispatch({ type: 'configure', config: configOf(store, 'compare') });
      if (changed.includes('labs')) ctl.dispatch({ type: 'sentence', sentence: store.get('labs') });
    },
  };
  return built;
}

/** A view's "try this" list (content key `key`), its heading's id `id`. */
const tryThis = (id: string, key: string) =>
  html`<section class="try" aria-labelledby=${id}>
    <h2 id=${id}>${t('lesson.try')}</h2>
    <ul>
      ${list(key).map((x) => rich('li', x))}
    </ul>
  </section>`;

/** The "Heads that specialize" view: induction heads forming in a decoder-only Transformer. */
function headsView(env: Env): Built {
  const { store } = env;
  // Called only on the learner's input, after ctl below exists.
  const dispatch = (e: LabEvent) => ctl.dispatch(e);
  const ctl: Controller = controller(initialState('heads', configOf(store, 'heads'), ''), () => env.draw(), fileName);
  const built: Built = {
    ctl,
    announced: { n: 0, text: '' },
    view() {
      const s = ctl.state;
      // Both views have a seed box: this one's id has the view in it.
      const controls = html`<fieldset class="ctl-group blab-controls">
        <legend>${L('settings')}</legend>
        ${seedBox(env, 'ctl-heads-labseed')} ${budgetBox(env, 'labisteps')}
      </fieldset>`;
      return html`<div class="blab-view" data-view="heads">
        <section class="explain" aria-label=${L('ind.title')}>${list('ind.intro').map((p) => rich('p', p))}</section>
        ${trainingPanel(s, {
          id: 'blab-h-ind-train',
          title: L('ind.train.title'),
          trainLabel: () => L('ind.train'),
          controls,
          dispatch,
          train: () => dispatch({ type: 'train', config: configOf(store, 'heads'), now: performance.now() }),
          announced: announce(built),
        })}
        ${inductionView(s, dispatch, env.narrow())} ${tryThis('blab-h-ind-try', 'ind.tryThis')}
      </div>`;
    },
    update(changed) {
      if (changed.some((k) => KEYS.heads.includes(k))) ctl.dispatch({ type: 'configure', config: configOf(store, 'heads') });
    },
  };
  return built;
}

const VIEWS: readonly LabView[] = ['compare', 'heads'];

export function labPage(store: LabStore): Mounted {
  const views: Partial<Record<LabView, Built>> = {};
  const el = document.createElement('article');
  el.className = 'blab-page lab-page';
  /** While a store change is handled (they may nest), renders wait for the one at its end. */
  let batching = 0;
  let narrow = narrowScreen();
  const env: Env = { store, draw: () => draw(), narrow: () => narrow };

  const tabKey = (i: number) => (e: KeyboardEvent) => {
    // Arrow keys move between tabs (the ARIA tabs pattern, automatic activation).
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = VIEWS[(i + d + VIEWS.length) % VIEWS.length];
    if (!next) return;
    store.set('labview', next);
    el.querySelector<HTMLElement>(`#blab-tab-${next}`)?.focus();
  };

  const lesson1 = lessons[0];
  const lesson2 = lessons[1];
  const link = (slug: string | undefined, text: string, cls: string) =>
    slug ? html`<a class=${cls || nothing} data-route=${slug} href=${routeHref(slug)}>${text}</a>` : nothing;

  const page = () => {
    const current = store.get('labview');
    // A view is built (and its worker started) the first time it is shown.
    let made: Built | undefined;
    if (!views[current]) {
      made = current === 'compare' ? compareView(env) : headsView(env);
      views[current] = made;
    }
    return {
      made,
      tpl: html`<p class="blab-back">${link(lesson1?.slug, L('backLesson'), '')}</p>
        <h1 tabindex="-1">${L('title')}</h1>
        <div class="blab-tabs" role="tablist" aria-label=${L('view.label')}>
          ${VIEWS.map(
            (v, i) =>
              html`<button
                type="button"
                role="tab"
                id=${`blab-tab-${v}`}
                aria-controls=${`blab-panel-${v}`}
                data-tab=${v}
                class="blab-tab"
                aria-selected=${String(v === current)}
                tabindex=${v === current ? '0' : '-1'}
                @click=${() => store.set('labview', v)}
                @keydown=${tabKey(i)}
              >
                ${L(`view.${v}`)}
              </button>`,
          )}
        </div>
        ${VIEWS.map(
          (v) =>
            html`<div role="tabpanel" id=${`blab-panel-${v}`} aria-labelledby=${`blab-tab-${v}`} class="blab-tabpanel" ?hidden=${v !== current}>
              ${views[v]?.view() ?? nothing}
            </div>`,
        )}
        <nav class="pager" aria-label=${L('pager')}>
          ${link(lesson1?.slug, lesson1 ? `← 1. ${lessonContent(lesson1.file).title}` : L('backLesson'), 'btn prev')}
          ${link(lesson2?.slug, lesson2 ? `2. ${lessonContent(lesson2.file).title} →` : L('nextLesson'), 'btn next')}
        </nav>`,
    };
  };

  function draw(): void {
    if (batching > 0) return;
    const { made, tpl } = page();
    render(tpl, el);
    for (const v of VIEWS) {
      const b = views[v];
      const root = el.querySelector(`#blab-panel-${v}`);
      if (b && root) keepFocus(root, b.ctl.state);
    }
    made?.ctl.warm();
  }

  // The line charts have a phone-width drawing: render again when the screen crosses it.
  const mq = typeof matchMedia === 'function' ? matchMedia(NARROW) : undefined;
  const onNarrow = () => {
    narrow = narrowScreen();
    draw();
  };
  mq?.addEventListener('change', onNarrow);

  draw();

  return {
    el,
    update(changed) {
      batching++;
      try {
        for (const v of VIEWS) views[v]?.update(changed);
      } finally {
        batching--;
      }
      draw();
    },
    dispose() {
      mq?.removeEventListener('change', onNarrow);
      for (const v of VIEWS) views[v]?.ctl.dispose();
    },
  };
}
