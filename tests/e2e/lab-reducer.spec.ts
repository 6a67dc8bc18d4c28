// tests/e2e/lab-reducer.spec.ts — the lab page's state machine (web/src/lab/reducer.ts) driven
// without a browser or a worker by sequences of learner events and worker reports: commands come
// out in the outbox; reports of an older run, stale translation/ablation/download answers and
// progress or evaluations that arrive out of order never overwrite newer state; pause time is
// excluded from the wall time; a settings change discards the run. No page is opened (no `page`
// fixture), so it takes milliseconds. The numbers in the reports are made up: the reducer only
// stores them, which is what is checked.
import { expect, test } from '@playwright/test';
import type { HeadScore, LengthAccuracy, TestLoss } from '../../wasm/trainer.js';
import type { Report, RunConfig } from '../../web/src/lab/protocol';
import { initialState, lead, reduce, wallMs, type LabEvent, type LabState } from '../../web/src/lab/reducer';

const config: RunConfig = {
  view: 'compare',
  task: 'translation',
  attention: 'additive',
  hidden: 64,
  steps: 100,
  maxLen: 8,
  seed: 1,
  transformer: true,
  transformerSteps: 50,
};
const acc = (v: number): LengthAccuracy[] => [3, 4].map((length) => ({ length, sentences: 2, tokens: 6, correct: 3, exact: 1, tokenAccuracy: v }));
const loss = (v: number): TestLoss => ({ loss: v, firstHalf: null, repeatedHalf: null });
// (`as`: the same literal type-checks against the contract with and without HeadScore.enabled.)
const head = (induction: number) => ({ block: 'decoder', layer: 1, head: 0, enabled: true, previousToken: 0.1, induction, alignment: null }) as HeadScore;
const report = (r: Report, now = 0): LabEvent => ({ type: 'report', report: r, now });
const run = (s: LabState, ...events: LabEvent[]) => events.reduce(reduce, s);
/** `after` is `before` with nothing changed but the commands already handed out. */
const unchanged = (after: LabState, before: LabState) => expect(after).toEqual({ ...before, outbox: [] });
const progress = (id: number, steps: number, l: number): Report => ({
  type: 'progress',
  run: id,
  trainMs: steps,
  timing: {},
  points: [
    { model: 'none', steps, loss: l, gradNorm: 1 },
    { model: 'attn', steps, loss: l / 2, gradNorm: 1 },
  ],
});
const info = { parameters: 10, sourceVocab: ['the'] };
const ready = (id: number): Report => ({
  type: 'ready',
  run: id,
  info: { none: info, attn: info, transformer: info },
  budget: { none: 100, attn: 100, transformer: 50 },
});

/** A compare-view run trained to 'done' (run 1) with the Transformer. */
function trained(): LabState {
  return run(
    initialState('compare', config, 'the cat'),
    { type: 'train', config, now: 1000 },
    report(ready(1)),
    report(progress(1, 100, 1)),
    report({
      type: 'evaluation',
      run: 1,
      final: true,
      steps: { none: 100, attn: 100, transformer: 50 },
      accuracy: { transformer: acc(0.9) },
      heads: [head(0.5)],
      testLoss: loss(1),
    }),
    report({ type: 'done', run: 1, trainMs: 5000, timing: {} }, 6000),
  );
}

test('lab reducer: a run from Train to done; commands in the outbox; pause excluded from the wall time', () => {
  let s = initialState('compare', config, 'the cat');
  s = reduce(s, { type: 'train', config, now: 1000 });
  expect(s.phase).toBe('starting');
  expect(s.outbox).toEqual([{ type: 'start', run: 1, config }]);
  s = reduce(s, report(ready(1)));
  expect(s.phase).toBe('training');
  expect(s.models).toEqual(['none', 'attn', 'transformer']);
  expect(s.outbox).toEqual([{ type: 'translate', run: 1, request: 1, sentence: 'the cat' }]);
  s = reduce(s, report(progress(1, 10, 3)));
  expect(s.outbox).toEqual([]);
  expect(s.loss.none).toEqual([[10, 3]]);
  expect(lead(s)).toEqual({ steps: 10, total: 100 });

  s = reduce(s, { type: 'pause' });
  expect(s.outbox).toEqual([{ type: 'pause', run: 1 }]);
  s = run(s, report({ type: 'paused', run: 1 }, 2000));
  expect(s.phase).toBe('paused');
  expect(s.outbox[0]).toMatchObject({ type: 'translate', request: 2 });
  expect(reduce(s, { type: 'pause' }).outbox).toEqual([{ type: 'resume', run: 1 }]);
  s = run(s, report({ type: 'resumed', run: 1 }, 5000), report(progress(1, 100, 1)), report({ type: 'done', run: 1, trainMs: 1, timing: {} }, 7000));
  expect(s.phase).toBe('done');
  // 6 s from Train to done, 3 s of it paused.
  expect(wallMs(s, 99_999)).toBe(3000);
});

test('lab reducer: reports of an older run and out-of-order messages are ignored', () => {
  let s = run(initialState('compare', config, 'the cat'), { type: 'train', config, now: 0 }, report(ready(1)), report(progress(1, 20, 2)));
  // Train again: the old run is reset, the new one starts.
  s = reduce(s, { type: 'train', config, now: 10 });
  expect(s.outbox).toEqual([
    { type: 'reset', run: 1 },
    { type: 'start', run: 2, config },
  ]);
  expect(s.loss).toEqual({});
  const before = s;
  // Late messages of run 1 change nothing (the same state object comes back).
  for (const r of [ready(1), progress(1, 30, 1), { type: 'done', run: 1, trainMs: 1, timing: {} } as Report, { type: 'error', run: 1, message: 'x' } as Report])
    s = reduce(s, report(r));
  unchanged(s, before);

  s = run(s, report(ready(2)), report(progress(2, 20, 2)));
  const at20 = s;
  // A progress report that does not move any model forward (duplicate or out of order) is ignored.
  s = reduce(s, report(progress(2, 10, 9)));
  unchanged(s, at20);
  s = reduce(s, report(progress(2, 30, 1)));
  expect(s.loss.attn).toEqual([
    [20, 1],
    [30, 0.5],
  ]);

  // An evaluation measured at fewer steps than the one shown is stale.
  s = reduce(s, report({ type: 'evaluation', run: 2, final: false, steps: { attn: 30 }, accuracy: { attn: acc(0.5) } }));
  const shown = s.evaluation;
  s = reduce(s, report({ type: 'evaluation', run: 2, final: false, steps: { attn: 20 }, accuracy: { attn: acc(0.1) } }));
  expect(s.evaluation).toBe(shown);

  // Only the newest translation request's answer is shown.
  s = reduce(s, { type: 'sentence', sentence: 'a dog' });
  const req = s.request;
  s = reduce(s, report({ type: 'translation', run: 2, request: req - 1, steps: {}, error: 'old' }));
  expect(s.translation).toBeUndefined();
  s = reduce(s, report({ type: 'translation', run: 2, request: req, steps: {}, error: 'new' }));
  expect(s.translation?.error).toBe('new');

  // A worker that cannot load the core (run 0) is an error whatever the run.
  s = reduce(s, report({ type: 'error', run: 0, message: 'no wasm' }));
  expect(s.phase).toBe('error');
  expect(s.error).toBe('no wasm');
});

test('lab reducer: ablation and download only after training; stale answers are dropped', () => {
  const mid = run(initialState('compare', config, 'x'), { type: 'train', config, now: 0 }, report(ready(1)));
  unchanged(reduce(mid, { type: 'ablate', head: { block: 'cross', layer: 0, head: 1 }, enabled: false }), mid);
  unchanged(reduce(mid, { type: 'download' }), mid);

  let s = trained();
  expect(s.heads).toEqual([head(0.5)]);
  expect(s.testLoss).toEqual(loss(1));
  s = reduce(s, { type: 'ablate', head: { block: 'cross', layer: 0, head: 1 }, enabled: false });
  expect(s.ablation.wanted).toEqual(['cross:0:1']);
  expect(s.outbox).toEqual([{ type: 'ablate', run: 1, request: 1, head: { block: 'cross', layer: 0, head: 1 }, enabled: false }]);
  s = reduce(s, { type: 'ablate', head: { block: 'cross', layer: 0, head: 0 }, enabled: false });
  expect(s.ablation.request).toBe(2);
  // The answer to request 2 arrives, then the late answer to request 1: the latter is dropped.
  const r2: Report = {
    type: 'ablation',
    run: 1,
    request: 2,
    disabled: [
      { block: 'cross', layer: 0, head: 1 },
      { block: 'cross', layer: 0, head: 0 },
    ],
    accuracy: acc(0.4),
    testLoss: loss(2),
  };
  s = reduce(s, report(r2));
  expect(s.ablation.busy).toBe(false);
  expect(s.ablation.testLoss).toEqual(loss(2));
  // The maps change with the heads: the sentence is translated again.
  expect(s.outbox[0]).toMatchObject({ type: 'translate' });
  const after2 = s;
  s = reduce(s, report({ type: 'ablation', run: 1, request: 1, disabled: [{ block: 'cross', layer: 0, head: 1 }], accuracy: acc(0.8), testLoss: loss(1.5) }));
  unchanged(s, after2);
  s = reduce(s, { type: 'ablate', head: { block: 'cross', layer: 0, head: 1 }, enabled: true });
  expect(s.ablation.wanted).toEqual(['cross:0:0']);

  s = reduce(s, { type: 'download' });
  expect(s.outbox).toEqual([{ type: 'weights', run: 1, request: 1 }]);
  expect(reduce(s, { type: 'download' }).outbox).toEqual([]);
  s = reduce(s, report({ type: 'weights', run: 1, request: 0, bytes: new Uint8Array(1) }));
  expect(s.weights.file).toBeUndefined();
  const bytes = new Uint8Array([1, 2, 3]);
  s = reduce(s, report({ type: 'weights', run: 1, request: 1, bytes }));
  expect(s.weights.file).toBe(bytes);
});

test('lab reducer: a settings change discards the run; the heads view keeps its score history in order', () => {
  let s = reduce(trained(), { type: 'configure', config: { ...config, seed: 2 } });
  expect(s.phase).toBe('idle');
  expect(s.note).toBe('changed');
  expect(s.outbox).toEqual([{ type: 'reset', run: 1 }]);
  expect(s.config.seed).toBe(2);
  expect(s.evaluation).toBeUndefined();
  // Idle: a change only updates the settings.
  s = reduce(s, { type: 'configure', config: { ...config, transformer: false } });
  expect(s.models).toEqual(['none', 'attn']);
  expect(s.outbox).toEqual([]);

  const hc: RunConfig = { ...config, view: 'heads', transformerSteps: 0 };
  let h = run(initialState('heads', hc, ''), { type: 'train', config: hc, now: 0 });
  h = reduce(h, report({ type: 'ready', run: 1, info: { transformer: info }, budget: { transformer: 400 } }));
  expect(h.outbox).toEqual([{ type: 'example', run: 1, request: 1, index: 0 }]);
  expect(lead(h)).toEqual({ steps: 0, total: 400 });
  const scores = (steps: number, v: number): Report => ({
    type: 'scores',
    run: 1,
    steps,
    testLoss: { loss: v, firstHalf: v, repeatedHalf: v },
    heads: [head(v)],
  });
  h = run(h, report(scores(0, 3)), report(scores(100, 2)), report(scores(50, 9)), report(scores(200, 1)));
  expect(h.history.map((p) => p.steps)).toEqual([0, 100, 200]);
  h = reduce(h, { type: 'example', index: 3 });
  expect(h.outbox).toEqual([{ type: 'example', run: 1, request: 2, index: 3 }]);
});
