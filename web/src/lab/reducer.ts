// lab/reducer.ts — the lab page's state machine as a pure function (state, event) → state over
// the learner's events (train, pause, reset, translate, ablate, download, settings changed) and
// the worker's reports (lab/protocol.ts). Commands for the worker come out in `outbox` (effects
// as data: the page posts them and clears nothing). Reports of another run, an older translation,
// ablation or download request, and progress that does not move a model forward are ignored, so
// a late or out-of-order message can never overwrite a newer state. Timestamps come in with the
// events (`now`), so the reducer reads no clock.
// It has no DOM, no strings (messages are content keys) and no math on the core's numbers: it only
// stores them. Tested without a browser by tests/e2e/lab-reducer.spec.ts.
import type { HeadScore, LengthAccuracy, TestLoss } from '../../../wasm/trainer.js';
import {
  GRUS,
  headKey,
  modelsOf,
  type Command,
  type HeadRef,
  type LabView,
  type ModelInfo,
  type ModelKey,
  type Report,
  type RunConfig,
  type Timings,
  type Translations,
} from './protocol';

export type Phase = 'idle' | 'starting' | 'training' | 'paused' | 'done' | 'error';
type PerModel<T> = Partial<Record<ModelKey, T>>;
export type Point = readonly [number, number];

export interface Evaluation {
  final: boolean;
  steps: PerModel<number>;
  accuracy: PerModel<LengthAccuracy[]>;
}

/** The Transformer's held-out loss and head scores at one step (heads view). */
export interface ScorePoint {
  steps: number;
  testLoss: TestLoss;
  heads: HeadScore[];
}

export interface Ablation {
  /** Id of the newest ablate command; only its report is applied. */
  request: number;
  /** Heads the learner switched off (what the switches show at once). */
  wanted: string[];
  /** Heads the worker reports off, with the numbers measured that way. */
  disabled: HeadRef[];
  accuracy?: LengthAccuracy[];
  testLoss?: TestLoss;
  busy: boolean;
  error?: string;
}

export interface LabState {
  view: LabView;
  phase: Phase;
  /** The current run's id (0: none); reports of any other run are ignored. */
  run: number;
  nextRun: number;
  config: RunConfig;
  models: ModelKey[];
  info?: PerModel<ModelInfo>;
  budget: PerModel<number>;
  steps: PerModel<number>;
  loss: PerModel<readonly Point[]>;
  latest: PerModel<{ loss: number; gradNorm: number }>;
  timing: Timings;
  /** Time inside trainSteps/evaluate, as the worker measured it. */
  trainMs: number;
  clock: { start: number; pausedAt: number; pausedMs: number; end?: number };
  evaluation?: Evaluation;
  /** The Transformer's head scores and held-out loss with every head on (final evaluation). */
  heads?: HeadScore[];
  testLoss?: TestLoss;
  /** Heads view: scores and held-out loss over training. */
  history: readonly ScorePoint[];
  /** The sentence (compare view) or the held-out example (heads view) to show. */
  sentence: string;
  example: number;
  request: number;
  translation?: { steps: PerModel<number>; result?: Translations; error?: string };
  ablation: Ablation;
  weights: { request: number; busy: boolean; error?: string; file?: Uint8Array };
  transformerError?: string;
  error?: string;
  /** Content key of the status line when it is not the live training line. */
  note?: 'changed' | 'reset';
  /** Content key of the newest announcement for screen readers, with a counter so repeats are heard. */
  announce?: { key: string; n: number };
  /** Commands this transition produced, for the page to post. */
  outbox: Command[];
}

export type LabEvent =
  | { type: 'train'; config: RunConfig; now: number }
  | { type: 'pause' }
  | { type: 'reset' }
  /** A setting of this view changed: the run is discarded. */
  | { type: 'configure'; config: RunConfig }
  | { type: 'sentence'; sentence: string }
  | { type: 'example'; index: number }
  | { type: 'ablate'; head: HeadRef; enabled: boolean }
  | { type: 'download' }
  /** The worker could not start or crashed. */
  | { type: 'failed'; message: string }
  | { type: 'report'; report: Report; now: number };

const emptyAblation = (request = 0): Ablation => ({ request, wanted: [], disabled: [], busy: false });

export function initialState(view: LabView, config: RunConfig, sentence: string): LabState {
  return {
    view,
    phase: 'idle',
    run: 0,
    nextRun: 0,
    config,
    models: modelsOf(config),
    budget: {},
    steps: {},
    loss: {},
    latest: {},
    timing: {},
    trainMs: 0,
    clock: { start: 0, pausedAt: 0, pausedMs: 0 },
    history: [],
    sentence,
    example: 0,
    request: 0,
    ablation: emptyAblation(),
    weights: { request: 0, busy: false },
    outbox: [],
  };
}

/** The run's step counter shown as "step N of M": the slower GRU, or the Transformer alone. */
export function lead(s: LabState): { steps: number; total: number } {
  if (s.view === 'heads') return { steps: s.steps.transformer ?? 0, total: s.budget.transformer ?? s.config.transformerSteps };
  return { steps: Math.min(...GRUS.map((k) => s.steps[k] ?? 0)), total: s.config.steps };
}

/** Wall time of the run so far (pauses excluded), from the events' timestamps. */
export function wallMs(s: LabState, now: number): number {
  if (!s.run) return 0;
  const end = s.clock.end ?? (s.phase === 'paused' ? s.clock.pausedAt : now);
  return end - s.clock.start - s.clock.pausedMs;
}

export const active = (s: LabState) => s.phase === 'starting' || s.phase === 'training' || s.phase === 'paused';
/** Whether the trained models can be asked for translations. */
const canTranslate = (s: LabState) => s.run !== 0 && s.info !== undefined && (s.phase === 'training' || s.phase === 'paused' || s.phase === 'done');

/** Asks for the current sentence (compare view) or example (heads view), if there is a model to ask. */
function translate(s: LabState): LabState {
  if (!canTranslate(s)) return s;
  if (s.view === 'compare' && !s.sentence.trim()) return { ...s, translation: undefined };
  const request = s.request + 1;
  const cmd: Command =
    s.view === 'heads' ? { type: 'example', run: s.run, request, index: s.example } : { type: 'translate', run: s.run, request, sentence: s.sentence.trim() };
  return { ...s, request, outbox: [...s.outbox, cmd] };
}

/** The state after a run is dropped: settings and sentence kept, everything measured cleared. */
function cleared(s: LabState, config = s.config): LabState {
  const outbox: Command[] = s.run ? [{ type: 'reset', run: s.run }] : [];
  return {
    ...initialState(s.view, config, s.sentence),
    nextRun: s.nextRun,
    example: s.example,
    request: s.request,
    ablation: emptyAblation(s.ablation.request),
    weights: { request: s.weights.request, busy: false },
    outbox,
  };
}

const announce = (s: LabState, key: string) => ({ key, n: (s.announce?.n ?? 0) + 1 });

function onReport(s: LabState, r: Report, now: number): LabState {
  if (r.type === 'error') {
    if (r.run !== s.run && r.run !== 0) return s;
    return { ...s, phase: 'error', error: r.message };
  }
  if (r.run !== s.run || s.run === 0 || s.phase === 'error') return s;
  switch (r.type) {
    case 'ready': {
      const models = s.models.filter((k) => r.info[k]);
      return translate({
        ...s,
        info: r.info,
        budget: r.budget,
        models,
        transformerError: r.transformerError,
        phase: s.phase === 'starting' ? 'training' : s.phase,
      });
    }
    case 'progress': {
      const loss = { ...s.loss };
      const latest = { ...s.latest };
      const steps = { ...s.steps };
      let moved = false;
      for (const p of r.points) {
        if (p.steps <= (steps[p.model] ?? 0)) continue;
        moved = true;
        loss[p.model] = [...(loss[p.model] ?? []), [p.steps, p.loss] as const];
        latest[p.model] = { loss: p.loss, gradNorm: p.gradNorm };
        steps[p.model] = p.steps;
      }
      if (!moved) return s;
      const before = lead(s);
      const next = { ...s, loss, latest, steps, timing: { ...s.timing, ...r.timing }, trainMs: Math.max(s.trainMs, r.trainMs) };
      const after = lead(next);
      const half = before.steps * 2 < before.total && after.steps * 2 >= after.total;
      return half ? { ...next, announce: announce(s, 'announce.half') } : next;
    }
    case 'scores': {
      const last = s.history[s.history.length - 1];
      if (last && r.steps <= last.steps) return s;
      return { ...s, history: [...s.history, { steps: r.steps, testLoss: r.testLoss, heads: r.heads }] };
    }
    case 'paused':
      if (s.phase !== 'training' && s.phase !== 'starting') return s;
      return translate({ ...s, phase: 'paused', clock: { ...s.clock, pausedAt: now }, announce: announce(s, 'announce.paused') });
    case 'resumed':
      if (s.phase !== 'paused') return s;
      return { ...s, phase: 'training', clock: { ...s.clock, pausedMs: s.clock.pausedMs + now - s.clock.pausedAt }, announce: announce(s, 'resume') };
    case 'evaluation': {
      // An evaluation older than the one shown (fewer steps of the lead model) is stale.
      const lastSteps = s.evaluation ? Math.max(0, ...Object.values(s.evaluation.steps).map((v) => v ?? 0)) : -1;
      const theseSteps = Math.max(0, ...Object.values(r.steps).map((v) => v ?? 0));
      if (s.evaluation?.final || theseSteps < lastSteps) return s;
      const next: LabState = { ...s, evaluation: { final: r.final, steps: r.steps, accuracy: r.accuracy } };
      return r.final ? { ...next, heads: r.heads ?? s.heads, testLoss: r.testLoss ?? s.testLoss } : next;
    }
    case 'done':
      if (s.phase === 'done') return s;
      return translate({
        ...s,
        phase: 'done',
        timing: { ...s.timing, ...r.timing },
        trainMs: r.trainMs,
        clock: { ...s.clock, end: s.phase === 'paused' ? s.clock.pausedAt : now },
        announce: announce(s, 'announce.done'),
      });
    case 'translation':
      if (r.request !== s.request) return s;
      return { ...s, translation: { steps: r.steps, result: r.result, error: r.error } };
    case 'ablation':
      if (r.request !== s.ablation.request) return s;
      return translate({
        ...s,
        ablation: { ...s.ablation, busy: false, disabled: r.disabled, accuracy: r.accuracy, testLoss: r.testLoss, error: r.error },
      });
    case 'weights':
      if (r.request !== s.weights.request) return s;
      return { ...s, weights: { request: r.request, busy: false, error: r.error, file: r.bytes } };
    case 'reset':
      return s;
  }
}

export function reduce(prev: LabState, e: LabEvent): LabState {
  const s = prev.outbox.length ? { ...prev, outbox: [] } : prev;
  switch (e.type) {
    case 'train': {
      const base = cleared(s, e.config);
      const run = base.nextRun + 1;
      return {
        ...base,
        run,
        nextRun: run,
        phase: 'starting',
        clock: { start: e.now, pausedAt: 0, pausedMs: 0 },
        announce: announce(s, 'announce.start'),
        outbox: [...base.outbox, { type: 'start', run, config: e.config }],
      };
    }
    case 'pause':
      if (s.phase === 'paused') return { ...s, outbox: [{ type: 'resume', run: s.run }] };
      if (s.phase === 'training' || s.phase === 'starting') return { ...s, outbox: [{ type: 'pause', run: s.run }] };
      return s;
    case 'reset':
      return { ...cleared(s), note: 'reset', announce: announce(s, 'status.reset') };
    case 'configure':
      if (s.run || s.phase === 'error') return { ...cleared(s, e.config), note: 'changed' };
      return { ...s, config: e.config, models: modelsOf(e.config) };
    case 'sentence':
      return translate({ ...s, sentence: e.sentence });
    case 'example':
      return translate({ ...s, example: e.index });
    case 'ablate': {
      if (s.phase !== 'done' || !s.models.includes('transformer')) return s;
      const key = headKey(e.head);
      const wanted = e.enabled ? s.ablation.wanted.filter((k) => k !== key) : [...new Set([...s.ablation.wanted, key])];
      const request = s.ablation.request + 1;
      return {
        ...s,
        ablation: { ...s.ablation, request, wanted, busy: true },
        outbox: [{ type: 'ablate', run: s.run, request, head: e.head, enabled: e.enabled }],
      };
    }
    case 'download': {
      if (s.phase !== 'done' || !s.models.includes('transformer') || s.weights.busy) return s;
      const request = s.weights.request + 1;
      return { ...s, weights: { request, busy: true }, outbox: [{ type: 'weights', run: s.run, request }] };
    }
    case 'failed':
      return { ...s, phase: 'error', error: e.message, run: 0 };
    case 'report':
      return onReport(s, e.report, e.now);
  }
}
