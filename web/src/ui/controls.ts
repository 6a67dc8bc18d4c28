// ui/controls.ts — form controls bound to state properties: labelled range sliders with their
// value, checkboxes, selects, the sentence box with example buttons, and plain buttons. Each
// control writes the store; the lesson recomputes from the store. A control only compiles for a
// property of its type, and a slider takes its range from the property's declaration
// (model/state.ts). No math, no lesson logic.
import type { KeysWith, RangedKeys, Range, Schema, Store, UntypedStore, ValuesOf } from '../model/state';
import { h, uniqueId } from './dom';
import { t } from './i18n';

/** Keeps a control showing the store's value when something else changes it (e.g. a play button). */
function follow(store: Store, key: string, el: Element, sync: () => void): void {
  const off = store.subscribe((changed) => {
    if (!el.isConnected) off();
    else if (changed.includes(key)) sync();
  });
}

export interface SliderOptions {
  /** The value as shown next to the label and read by screen readers. */
  show?: (v: number) => string;
  help?: string;
  /** A narrower range for the data at hand (e.g. up to the sentence's length), within the declared one. */
  within?: Partial<Range>;
}

/** A slider over a numeric property, with the range its declaration gives. */
export function slider<S extends Schema>(store: Store<S>, key: RangedKeys<S>, label: string, options?: SliderOptions): HTMLElement;
/** A slider with an explicit range, for a property declared without one (the lab's). */
export function slider<S extends Schema>(
  store: UntypedStore<S>,
  key: string,
  label: string,
  min: number,
  max: number,
  step: number,
  show?: (v: number) => string,
  help?: string,
): HTMLElement;
export function slider(
  store: Store,
  key: string,
  label: string,
  a?: SliderOptions | number,
  max?: number,
  step?: number,
  show?: (v: number) => string,
  help?: string,
): HTMLElement {
  if (typeof a === 'number') return rangeInput(store, key, label, { min: a, max: max ?? a, step: step ?? 1 }, show ?? String, help);
  const declared = store.range(key);
  const r = { ...declared, ...a?.within };
  if (r.min < declared.min || r.max > declared.max) throw new Error(`slider ${key}: ${r.min}–${r.max} is outside its declared ${declared.min}–${declared.max}`);
  return rangeInput(store, key, label, r, a?.show ?? String, a?.help);
}

function rangeInput(store: Store, key: string, label: string, { min, max, step }: Range, show: (v: number) => string, help?: string): HTMLElement {
  const id = uniqueId(`ctl-${key}`);
  const val = store.get<number>(key);
  const out = h('output', { for: id, class: 'ctl-value' }, show(val));
  const input = h('input', { type: 'range', id, min, max, step, value: val, 'data-key': key });
  input.addEventListener('input', () => {
    const v = Number(input.value);
    out.textContent = show(v);
    input.setAttribute('aria-valuetext', show(v));
    store.set(key, v);
  });
  input.setAttribute('aria-valuetext', show(val));
  follow(store, key, input, () => {
    const v = store.get<number>(key);
    if (Number(input.value) !== v) input.value = String(v);
    out.textContent = show(v);
    input.setAttribute('aria-valuetext', show(v));
  });
  const helpId = help ? uniqueId('help') : undefined;
  if (helpId) input.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'ctl ctl-range' }, h('label', { for: id }, label, ' ', out), input, help ? h('p', { class: 'ctl-help', id: helpId }, help) : null);
}

export function checkbox<S extends Schema>(store: Store<S>, key: KeysWith<S, boolean>, label: string, help?: string): HTMLElement;
export function checkbox(store: Store, key: string, label: string, help?: string): HTMLElement {
  const id = uniqueId(`ctl-${key}`);
  const input = h('input', { type: 'checkbox', id, 'data-key': key });
  input.checked = store.get<boolean>(key);
  input.addEventListener('change', () => store.set(key, input.checked));
  follow(store, key, input, () => (input.checked = store.get<boolean>(key)));
  return h('div', { class: 'ctl ctl-check' }, input, h('label', { for: id }, label), help ? h('p', { class: 'ctl-help' }, help) : null);
}

export function select<S extends Schema, K extends KeysWith<S, string | number>>(
  store: Store<S>,
  key: K,
  label: string,
  options: readonly { value: ValuesOf<S>[K]; label: string }[],
): HTMLElement;
export function select(store: Store, key: string, label: string, options: readonly { value: string | number; label: string }[]): HTMLElement {
  const id = uniqueId(`ctl-${key}`);
  const cur = store.get<string | number>(key);
  const sel = h(
    'select',
    { id, 'data-key': key },
    options.map((o) => h('option', { value: String(o.value), selected: o.value === cur }, o.label)),
  );
  sel.addEventListener('change', () => {
    const o = options.find((x) => String(x.value) === sel.value);
    if (o) store.set(key, o.value);
  });
  return h('div', { class: 'ctl ctl-select' }, h('label', { for: id }, label), sel);
}

/** The sentence box: typing updates the state (debounced); example buttons fill it. */
export function sentenceBox<S extends Schema>(
  store: Store<S>,
  key: KeysWith<S, string>,
  label: string,
  examples: readonly string[],
  maxTokensNote?: string,
): HTMLElement;
export function sentenceBox(store: Store, key: string, label: string, examples: readonly string[], maxTokensNote?: string): HTMLElement {
  const id = uniqueId(`ctl-${key}`);
  const input = h('input', { type: 'text', id, value: store.get<string>(key), maxlength: 400, spellcheck: false, autocomplete: 'off', 'data-key': key });
  let timer: number | undefined;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => store.set(key, input.value), 200);
  });
  input.addEventListener('change', () => {
    window.clearTimeout(timer);
    store.set(key, input.value);
  });
  const ex = examples.map((e) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn chip',
        onclick: () => {
          input.value = e;
          store.set(key, e);
        },
      },
      e.length > 36 ? e.slice(0, 34) + '…' : e,
    ),
  );
  return h(
    'div',
    { class: 'ctl ctl-text' },
    h('label', { for: id }, label),
    input,
    examples.length
      ? h('div', { class: 'chips', role: 'group', 'aria-label': t('ctl.examples') }, h('span', { class: 'chips-label' }, t('ctl.examples')), ex)
      : null,
    maxTokensNote ? h('p', { class: 'ctl-help' }, maxTokensNote) : null,
  );
}

export function button(label: string, onclick: () => void, cls = 'btn'): HTMLButtonElement {
  return h('button', { type: 'button', class: cls, onclick }, label);
}

export function group(title: string, ...children: (HTMLElement | null)[]): HTMLElement {
  return h('fieldset', { class: 'ctl-group' }, h('legend', {}, title), children);
}
