// tests/e2e/trained-softmax.spec.ts — lessons 5 (softmax) and 6 (aggregate) on trained weights,
// their default: the page shows one head of the trained translation model's first encoder layer
// (pipeline.trainedSelfAttention on the checkpoint loaded in Node through wasm/trainer.js, and
// the core in Node), its weights are the very map the model uses (trainer.attentionMaps), the
// temperature and hard-attention controls act on the trained head's scores, the head (th) and
// toy sentence (ts) controls and the trained/random switch round-trip through the URL, and each
// trained-mode "try this" is performed and its promised outcome asserted. Thresholds are the
// texts' own words ("almost all" > 0.99, "approach 1/T" within 0.05 as for random mode, "more
// than half" > 0.5, "closer … than to any other"); every number comes from the core.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createBottleneckCore, readSafetensors, type TransformerOptions, type TransformerTrainer } from '../../wasm/trainer.js';
import { row } from '../../web/src/model/matrix';
import { selfAttention, trainedSelfAttention } from '../../web/src/model/pipeline';
import { DEFAULT_TOY_SENTENCE } from '../../web/src/model/schema';
import { barValues, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8')) as {
  models: Record<'translation', { file: string; options: TransformerOptions }>;
};

let model: Promise<TransformerTrainer> | undefined;
/** The committed translation checkpoint, loaded in Node (as tests/e2e/trained.spec.ts does). */
function nodeModel(): Promise<TransformerTrainer> {
  model ??= (async () => {
    const api = await createBottleneckCore();
    const m = manifest.models.translation;
    const t = api.createBottleneckTrainer({ ...m.options, positional: 'sinusoidal' });
    t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`../../web/public/models/${m.file}`, import.meta.url)))).tensors);
    return t;
  })();
  return model;
}

type Text = { tryThis: string[]; explanation: string[] };
const text = (file: string) => content(file) as unknown as Text;
const golden = JSON.parse(readFileSync(new URL('../fixtures/bridge_golden.json', import.meta.url), 'utf8')) as {
  cases: { lesson: string; name: string; code: string }[];
};

/** The model's own encoder layer-1 map of head k on a sentence (tgt = <bos>). */
function modelMap(t: TransformerTrainer, tokens: readonly string[], k: number): number[][] {
  const vocab = t.info().sourceVocab;
  const m = t.attentionMaps(
    tokens.map((w) => vocab.indexOf(w)),
    [1],
  ).encoderSelf[0]?.[k];
  if (!m) throw new Error(`no encoder map for head ${k + 1}`);
  return rowsOf(m);
}

const argmax = (xs: readonly number[]) => xs.indexOf(Math.max(...xs));
async function bars(page: Page, fig: string): Promise<number[][]> {
  return barValues(page, fig);
}

test('5 softmax, trained by default: the trained head’s scores and weights, equal to the model’s own map; try this 1–3 in trained mode', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel();
  const r = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, 0);
  const T = r.tokens.length;
  await open(page, '#/softmax');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  await expect(page.locator('[data-key="th"]')).toHaveValue('1');
  await expect(page.locator('[data-key="s"]')).toBeHidden();
  await expect(page.locator('[data-key="ts"]')).toBeVisible();
  // The figure is the trained head at τ = 1, and exactly the map the model uses.
  const w = await figureMatrix(page, 'weights-all');
  expectClose(w, rowsOf(core.softmax(r.att.scaled, 1)), 'softmax τ=1 of the trained scores');
  expectClose(w, rowsOf(r.att.weights), 'the trained head’s weights');
  expectClose(w, modelMap(tr, r.tokens, 0), 'the model’s own map', 1e-4);
  const note = page.locator('[data-stat="trained-head"]');
  await expect(note).toContainText(`head 1 of ${r.numHeads}`);
  await expect(note).toContainText(`(T, d_model) = (${T}, ${r.dModel})`);
  await expect(note).toContainText(`(d_model, d_head) = (${r.dModel}, ${r.dHead})`);
  expect(text('05-softmax').explanation.join(' ')).toContain(`\\sqrt{${r.dHead}}`);
  // The default query is "small" (the text's try this 1 names it).
  const q = 1;
  expect(r.labels[q]).toBe('small');
  expect(text('05-softmax').tryThis[0]).toContain(`“${r.labels[q]}”`);
  await expect(page.locator('[data-fig="row-scores"] .fig-title')).toContainText('small');
  const scores = (await bars(page, 'row-scores')).map((x) => x[0] ?? NaN);
  expectClose([scores], [row(r.att.scaled, q)], 'scaled scores of "small"');
  // The two "the" are different vectors (position added), with different scores: no tie.
  const the = r.tokens.flatMap((tok, j) => (tok === 'the' ? [j] : []));
  expect(the.length).toBe(2);
  const [a, b] = the as [number, number];
  expect(row(r.X, a)).not.toEqual(row(r.X, b));
  expect(Math.abs((scores[a] ?? NaN) - (scores[b] ?? NaN))).toBeGreaterThan(1e-3);
  // Try this 1 (trained): coldest τ — "small" puts almost all its weight on one key, the key hard attention picks.
  await setControl(page, 'lt', '-1.5');
  await expect(page).toHaveURL(/lt=-1\.5/);
  const cold = await bars(page, 'row-weights');
  const soft = cold.map((x) => x[0] ?? NaN);
  const hard = cold.map((x) => x[1] ?? NaN);
  expectClose([soft], [row(core.softmax(r.att.scaled, 10 ** -1.5), q)], 'soft, τ = 0.03', 1e-4);
  expectClose([hard], [row(core.hardAttention(r.att.scaled).weights, q)], 'hard');
  expect(Math.max(...soft)).toBeGreaterThan(0.99);
  expect(hard.filter((v) => v === 1).length).toBe(1);
  expect(argmax(hard)).toBe(argmax(soft));
  await expect(page.locator('[data-stat="top"]')).toContainText(`“${r.labels[argmax(soft)]}”`);
  // Try this 2: hottest τ — every weight approaches 1/T.
  await setControl(page, 'lt', '1');
  await expect(page).toHaveURL(/lt=1/);
  const hot = (await bars(page, 'row-weights')).map((x) => x[0] ?? NaN);
  expectClose([hot], [row(core.softmax(r.att.scaled, 10), q)], 'soft, τ = 10', 1e-4);
  for (const v of hot) expect(Math.abs(v - 1 / T)).toBeLessThan(0.05);
  // Try this 3 (trained): hard attention — every row one-hot, the 1 where the soft weight (τ = 1) was largest.
  await setControl(page, 'lt', '0');
  await page.getByLabel('Show hard attention (argmax)').check();
  await expect(page).toHaveURL(/hard=1/);
  const oneHot = await figureMatrix(page, 'weights-all');
  expectClose(oneHot, rowsOf(core.hardAttention(r.att.scaled).weights), 'hard attention of the trained scores');
  oneHot.forEach((rw, i) => {
    expect(rw.filter((v) => v === 1).length, `row ${i} one-hot`).toBe(1);
    expect(argmax(rw), `row ${i}: hard = soft's largest`).toBe(argmax(w[i] ?? []));
  });
  expect(errors).toEqual([]);
});

test('5 softmax: head and toy sentence controls, unknown words, the In PyTorch snippet, and the switch to random', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel();
  await open(page, '#/softmax');
  // The panel's snippet is the trained default state's (the fixture PyTorch ran).
  const panel = page.locator('details[data-bridge="softmax"]');
  await panel.locator('summary').click();
  await expect(panel.locator('pre code')).toContainText('weights "trained"');
  expect(await panel.locator('pre code').textContent()).toBe(golden.cases.find((c) => c.lesson === 'softmax' && c.name === 'trained')?.code);
  await setControl(page, 'th', '3');
  await expect(page).toHaveURL(/th=3/);
  let r = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, 2);
  expectClose(await figureMatrix(page, 'weights-all'), modelMap(tr, r.tokens, 2), 'head 3: the model’s own map', 1e-4);
  await expect(page.locator('[data-stat="trained-head"]')).toContainText('head 3 of');
  const other = 'a happy girl finds the old book';
  await setControl(page, 'ts', other);
  await expect(page).toHaveURL(/ts=a/);
  r = trainedSelfAttention(core, tr, other, 2);
  expectClose(await figureMatrix(page, 'weights-all'), rowsOf(r.att.weights), `head 3 on "${other}"`);
  expectClose(await figureMatrix(page, 'weights-all'), modelMap(tr, r.tokens, 2), 'its model map', 1e-4);
  await setControl(page, 'ts', 'the zebra sees the car');
  await expect(page.locator('[data-stat="unknown"]')).toContainText('zebra');
  // Random: the lesson's seeded weights on its own sentence, trained controls hidden.
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  await expect(page.locator('[data-key="ts"]')).toBeHidden();
  await expect(page.locator('[data-stat="trained-head"]')).toHaveCount(0);
  const rr = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'weights-all'), rowsOf(core.softmax(rr.att.scaled, 1)), 'random, τ = 1');
  expect(errors).toEqual([]);
});

test('6 aggregate, trained by default: weights = the model’s map, V = X·W_V + b_V, O = weights·V; "sees" has a dominant weight (try this 3, trained)', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel();
  const r = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, 0);
  const T = r.tokens.length;
  await open(page, '#/aggregate');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  const W = await figureMatrix(page, 'weights');
  expectClose(W, rowsOf(r.att.weights), 'weights');
  expectClose(W, modelMap(tr, r.tokens, 0), 'the model’s own map', 1e-4);
  const V = await figureMatrix(page, 'V');
  const O = await figureMatrix(page, 'output');
  expectClose(V, rowsOf(r.V), 'V');
  expectClose(O, rowsOf(r.att.output), 'output');
  expect(text('06-aggregate').explanation.join(' ')).toContain(`d_v = ${r.V.cols}`);
  await expect(page.locator('[data-fig="V"]')).toContainText(`(T, d_v) = (${T}, ${r.V.cols})`);
  await expect(page.locator('[data-stat="trained-head"]')).toContainText(`(T, d_v) = (${T}, ${r.dHead})`);
  // The provenance of V names the bias; the output's names the weighted sum (try this 1).
  await page.locator('[data-fig="V"] .hm-cell[data-i="1"][data-j="0"]').hover();
  await expect(page.locator('[data-fig="V"] .tooltip')).toContainText('b_V[1]');
  await page.locator('[data-fig="output"] .hm-cell[data-i="3"][data-j="1"]').hover();
  await expect(page.locator('[data-fig="output"] .tooltip')).toContainText('Σ_j w_4j');
  // Try this 3 (trained, head 1): "sees" gives more than half its weight to one key, itself,
  // and its output row is closer to that key's value row than to any other value row.
  expect(text('06-aggregate').tryThis[2]).toContain('“sees”');
  const i = r.labels.indexOf('sees');
  const wi = W[i] ?? [];
  const j = argmax(wi);
  expect(wi[j]).toBeGreaterThan(0.5);
  expect(j).toBe(i);
  const dist = V.map((v) => Math.hypot(...v.map((x, c) => x - (O[i]?.[c] ?? NaN))));
  expect(argmax(dist.map((d) => -d))).toBe(j);
  // Try this 2: two queries, two different output rows.
  await setControl(page, 'aq', String(i));
  await expect(page.locator('.formula')).toContainText('sees');
  expect(O[i]).not.toEqual(O[1]);
  // The panel's snippet is the trained default state's.
  const panel = page.locator('details[data-bridge="aggregate"]');
  await panel.locator('summary').click();
  await expect(panel.locator('pre code')).toContainText('b_V');
  await setControl(page, 'aq', '1');
  expect(await panel.locator('pre code').textContent()).toBe(golden.cases.find((c) => c.lesson === 'aggregate' && c.name === 'trained')?.code);
  expect(errors).toEqual([]);
});

test('6 aggregate: another head and sentence follow the model; random mode is the seeded one', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel();
  const s = 'the car sees the dog';
  await open(page, `#/aggregate?th=4&ts=${encodeURIComponent(s)}`);
  const r = trainedSelfAttention(core, tr, s, 3);
  expectClose(await figureMatrix(page, 'weights'), modelMap(tr, r.tokens, 3), 'head 4: the model’s own map', 1e-4);
  expectClose(await figureMatrix(page, 'output'), rowsOf(r.att.output), 'head 4 output');
  await setControl(page, 'w', 'random');
  const rr = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'output'), rowsOf(rr.att.output), 'random output');
  await expect(page.locator('[data-key="s"]')).toBeVisible();
  expect(errors).toEqual([]);
});
