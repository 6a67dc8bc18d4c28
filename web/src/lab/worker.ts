// lab/worker.ts — the bottleneck lab's Web Worker: loads the trainer's own WASM module once
// (createBottleneckCore; the lessons never load it), creates the two trainers of a run (no
// attention, and additive or dot attention, same data and seed), trains them interleaved in
// small slices so both loss curves grow together, and answers pause, resume, reset and translate
// commands between slices, so the page never waits on the core. It posts progress, evaluations
// and translations (all numbers computed by the core) and frees every trainer with delete() in a
// finally block. It draws nothing and does no math of its own.
import { createBottleneckCore, type BottleneckCore, type BottleneckTrainer } from '../../../wasm/trainer.js';
import type { Command, ModelKey, ProgressPoint, Report, RunConfig } from './protocol';

/** Steps per model between two progress reports (also the loss curve's resolution). */
const SLICE = 10;

// The Emscripten 3.1.6 glue decides "worker" by `typeof importScripts == 'function'`. Module
// workers may not define it; without it the glue would take neither the web nor the worker
// path. The core is fetched with fetch() either way, so a stub that is never called suffices.
const scope = self as unknown as { importScripts?: unknown };
if (typeof scope.importScripts !== 'function')
  scope.importScripts = () => {
    throw new Error('importScripts is not available in a module worker');
  };

const post = (r: Report) => (self as unknown as Worker).postMessage(r);

let corePromise: Promise<BottleneckCore> | undefined;
const core = () => (corePromise ??= createBottleneckCore());

interface Run {
  id: number;
  config: RunConfig;
  trainers?: Record<ModelKey, BottleneckTrainer>;
  steps: Record<ModelKey, number>;
  paused: boolean;
  cancelled: boolean;
  /** Wakes the loop when paused (resume) or idle after training (reset). */
  wake?: () => void;
}

let current: Run | undefined;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

function evaluate(run: Run, final: boolean): void {
  const t = run.trainers;
  if (!t) return;
  post({ type: 'evaluation', run: run.id, final, steps: { ...run.steps }, accuracy: { none: t.none.evaluate(), attn: t.attn.evaluate() } });
}

async function train(run: Run): Promise<void> {
  const made: BottleneckTrainer[] = [];
  try {
    const c = await core();
    if (run.cancelled) return;
    const base = { task: run.config.task, hidden: run.config.hidden, maxLen: run.config.maxLen, seed: run.config.seed };
    const none = c.createBottleneckTrainer({ ...base, attention: 'none' });
    made.push(none);
    const attn = c.createBottleneckTrainer({ ...base, attention: run.config.attention });
    made.push(attn);
    run.trainers = { none, attn };
    const info = (tr: BottleneckTrainer) => {
      const i = tr.info();
      return { parameters: i.parameters, sourceVocab: i.sourceVocab };
    };
    post({ type: 'ready', run: run.id, info: { none: info(none), attn: info(attn) } });
    let trainMs = 0;
    while (!run.cancelled && run.steps.attn < run.config.steps) {
      if (run.paused) {
        evaluate(run, false);
        post({ type: 'paused', run: run.id });
        await new Promise<void>((r) => (run.wake = r));
        run.wake = undefined;
        if (!run.cancelled) post({ type: 'resumed', run: run.id });
        continue;
      }
      const n = Math.min(SLICE, run.config.steps - run.steps.attn);
      const points: ProgressPoint[] = [];
      const t0 = performance.now();
      for (const key of ['none', 'attn'] as const) {
        const r = run.trainers[key].trainSteps(n);
        run.steps[key] = r.steps;
        points.push({ model: key, steps: r.steps, loss: r.loss, gradNorm: r.gradNorm });
      }
      trainMs += performance.now() - t0;
      post({ type: 'progress', run: run.id, points, trainMs });
      // Let pause/reset/translate messages in before the next slice.
      await nextTask();
    }
    if (run.cancelled) return;
    const t0 = performance.now();
    evaluate(run, true);
    trainMs += performance.now() - t0;
    post({ type: 'done', run: run.id, trainMs });
    // Keep the trained models for translations until the page resets the run.
    while (!run.cancelled) {
      await new Promise<void>((r) => (run.wake = r));
      run.wake = undefined;
    }
  } catch (e) {
    post({ type: 'error', run: run.id, message: message(e) });
  } finally {
    run.trainers = undefined;
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

self.onmessage = (e: MessageEvent<Command>) => {
  const cmd = e.data;
  try {
    switch (cmd.type) {
      case 'start': {
        cancel();
        const run: Run = { id: cmd.run, config: cmd.config, steps: { none: 0, attn: 0 }, paused: false, cancelled: false };
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
        const run = current;
        const t = run?.trainers;
        if (!run || run.id !== cmd.run || !t) return;
        const steps = { ...run.steps };
        try {
          post({
            type: 'translation',
            run: run.id,
            request: cmd.request,
            steps,
            result: { none: t.none.translate(cmd.sentence), attn: t.attn.translate(cmd.sentence) },
          });
        } catch (err) {
          // A sentence the core refuses (e.g. too long) is the learner's to fix, not a failure of the run.
          post({ type: 'translation', run: run.id, request: cmd.request, steps, error: message(err) });
        }
        break;
      }
    }
  } catch (err) {
    post({ type: 'error', run: cmd.run, message: message(err) });
  }
};

// Preload the core so the first Train click does not wait for it.
core().catch((e: unknown) => post({ type: 'error', run: 0, message: message(e) }));
