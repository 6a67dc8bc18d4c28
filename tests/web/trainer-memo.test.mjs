// @ts-check
// tests/web/trainer-memo.test.mjs — web/src/model/trainerMemo.ts and its one invalidation,
// applyAblation (web/src/model/ablation.ts), on the committed induction and translation models:
// a remembered result is the one a fresh call on the same model returns; switching heads off
// makes every read return the ablated model's results (never the whole model's), and switching
// them back on returns the whole model's again; applying the set a model already has keeps what
// was remembered. The app's TypeScript is loaded by Vite's SSR loader, the trainer from
// wasm/build/. It does not test the pages (tests/e2e/trained.spec.ts does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ssrServer } from '../../scripts/ssr.mjs';
import { createBottleneckCore, readSafetensors } from '../../wasm/trainer.js';

const root = new URL('../../', import.meta.url);
/** @type {{ models: Record<string, { file: string, options: import('../../wasm/trainer.js').TransformerOptions }> }} */
const manifest = JSON.parse(readFileSync(new URL('web/src/model/lesson-models.json', root), 'utf8'));

/** @type {import('vite').ViteDevServer} */
let vite;
/** @type {any} web/src/model/trainerMemo.ts */
let memo;
/** @type {any} web/src/model/ablation.ts */
let ablation;
/** @type {import('../../wasm/trainer.js').BottleneckCore} */
let api;

before(async () => {
  vite = await ssrServer();
  memo = await vite.ssrLoadModule('/src/model/trainerMemo.ts');
  ablation = await vite.ssrLoadModule('/src/model/ablation.ts');
  api = await createBottleneckCore();
});

after(() => vite?.close());

/** @param {string} name */
function model(name) {
  const m = manifest.models[name];
  if (!m) throw new Error(`no model ${name}`);
  const t = api.createBottleneckTrainer({ ...m.options, positional: 'sinusoidal' });
  t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`web/public/models/${m.file}`, root)))).tensors);
  return t;
}

/** @param {import('../../wasm/index.js').Matrix} m */
const rows = (m) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

test('a remembered translation, block trace and head maps are what a fresh call returns, and are kept', () => {
  const tr = model('translation');
  try {
    const sentence = 'the small dog sees the red car';
    const a = memo.translationOf(tr, sentence);
    assert.equal(memo.translationOf(tr, sentence), a, 'the second read is the remembered result');
    const fresh = tr.translate(sentence);
    assert.deepEqual(a.output, fresh.output);
    assert.deepEqual(rows(a.maps.cross[0][0]), rows(fresh.maps.cross[0][0]));
    const ids = a.source.map((/** @type {string} */ w) => tr.info().sourceVocab.indexOf(w));
    const b = memo.blockTraceOf(tr, ids, 1);
    assert.equal(memo.blockTraceOf(tr, ids, 1), b);
    assert.notEqual(memo.blockTraceOf(tr, ids, 0), b, 'another layer is another result');
    assert.deepEqual(rows(b.output), rows(tr.blockTrace(ids, 1).output));
    assert.equal(memo.infoOf(tr), memo.infoOf(tr));
    // remember(): a value derived from the model, by key.
    let made = 0;
    const v1 = memo.remember(tr, 'k', () => ++made);
    const v2 = memo.remember(tr, 'k', () => ++made);
    assert.equal(v1, 1);
    assert.equal(v2, 1);
    assert.equal(made, 1);
  } finally {
    tr.delete();
  }
});

test('switching heads off forgets what was remembered: reads then return the ablated model’s results; the same set keeps them', () => {
  const ind = model('induction');
  try {
    const ids = [1, ...'q m t h c q m t h c'.split(' ').map((w) => ind.info().targetVocab.indexOf(w))];
    const whole = memo.attentionMapsOf(ind, ids, []);
    const wholeLast = rows(whole.decoderSelf[1][0]);
    // The same (empty) set again: nothing changes, the remembered maps stay.
    ablation.applyAblation(ind, new Set());
    assert.equal(memo.attentionMapsOf(ind, ids, []), whole);
    // Layer 1's heads off: the second layer's maps change, and the memo must show that.
    ablation.applyAblation(ind, new Set(['d1.1', 'd1.2']));
    const off = memo.attentionMapsOf(ind, ids, []);
    assert.notEqual(off, whole);
    assert.deepEqual(rows(off.decoderSelf[1][0]), rows(ind.attentionMaps(ids, []).decoderSelf[1][0]), 'the ablated model’s own maps');
    assert.notDeepEqual(rows(off.decoderSelf[1][0]), wholeLast, 'switching layer 1 off changes what layer 2 attends to');
    ablation.applyAblation(ind, new Set(['d1.2', 'd1.1']));
    assert.equal(memo.attentionMapsOf(ind, ids, []), off, 'the same set in another order is the same set');
    // Every head on again: the whole model's maps.
    ablation.applyAblation(ind, new Set());
    assert.deepEqual(rows(memo.attentionMapsOf(ind, ids, []).decoderSelf[1][0]), wholeLast);
  } finally {
    ind.delete();
  }
});
