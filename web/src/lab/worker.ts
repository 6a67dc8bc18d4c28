// lab/worker.ts — the lab's Web Worker: loads the trainer's own WASM module once
// (createBottleneckCore; the lessons never load it) and runs one run at a time. The compare view
// creates the GRU without attention and with additive or dot attention (same data and seed) and,
// when asked, a Transformer on the same task, seed and maxLen with the core's transformerDefaults
// sizes and its own step budget; the heads view creates the decoder-only Transformer on the
// induction task. Models train interleaved in small slices, each its share of its own budget, so
// every loss curve grows together and the page never waits on the core: pause, resume, reset,
// translate, ablate and download commands are answered between slices. It posts progress (with
// the time each model spent inside trainSteps, by its own clock), evaluations, head scores,
// translations with every head's maps, ablation results and the .safetensors bytes — every number
// computed by the core — and frees every trainer with delete() in a finally block.
// It draws nothing and does no math on the core's results.
import {
  createBottleneckCore,
  type BottleneckCore,
  type BottleneckTrainer,
  type TransformerOptions,
  type TransformerTask,
  type TransformerTrainer,
} from '../../../wasm/trainer.js';
import { modelsOf, type Command, type HeadRef, type ModelInfo, type ModelKey, type ProgressPoint, type Report, type RunConfig, type Timings } from './protocol';

/** Steps per GRU between two progress reports (also the loss curve's resolution). */
const SLICE = 10;
/** Heads view: the held-out loss and head scores are measured this many times over the budget. */
const SCORE_POINTS = 40;

// The Emscripten 3.1.6 glue decides "worker" by `typeof importScripts == 'function'`. Module
// workers may not define it; without it the glue would take neither the web nor the worker
// path. The core is fetched with fetch() either way, so a stub that is never called suffices.
const scope = self as unknown as { importScripts?: unknown };
if (typeof scope.importScripts !== 'function')
  scope.importScripts = () => {
    throw new Error('importScripts is not available in a module worker');
  };

const post = (r: Report, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

let corePromise: Promise<BottleneckCore> | undefined;
const core = () => (corePromise ??= createBottleneckCore());

interface Trainers {
  none?: BottleneckTrainer;
  attn?: BottleneckTrainer;
  transformer?: TransformerTrainer;
}

interface Run {
  id: number;
  config: RunConfig;
  trainers: Trainers;
  budget: Partial<Record<ModelKey, number>>;
  steps: Partial<Record<ModelKey, number>>;
  ms: Partial<Record<ModelKey, number>>;
  /** Heads the learner switched off. */
  disabled: HeadRef[];
  paused: boolean;
  cancelled: boolean;
  /** Wakes the loop when paused (resume) or idle after training (reset). */
  wake?: () => void;
}

let current: Run | undefined;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));
const keysOf = (run: Run) => modelsOf(run.config).filter((k) => run.trainers[k]);

function timings(run: Run): Timings {
  const out: Timings = {};
  for (const k of keysOf(run)) {
    const ms = run.ms[k] ?? 0;
    const steps = run.steps[k] ?? 0;
    out[k] = { ms, steps, perSecond: ms > 0 ? (steps * 1000) / ms : 0 };
  }
  return out;
}

/** Runs f, adding its duration to model k's clock (and to the run's total). */
function timed<T>(run: Run, k: ModelKey, f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    run.ms[k] = (run.ms[k] ?? 0) + performance.now() - t0;
  }
}

function evaluate(run: Run, final: boolean): void {
  const t = run.trainers;
  const accuracy: Report & { type: 'evaluation' } = { type: 'evaluation', run: run.id, final, steps: { ...run.steps }, accuracy: {} };
  // The heads view shows losses and head scores, not accuracy by position: no evaluate() there.
  if (run.config.view === 'compare') for (const k of keysOf(run)) accuracy.accuracy[k] = t[k]?.evaluate();
  if (final && t.transformer) {
    accuracy.heads = t.transformer.headScores();
    accuracy.testLoss = t.transformer.testLoss();
  }
  post(accuracy);
}

function transformerOptions(c: BottleneckCore, config: RunConfig): { options: TransformerOptions; steps: number } {
  const task: TransformerTask = config.view === 'heads' ? 'induction' : config.task;
  const defaults = c.transformerDefaults?.[task];
  if (!defaults) throw new Error('this build of the trainer module has no Transformer (transformerDefaults is missing)');
  const options: TransformerOptions =
    config.view === 'heads'
      ? { ...defaults, model: 'transformer', task, seed: config.seed }
      : { ...defaults, model: 'transformer', task, seed: config.seed, maxLen: config.maxLen };
  return { options, steps: config.transformerSteps || defaults.steps };
}

async function train(run: Run): Promise<void> {
  const made: { delete(): void }[] = [];
  try {
    const c = await core();
    if (run.cancelled) return;
    const { config } = run;
    const want = modelsOf(config);
    const info: Partial<Record<ModelKey, ModelInfo>> = {};
    if (want.includes('none')) {
      const base = { task: config.task, hidden: config.hidden, maxLen: config.maxLen, seed: config.seed };
      const none = c.createBottleneckTrainer({ ...base, attention: 'none' });
      made.push(none);
      const attn = c.createBottleneckTrainer({ ...base, attention: config.attention });
      made.push(attn);
      run.trainers.none = none;
      run.trainers.attn = attn;
      for (const k of ['none', 'attn'] as const) {
        const i = run.trainers[k]!.info();
        info[k] = { parameters: i.parameters, sourceVocab: i.sourceVocab };
        run.budget[k] = config.steps;
      }
    }
    let transformerError: string | undefined;
    if (want.includes('transformer')) {
      try {
        const { options, steps } = transformerOptions(c, config);
        const tr = c.createBottleneckTrainer(options);
        made.push(tr);
        run.trainers.transformer = tr;
        run.budget.transformer = steps;
        const i = tr.info();
        info.transformer = {
          parameters: i.parameters,
          sourceVocab: i.sourceVocab,
          shape: { dModel: i.dModel, numHeads: i.numHeads, encoderLayers: i.encoderLayers, decoderLayers: i.decoderLayers, ffDim: i.ffDim },
        };
      } catch (e) {
        // The GRUs still train (compare view); the heads view has nothing else to train.
        transformerError = message(e);
        if (config.view === 'heads') throw e;
      }
    }
    for (const k of keysOf(run)) run.steps[k] = 0;
    post({ type: 'ready', run: run.id, info, budget: { ...run.budget }, transformerError });

    // Every model advances by its share of its own budget per slice, so all finish together.
    const keys = keysOf(run);
    const slices = Math.max(1, Math.ceil(Math.max(...keys.map((k) => (run.budget[k] ?? 0) / SLICE))));
    const scoreEvery = Math.max(1, Math.round(slices / SCORE_POINTS));
    const heads = config.view === 'heads' ? run.trainers.transformer : undefined;
    const scores = (steps: number) => {
      if (!heads) return;
      // Measuring is not training: it counts in trainMs (the slice's time), not in the model's steps/s.
      post({ type: 'scores', run: run.id, steps, testLoss: heads.testLoss(), heads: heads.headScores() });
    };
    scores(0);
    let trainMs = 0;
    for (let slice = 1; slice <= slices && !run.cancelled;) {
      if (run.paused) {
        const t0 = performance.now();
        evaluate(run, false);
        trainMs += performance.now() - t0;
        post({ type: 'paused', run: run.id });
        await new Promise<void>((r) => (run.wake = r));
        run.wake = undefined;
        if (!run.cancelled) post({ type: 'resumed', run: run.id });
        continue;
      }
      const points: ProgressPoint[] = [];
      const t0 = performance.now();
      for (const k of keys) {
        const tr = run.trainers[k]!;
        const target = Math.round(((run.budget[k] ?? 0) * slice) / slices);
        const n = target - (run.steps[k] ?? 0);
        if (n <= 0) continue;
        const r = timed(run, k, () => tr.trainSteps(n));
        run.steps[k] = r.steps;
        points.push({ model: k, steps: r.steps, loss: r.loss, gradNorm: r.gradNorm });
      }
      if (heads && (slice % scoreEvery === 0 || slice === slices)) scores(run.steps.transformer ?? 0);
      trainMs += performance.now() - t0;
      post({ type: 'progress', run: run.id, points, trainMs, timing: timings(run) });
      slice++;
      // Let pause/reset/translate messages in before the next slice.
      await nextTask();
    }
    if (run.cancelled) return;
    const t0 = performance.now();
    evaluate(run, true);
    trainMs += performance.now() - t0;
    post({ type: 'done', run: run.id, trainMs, timing: timings(run) });
    // Keep the trained models for translations and ablations until the page resets the run.
    while (!run.cancelled) {
      await new Promise<void>((r) => (run.wake = r));
      run.wake = undefined;
    }
  } catch (e) {
    post({ type: 'error', run: run.id, message: message(e) });
  } finally {
    run.trainers = {};
    for (const tr of made)
      try {
        tr.delete();
      } catch {
        /* already freed */
      }
    if (current === run) current = undefined;
  }
}

function cancel(): void {
  const run = current;
  if (!run) return;
  run.cancelled = true;
  run.wake?.();
}

/** The run a command is about, if it is the current one and its models exist. */
function live(id: number): Run | undefined {
  return current && current.id === id && keysOf(current).length ? current : undefined;
}

function onCommand(cmd: Command): void {
  switch (cmd.type) {
    case 'start': {
      cancel();
      const run: Run = { id: cmd.run, config: cmd.config, trainers: {}, budget: {}, steps: {}, ms: {}, disabled: [], paused: false, cancelled: false };
      current = run;
      void train(run);
      break;
    }
    case 'pause':
      if (current?.id === cmd.run) current.paused = true;
      break;
    case 'resume':
      if (current?.id === cmd.run && current.paused) {
        current.paused = false;
        current.wake?.();
      }
      break;
    case 'reset':
      cancel();
      post({ type: 'reset', run: cmd.run });
      break;
    case 'translate': {
      const run = live(cmd.run);
      if (!run) return;
      const steps = { ...run.steps };
      try {
        const t = run.trainers;
        post({
          type: 'translation',
          run: run.id,
          request: cmd.request,
          steps,
          result: { none: t.none?.translate(cmd.sentence), attn: t.attn?.translate(cmd.sentence), transformer: t.transformer?.translate(cmd.sentence) },
        });
      } catch (err) {
        // A sentence the core refuses (e.g. too long) is the learner's to fix, not a failure of the run.
        post({ type: 'translation', run: run.id, request: cmd.request, steps, error: message(err) });
      }
      break;
    }
    case 'example': {
      const run = live(cmd.run);
      const tr = run?.trainers.transformer;
      if (!run || !tr) return;
      const steps = { ...run.steps };
      try {
        // "Another sequence" counts up; it wraps around the held-out set.
        const ex = tr.testExample(Math.max(0, cmd.index) % tr.testSize);
        post({ type: 'translation', run: run.id, request: cmd.request, steps, result: { transformer: tr.translate(ex.source.join(' ')) } });
      } catch (err) {
        post({ type: 'translation', run: run.id, request: cmd.request, steps, error: message(err) });
      }
      break;
    }
    case 'ablate': {
      const run = live(cmd.run);
      const tr = run?.trainers.transformer;
      if (!run || !tr) return;
      try {
        tr.setHeadEnabled(cmd.head.block, cmd.head.layer, cmd.head.head, cmd.enabled);
        const same = (h: HeadRef) => h.block === cmd.head.block && h.layer === cmd.head.layer && h.head === cmd.head.head;
        run.disabled = cmd.enabled ? run.disabled.filter((h) => !same(h)) : [...run.disabled.filter((h) => !same(h)), cmd.head];
        post({
          type: 'ablation',
          run: run.id,
          request: cmd.request,
          disabled: [...run.disabled],
          accuracy: run.config.view === 'compare' ? tr.evaluate() : undefined,
          testLoss: tr.testLoss(),
        });
      } catch (err) {
        post({ type: 'ablation', run: run.id, request: cmd.request, disabled: [...run.disabled], error: message(err) });
      }
      break;
    }
    case 'weights': {
      const run = live(cmd.run);
      const tr = run?.trainers.transformer;
      if (!run || !tr) return;
      try {
        const bytes = tr.safetensors();
        post({ type: 'weights', run: run.id, request: cmd.request, bytes }, [bytes.buffer as ArrayBuffer]);
      } catch (err) {
        post({ type: 'weights', run: run.id, request: cmd.request, error: message(err) });
      }
      break;
    }
  }
}

self.onmessage = (e: MessageEvent<Command>) => {
  try {
    onCommand(e.data);
  } catch (err) {
    post({ type: 'error', run: e.data.run, message: message(err) });
  }
};

// Preload the core so the first Train click does not wait for it.
core().catch((e: unknown) => post({ type: 'error', run: 0, message: message(e) }));
