// ui/controls.ts — form controls bound to state properties, as templates: labelled range sliders
// with their value, checkboxes, selects, the sentence box with example buttons, and plain
// buttons. A control shows the store's value (the page renders it again after every change) and
// writes the store; the lesson recomputes from the store. A control only compiles for a property
// of its type, and a slider takes its range from the property's declaration (model/state.ts). A
// property a teacher's link locks (store.isLocked) renders disabled, with a note. No math, no
// lesson logic.
import type { KeysWith, RangedKeys, Range, Schema, Store, ValuesOf } from '../model/state';
import { t } from './i18n';
import { html, live, nothing } from './render';

export interface SliderOptions {
  /** The value as shown next to the label and read by screen readers. */
  show?: (v: number) => string;
  help?: string;
  /** A narrower range for the data at hand (e.g. up to the sentence's length), within the declared one. */
  within?: Partial<Range>;
}

/** The stable id of the control of `key` (state keys are unique across the app). */
const idOf = (key: string) => `ctl-${key}`;

/** The note under a control a teacher's link locked. */
const lockedNote = (store: Store, key: string) => (store.isLocked(key) ? html`<p class="ctl-help locked-note">${t('teacher.lockedNote')}</p>` : nothing);

/** A slider over a numeric property, with the range its declaration gives (narrowed by `within`). */
export function slider<S extends Schema>(store: Store<S>, key: RangedKeys<S>, label: string, options?: SliderOptions): unknown;
export function slider(store: Store, key: string, label: string, a?: SliderOptions): unknown {
  const declared = store.range(key);
  const r = { ...declared, ...a?.within };
  if (r.min < declared.min || r.max > declared.max) throw new Error(`slider ${key}: ${r.min}–${r.max} is outside its declared ${declared.min}–${declared.max}`);
  return rangeInput(store, key, label, r, a?.show ?? String, a?.help);
}

function rangeInput(store: Store, key: string, label: string, { min, max, step }: Range, show: (v: number) => string, help?: string): unknown {
  const id = idOf(key);
  const val = store.get<number>(key);
  return html`<div class="ctl ctl-range">
    <label for=${id}>${label} <output for=${id} class="ctl-value">${show(val)}</output></label
    ><input
      type="range"
      id=${id}
      min=${min}
      max=${max}
      step=${step}
      .value=${live(String(val))}
      data-key=${key}
      aria-valuetext=${show(val)}
      aria-describedby=${help ? `${id}-help` : nothing}
      ?disabled=${store.isLocked(key)}
      @input=${(e: Event) => store.set(key, Number((e.currentTarget as HTMLInputElement).value))}
    />${help ? html`<p class="ctl-help" id=${`${id}-help`}>${help}</p>` : nothing}${lockedNote(store, key)}
  </div>`;
}

export function checkbox<S extends Schema>(store: Store<S>, key: KeysWith<S, boolean>, label: string, help?: string): unknown;
export function checkbox(store: Store, key: string, label: string, help?: string): unknown {
  const id = idOf(key);
  return html`<div class="ctl ctl-check">
    <input
      type="checkbox"
      id=${id}
      data-key=${key}
      .checked=${live(store.get<boolean>(key))}
      ?disabled=${store.isLocked(key)}
      @change=${(e: Event) => store.set(key, (e.currentTarget as HTMLInputElement).checked)}
    /><label for=${id}>${label}</label>${help ? html`<p class="ctl-help">${help}</p>` : nothing}${lockedNote(store, key)}
  </div>`;
}

/** Options for a select over whole numbers, each labelled by itself (a layer or head, 1-based). */
export const numberOptions = (...values: number[]): { value: number; label: string }[] => values.map((v) => ({ value: v, label: String(v) }));

export function select<S extends Schema, K extends KeysWith<S, string | number>>(
  store: Store<S>,
  key: K,
  label: string,
  options: readonly { value: ValuesOf<S>[K]; label: string }[],
): unknown;
export function select(store: Store, key: string, label: string, options: readonly { value: string | number; label: string }[]): unknown {
  const id = idOf(key);
  const cur = store.get<string | number>(key);
  const change = (e: Event) => {
    const v = (e.currentTarget as HTMLSelectElement).value;
    const o = options.find((x) => String(x.value) === v);
    if (o) store.set(key, o.value);
  };
  return html`<div class="ctl ctl-select">
    <label for=${id}>${label}</label
    ><select id=${id} data-key=${key} ?disabled=${store.isLocked(key)} @change=${change}>
      ${options.map((o) => html`<option value=${String(o.value)} .selected=${live(o.value === cur)}>${o.label}</option>`)}</select
    >${lockedNote(store, key)}
  </div>`;
}

/** The sentence box: typing updates the state (debounced); example buttons fill it. */
export function sentenceBox<S extends Schema>(
  store: Store<S>,
  key: KeysWith<S, string>,
  label: string,
  examples: readonly string[],
  maxTokensNote?: string,
): unknown;
export function sentenceBox(store: Store, key: string, label: string, examples: readonly string[], maxTokensNote?: string): unknown {
  const id = idOf(key);
  const locked = store.isLocked(key);
  // The value is bound without live(): lit writes it only when the store's value changed, so a
  // re-render while the learner types (before the debounced write) leaves the text alone.
  return html`<div class="ctl ctl-text">
    <label for=${id}>${label}</label
    ><input
      type="text"
      id=${id}
      .value=${store.get<string>(key)}
      maxlength="400"
      spellcheck="false"
      autocomplete="off"
      data-key=${key}
      ?disabled=${locked}
      @input=${(e: Event) => debounced(key, () => store.set(key, (e.target as HTMLInputElement).value))}
      @change=${(e: Event) => {
        debounced(key);
        store.set(key, (e.currentTarget as HTMLInputElement).value);
      }}
    />${
      examples.length
        ? html`<div class="chips" role="group" aria-label=${t('ctl.examples')}>
            <span class="chips-label">${t('ctl.examples')}</span>${examples.map(
              (e) =>
                html`<button type="button" class="btn chip" ?disabled=${locked} @click=${() => store.set(key, e)}>
                  ${e.length > 36 ? e.slice(0, 34) + '…' : e}
                </button>`,
            )}
          </div>`
        : nothing
    }${maxTokensNote ? html`<p class="ctl-help">${maxTokensNote}</p>` : nothing}${lockedNote(store, key)}
  </div>`;
}

/** Pending debounced writes of text boxes, by key (a new keystroke restarts the wait). */
const timers = new Map<string, number>();
function debounced(key: string, write?: () => void): void {
  window.clearTimeout(timers.get(key));
  timers.delete(key);
  if (write)
    timers.set(
      key,
      window.setTimeout(() => {
        timers.delete(key);
        write();
      }, 200),
    );
}

export function button(label: string, onclick: () => void, cls = 'btn'): unknown {
  return html`<button type="button" class=${cls} @click=${onclick}>${label}</button>`;
}

export function group(title: string, ...children: unknown[]): unknown {
  return html`<fieldset class="ctl-group">
    <legend>${title}</legend>
    ${children}
  </fieldset>`;
}
