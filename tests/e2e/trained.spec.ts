// tests/e2e/trained.spec.ts — the lessons on trained weights (lessons 8 and 10): the page loads
// the committed checkpoints lazily, shows every map the trainer computes (compared with the same
// checkpoint loaded in Node through wasm/trainer.js), names each head after the core's measured
// scores, and each "try this" about the trained models is performed on the live page and its
// promised outcome asserted: ablation costs, previous-token heads in layer 1, the alignment of
// "petit" with "small", what removing the positional encoding breaks. The trained/random switch
// and the ablation set round-trip through the URL. Thresholds are the texts' own words ("only a
// little", "above 4 nats", "about half", "above 2 nats"); the numbers come from the core.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createBottleneckCore, readSafetensors, type TransformerOptions, type TransformerTrainer } from '../../wasm/trainer.js';
import type { Matrix } from '../../web/src/model/matrix';
import { permuteRows } from '../../web/src/model/matrix';
import { sentenceInputs, seq2seq, SEQ_D, trainedSelfAttention } from '../../web/src/model/pipeline';
import { seededPermutation } from '../../web/src/model/random';
import { NAMED } from '../../web/src/model/ablation';
import { content, expectClose, figureMatrix, nodeCore, open, rowsOf, values, watchErrors } from './helpers';

const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8')) as {
  models: Record<'translation' | 'induction', { file: string; bytes: number; options: TransformerOptions }>;
};

async function nodeModel(name: 'translation' | 'induction', positional: 'sinusoidal' | 'none' = 'sinusoidal'): Promise<TransformerTrainer> {
  const api = await createBottleneckCore();
  const m = manifest.models[name];
  const t = api.createBottleneckTrainer({ ...m.options, positional });
  t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`../../web/public/models/${m.file}`, import.meta.url)))).tensors);
  return t;
}

const tryThis = (file: string) => (content(file) as { tryThis: string[] }).tryThis;
const letterIds = (t: TransformerTrainer, letters: string) => [1, ...letters.split(' ').map((w) => t.info().targetVocab.indexOf(w))];
const lossOf = async (page: Page) => {
  const el = page.locator('[data-stat="ablation"]');
  return { all: Number(await el.getAttribute('data-loss-all')), now: Number(await el.getAttribute('data-loss-now')) };
};

test('8 multihead, trained by default: the induction model’s heads equal the core’s, named by their measured scores; ablation costs what the text says', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const ind = await nodeModel('induction');
  const letters = 'q m t h c q m t h c';
  await open(page, '#/multihead');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  const maps = ind.attentionMaps(letterIds(ind, letters), []).decoderSelf;
  const scores = ind.headScores();
  // Layer 2 (the default): the induction heads.
  for (const k of [0, 1]) {
    expectClose(await figureMatrix(page, `trained-head-${k + 1}`), rowsOf(maps[1]![k]!), `layer 2 head ${k + 1}`);
    const s = scores.find((x) => x.layer === 1 && x.head === k)!;
    expect(s.induction).toBeGreaterThanOrEqual(0.4);
    await expect(page.locator(`[data-fig="trained-head-${k + 1}"]`)).toContainText(`induction head (score ${s.induction.toFixed(2)})`);
  }
  // Try this 1: one head off costs "only a little", both off "above 4 nats".
  expect(tryThis('08-multihead')[0]).toContain('above 4 nats');
  const before = await lossOf(page);
  expect(before.all).toBeCloseTo(ind.testLoss().repeatedHalf!, 6);
  await page.locator('input[data-head="d2.1"]').uncheck();
  await expect(page).toHaveURL(/mhoff=d2\.1/);
  const one = await lossOf(page);
  ind.setHeadEnabled('decoder', 1, 0, false);
  expect(one.now).toBeCloseTo(ind.testLoss().repeatedHalf!, 6);
  expect(one.now).toBeGreaterThan(before.all);
  expect(one.now).toBeLessThan(0.5);
  await page.locator('input[data-head="d2.2"]').uncheck();
  await expect(page).toHaveURL(/mhoff=d2\.1~d2\.2/);
  const both = await lossOf(page);
  ind.setHeadEnabled('decoder', 1, 1, false);
  expect(both.now).toBeCloseTo(ind.testLoss().repeatedHalf!, 6);
  expect(both.now).toBeGreaterThan(4);
  // The ablation is in the link: reloading keeps both switches off.
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('input[data-head="d2.1"]')).not.toBeChecked();
  await expect(page.locator('input[data-head="d2.2"]')).not.toBeChecked();
  // Try this 2: layer 1's heads put "about half" of their weight on the previous token.
  await page.locator('[data-key="mhl"]').selectOption('1');
  for (const k of [0, 1]) {
    const s = scores.find((x) => x.layer === 0 && x.head === k)!;
    expect(s.previousToken).toBeGreaterThan(0.4);
    expect(s.previousToken).toBeLessThan(0.65);
    await expect(page.locator(`[data-fig="trained-head-${k + 1}"]`)).toContainText(`previous-token head (mean weight ${s.previousToken.toFixed(2)}`);
  }
  ind.delete();
  expect(errors).toEqual([]);
});

test('8 multihead: the translation model’s cross-attention — "petit" peaks on "small"; random weights show no such head', async ({ page }) => {
  const errors = watchErrors(page);
  const tr = await nodeModel('translation');
  await open(page, '#/multihead?mhm=translation');
  const r = tr.translate('the small dog sees the red car');
  const writes = [...r.output, '<eos>'];
  const row = writes.indexOf('petit');
  const small = r.source.indexOf('small');
  expect(row).toBeGreaterThanOrEqual(0);
  expect(tryThis('08-multihead')[2]).toContain('“petit” peaks on “small”');
  for (let k = 0; k < 4; ++k) {
    const m = await figureMatrix(page, `trained-head-${k + 1}`);
    expectClose(m, rowsOf(r.maps.cross[1]![k]!), `cross layer 2 head ${k + 1}`);
    const petit = m[row]!;
    expect(petit.indexOf(Math.max(...petit)), `head ${k + 1}: the row writing "petit" peaks on "small"`).toBe(small);
  }
  // Random weights: the seeded heads of the old figure, none of them named.
  await page.locator('[data-key="w"]').selectOption('random');
  await expect(page).toHaveURL(/w=random/);
  await expect(page.locator('[data-fig="head-1"]')).toBeVisible();
  await expect(page.locator('[data-fig^="trained-head"]')).toHaveCount(0);
  tr.delete();
  expect(errors).toEqual([]);
});

test('10 transformer, trained: encoder, masked decoder and cross maps equal the core’s; without positional encoding "the car sees the dog" breaks', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const tr = await nodeModel('translation');
  const flat = await nodeModel('translation', 'none');
  await open(page, '#/transformer');
  const r = tr.translate('the small dog sees the red car');
  expectClose(await figureMatrix(page, 'trained-encoder'), rowsOf(r.maps.encoderSelf[1]![0]!), 'encoder layer 2 head 1');
  expectClose(await figureMatrix(page, 'trained-decoder'), rowsOf(r.maps.decoderSelf[1]![0]!), 'decoder layer 2 head 1');
  const cross = await figureMatrix(page, 'trained-cross');
  expectClose(cross, rowsOf(r.maps.cross[1]![0]!), 'cross layer 2 head 1');
  // The masked decoder never looks ahead.
  const dec = r.maps.decoderSelf[1]![0]! as Matrix;
  for (let i = 0; i < dec.rows; ++i) for (let j = i + 1; j < dec.cols; ++j) expect(dec.data[i * dec.cols + j]).toBe(0);
  // Try this 1: "chien" looks at "dog" and "petit" at "small".
  expect(tryThis('10-transformer')[0]).toContain('“chien” looks at “dog”');
  const writes = [...r.output, '<eos>'];
  for (const [fr, en] of [
    ['chien', 'dog'],
    ['petit', 'small'],
  ] as const) {
    const row = cross[writes.indexOf(fr)]!;
    expect(row.indexOf(Math.max(...row)), `${fr} → ${en}`).toBe(r.source.indexOf(en));
  }
  await expect(page.locator('[data-stat="alignment"]')).toContainText('chien ← dog');
  // The grammar the text explains: the adjective follows its noun ("the small dog" → "le chien petit"),
  // the article agrees with the noun's gender ("the car" → "la voiture").
  const l10 = (content('10-transformer') as { explanation: string[] }).explanation.join(' ');
  expect(l10).toContain('(“the small dog” → “le chien petit”)');
  expect(l10).toContain('(“the car” → “la voiture”');
  await expect(page.locator('[data-stat="decoded"]')).toHaveAttribute('data-output', /^le chien petit .*la voiture/);
  expect(r.output.join(' ')).toBe(r.reference.join(' '));
  expect(tr.translate('the car sleeps').output.join(' ')).toBe('la voiture dort');
  // Try this 2: the same weights without positions swap subject and object and never stop.
  await page.locator('[data-key="ts"]').fill('the car sees the dog');
  await expect(page.locator('[data-stat="decoded"]')).toHaveAttribute('data-output', tr.translate('the car sees the dog').output.join(' '));
  const withPE = Number(await page.locator('[data-stat="decoded"]').getAttribute('data-loss'));
  expect(withPE).toBeCloseTo(tr.testLoss().loss, 6);
  expect(withPE).toBeLessThan(0.05);
  await page.locator('[data-key="trpe"]').uncheck();
  await expect(page).toHaveURL(/trpe=0/);
  const broken = flat.translate('the car sees the dog');
  await expect(page.locator('[data-stat="decoded"]')).toHaveAttribute('data-output', broken.output.join(' '));
  expect(broken.output.slice(0, 5).join(' ')).toBe('le chien voit la voiture');
  expect(broken.finished, 'the sentence never stops').toBe(false);
  const without = Number(await page.locator('[data-stat="decoded"]').getAttribute('data-loss'));
  expect(without).toBeCloseTo(flat.testLoss().loss, 6);
  expect(without).toBeGreaterThan(2);
  tr.delete();
  flat.delete();
  expect(errors).toEqual([]);
});

test('10 transformer, trained: one whole encoder block — every step equals the core’s blockTrace; input + attention’s change is the next figure; layer 2 reads layer 1’s output', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const tr = await nodeModel('translation');
  const source = 'the small dog sees the red car'.split(' ');
  const ids = source.map((w) => tr.info().sourceVocab.indexOf(w));
  await open(page, '#/transformer');
  const steps = [
    ['input', 'input'],
    ['attention', 'attention'],
    ['sum1', 'sum1'],
    ['norm1', 'norm1'],
    ['ff', 'feedForward'],
    ['sum2', 'sum2'],
    ['output', 'output'],
  ] as const;
  const two = tr.blockTrace(ids, 1);
  const shown: Record<string, number[][]> = {};
  for (const [fig, key] of steps) {
    shown[fig] = await figureMatrix(page, `block-${fig}`);
    expectClose(shown[fig]!, rowsOf(two[key]), `layer 2 ${key}`, 1e-4);
  }
  // The promise of the text: input + attention's change = the next figure, cell by cell.
  expect(tryThis('10-transformer')[2]).toContain('“input + change” is exactly the next figure');
  const sum = shown.input!.map((r, i) => r.map((x, j) => x + shown.attention![i]![j]!));
  expectClose(shown.sum1!, sum, 'x + SA(x) on the page', 1e-4);
  // Layer 2's input is layer 1's output.
  expectClose(shown.input!, rowsOf(tr.blockTrace(ids, 0).output), 'layer 2 input = layer 1 output', 1e-4);
  await page.locator('[data-key="trl"]').selectOption('1');
  expectClose(await figureMatrix(page, 'block-input'), rowsOf(tr.blockTrace(ids, 0).input), 'layer 1 input', 1e-4);
  tr.delete();
  expect(errors).toEqual([]);
});

test('10 transformer, trained without positional encoding: layer 1’s input is the scaled embeddings alone, as its caption and the formula now say', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const labels = (content('10-transformer') as { labels: Record<string, string> }).labels;
  const source = 'the small dog sees the red car'.split(' ');
  await open(page, '#/transformer');
  await page.locator('[data-key="trl"]').selectOption('1');
  const input = page.locator('[data-fig="block-input"]');
  // The formula shown (the other model's stays on the page, parked: ui/modes.ts).
  const formula = page.locator('.formula > :not([data-parked]) annotation');
  // As trained (with PE): the caption names the positional encoding, and the two "the" differ.
  await expect(input).toContainText(labels.b_inputNote!);
  await expect(formula.first()).toContainText('+ PE');
  const withPE = await figureMatrix(page, 'block-input');
  const gap = (m: number[][]) => Math.max(...m[0]!.map((x, j) => Math.abs(x - m[4]![j]!)));
  expect(gap(withPE), 'rows of the two "the", with PE').toBeGreaterThan(0.1);
  // Without: the core's own layer-1 input of the no-PE model, the same row for the same word.
  await page.locator('[data-key="trpe"]').uncheck();
  await expect(input).toContainText(labels.b_inputNoteNoPe!);
  await expect(formula.first()).not.toContainText('PE');
  const tr = await nodeModel('translation', 'none');
  const ids = source.map((w) => tr.info().sourceVocab.indexOf(w));
  const noPE = await figureMatrix(page, 'block-input');
  expectClose(noPE, rowsOf(tr.blockTrace(ids, 0).input), 'layer 1 input without PE', 1e-4);
  expect(gap(noPE), 'rows of the two "the", without PE').toBeLessThan(1e-6);
  tr.delete();
  expect(errors).toEqual([]);
});

test('10 transformer, trained: the In PyTorch panel names and links the two files its snippet reads, and the site serves them', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/transformer');
  const panel = page.locator('[data-bridge="transformer"]');
  await panel.locator('summary').click();
  await expect(panel.locator('code')).toContainText('load_safetensors("translation.safetensors")');
  const links = panel.locator('.bridge-files a');
  await expect(links).toHaveCount(2);
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.map((u) => u.split('/').slice(-2).join('/'))).toEqual(['models/translation.safetensors', 'models/attention_lab.py']);
  const [weights, module] = await Promise.all(hrefs.map((u) => page.request.get(u)));
  expect((await weights!.body()).length).toBe(manifest.models.translation.bytes);
  expect(await module!.text()).toContain('def head_maps(');
  expect(errors).toEqual([]);
});

test('9 positional, trained: without PE the trained head’s outputs are only permuted by a shuffle; with PE (the model as trained) they change', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const flat = await nodeModel('translation', 'none');
  const withPE = await nodeModel('translation');
  expect(tryThis('09-positional')[0]).toContain('with the trained weights and with random ones');
  await open(page, '#/positional');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  const orig = trainedSelfAttention(core, flat, 'the small dog sees the red car', 0);
  const order = seededPermutation(1, orig.tokens.length);
  const shuffled = (t: typeof flat) => trainedSelfAttention(core, t, order.map((k) => orig.tokens[k]).join(' '), 0);
  expectClose(await figureMatrix(page, 'out-original'), rowsOf(orig.att.output), 'original, no PE');
  expectClose(await figureMatrix(page, 'out-shuffled'), rowsOf(shuffled(flat).att.output), 'shuffled, no PE');
  await expect(page.locator('[data-stat="permuted"]')).toHaveAttribute('data-permuted', 'true');
  // The page's own numbers: shuffled row r is original row order[r].
  const a = await figureMatrix(page, 'out-original');
  const b = await figureMatrix(page, 'out-shuffled');
  expectClose(
    b,
    order.map((k) => a[k]!),
    'a permutation of the rows',
    1e-4,
  );
  await page.getByLabel('Add positional encoding to the inputs').check();
  await expect(page.locator('[data-stat="permuted"]')).toHaveAttribute('data-permuted', 'false');
  expectClose(await figureMatrix(page, 'out-shuffled'), rowsOf(shuffled(withPE).att.output), 'shuffled, as trained');
  const a2 = await figureMatrix(page, 'out-original');
  const b2 = await figureMatrix(page, 'out-shuffled');
  const gap = Math.max(...order.flatMap((k, r) => b2[r]!.map((v, c) => Math.abs(v - a2[k]![c]!))));
  expect(gap).toBeGreaterThan(1e-2);
  flat.delete();
  withPE.delete();
  expect(errors).toEqual([]);
});

test('8 and 10: the sizes, step count and naming threshold the texts state are the models’ and the code’s own', async () => {
  const tr = await nodeModel('translation');
  const ind = await nodeModel('induction');
  const t = tr.info();
  const i = ind.info();
  const text = (file: string) => (content(file) as { explanation: string[] }).explanation.join(' ');
  // Lesson 10: "(2 encoder and 2 decoder layers, 4 heads, $d_{model} = 32$, in about a thousand steps)".
  expect(text('10-transformer')).toContain(
    `(${t.encoderLayers} encoder and ${t.decoderLayers} decoder layers, ${t.numHeads} heads, $d_{model} = ${t.dModel}$, in about a thousand steps)`,
  );
  expect(manifest.models.translation.options.steps).toBe(1000);
  // Lesson 8: "(2 layers × 2 heads, $d_{model} = 32$)", "(2 + 2 layers × 4 heads)", named at a score "of at least 0.4".
  const l8 = text('08-multihead');
  expect(l8).toContain(`(${i.decoderLayers} layers × ${i.numHeads} heads, $d_{model} = ${i.dModel}$)`);
  expect(l8).toContain(`(${t.encoderLayers} + ${t.decoderLayers} layers × ${t.numHeads} heads)`);
  expect(l8).toContain(`at least ${NAMED}`);
  tr.delete();
  ind.delete();
});

test('8 and the lab: the heads view trains two layers of one head each; trained at its defaults, layer 1 becomes the previous-token head, layer 2 the induction head, the repeated-half loss drops as it forms, and each try-this ablation raises it', async () => {
  test.setTimeout(120_000);
  const api = await createBottleneckCore();
  const d = api.transformerDefaults.induction;
  const lab = JSON.parse(readFileSync(new URL('../../web/content/en/lab.json', import.meta.url), 'utf8')) as Record<string, string | string[]>;
  const lesson8 = (content('08-multihead') as { lab: { text: string } }).lab.text;
  // "a smaller induction model … (two layers, one head each)": smaller than lesson 8's own.
  const ind = await nodeModel('induction');
  expect(d.numHeads).toBe(1);
  expect(d.decoderLayers).toBe(2);
  expect(ind.info().numHeads).toBeGreaterThan(d.numHeads);
  ind.delete();
  expect(lesson8).toContain('(two layers, one head each)');
  expect((lab['ind.intro'] as string[])[0]).toContain('(two layers of one head each');
  /** Trains the lab's heads model at its defaults; the step where each measure first crosses its mark. */
  const train = (seed: number) => {
    const t = api.createBottleneckTrainer({ ...d, model: 'transformer', task: 'induction', seed });
    const first: { induction?: number; loss?: number } = {};
    for (let step = 0; step <= d.steps; step += 20) {
      if (step > 0) t.trainSteps(20);
      const layer2 = t.headScores().find((h) => h.layer === 1)!;
      if (first.induction === undefined && layer2.induction >= NAMED) first.induction = step;
      if (first.loss === undefined && (t.testLoss().repeatedHalf ?? Infinity) < 1) first.loss = step;
    }
    return { t, first };
  };
  const { t, first } = train(d.seed ?? 1);
  const [l1, l2] = [0, 1].map((layer) => t.headScores().find((h) => h.layer === layer)!);
  // "a previous-token head in layer 1, an induction head in layer 2"
  expect(l1!.previousToken).toBeGreaterThanOrEqual(NAMED);
  expect(l1!.previousToken).toBeGreaterThan(l2!.previousToken);
  expect(l2!.induction).toBeGreaterThanOrEqual(NAMED);
  expect(l2!.induction).toBeGreaterThan(l1!.induction);
  // "the repeated-half loss drops as the induction head forms": both within 100 steps of each other.
  expect(first.induction, 'the induction head forms').toBeDefined();
  expect(first.loss, 'the repeated-half loss drops below 1 nat').toBeDefined();
  expect(Math.abs(first.induction! - first.loss!)).toBeLessThanOrEqual(100);
  // Try this 1 and 2: switching off layer 2's head, then layer 1's instead, each raises the loss by more than 1 nat.
  const tries = lab['ind.tryThis'] as string[];
  expect(tries[0]).toContain('(in layer 2)');
  expect(tries[1]).toContain('switch off the layer-1 head');
  const repeated = () => t.testLoss().repeatedHalf ?? NaN;
  const base = repeated();
  for (const h of [l2!, l1!]) {
    t.setHeadEnabled(h.block, h.layer, h.head, false);
    expect(repeated() - base, `layer ${h.layer + 1} off`).toBeGreaterThan(1);
    t.setHeadEnabled(h.block, h.layer, h.head, true);
  }
  t.delete();
  // Try this 3, "Does layer 2's head become the induction head again, and at about the same step?": seed 2 says yes.
  expect(tries[2]).toContain('Does layer 2’s head become the induction head again');
  const again = train(2);
  const [a1, a2] = [0, 1].map((layer) => again.t.headScores().find((h) => h.layer === layer)!);
  expect(a2!.induction).toBeGreaterThan(a1!.induction);
  expect(a2!.induction).toBeGreaterThanOrEqual(NAMED);
  again.t.delete();
});

test('8: a causal mask leaks order — unmasked, a shuffle only permutes attention’s outputs; causal, it changes them', async () => {
  const core = await nodeCore();
  expect((content('08-multihead') as { explanation: string[] }).explanation[2]).toContain('A causal mask leaks some order');
  const X = sentenceInputs('the small dog sees the red car').X;
  const order = seededPermutation(3, X.rows);
  const Xp = permuteRows(X, order);
  const gap = (causal: boolean) => {
    const o = rowsOf(core.attention(X, X, X, { causal }).output);
    const op = rowsOf(core.attention(Xp, Xp, Xp, { causal }).output);
    return Math.max(...op.flatMap((r, i) => r.map((v, j) => Math.abs(v - o[order[i]!]![j]!))));
  };
  expect(gap(false), 'unmasked: permutation-equivariant').toBeLessThan(1e-5);
  expect(gap(true), 'causal: the shuffle changes the outputs').toBeGreaterThan(0.05);
});

test('8: trained with and without the positional encoding, the lab’s induction model finds “previous” only with it; without, the causal mask alone still lets it learn to copy', async () => {
  test.setTimeout(120_000);
  expect((content('08-multihead') as { explanation: string[] }).explanation[2]).toContain(
    'A causal mask leaks some order, but the positional encoding is what makes “previous” easy to find.',
  );
  const api = await createBottleneckCore();
  const d = api.transformerDefaults.induction;
  const trained = (positional: 'sinusoidal' | 'none') => {
    const t = api.createBottleneckTrainer({ ...d, model: 'transformer', task: 'induction', seed: 1, positional });
    t.trainSteps(d.steps);
    const prev = Math.max(...t.headScores().map((h) => h.previousToken));
    const induction = Math.max(...t.headScores().map((h) => h.induction));
    const loss = t.testLoss();
    t.delete();
    return { prev, induction, repeated: loss.repeatedHalf ?? NaN, first: loss.firstHalf ?? NaN };
  };
  const withPE = trained('sinusoidal');
  const without = trained('none');
  // The positional encoding makes "previous" easy to find: a previous-token head only with it.
  expect(withPE.prev).toBeGreaterThanOrEqual(NAMED);
  expect(without.prev).toBeLessThan(NAMED);
  // The causal mask leaks order: without positions an induction head still forms, and the repeated
  // half is still predicted far better than the unpredictable first half.
  expect(without.induction).toBeGreaterThanOrEqual(NAMED);
  expect(without.repeated).toBeLessThan(1);
  expect(without.first - without.repeated).toBeGreaterThan(1);
});

test('10 transformer, hand-made weights: no encoder runs, so the formula names the source embeddings as cross-attention’s keys and values', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await open(page, '#/transformer?w=random');
  const formula = page.locator('.formula > :not([data-parked]) annotation');
  await expect(formula.first()).toContainText('\\operatorname{Attn}(Y, X_{src}, X_{src})');
  await expect(formula.nth(1)).toContainText('\\cdot x_{j}');
  expect((await formula.allTextContents()).join(' ')).not.toContain('H_{enc}');
  // The page's cross map is attention with the source embeddings themselves as keys and values:
  // the embeddings (pipeline.embed via seq2seq, no core call) straight into core.attention.
  expect((content('10-transformer') as { explanation: string[] }).explanation[3]).toContain(
    'cross-attention’s keys and values are the source embeddings themselves',
  );
  const core = await nodeCore();
  const lex = (content('10-transformer') as { data: { lexicon: Record<string, string> } }).data.lexicon;
  const r = seq2seq(core, values().s, "Le chat s'est assis sur le tapis.", lex, 2);
  const direct = core.attention(r.Xt, r.Xs, r.Xs, { scale: 2 / Math.sqrt(SEQ_D) });
  expectClose(await figureMatrix(page, 'cross'), rowsOf(direct.weights), 'cross = Attn(Y, X_src, X_src)');
  expect(errors).toEqual([]);
});
