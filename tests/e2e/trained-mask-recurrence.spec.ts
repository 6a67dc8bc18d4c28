// tests/e2e/trained-mask-recurrence.spec.ts — lessons 4 (scale), 7 (masking) and 12 (recurrence)
// on trained weights, their default. Lesson 4: the score statistics of one trained head and what
// its text says about them. Lesson 7: the masks act on one head of the trained
// translation model's first encoder layer (pipeline.trainedMaskedAttention on the checkpoint
// loaded in Node), unmasked it is the model's own map, the padded batch runs through the
// trained layer (trainedRaggedBatch), and each trained-mode "try this" is performed. Lesson 12:
// the last letter's weights are a head of the trained induction model's second layer (the
// trainer's own map), the induction link the text promises is measured on every example and
// both heads, lesson 8's ablations never leak into it, and both switches round-trip through the
// URL. Thresholds are the texts' own words ("more than 0.9", "largest weight", "smaller than").
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createBottleneckCore, readSafetensors, type TransformerOptions, type TransformerTrainer } from '../../wasm/trainer.js';
import { row } from '../../web/src/model/matrix';
import {
  inductionAttention,
  rnnRun,
  selfAttention,
  trainedMaskedAttention,
  trainedRaggedBatch,
  trainedSelfAttention,
  vocabIds,
} from '../../web/src/model/pipeline';
import { DEFAULT_TOY_SENTENCE } from '../../web/src/model/schema';
import { barValues, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

type Name = 'translation' | 'induction';
const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8')) as {
  models: Record<Name, { file: string; options: TransformerOptions }>;
};

const models = new Map<Name, Promise<TransformerTrainer>>();
/** A committed checkpoint, loaded in Node (as tests/e2e/trained.spec.ts does). */
function nodeModel(name: Name): Promise<TransformerTrainer> {
  let p = models.get(name);
  if (!p) {
    p = (async () => {
      const api = await createBottleneckCore();
      const m = manifest.models[name];
      const t = api.createBottleneckTrainer({ ...m.options, positional: 'sinusoidal' });
      t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`../../web/public/models/${m.file}`, import.meta.url)))).tensors);
      return t;
    })();
    models.set(name, p);
  }
  return p;
}

type Text = { tryThis: string[]; explanation: string[]; labels: Record<string, string>; data: Record<string, string[]> };
const text = (file: string) => content(file) as unknown as Text;
const col = (m: number[][]) => m.map((r) => r[0] ?? NaN);
const argmax = (xs: readonly number[]) => xs.indexOf(Math.max(...xs));
const pickExample = (page: Page, e: string) => page.getByRole('button', { name: e.length > 36 ? `${e.slice(0, 34)}…` : e, exact: true }).click();

test('7 masking, trained by default: masks on the trained head, its own map unmasked, the padded batch through the trained layer; every try this', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel('translation');
  const t = text('07-masking');
  const run = (causal: boolean, blk: Record<string, number> = {}, head = 0, s = DEFAULT_TOY_SENTENCE) => trainedMaskedAttention(core, tr, s, head, causal, blk);
  const causal = run(true);
  const T = causal.labels.length;
  await open(page, '#/masking');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  await expect(page.locator('[data-key="s"]')).toBeHidden();
  await expect(page.locator('[data-key="ts"]')).toBeVisible();
  await expect(page.locator('[data-stat="trained-head"]')).toContainText(`head 1 of ${causal.numHeads}`);
  expectClose(await figureMatrix(page, 'masked-scores'), rowsOf(causal.att.masked), 'masked scores (−∞ where blocked)');
  let W = await figureMatrix(page, 'masked-weights');
  expectClose(W, rowsOf(causal.att.weights), 'causal weights of the trained head');
  // Try this 1: the first token attends only to itself.
  expect(W[0]?.[0]).toBe(1);
  expect(W[0]?.slice(1).every((v) => v === 0)).toBe(true);
  // Trained try this: untick causal — "small" and "dog" put their largest weight on "sees", after them.
  await page.getByLabel(/Causal mask/).uncheck();
  await expect(page).toHaveURL(/cz=0/);
  const open_ = run(false);
  const full = await figureMatrix(page, 'masked-weights');
  expectClose(full, rowsOf(open_.att.weights), 'no mask');
  // Unmasked, it is exactly the map the model uses (its encoder layer 1, head 1).
  const enc = tr.attentionMaps(vocabIds(tr, open_.tokens, 'source'), [1]).encoderSelf[0]?.[0];
  if (!enc) throw new Error('no encoder map');
  expectClose(full, rowsOf(enc), 'the model’s own map', 1e-4);
  const promise = t.tryThis.find((s) => s.startsWith('Trained')) ?? '';
  for (const w of ['small', 'dog', 'sees']) expect(promise).toContain(`“${w}”`);
  const sees = open_.labels.indexOf('sees');
  for (const q of ['small', 'dog']) {
    const i = open_.labels.indexOf(q);
    expect(argmax(full[i] ?? []), `${q}'s largest weight`).toBe(sees);
    expect(sees).toBeGreaterThan(i);
  }
  // Tick causal again: those cells are 0, and every weight up to the query grows.
  await page.getByLabel(/Causal mask/).check();
  W = await figureMatrix(page, 'masked-weights');
  for (const q of ['small', 'dog']) {
    const i = open_.labels.indexOf(q);
    expect(W[i]?.[sees]).toBe(0);
    for (let j = 0; j <= i; j++) expect(W[i]?.[j] ?? NaN, `${q} → ${open_.labels[j]}`).toBeGreaterThan(full[i]?.[j] ?? NaN);
  }
  // Try this 2: untick causal, block one cell: its weight is 0 and the rest of the row grows.
  await page.getByLabel(/Causal mask/).uncheck();
  await page.locator('.mask-table input[data-i="3"][data-j="3"]').check();
  const one = run(false, { '3.3': 1 });
  W = await figureMatrix(page, 'masked-weights');
  expectClose(W, rowsOf(one.att.weights), 'one cell blocked');
  expect(W[3]?.[3]).toBe(0);
  for (let j = 0; j < T; j++) if (j !== 3) expect(W[3]?.[j] ?? NaN).toBeGreaterThan(full[3]?.[j] ?? NaN);
  // Try this 3: block every key of the last query — zero weights and a zero output.
  await page.getByRole('button', { name: /Block every key of/ }).click();
  const blk: Record<string, number> = { '3.3': 1 };
  for (let j = 0; j < T; j++) blk[`${T - 1}.${j}`] = 1;
  const dead = run(false, blk);
  W = await figureMatrix(page, 'masked-weights');
  expectClose(W, rowsOf(dead.att.weights), 'last row blocked');
  expect(W[T - 1]?.every((v) => v === 0)).toBe(true);
  expect(row(dead.att.output, T - 1).every((v) => v === 0)).toBe(true);
  await expect(page.locator('[data-stat="dead"]')).toContainText(`“${causal.labels[T - 1]}”`);
  await page.getByRole('button', { name: 'Clear my blocks' }).click();
  // The padded batch: the default second toy sentence is shorter; its pad keys get exactly 0.
  const [short = '', , longer = ''] = t.data.toySecondExamples ?? [];
  let rb = trainedRaggedBatch(core, tr, run(false), short);
  let M = await figureMatrix(page, 'padded-weights-2');
  expectClose(M, rowsOf(rb.items[1]?.weights ?? causal.att.weights), 'second sentence through the trained layer');
  const n2 = rb.b2.tokens.length;
  expect(n2).toBeLessThan(T);
  M.forEach((r, i) => r.slice(n2).forEach((v) => expect(v, `query ${i} on padding`).toBe(0)));
  // Try this 4 with the lesson's own longer example: now the first sentence gets <pad> columns.
  await pickExample(page, longer);
  await expect(page).toHaveURL(/t2=/);
  rb = trainedRaggedBatch(core, tr, run(false), longer);
  expect(rb.Tmax).toBeGreaterThan(T);
  M = await figureMatrix(page, 'padded-weights-1');
  expectClose(M, rowsOf(rb.items[0]?.weights ?? causal.att.weights), 'first sentence padded');
  M.forEach((r, i) => r.slice(T).forEach((v) => expect(v, `query ${i} on padding`).toBe(0)));
  await expect(page.locator('[data-fig="padded-weights-1"]')).toContainText('<pad>');
  // Head 2, then random weights: both in the URL.
  await setControl(page, 'th', '2');
  await expect(page).toHaveURL(/th=2/);
  expectClose(await figureMatrix(page, 'masked-weights'), rowsOf(run(false, {}, 1).att.weights), 'head 2');
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  await expect(page.locator('[data-key="s"]')).toBeVisible();
  expectClose(await figureMatrix(page, 'masked-weights'), rowsOf(selfAttention(core, values()).att.weights), 'random, no mask');
  expect(errors).toEqual([]);
});

test('12 recurrence, trained by default: the induction head links the last letter to a far letter in one hop, on every example and both heads', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel('induction');
  const t = text('12-recurrence');
  // Lesson 8 switches two heads of the same (shared) model off first: lesson 12 must not show that model.
  await open(page, '#/multihead?mhoff=d1.1~d2.1');
  await expect(page.locator('[data-stat="ablation"]')).toBeVisible();
  await page.evaluate(() => (location.hash = '#/recurrence'));
  await page.waitForSelector('[data-fig="last-token-weights"]');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  const letters = t.data.letterExamples?.[0] ?? '';
  await expect(page.locator('[data-key="rseq"]')).toHaveValue(letters);
  const r = inductionAttention(tr, letters, 0);
  const T = r.labels.length;
  // "a small decoder-only Transformer (2 layers of 2 heads)": the model's own sizes.
  expect(t.explanation.join(' ')).toContain('2 layers of 2 heads');
  expect([tr.info().encoderLayers, tr.info().decoderLayers, tr.info().numHeads]).toEqual([0, 2, 2]);
  expect(r.numHeads).toBe(2);
  const w = col(await barValues(page, 'last-token-weights'));
  expectClose([w], [row(r.map, T - 1)], 'the last letter’s weights');
  // The trainer's own map, ablation-free (lesson 8's switches did not leak).
  const own = tr.attentionMaps(r.ids, []).decoderSelf[1]?.[0];
  if (!own) throw new Error('no layer-2 map');
  expectClose([w], [row(own, T - 1)], 'the model’s own map', 1e-6);
  // The RNN reads the same letters (lesson 1's encoder at its default strength 0.9).
  const rnn = rnnRun(core, letters, 1, 0.9);
  const infl = col(await barValues(page, 'rnn-influence-T'));
  expectClose([infl], [Array.from(rnn.rnn.influence)], 'RNN influence');
  // The note names the head's measured induction score.
  const score = tr.headScores().find((s) => s.block === 'decoder' && s.layer === 1 && s.head === 0)?.induction ?? NaN;
  await expect(page.locator('[data-stat="trained-head"]')).toContainText(`induction score is ${score.toFixed(2)}`);
  // Trained try this: "k₂" occurred before at position 8; "q₂" lies 7 tokens back and gets > 0.9 in one hop; the RNN's influence of it is smaller than the last letter's.
  const promise = t.tryThis.find((s) => s.startsWith('Trained')) ?? '';
  const key = r.labels.indexOf('q₂');
  expect(r.labels[T - 1]).toBe('k₂');
  expect(r.labels.indexOf('k')).toBe(8);
  expect(T - 1 - key).toBe(7);
  expect(promise).toContain('“k₂” occurred before at position 8');
  expect(promise).toContain('“q₂”, lies 7 tokens back');
  expect(promise).toContain('more than 0.9');
  expect(w[key]).toBeGreaterThan(0.9);
  expect(infl[key - 1] ?? NaN).toBeLessThan(infl[infl.length - 1] ?? NaN);
  const link = page.locator('[data-stat="induction-link"]');
  await expect(link).toHaveAttribute('data-link', String(key));
  await expect(link).toContainText('“q₂”, is 7 tokens back');
  // "Pick another repeated sequence, or pick head 2: the weight follows the letter."
  for (const ex of t.data.letterExamples ?? [])
    for (const head of [0, 1]) {
      const a = inductionAttention(tr, ex, head);
      const n = a.words.length;
      const prev = a.words.lastIndexOf(a.words[n - 1] ?? '', n - 2);
      expect(prev, `${ex}: the last letter occurred before`).toBeGreaterThanOrEqual(0);
      expect(row(a.map, n)[prev + 2] ?? NaN, `${ex}, head ${head + 1}`).toBeGreaterThan(0.9);
    }
  await setControl(page, 'rh', '2');
  await expect(page).toHaveURL(/rh=2/);
  const second = t.data.letterExamples?.[1] ?? '';
  await pickExample(page, second);
  await expect(page).toHaveURL(/rseq=/);
  const b = inductionAttention(tr, second, 1);
  expectClose([col(await barValues(page, 'last-token-weights'))], [row(b.map, b.labels.length - 1)], 'head 2 on another sequence');
  // Random mode: the seeded self-attention on the sentence, as before.
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  const att = selfAttention(core, values());
  expectClose([col(await barValues(page, 'last-token-weights'))], [row(att.att.weights, att.labels.length - 1)], 'random');
  expect(errors).toEqual([]);
});

test('4 scale, trained by default: the trained head’s score statistics; its spread follows √8 only roughly (head 1 a little more, heads 2 and 4 about half); unscaled weights get sharper', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const tr = await nodeModel('translation');
  const t = text('04-scale');
  const stats = (head: number, scaled: boolean) => {
    const r = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, head);
    return { r, st: core.scoreStatistics(r.Q, r.K, { ...(scaled ? {} : { scale: 1 }), bins: 24, minRange: 4 }) };
  };
  await open(page, '#/scale');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  await expect(page.locator('[data-key="dke"]')).toBeHidden();
  const { r, st } = stats(0, true);
  expect(r.Q.cols).toBe(8);
  expect(t.explanation.join(' ')).toContain('d_k = 8');
  const bars = await barValues(page, 'score-histogram');
  expect(bars).toEqual(Array.from(st.raw.counts, (n, b) => [n, st.scaled.counts[b]]));
  await expect(page.locator('[data-stat="spread"]')).toContainText(st.raw.std.toFixed(2));
  await expect(page.locator('[data-stat="trained-head"]')).toContainText(`head 1 of ${r.numHeads}`);
  expectClose([col(await barValues(page, 'query-weights'))], [row(r.att.weights, 0)], 'query 1’s weights');
  // "about as much as √8 ≈ 2.83 predicts, a little more; heads 2 and 4 … only about half as much".
  const promise = t.tryThis.find((s) => s.startsWith('Trained')) ?? '';
  expect(promise).toContain('heads 2 and 4');
  const ratio = (head: number) => stats(head, true).st.raw.std / Math.sqrt(8);
  expect(ratio(0)).toBeGreaterThan(1);
  expect(ratio(0)).toBeLessThan(1.5);
  for (const head of [1, 3]) {
    expect(ratio(head), `head ${head + 1}`).toBeGreaterThan(0.35);
    expect(ratio(head), `head ${head + 1}`).toBeLessThan(0.65);
  }
  await setControl(page, 'th', '2');
  await expect(page).toHaveURL(/th=2/);
  await expect(page.locator('[data-stat="spread"]')).toContainText(stats(1, true).st.raw.std.toFixed(2));
  await setControl(page, 'th', '1');
  // "Untick the division: the weights get sharper (the largest weight per query grows on average)".
  const off = stats(0, false).st;
  expect(off.maxWeight.mean).toBeGreaterThan(st.maxWeight.mean);
  await page.getByLabel('Divide by √d_k').uncheck();
  await expect(page).toHaveURL(/scl=0/);
  await expect(page.locator('[data-stat="saturation"]')).toContainText(off.maxWeight.mean.toFixed(3));
  await setControl(page, 'w', 'random');
  await expect(page.locator('[data-key="dke"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('4 scale, trained: why heads 2 and 4 spread about half as much — their learned q and k components have variance under 0.6, not the 1 the √d_k argument assumes', async () => {
  const core = await nodeCore();
  const tr = await nodeModel('translation');
  const t = text('04-scale');
  const promise = t.tryThis.find((s) => s.startsWith('Trained')) ?? '';
  expect(promise).toContain('assumes components of variance 1');
  expect(promise).toContain('variance under 0.6');
  /** The variance of every entry of m around their mean (the spread of one component of q or k). */
  const variance = (m: { data: Float32Array }) => {
    const xs = Array.from(m.data);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  };
  const vars = [0, 1, 2, 3].map((head) => {
    const r = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, head);
    return { q: variance(r.Q), k: variance(r.K) };
  });
  for (const head of [1, 3]) {
    // "their components vary about half as much (variance under 0.6)"
    for (const v of [vars[head]!.q, vars[head]!.k]) {
      expect(v, `head ${head + 1}: variance of a component`).toBeLessThan(0.6);
      expect(v, `head ${head + 1}: about half of 1, not far less`).toBeGreaterThan(0.25);
    }
    expect(vars[head]!.q * vars[head]!.k, `head ${head + 1}: smaller than head 1's`).toBeLessThan(vars[0]!.q * vars[0]!.k);
  }
  // Explanation: "Learned queries and keys are neither independent nor of variance 1".
  expect(t.explanation[3]).toContain('neither independent nor of variance 1');
  for (const [h, v] of vars.entries()) {
    expect(v.q, `head ${h + 1}: q's variance is not 1`).toBeLessThan(0.9);
    expect(v.k, `head ${h + 1}: k's variance is not 1`).toBeLessThan(0.9);
  }
  // Not independent: head 1's raw scores spread well beyond what independent q, k with these
  // per-component means and variances would give, Σ_j (v_q v_k + v_q m_k² + v_k m_q²).
  const r1 = trainedSelfAttention(core, tr, DEFAULT_TOY_SENTENCE, 0);
  const colStat = (m: { rows: number; cols: number; data: Float32Array }, j: number) => {
    const xs = Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { m: mean, v: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length };
  };
  let independent = 0;
  for (let j = 0; j < r1.Q.cols; j++) {
    const q = colStat(r1.Q, j);
    const k = colStat(r1.K, j);
    independent += q.v * k.v + q.v * k.m ** 2 + k.v * q.m ** 2;
  }
  const raw = core.scoreStatistics(r1.Q, r1.K, { scale: 1, bins: 24, minRange: 4 }).raw.std;
  expect(raw, 'head 1: raw spread vs. independent q, k').toBeGreaterThan(1.2 * Math.sqrt(independent));
});

test('12 recurrence, random mode: a sentence longer than attention sees — the RNN bars’ title and formula say the RNN read all of it', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const long = 'The keys to the old cabinet in the hall are on the table.';
  await open(page, '#/recurrence?w=random');
  await setControl(page, 's', long);
  const rnn = rnnRun(core, long, 1, 0.9);
  const att = selfAttention(core, values({ s: long }));
  const n = att.labels.length;
  const N = rnn.labels.length;
  expect(N).toBeGreaterThan(n);
  const fig = page.locator('[data-fig="rnn-influence-T"]');
  await expect(fig).toContainText(`first ${n} tokens`);
  await expect(fig).toContainText(`after all ${N} tokens of your sentence (“${rnn.labels[N - 1]}”)`);
  await expect(page.locator('.formula')).toContainText(`after all ${N} tokens (“${rnn.labels[N - 1]}”)`);
  await expect(page.locator('.formula')).toContainText(`the last token it sees, “${att.labels[n - 1]}”`);
  // A sentence attention sees whole: the plain title, naming its last token.
  await setControl(page, 's', 'The cat sat on the mat.');
  await expect(fig).toContainText('still matters in the final state (after “.”)');
  expect(errors).toEqual([]);
});
