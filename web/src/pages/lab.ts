// pages/lab.ts — the bottleneck lab (#/lab): trains a GRU encoder–decoder without attention and
// with attention side by side in a Web Worker (lab/worker.ts) and shows, from the core's live
// numbers, both loss curves, token accuracy against source length (Bahdanau et al. 2014, Fig. 2),
// the attention model's alignment for the learner's sentence (their Fig. 3), a step-by-step decode
// of the context vectors c_t, and plain-language statements of what this run measured. Controls
// live in the app's store (lab/schema.ts), so a link reproduces a run's settings.
// It does not compute losses, accuracies or weights (the core does, in the worker); it only lays
// out, formats and compares the numbers it receives for display.
import '../lab/lab.css';
import type { LengthAccuracy, Translation } from '../../../wasm/trainer.js';
import { LineChart, MODEL_COLORS, type LineSeries } from '../lab/charts';
import { MODELS, type Command, type ModelInfo, type ModelKey, type Report, type RunConfig } from '../lab/protocol';
import { CONFIG_KEYS, HIDDEN_SIZES, MAX_LEN, STEPS } from '../lab/schema';
import { L, list } from '../lab/text';
import { lessons } from '../lessons/index';
import { at, type Matrix } from '../model/matrix';
import type { Store } from '../model/state';
import { select, sentenceBox, slider } from '../ui/controls';
import { h, uniqueId } from '../ui/dom';
import { fmt } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { lessonContent, t } from '../ui/i18n';
import { rich } from '../ui/richtext';

export interface LabMounted {
  el: HTMLElement;
  update(changed: readonly string[]): void;
  /** Frees both trainers and stops the worker (called when the learner leaves the page). */
  dispose(): void;
}

type Phase = 'idle' | 'starting' | 'training' | 'paused' | 'done' | 'error';

interface Evaluation {
  final: boolean;
  steps: Record<ModelKey, number>;
  accuracy: Record<ModelKey, LengthAccuracy[]>;
}

const pct = (x: number) => fmt(x * 100, 1);
const isSpecial = (w: string) => /^<.*>$/.test(w);

function rowsOf(m: Matrix): string[] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
}

export function labPage(store: Store): LabMounted {
  let worker: Worker | undefined;
  let run = 0;
  let nextRun = 0;
  let request = 0;
  let phase: Phase = 'idle';
  let config: RunConfig = configOf();
  let info: Record<ModelKey, ModelInfo> | undefined;
  let evaluation: Evaluation | undefined;
  let steps = 0;
  let wallStart = 0;
  let pausedAt = 0;
  let pausedMs = 0;
  const loss: Record<ModelKey, [number, number][]> = { none: [], attn: [] };
  const latest: Record<ModelKey, { loss: number; gradNorm: number } | undefined> = { none: undefined, attn: undefined };

  function configOf(): RunConfig {
    return {
      task: store.get('labtask'),
      attention: store.get('labattn'),
      hidden: store.get('labh'),
      steps: store.get('labsteps'),
      maxLen: store.get('labmax'),
      seed: store.get('labseed'),
    };
  }
  const modelName = (k: ModelKey) => (k === 'none' ? L('model.none') : L(config.attention === 'dot' ? 'model.attnDot' : 'model.attnAdditive'));
  const seriesStyle = {
    none: { color: MODEL_COLORS.none, dash: '6 4', marker: 'square' as const },
    attn: { color: MODEL_COLORS.attn, dash: undefined, marker: 'circle' as const },
  };

  // ---- controls ------------------------------------------------------------------------------
  const seedId = uniqueId('ctl-labseed');
  const seedHelpId = uniqueId('help');
  const seedInput = h('input', {
    type: 'number',
    id: seedId,
    min: 0,
    max: 9999,
    step: 1,
    value: store.get<number>('labseed'),
    'data-key': 'labseed',
    'aria-describedby': seedHelpId,
    class: 'blab-seed',
  });
  seedInput.addEventListener('change', () => {
    const v = Number(seedInput.value);
    if (Number.isInteger(v) && v >= 0 && v <= 9999) store.set('labseed', v);
    else seedInput.value = String(store.get<number>('labseed'));
  });
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
    h('div', { class: 'ctl ctl-number' }, h('label', { for: seedId }, L('seed')), seedInput, h('p', { class: 'ctl-help', id: seedHelpId }, L('seedHelp'))),
  );

  const trainBtn = h('button', { type: 'button', class: 'btn primary', 'data-action': 'train' }, L('train'));
  const pauseBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'pause' }, L('pause'));
  const resetBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'reset' }, L('reset'));
  const progressId = uniqueId('blab-progress');
  const progress = h('progress', { id: progressId, max: 1, value: 0, class: 'blab-progress', 'aria-label': L('progressLabel') });
  const status = h('p', { class: 'blab-status', 'data-phase': 'idle' }, L('status.idle'));
  const announcer = h('p', { class: 'blab-sr', 'aria-live': 'polite' });
  const errorBox = h('div', { class: 'core-error', role: 'alert', hidden: true });
  const paramsLine = h('p', { class: 'blab-params' });

  // ---- charts --------------------------------------------------------------------------------
  const lossChart = new LineChart({
    id: 'lab-loss',
    title: L('loss.title'),
    note: L('loss.note'),
    xAxis: L('loss.x'),
    yAxis: L('loss.y'),
    yDigits: 4,
    yTickDigits: 1,
    xFromZero: true,
    empty: L('loss.empty'),
    summary: (ser) => L('loss.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
  });
  const accChart = new LineChart({
    id: 'lab-accuracy',
    title: L('acc.title'),
    note: L('acc.note', { per: 40 }),
    xAxis: L('acc.x'),
    yAxis: L('acc.y'),
    yRange: [0, 100],
    yDigits: 1,
    yTickDigits: 0,
    empty: L('acc.empty'),
    summary: (ser) => L('acc.summary', { series: ser.map((x) => x.name).join(', ') || '—' }),
  });
  const accNote = h('p', { class: 'fig-note blab-acc-partial', hidden: true });
  const truths = h('div', { class: 'blab-truths', 'data-truths': '' }, h('p', {}, L('truths.pending')));

  // ---- translation ---------------------------------------------------------------------------
  const sentenceSlot = h('div', { class: 'blab-sentence' });
  const translateMsg = h('div', { class: 'blab-translate-msg', role: 'status' });
  const vocabSlot = h('div', { class: 'blab-vocab' });
  const outputSlot = h('div', { class: 'blab-output' });
  const alignSlot = h('div', { class: 'blab-align' });
  const decodeSlot = h('div', { class: 'blab-decode' });

  function buildSentenceBox(): void {
    const box = sentenceBox(store, 'labs', L('translate.label'), list(`examples.${store.get<string>('labtask')}`));
    const input = box.querySelector('input');
    const go = h('button', { type: 'button', class: 'btn', 'data-action': 'translate' }, L('translate.button'));
    go.addEventListener('click', () => {
      if (input && input.value !== store.get<string>('labs')) store.set('labs', input.value);
      else requestTranslation();
    });
    input?.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        go.click();
      }
    });
    sentenceSlot.replaceChildren(box, h('div', { class: 'blab-go' }, go));
  }
  buildSentenceBox();

  // ---- rendering -----------------------------------------------------------------------------
  function renderButtons(): void {
    const active = phase === 'starting' || phase === 'training' || phase === 'paused';
    const focused = document.activeElement;
    trainBtn.disabled = active;
    pauseBtn.disabled = !active;
    pauseBtn.textContent = phase === 'paused' ? L('resume') : L('pause');
    pauseBtn.setAttribute('aria-pressed', String(phase === 'paused'));
    resetBtn.disabled = run === 0 && phase !== 'error';
    // Never leave keyboard focus on a button that just became disabled.
    if (focused instanceof HTMLButtonElement && focused.disabled && [trainBtn, pauseBtn, resetBtn].includes(focused))
      (active ? (pauseBtn.disabled ? resetBtn : pauseBtn) : trainBtn).focus();
  }

  function setStatus(text: string): void {
    status.textContent = text;
    status.dataset.phase = phase;
    status.dataset.steps = String(steps);
  }

  const seconds = (ms: number) => fmt(ms / 1000, 1);
  const trainingStatus = () =>
    L('status.training', {
      steps,
      total: config.steps,
      lossNone: latest.none ? fmt(latest.none.loss, 3) : '—',
      lossAttn: latest.attn ? fmt(latest.attn.loss, 3) : '—',
      gradNone: latest.none ? fmt(latest.none.gradNorm, 2) : '—',
      gradAttn: latest.attn ? fmt(latest.attn.gradNorm, 2) : '—',
      seconds: seconds(wall()),
    });
  const wall = () => (phase === 'paused' ? pausedAt : performance.now()) - wallStart - pausedMs;

  function renderProgress(): void {
    progress.max = config.steps;
    progress.value = steps;
    progress.setAttribute('aria-valuetext', `${steps} / ${config.steps}`);
  }

  function renderLoss(): void {
    const series: LineSeries[] = MODELS.filter((k) => loss[k].length).map((k) => ({ name: modelName(k), points: loss[k], ...seriesStyle[k] }));
    lossChart.set(series);
  }

  function renderAccuracy(): void {
    const ev = evaluation;
    accChart.set(
      ev
        ? MODELS.map((k) => ({
            name: modelName(k),
            points: ev.accuracy[k].map((r) => [r.length, r.tokenAccuracy * 100] as const),
            ...seriesStyle[k],
          }))
        : [],
    );
    accChart.flush();
    accNote.hidden = !ev || ev.final;
    accNote.textContent = ev && !ev.final ? L('acc.partial', { steps: ev.steps.attn }) : '';
    renderTruths();
  }

  function renderTruths(): void {
    const ev = evaluation;
    if (!ev || !ev.final) {
      truths.replaceChildren(h('p', {}, L('truths.pending')));
      return;
    }
    const none = ev.accuracy.none;
    const attn = ev.accuracy.attn;
    const last = attn.length - 1;
    const items: string[] = [];
    if (last >= 0 && none[last] && attn[last])
      items.push(L('truths.longest', { len: attn[last].length, attn: pct(attn[last].tokenAccuracy), none: pct(none[last].tokenAccuracy) }));
    if (attn[0] && none[0] && last > 0)
      items.push(L('truths.shortest', { len: attn[0].length, attn: pct(attn[0].tokenAccuracy), none: pct(none[0].tokenAccuracy) }));
    const minAttn = attn.reduce((m, r) => (r.tokenAccuracy < m.tokenAccuracy ? r : m), attn[0] as LengthAccuracy);
    const minNone = none.reduce((m, r) => (r.tokenAccuracy < m.tokenAccuracy ? r : m), none[0] as LengthAccuracy);
    const below = none.find((r) => r.tokenAccuracy < 0.9);
    if (minAttn && minNone)
      items.push(
        below
          ? L('truths.fallsBelow', { len: below.length, min: pct(minAttn.tokenAccuracy) })
          : L('truths.neverBelow', { minNone: pct(minNone.tokenAccuracy), min: pct(minAttn.tokenAccuracy) }),
      );
    const ln = loss.none[loss.none.length - 1];
    const la = loss.attn[loss.attn.length - 1];
    if (ln && la) items.push(L('truths.loss', { none: fmt(ln[1], 3), attn: fmt(la[1], 3) }));
    if (info) items.push(L('truths.params', { none: info.none.parameters.toLocaleString('en'), attn: info.attn.parameters.toLocaleString('en') }));
    truths.replaceChildren(
      h(
        'ul',
        {},
        items.map((x) => rich('li', x)),
      ),
    );
  }

  function renderParams(): void {
    paramsLine.textContent = info ? MODELS.map((k) => L('params', { model: modelName(k), n: info?.[k].parameters.toLocaleString('en') ?? '' })).join(' ') : '';
  }

  function vocabulary(open: boolean): HTMLElement | null {
    const words = info?.attn.sourceVocab.filter((w) => !isSpecial(w));
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

  function clearTranslation(message: string): void {
    translateMsg.replaceChildren(message ? h('p', { class: 'callout' }, message) : '');
    vocabSlot.replaceChildren(vocabulary(false) ?? '');
    outputSlot.replaceChildren();
    alignSlot.replaceChildren();
    decodeSlot.replaceChildren();
  }

  function renderTranslation(stepsNow: Record<ModelKey, number>, result: Record<ModelKey, Translation>): void {
    const a = result.attn;
    const n = result.none;
    const msgs: HTMLElement[] = [];
    if (stepsNow.attn < config.steps) msgs.push(h('p', { class: 'callout' }, L('translate.midTraining', { steps: stepsNow.attn })));
    if (a.unknown.length)
      msgs.push(
        h('p', { class: 'callout warn', 'data-oov': a.unknown.join(' ') }, L('translate.unknown', { words: a.unknown.map((w) => `“${w}”`).join(', ') })),
      );
    translateMsg.replaceChildren(...msgs);
    vocabSlot.replaceChildren(vocabulary(a.unknown.length > 0) ?? '');

    // Word-by-word comparison with the task's correct answer.
    const width = Math.max(a.source.length, a.reference.length, a.output.length, n.output.length);
    const cells = (words: readonly string[], ref?: readonly string[]) =>
      Array.from({ length: width }, (_, j) => {
        const w = words[j];
        if (w === undefined) return h('td', {}, '');
        if (!ref) return h('td', { class: a.unknown.includes(w) ? 'blab-oov' : undefined }, w);
        const ok = ref[j] === w;
        return h(
          'td',
          { class: ok ? 'blab-right' : 'blab-wrong', title: ok ? L('out.right') : L('out.wrong') },
          w,
          h('span', { class: 'blab-sr' }, ` (${ok ? L('out.right') : L('out.wrong')})`),
        );
      });
    const score = (t: Translation) => {
      const right = t.reference.filter((w, j) => t.output[j] === w).length;
      const s = L('out.score', { right, total: t.reference.length });
      return t.finished && t.output.length === t.reference.length ? s : `${s} ${t.finished ? '' : L('out.unfinished')}`.trim();
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
            row(L('out.source'), cells(a.source)),
            row(L('out.reference'), cells(a.reference)),
            row(modelName('none'), cells(n.output, a.reference), score(n), 'none'),
            row(modelName('attn'), cells(a.output, a.reference), score(a), 'attn'),
          ),
        ),
      ),
    );

    // The attention model's alignment (Fig. 3).
    const outLabel = (t: Translation, i: number) => t.output[i] ?? L('eos');
    const srcLabel = (j: number) => (a.unknown.includes(a.source[j] ?? '') ? `${a.source[j]}?` : (a.source[j] ?? String(j + 1)));
    const argmax = (i: number) => {
      let best = 0;
      for (let j = 1; j < a.attention.cols; j++) if (at(a.attention, i, j) > at(a.attention, i, best)) best = j;
      return best;
    };
    alignSlot.replaceChildren(
      a.attention.rows && a.attention.cols
        ? heatmap({
            id: 'lab-alignment',
            title: L('align.title'),
            note: L('align.note'),
            m: a.attention,
            rowLabels: Array.from({ length: a.attention.rows }, (_, i) => outLabel(a, i)),
            colLabels: Array.from({ length: a.attention.cols }, (_, j) => srcLabel(j)),
            rowAxis: L('align.rows'),
            colAxis: L('align.cols'),
            palette: 'viridis',
            domain: [0, 1],
            digits: 2,
            shape: `(${a.attention.rows}, ${a.attention.cols})`,
            marked: (i, j) => argmax(i) === j,
            provenance: (i, j) => L('align.prov', { t: i + 1, j: j + 1, v: fmt(at(a.attention, i, j), 3), out: outLabel(a, i), src: a.source[j] ?? '' }),
          })
        : '',
      h('p', { class: 'fig-note' }, L('align.none')),
    );

    // Step by step: c_t of both models, same colour scale.
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
              h('th', { scope: 'col' }, modelName('none')),
              h('th', { scope: 'col' }, modelName('attn')),
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
                h('td', {}, i < a.attention.rows && a.attention.cols ? `${a.source[argmax(i)] ?? ''} (${fmt(at(a.attention, i, argmax(i)), 2)})` : ''),
              ),
            ),
          ),
        ),
      ),
      h('div', { class: 'figures blab-context' }, ctx('none', n), ctx('attn', a)),
    );
  }

  function requestTranslation(): void {
    const sentence = store.get<string>('labs').trim();
    if (!run || !info) {
      clearTranslation(L('translate.needModels'));
      return;
    }
    if (!sentence) {
      clearTranslation(L('translate.empty'));
      return;
    }
    request += 1;
    send({ type: 'translate', run, request, sentence });
  }

  // ---- the worker ----------------------------------------------------------------------------
  function fail(message: string): void {
    phase = 'error';
    errorBox.hidden = false;
    errorBox.textContent = message;
    setStatus('');
    renderButtons();
  }

  function ensureWorker(): Worker | undefined {
    if (worker) return worker;
    try {
      worker = new Worker(new URL('../lab/worker.ts', import.meta.url), { type: 'module' });
    } catch {
      fail(L('noWorker'));
      return undefined;
    }
    worker.onmessage = (e: MessageEvent<Report>) => onReport(e.data);
    worker.onerror = (e: ErrorEvent) => {
      // Handled here, shown on the page: not a console error.
      e.preventDefault();
      worker?.terminate();
      worker = undefined;
      run = 0;
      fail(L('workerError', { message: e.message || 'unknown error' }));
    };
    worker.onmessageerror = () => fail(L('workerError', { message: 'a message could not be read' }));
    return worker;
  }

  function send(c: Command): void {
    ensureWorker()?.postMessage(c);
  }

  function clearRun(): void {
    if (run && worker) worker.postMessage({ type: 'reset', run } satisfies Command);
    run = 0;
    steps = 0;
    info = undefined;
    evaluation = undefined;
    loss.none = [];
    loss.attn = [];
    latest.none = undefined;
    latest.attn = undefined;
    pausedMs = 0;
    phase = 'idle';
    errorBox.hidden = true;
    renderProgress();
    renderLoss();
    lossChart.flush();
    renderAccuracy();
    renderParams();
    clearTranslation(L('translate.needModels'));
    renderButtons();
  }

  function start(): void {
    clearRun();
    config = configOf();
    run = ++nextRun;
    phase = 'starting';
    wallStart = performance.now();
    renderProgress();
    setStatus(L('status.starting'));
    announcer.textContent = L('announce.start');
    renderButtons();
    send({ type: 'start', run, config });
  }

  function onReport(r: Report): void {
    if (r.type === 'error' && (r.run === run || r.run === 0)) {
      fail(L('workerError', { message: r.message }));
      return;
    }
    if (r.run !== run || run === 0) return;
    switch (r.type) {
      case 'ready':
        info = r.info;
        phase = 'training';
        renderParams();
        requestTranslation();
        setStatus(trainingStatus());
        renderButtons();
        break;
      case 'progress':
        for (const p of r.points) {
          loss[p.model].push([p.steps, p.loss]);
          latest[p.model] = { loss: p.loss, gradNorm: p.gradNorm };
        }
        steps = Math.min(...r.points.map((p) => p.steps));
        renderProgress();
        renderLoss();
        if (phase === 'training') setStatus(trainingStatus());
        if (steps * 2 >= config.steps && (steps - 10) * 2 < config.steps) announcer.textContent = L('announce.half');
        break;
      case 'paused':
        phase = 'paused';
        pausedAt = performance.now();
        setStatus(L('status.paused', { steps, total: config.steps }));
        announcer.textContent = L('status.paused', { steps, total: config.steps });
        renderButtons();
        requestTranslation();
        break;
      case 'resumed':
        phase = 'training';
        pausedMs += performance.now() - pausedAt;
        announcer.textContent = L('resume');
        setStatus(trainingStatus());
        renderButtons();
        break;
      case 'evaluation':
        evaluation = { final: r.final, steps: r.steps, accuracy: r.accuracy };
        renderAccuracy();
        break;
      case 'done': {
        phase = 'done';
        const ms = wall();
        lossChart.flush();
        setStatus(L('status.done', { total: config.steps, seconds: seconds(ms) }));
        status.dataset.wallMs = String(Math.round(ms));
        status.dataset.trainMs = String(Math.round(r.trainMs));
        announcer.textContent = L('status.done', { total: config.steps, seconds: seconds(ms) });
        renderTruths();
        renderButtons();
        requestTranslation();
        break;
      }
      case 'translation':
        if (r.request !== request) break;
        if (r.result) renderTranslation(r.steps, r.result);
        else clearTranslation(L('translate.error', { message: r.error ?? '' }));
        break;
      case 'reset':
        break;
    }
  }

  trainBtn.addEventListener('click', start);
  pauseBtn.addEventListener('click', () => {
    if (phase === 'paused') send({ type: 'resume', run });
    else if (phase === 'training' || phase === 'starting') send({ type: 'pause', run });
  });
  resetBtn.addEventListener('click', () => {
    clearRun();
    setStatus(L('status.reset'));
    announcer.textContent = L('status.reset');
    if (!worker) ensureWorker();
    trainBtn.focus();
  });

  // ---- layout --------------------------------------------------------------------------------
  const lesson1 = lessons[0];
  const lesson2 = lessons[1];
  const link = (slug: string | undefined, text: string, cls: string) => (slug ? h('a', { class: cls, 'data-route': slug, href: `#/${slug}` }, text) : null);
  const el = h(
    'article',
    { class: 'blab-page lab-page' },
    h('p', { class: 'blab-back' }, link(lesson1?.slug, L('backLesson'), '')),
    h('h1', { tabindex: -1 }, L('title')),
    h(
      'section',
      { class: 'explain', 'aria-label': L('title') },
      list('intro').map((p) => rich('p', p)),
    ),
    h(
      'section',
      { class: 'blab-panel', 'aria-labelledby': 'blab-h-train' },
      h('h2', { id: 'blab-h-train' }, L('train')),
      controls,
      h('div', { class: 'row-tools blab-buttons' }, trainBtn, pauseBtn, resetBtn),
      h('div', { class: 'blab-progress-row' }, h('label', { for: progressId, class: 'blab-progress-label' }, L('progressLabel')), progress),
      status,
      announcer,
      errorBox,
      paramsLine,
      h('div', { class: 'figures blab-charts' }, lossChart.el, h('div', { class: 'blab-acc' }, accChart.el, accNote)),
      h('section', { class: 'callout ok blab-truths-box', 'aria-labelledby': 'blab-h-truths' }, h('h3', { id: 'blab-h-truths' }, L('truths.title')), truths),
    ),
    h(
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
    ),
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
    h(
      'nav',
      { class: 'pager', 'aria-label': L('pager') },
      link(lesson1?.slug, lesson1 ? `← 1. ${lessonContent(lesson1.file).title}` : L('backLesson'), 'btn prev'),
      link(lesson2?.slug, lesson2 ? `2. ${lessonContent(lesson2.file).title} →` : L('nextLesson'), 'btn next'),
    ),
  );
  clearTranslation(L('translate.needModels'));
  renderButtons();
  renderProgress();
  setStatus(L('status.idle'));
  ensureWorker();

  return {
    el,
    update(changed) {
      if (changed.some((k) => (CONFIG_KEYS as readonly string[]).includes(k))) {
        if (changed.includes('labtask')) {
          // Keep the sentence in the new task's vocabulary when it was the other task's example.
          const task = store.get<string>('labtask');
          const other = list(`examples.${task === 'translation' ? 'reversal' : 'translation'}`);
          if (other.includes(store.get<string>('labs'))) store.set('labs', list(`examples.${task}`)[0] ?? '');
          buildSentenceBox();
        }
        if (changed.includes('labseed')) seedInput.value = String(store.get<number>('labseed'));
        if (run || phase === 'error') {
          clearRun();
          setStatus(L('status.changed'));
        } else config = configOf();
      }
      if (changed.includes('labs')) {
        const input = sentenceSlot.querySelector('input');
        if (input && document.activeElement !== input) input.value = store.get<string>('labs');
        requestTranslation();
      }
    },
    dispose() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      // Let the worker free both trainers (delete() in its finally), then stop it.
      const stop = window.setTimeout(() => w.terminate(), 1500);
      w.onmessage = (e: MessageEvent<Report>) => {
        if (e.data.type === 'reset') {
          window.clearTimeout(stop);
          w.terminate();
        }
      };
      w.postMessage({ type: 'reset', run } satisfies Command);
    },
  };
}
