// @ts-check
// tests/web/bridge.test.mjs — the "In PyTorch" panels (web/src/bridge/) against PyTorch: for
// every fixed state of tests/fixtures/bridge_golden.json (written by
// `node scripts/make_bridge_fixtures.mjs`, which ran each snippet with Debian's torch), the
// lesson's bridge must produce exactly the committed snippet text (so a changed snippet forces
// regenerating the fixture), and the WASM core's numbers it pairs with the snippet must equal
// the tensors torch computed from that text, within the fixture's tolerance (abs + rel). The app's
// TypeScript is loaded by Vite's SSR loader, the core from wasm/build/. No torch needed here.
// It does not test the panel in the page (tests/e2e/bridge.spec.ts does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createAttentionCore } from '../../wasm/index.js';
import { loadApp } from '../../scripts/make_bridge_fixtures.mjs';
import { BRIDGE_STATES } from '../../scripts/bridge-states.mjs';

/** @typedef {import('../../scripts/make_bridge_fixtures.mjs').BridgeTensor} BridgeTensor */
/**
 * tests/fixtures/bridge_golden.json: per lesson and named state, the snippet and torch's results.
 * @typedef {{ lesson: string, name: string, state: Record<string, unknown>, code: string, results: Record<string, BridgeTensor> }} BridgeCase
 */
/** @type {{ tolerance: { atol: number, rtol: number }, cases: BridgeCase[] }} */
const golden = JSON.parse(readFileSync(new URL('../fixtures/bridge_golden.json', import.meta.url), 'utf8'));
const { atol, rtol } = golden.tolerance;
// Set by before(), which runs before every test.
/** @type {import('../../scripts/make_bridge_fixtures.mjs').LoadedApp} */
let app;
/** @type {import('../../wasm/index.js').AttentionCore} */
let core;

before(async () => {
  app = await loadApp();
  core = await createAttentionCore();
});

after(() => app?.vite.close());

/**
 * The first entry where |got − want| > atol + rtol·|want| (or the shapes differ), else undefined.
 * @param {BridgeTensor} got
 * @param {BridgeTensor} want
 */
function mismatch(got, want) {
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${JSON.stringify(got.shape)} ≠ torch's ${JSON.stringify(want.shape)}`;
  if (got.data.length !== want.data.length) return `${got.data.length} values ≠ torch's ${want.data.length}`;
  for (let k = 0; k < want.data.length; k++) {
    const g = got.data[k];
    const w = want.data[k];
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return `entry ${k}: core ${g}, torch ${w}`;
  }
  return undefined;
}

test('the tolerance is tight (1e-5 abs + rel at most) and the comparison catches a small error', () => {
  assert.ok(atol <= 1e-5 && rtol <= 1e-5);
  const want = { shape: [2], data: [0.5, -2] };
  assert.equal(mismatch({ shape: [2], data: [0.5, -2] }, want), undefined);
  assert.match(mismatch({ shape: [2], data: [0.5, -2.0001] }, want) ?? '', /entry 1/);
  assert.match(mismatch({ shape: [1, 2], data: [0.5, -2] }, want) ?? '', /shape/);
});

test('every lesson with numbers has a bridge, and the fixture covers each at the fixed states', () => {
  const slugs = app.lessons.map((l) => l.slug);
  assert.deepEqual(
    slugs.filter((s) => !app.bridges[s]),
    ['review'],
    'only the review quiz (no numbers) has no snippet',
  );
  assert.deepEqual(Object.keys(app.bridges).sort(), slugs.filter((s) => s !== 'review').sort());
  const inFixture = golden.cases.map((c) => `${c.lesson}/${c.name}`);
  const wanted = Object.entries(BRIDGE_STATES).flatMap(([slug, states]) => Object.keys(states).map((n) => `${slug}/${n}`));
  assert.deepEqual(inFixture, wanted, 'the fixture was written from scripts/bridge-states.mjs; rerun node scripts/make_bridge_fixtures.mjs');
  for (const slug of Object.keys(app.bridges)) {
    const states = golden.cases.filter((c) => c.lesson === slug);
    assert.ok(states.length >= 2, `${slug}: defaults and at least one other state`);
    assert.ok(states.some((c) => Object.keys(c.state).length === 0) && states.some((c) => Object.keys(c.state).length > 0), slug);
  }
});

for (const c of golden.cases) {
  test(`${c.lesson}/${c.name}: the snippet is unchanged and the core's numbers equal torch's`, () => {
    const b = app.bridges[c.lesson](core, { ...app.base, ...c.state }, app.content(c.lesson));
    assert.ok(b, 'a snippet at this state');
    assert.equal(b.code, c.code, 'snippet text changed: rerun node scripts/make_bridge_fixtures.mjs');
    assert.deepEqual(Object.keys(b.expected), Object.keys(c.results), 'the same named results');
    for (const [name, want] of Object.entries(c.results)) {
      assert.ok(want.data.length > 0, `${name} holds numbers`);
      const problem = mismatch(b.expected[name], want);
      assert.equal(problem, undefined, `${name}: ${problem}`);
    }
  });
}

test('the site’s attention_lab.py holds docs/transformer-pytorch.md’s modules verbatim (the goldens’ reference), plus the lessons’ additions', () => {
  const doc = readFileSync(new URL('../../docs/transformer-pytorch.md', import.meta.url), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, 'the doc has a python block');
  const py = readFileSync(new URL('../../web/public/models/attention_lab.py', import.meta.url), 'utf8');
  assert.ok(py.includes(block.trimEnd() + '\n'), 'attention_lab.py contains the doc’s code unchanged');
  assert.match(py, /def head_maps\(/);
  assert.match(py, /def encoder_block_trace\(/);
});
