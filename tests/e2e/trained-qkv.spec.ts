// tests/e2e/trained-qkv.spec.ts — lessons 2 (Q, K, V) and 3 (QKᵀ) on trained weights, the
// default: the page shows one head of the trained translation model's first encoder layer (its
// layer input X, W_Q/W_K/W_V, biases, Q/K/V, scores), compared with the same checkpoint loaded in
// Node (pipeline.trainedSelfAttention), and the head's weights are the model's own map
// (trainer.attentionMaps). Every sentence of the two lessons' texts that states a number or a
// pattern, and every "try this", is performed on the live page (in the mode it names) and its
// outcome asserted. Thresholds come from the texts' words ("largest", "five of the seven",
// "best", "below zero", "identical", "differ", "symmetric"); the numbers come from the core.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createBottleneckCore, readSafetensors, type TransformerOptions, type TransformerTrainer } from '../../wasm/trainer.js';
import { at, type Matrix } from '../../web/src/model/matrix';
import { projectQKV, qkvWeights, selfAttention, sentenceInputs, trainedSelfAttention } from '../../web/src/model/pipeline';
import { DEFAULT_TOY_SENTENCE } from '../../web/src/model/schema';
import { content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8')) as {
  models: Record<'translation', { file: string; options: TransformerOptions }>;
};

async function nodeModel(): Promise<TransformerTrainer> {
  const api = await createBottleneckCore();
  const m = manifest.models.translation;
  const t = api.createBottleneckTrainer({ ...m.options, positional: 'sinusoidal' });
  t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`../../web/public/models/${m.file}`, import.meta.url)))).tensors);
  return t;
}

const texts = (file: string) => content(file) as unknown as { explanation: string[]; tryThis: string[] };
const sameRow = (a: readonly number[] = [], b: readonly number[] = []) => a.length === b.length && a.every((v, k) => v === b[k]);
const argmax = (r: readonly number[] = []) => r.indexOf(Math.max(...r));
const caption = (page: Page, fig: string) => page.locator(`[data-fig="${fig}"]`);
const best = (page: Page) => page.locator('[data-stat="best"]');

/** The model's own attention map of encoder layer 1, head `head` (0-based), on a toy sentence. */
function modelMap(trainer: TransformerTrainer, tokens: readonly string[], head: number): Matrix {
  const vocab = trainer.info().sourceVocab;
  const m = trainer.attentionMaps(
    tokens.map((w) => vocab.indexOf(w)),
    [1],
  ).encoderSelf[0]?.[head];
  if (!m) throw new Error('no map');
  return m;
}

test('2 qkv, trained by default: X, W_Q/W_K/W_V, Q/K/V of head 1 equal the model’s; two “the” differ; heads differ, X does not', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const trainer = await nodeModel();
  await open(page, '#/qkv');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  await expect(page.locator('[data-key="ts"]')).toHaveValue(DEFAULT_TOY_SENTENCE);
  const r = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 0);
  // The head's weights are the model's own map: the lesson shows what the model uses.
  expectClose(rowsOf(r.att.weights), rowsOf(modelMap(trainer, r.tokens, 0)), 'head 1 weights vs attentionMaps', 1e-4);
  const X = await figureMatrix(page, 'X');
  expectClose(X, rowsOf(r.X), 'X');
  for (const [id, m] of [
    ['WQ', r.WQ],
    ['WK', r.WK],
    ['WV', r.WV],
    ['Q', r.Q],
    ['K', r.K],
    ['V', r.V],
  ] as const)
    expectClose(await figureMatrix(page, id), rowsOf(m), id);
  // Shapes: (T, 32), (32, 8), (T, 8).
  await expect(caption(page, 'X')).toContainText('(T, d_model) = (7, 32)');
  await expect(caption(page, 'WQ')).toContainText('(d_model, d_k) = (32, 8)');
  await expect(caption(page, 'Q')).toContainText('(T, d_k) = (7, 8)');
  await expect(caption(page, 'V')).toContainText('(T, d_v) = (7, 8)');
  // Explanation: d_model = 32, d_k = 8, a learned bias; the two “the” get different rows.
  const ex = texts('02-qkv').explanation.join(' ');
  expect(ex).toContain('$d_{model} = 32$');
  expect(ex).toContain('$d_k = 8$');
  expect(r.dModel).toBe(32);
  expect(r.dHead).toBe(8);
  expect(Array.from(r.bQ.data).some((b) => b !== 0)).toBe(true);
  const the2 = r.labels.indexOf('the₂');
  expect(r.tokens[0]).toBe('the');
  expect(sameRow(X[0], X[the2])).toBe(false);
  const Q = await figureMatrix(page, 'Q');
  expect(sameRow(Q[0], Q[the2])).toBe(false);
  // Try this 3 (trained): the K tooltip writes x·W_K[:,j] + b_K[j] and ends with the core's value.
  expect(texts('02-qkv').tryThis[2]).toContain('bias $b_K$');
  await page.locator('[data-fig="K"] .hm-cell[data-i="1"][data-j="2"]').hover();
  const tip = page.locator('[data-fig="K"] .tooltip');
  await expect(tip).toContainText('x_2·W_K[:,3] + b_K[3]');
  await expect(tip).toContainText(`${at(r.bK, 0, 2).toFixed(2).replace('-', '−')}`);
  await expect(tip).toContainText(`= ${at(r.K, 1, 2).toFixed(3).replace('-', '−')}`);
  // Try this 4: another head — X stays, W_Q and Q change (and are head 3's).
  expect(texts('02-qkv').tryThis[3]).toContain('X stays the same');
  await setControl(page, 'th', '3');
  await expect(page).toHaveURL(/th=3/);
  const r3 = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 2);
  expectClose(await figureMatrix(page, 'X'), X, 'X, head 3 (unchanged)', 0);
  const WQ3 = await figureMatrix(page, 'WQ');
  expectClose(WQ3, rowsOf(r3.WQ), 'W_Q head 3');
  expect(sameRow(WQ3[0], rowsOf(r.WQ)[0])).toBe(false);
  expectClose(await figureMatrix(page, 'Q'), rowsOf(r3.Q), 'Q head 3');
  // The switch is in the URL: random brings back the editable random mode.
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  await expect(page.locator('[data-editor="wq"]')).toBeVisible();
  const e = projectQKV(core, sentenceInputs(values().s).X, qkvWeights(values()));
  expectClose(await figureMatrix(page, 'Q'), rowsOf(e.Q), 'random Q');
  expect(errors).toEqual([]);
});

test('2 qkv, try this 1–2: a zero column of W_Q zeroes that column of Q (random); a repeated word repeats its row in random mode, not in trained', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const trainer = await nodeModel();
  const tries = texts('02-qkv').tryThis;
  expect(tries[0]).toMatch(/^Random mode: set every number in the first column of \$W_Q\$ to 0/);
  await open(page, '#/qkv?w=random');
  for (let i = 0; i < 4; ++i) {
    const cell = page.locator(`[data-editor="wq"] input[data-i="${i}"][data-j="0"]`);
    await cell.fill('0');
    await cell.press('Tab');
  }
  await expect(page).toHaveURL(/wq=0\.0_0~1\.0_0~2\.0_0~3\.0_0/);
  const Q0 = await figureMatrix(page, 'Q');
  expect(Q0.every((r) => r[0] === 0)).toBe(true);
  // Try this 2, random part: “The dog saw the dog.” — the two “dog” rows of Q are identical.
  expect(tries[1]).toContain('The dog saw the dog.');
  await open(page, '#/qkv?w=random');
  await setControl(page, 's', 'The dog saw the dog.');
  const inp = sentenceInputs('The dog saw the dog.');
  const e = projectQKV(core, inp.X, qkvWeights(values({ s: 'The dog saw the dog.' })));
  const Q = await figureMatrix(page, 'Q');
  expectClose(Q, rowsOf(e.Q), 'random Q');
  const [d1, d2] = [inp.labels.indexOf('dog'), inp.labels.indexOf('dog₂')];
  expect(sameRow(Q[d1], Q[d2])).toBe(true);
  // …then trained: the rows of X and Q of “the” and “the₂” differ.
  expect(tries[1]).toContain('switch to trained');
  await setControl(page, 'w', 'trained');
  const r = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 0);
  const X = await figureMatrix(page, 'X');
  const QT = await figureMatrix(page, 'Q');
  expectClose(QT, rowsOf(r.Q), 'trained Q');
  const the2 = r.labels.indexOf('the₂');
  expect(sameRow(X[0], X[the2])).toBe(false);
  expect(sameRow(QT[0], QT[the2])).toBe(false);
  expect(errors).toEqual([]);
});

test('3 match, trained by default: head 1’s scores; “sees” stands out as the text says; S is not symmetric', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const trainer = await nodeModel();
  await open(page, '#/match');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  const r = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 0);
  expectClose(rowsOf(r.att.weights), rowsOf(modelMap(trainer, r.tokens, 0)), 'head 1 weights vs attentionMaps', 1e-4);
  const S = await figureMatrix(page, 'scores');
  expectClose(S, rowsOf(r.att.scores), 'trained scores');
  await expect(caption(page, 'scores')).toContainText('trained head 1');
  await expect(caption(page, 'scores')).toContainText('(T, T) = (7, 7)');
  const ex = texts('03-match').explanation.join(' ');
  // “the query of “sees” matches its own key with the largest score of the whole table”
  expect(ex).toContain('the largest score of the whole table');
  const sees = r.labels.indexOf('sees');
  const flat = S.flat();
  expect(flat.indexOf(Math.max(...flat))).toBe(sees * S.length + sees);
  // “five of the seven queries match the key “sees” best”
  expect(ex).toContain('five of the seven queries');
  expect(S.length).toBe(7);
  expect(S.filter((row) => argmax(row) === sees).length).toBe(5);
  // “the French sentence keeps that order (“le chien petit voit la voiture rouge”)”
  expect(ex).toContain('“le chien petit voit la voiture rouge”');
  expect(trainer.translate(DEFAULT_TOY_SENTENCE).output.join(' ')).toBe('le chien petit voit la voiture rouge');
  // “the query “sees” scores the key “the” high, while the query “the” scores the key “sees” below zero”
  expect(ex).toContain('below zero');
  expect(S[sees]?.[0]).toBeGreaterThan(0);
  expect(S[0]?.[sees]).toBeLessThan(0);
  // The default query (token 2, “small”): the callout names its best key, as the core's argmax says.
  const b = core.hardAttention(r.att.scores).index;
  await expect(best(page)).toContainText(`The query “small” matches the key “${r.labels[b[1] ?? -1]}” best`);
  expect(errors).toEqual([]);
});

test('3 match, try this: 8 products per score; “sees”, “the₂”, “red” match “sees” (head 1); head 3: “red” matches “car”; random mode promises', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const trainer = await nodeModel();
  const tries = texts('03-match').tryThis;
  await open(page, '#/match');
  const r = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 0);
  // Try this 1: 8 products in trained mode (4 in random mode); the name “q_1·k_2” holds one more “·”.
  expect(tries[0]).toContain('8 in trained mode, 4 in random mode');
  await page.locator('[data-fig="scores"] .hm-cell[data-i="0"][data-j="1"]').hover();
  const tip = page.locator('[data-fig="scores"] .tooltip');
  await expect(tip).toContainText(`= ${at(r.att.scores, 0, 1).toFixed(3).replace('-', '−')}`);
  expect(((await tip.textContent()) ?? '').split('·').length - 2).toBe(8);
  // Try this 2: “sees” — its own key wins with the largest score; “the₂” and “red” match “sees” too.
  expect(tries[1]).toContain('its own key wins, with the largest score of the table');
  const labels = r.labels;
  await setControl(page, 'mq', String(labels.indexOf('sees')));
  await expect(best(page)).toContainText('The query “sees” matches the key “sees” best');
  for (const q of ['the₂', 'red']) {
    expect(tries[1]).toContain(`“${q}”`);
    await setControl(page, 'mq', String(labels.indexOf(q)));
    await expect(best(page)).toContainText(`The query “${q}” matches the key “sees” best`);
  }
  // Try this 3: head 3, query “red” → “car”.
  expect(tries[2]).toContain('It matches “car” best');
  await setControl(page, 'th', '3');
  await expect(page).toHaveURL(/th=3/);
  const r3 = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 2);
  expectClose(rowsOf(r3.att.weights), rowsOf(modelMap(trainer, r3.tokens, 2)), 'head 3 weights vs attentionMaps', 1e-4);
  expectClose(await figureMatrix(page, 'scores'), rowsOf(r3.att.scores), 'head 3 scores');
  await expect(caption(page, 'scores')).toContainText('trained head 3');
  await expect(best(page)).toContainText('The query “red” matches the key “car” best');
  // Try this 4 (random): (cat, sat) ≠ (sat, cat); a tooltip has 4 products.
  expect(tries[3]).toMatch(/^Random mode: compare the cell \(cat, sat\) with \(sat, cat\)/);
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  const rr = await figureMatrix(page, 'scores');
  expectClose(rr, rowsOf(selfAttention(core, values()).att.scores), 'random scores');
  expect(rr[1]?.[2]).not.toBe(rr[2]?.[1]);
  await page.locator('[data-fig="scores"] .hm-cell[data-i="0"][data-j="1"]').hover();
  expect(((await tip.textContent()) ?? '').split('·').length - 2).toBe(4);
  // Try this 5 (random): W_K := W_Q (the numbers copied into the link) makes S symmetric.
  expect(tries[4]).toContain('make $W_K$ equal to $W_Q$');
  const W = qkvWeights(values());
  const wk = Array.from({ length: W.WQ.rows }, (_, i) => Array.from({ length: W.WQ.cols }, (_, j) => `${i}.${j}_${at(W.WQ, i, j).toFixed(6)}`)).flat();
  await open(page, `#/match?w=random&wk=${wk.join('~')}`);
  const Ssym = await figureMatrix(page, 'scores');
  Ssym.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (Ssym[j]?.[i] ?? NaN)), `S[${i}][${j}] vs S[${j}][${i}]`).toBeLessThan(1e-4)));
  expect(errors).toEqual([]);
});

test('2 qkv, trained: X is the learned embedding times √d_model plus the positional encoding (as the text and lesson 5 say), and the K tooltip writes the first 4 of its 32 products, then b_K', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const trainer = await nodeModel();
  const r = trainedSelfAttention(core, trainer, DEFAULT_TOY_SENTENCE, 0);
  const d = r.dModel;
  expect(texts('02-qkv').explanation[2]).toContain(`embedding times $\\sqrt{d_{model}} = \\sqrt{${d}}$ plus a signal of its position`);
  expect(texts('05-softmax').explanation[3]).toContain('embedding (times $\\sqrt{d_{model}}$) plus a code of its position');
  // √d_model · E[id] + PE, from the checkpoint's embedding table and the core's sinusoidal PE.
  const E = trainer.stateDict()['src_embed.weight']!;
  const vocab = trainer.info().sourceVocab;
  const pe = rowsOf(core.positionalEncoding(r.tokens.length, d));
  const expected = r.tokens.map((w, i) => Array.from({ length: d }, (_, j) => Math.sqrt(d) * (E.data[vocab.indexOf(w) * d + j] ?? NaN) + pe[i]![j]!));
  await open(page, '#/qkv');
  expectClose(await figureMatrix(page, 'X'), expected, 'X = √d_model·E + PE', 1e-5);
  // Try this 3: "(in trained mode the first 4 of its 32 products, then the bias b_K)".
  expect(texts('02-qkv').tryThis[2]).toContain(`the first 4 of its ${d} products, then the bias $b_K$`);
  await page.locator('[data-fig="K"] .hm-cell[data-i="1"][data-j="2"]').hover();
  const tip = (await page.locator('[data-fig="K"] .tooltip').textContent()) ?? '';
  // "K[…][3] = x_2·W_K[:,3] + b_K[3] = p₁ + p₂ + p₃ + p₄ + … (+28) + b = value"
  const sum = tip.split(' = ')[2] ?? '';
  const [products = '', rest = ''] = sum.split(' + … ');
  expect(products.split(' + ')).toHaveLength(4);
  expect(rest.startsWith(`(+${d - 4}) + `), rest).toBe(true);
  expect(rest).toContain(at(r.bK, 0, 2).toFixed(2).replace('-', '−'));
  trainer.delete();
  expect(errors).toEqual([]);
});
