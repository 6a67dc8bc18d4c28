// lab/view/translation.ts — the compare view's "translate your own sentence": the sentence box,
// messages (not trained yet, mid-training, unknown words), the vocabulary, every model's output
// word by word against the task's correct answer, the attention GRU's alignment (Bahdanau et al.
// 2014, Fig. 3) beside the Transformer's cross-attention (last layer, averaged over heads, as the
// core returns it), and the GRUs' step-by-step decode of the context vectors c_t. It shows the
// core's numbers; comparisons pick labels and outlines (the largest weight of a row), nothing more.
import type { Translation, TransformerTranslation } from '../../../../wasm/trainer.js';
import { at, type Matrix } from '../../model/matrix';
import type { Store } from '../../model/state';
import { sentenceBox } from '../../ui/controls';
import { h, uniqueId } from '../../ui/dom';
import { fmt } from '../../ui/format';
import { heatmap } from '../../ui/heatmap';
import { rich } from '../../ui/richtext';
import type { ModelKey, Translations } from '../protocol';
import type { LabState } from '../reducer';
import { L, list } from '../text';
import { modelName, type View } from './panel';

const isSpecial = (w: string) => /^<.*>$/.test(w);

function rowsOf(m: Matrix): string[] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
}

/** Column of the largest weight of row i (ties: the first). */
function argmax(m: Matrix, i: number): number {
  let best = 0;
  for (let j = 1; j < m.cols; j++) if (at(m, i, j) > at(m, i, best)) best = j;
  return best;
}

type Output = Pick<Translation, 'source' | 'unknown' | 'output' | 'reference' | 'finished'>;
const outLabel = (t: Output, i: number) => t.output[i] ?? L('eos');

export function alignmentMap(id: string, title: string, note: string, t: Output & { attention: Matrix }): HTMLElement {
  const a = t.attention;
  const srcLabel = (j: number) => (t.unknown.includes(t.source[j] ?? '') ? `${t.source[j]}?` : (t.source[j] ?? String(j + 1)));
  return heatmap({
    id,
    title,
    note,
    m: a,
    rowLabels: Array.from({ length: a.rows }, (_, i) => outLabel(t, i)),
    colLabels: Array.from({ length: a.cols }, (_, j) => srcLabel(j)),
    rowAxis: L('align.rows'),
    colAxis: L('align.cols'),
    palette: 'viridis',
    domain: [0, 1],
    digits: 2,
    shape: `(${a.rows}, ${a.cols})`,
    marked: (i, j) => argmax(a, i) === j,
    provenance: (i, j) => L('align.prov', { t: i + 1, j: j + 1, v: fmt(at(a, i, j), 3), out: outLabel(t, i), src: t.source[j] ?? '' }),
  });
}

export function translationView(store: Store, dispatch: (sentence: string) => void): View & { rebuildBox(): void } {
  const sentenceSlot = h('div', { class: 'blab-sentence' });
  const translateMsg = h('div', { class: 'blab-translate-msg', role: 'status' });
  const vocabSlot = h('div', { class: 'blab-vocab' });
  const outputSlot = h('div', { class: 'blab-output' });
  const alignSlot = h('div', { class: 'blab-align' });
  const decodeSlot = h('div', { class: 'blab-decode' });
  let state: LabState | undefined;

  function rebuildBox(): void {
    const box = sentenceBox(store, 'labs', L('translate.label'), list(`examples.${store.get<string>('labtask')}`));
    const input = box.querySelector('input');
    const go = h('button', { type: 'button', class: 'btn', 'data-action': 'translate' }, L('translate.button'));
    go.addEventListener('click', () => {
      if (input && input.value !== store.get<string>('labs')) store.set('labs', input.value);
      else dispatch(store.get<string>('labs'));
    });
    input?.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        go.click();
      }
    });
    sentenceSlot.replaceChildren(box, h('div', { class: 'blab-go' }, go));
  }
  rebuildBox();

  function vocabulary(s: LabState, open: boolean): HTMLElement | null {
    const words = (s.info?.attn ?? s.info?.transformer)?.sourceVocab.filter((w) => !isSpecial(w));
    if (!words) return null;
    return h(
      'details',
      { class: 'blab-vocab-list', open },
      h('summary', {}, L('vocab.title', { n: words.length })),
      h(
        'ul',
        { class: 'tokens', 'aria-label': L('vocab.title', { n: words.length }) },
        words.map((w) => h('li', { class: 'token' }, w)),
      ),
    );
  }

  function clear(s: LabState, message: string): void {
    translateMsg.replaceChildren(message ? h('p', { class: 'callout' }, message) : '');
    vocabSlot.replaceChildren(vocabulary(s, false) ?? '');
    outputSlot.replaceChildren();
    alignSlot.replaceChildren();
    decodeSlot.replaceChildren();
  }

  function renderOutput(s: LabState, r: Translations, first: Output): void {
    const keys = s.models.filter((k) => r[k]);
    const outs = keys.map((k) => r[k] as Output);
    const width = Math.max(first.source.length, first.reference.length, ...outs.map((t) => t.output.length));
    const cells = (words: readonly string[], ref?: readonly string[]) =>
      Array.from({ length: width }, (_, j) => {
        const w = words[j];
        if (w === undefined) return h('td', {}, '');
        if (!ref) return h('td', { class: first.unknown.includes(w) ? 'blab-oov' : undefined }, w);
        const ok = ref[j] === w;
        return h(
          'td',
          { class: ok ? 'blab-right' : 'blab-wrong', title: ok ? L('out.right') : L('out.wrong') },
          w,
          h('span', { class: 'blab-sr' }, ` (${ok ? L('out.right') : L('out.wrong')})`),
        );
      });
    const score = (t: Output) => {
      const right = t.reference.filter((w, j) => t.output[j] === w).length;
      const text = L('out.score', { right, total: t.reference.length });
      return t.finished && t.output.length === t.reference.length ? text : `${text} ${t.finished ? '' : L('out.unfinished')}`.trim();
    };
    const row = (label: string, tds: HTMLElement[], extra = '', key?: ModelKey) =>
      h('tr', { 'data-row': key ?? label }, h('th', { scope: 'row' }, label), tds, h('td', { class: 'blab-score' }, extra));
    // The caption is shown above the scrolling box (a wide table would clip it on a phone).
    const capId = uniqueId('blab-out');
    outputSlot.replaceChildren(
      h('p', { class: 'blab-caption', id: capId }, L('out.tableCaption')),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId },
        h(
          'table',
          { class: 'data-table blab-out-table', 'data-translation': '', 'aria-labelledby': capId },
          h(
            'tbody',
            {},
            row(L('out.source'), cells(first.source)),
            row(L('out.reference'), cells(first.reference)),
            keys.map((k) => row(modelName(k, s.config), cells((r[k] as Output).output, first.reference), score(r[k] as Output), k)),
          ),
        ),
      ),
    );
  }

  function renderAlign(a?: Translation, tf?: TransformerTranslation): void {
    const figs: HTMLElement[] = [];
    if (a && a.attention.rows && a.attention.cols) figs.push(alignmentMap('lab-alignment', L('align.title'), L('align.note'), a));
    if (tf && tf.attention.rows && tf.attention.cols) figs.push(alignmentMap('lab-alignment-transformer', L('align.tfTitle'), L('align.tfNote'), tf));
    alignSlot.replaceChildren(h('div', { class: 'figures blab-aligns' }, figs), h('p', { class: 'fig-note' }, L('align.none')));
  }

  function renderDecode(n: Translation, a: Translation): void {
    let hi = 0;
    for (const t of [n, a]) for (const v of t.context.data) if (Number.isFinite(v)) hi = Math.max(hi, Math.abs(v));
    hi ||= 1;
    const ctx = (key: ModelKey, t: Translation) =>
      heatmap({
        id: `lab-context-${key}`,
        title: L(key === 'none' ? 'decode.noneTitle' : 'decode.attnTitle'),
        m: t.context,
        rowLabels: Array.from({ length: t.context.rows }, (_, i) => `${i + 1} ${outLabel(t, i)}`),
        colLabels: Array.from({ length: t.context.cols }, (_, j) => String(j + 1)),
        rowAxis: L('decode.rows'),
        colAxis: L('decode.cols'),
        palette: 'diverging',
        domain: [-hi, hi],
        digits: 2,
        values: false,
        // Big enough cells for a label on every row (one per decoder step) unless h is large.
        cell: t.context.cols <= 64 ? 20 : 10,
        shape: `(${t.context.rows}, ${t.context.cols})`,
        provenance: (i, j) =>
          L('decode.prov', {
            t: i + 1,
            c: j + 1,
            v: fmt(at(t.context, i, j), 3),
            out: outLabel(t, i),
            how: L(key === 'none' ? 'decode.provNone' : 'decode.provAttn'),
          }),
      });
    const noneRows = rowsOf(n.context);
    const sameNone = noneRows.every((r) => r === noneRows[0]);
    const distinctAttn = new Set(rowsOf(a.context)).size;
    const steps = Math.max(a.context.rows, n.context.rows);
    const stepsCap = uniqueId('blab-steps');
    const names = state ? [modelName('none', state.config), modelName('attn', state.config)] : ['', ''];
    decodeSlot.replaceChildren(
      rich('p', L('decode.intro', { h: a.context.cols })),
      h(
        'ul',
        { class: 'blab-decode-facts' },
        sameNone ? h('li', { 'data-fact': 'none-same' }, L('decode.same', { n: n.context.rows })) : null,
        h('li', { 'data-fact': 'attn-distinct', 'data-distinct': distinctAttn }, L('decode.differ', { k: distinctAttn, n: a.context.rows })),
      ),
      h('p', { class: 'blab-caption', id: stepsCap }, L('decode.tableCaption')),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': stepsCap },
        h(
          'table',
          { class: 'data-table blab-steps', 'aria-labelledby': stepsCap },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, L('decode.step')),
              h('th', { scope: 'col' }, names[0]),
              h('th', { scope: 'col' }, names[1]),
              h('th', { scope: 'col' }, L('decode.lookedAt')),
            ),
          ),
          h(
            'tbody',
            {},
            Array.from({ length: steps }, (_, i) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, String(i + 1)),
                h('td', {}, i < n.context.rows ? outLabel(n, i) : ''),
                h('td', {}, i < a.context.rows ? outLabel(a, i) : ''),
                h(
                  'td',
                  {},
                  i < a.attention.rows && a.attention.cols
                    ? `${a.source[argmax(a.attention, i)] ?? ''} (${fmt(at(a.attention, i, argmax(a.attention, i)), 2)})`
                    : '',
                ),
              ),
            ),
          ),
        ),
      ),
      h('div', { class: 'figures blab-context' }, ctx('none', n), ctx('attn', a)),
    );
  }

  const el = h(
    'section',
    { class: 'blab-panel', 'aria-labelledby': 'blab-h-translate' },
    h('h2', { id: 'blab-h-translate' }, L('translate.title')),
    sentenceSlot,
    translateMsg,
    vocabSlot,
    outputSlot,
    alignSlot,
    h('h3', {}, L('decode.title')),
    decodeSlot,
  );

  return {
    el,
    rebuildBox,
    render(s, prev) {
      state = s;
      if (prev && s.translation === prev.translation && s.run === prev.run && s.sentence === prev.sentence && s.info === prev.info) return;
      if (!s.run || !s.info) return clear(s, L('translate.needModels'));
      if (!s.sentence.trim()) return clear(s, L('translate.empty'));
      const t = s.translation;
      if (!t) return;
      if (!t.result) return clear(s, L('translate.error', { message: t.error ?? '' }));
      const r = t.result;
      const first = (r.attn ?? r.transformer) as Output | undefined;
      if (!first) return;
      const msgs: HTMLElement[] = [];
      const { steps } = t;
      const behind = s.models.filter((k) => (steps[k] ?? 0) < (s.budget[k] ?? 0));
      if (behind.length) msgs.push(h('p', { class: 'callout' }, L('translate.midTraining', { steps: steps.attn ?? steps.transformer ?? 0 })));
      if (first.unknown.length)
        msgs.push(
          h(
            'p',
            { class: 'callout warn', 'data-oov': first.unknown.join(' ') },
            L('translate.unknown', { words: first.unknown.map((w) => `“${w}”`).join(', ') }),
          ),
        );
      translateMsg.replaceChildren(...msgs);
      vocabSlot.replaceChildren(vocabulary(s, first.unknown.length > 0) ?? '');
      renderOutput(s, r, first);
      renderAlign(r.attn, r.transformer);
      if (r.none && r.attn) renderDecode(r.none, r.attn);
      else decodeSlot.replaceChildren();
    },
  };
}
