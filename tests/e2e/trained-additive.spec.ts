// tests/e2e/trained-additive.spec.ts — lesson 11 (additive vs dot-product scoring) on trained
// weights, its default: the two GRU encoder–decoders the core trained (lesson models `additive`
// and `dot`), loaded here in Node from the committed checkpoints through wasm/trainer.js
// (createBottleneckCore, readSafetensors, loadStateDict). The page's alignment maps must equal
// trainer.translate() in Node, its difference core.compareMatrices of them, its table the core's
// hardAttention choices, its cost table the counts from the shapes; every number the trained-mode
// text states is checked on these models (thresholds are the text's own: "more than 0.7",
// "most of its weight" > 0.5, "disagree on one word" = exactly one row), each trained-mode "try
// this" is performed, and the weights switch round-trips through the URL (w=random brings back the
// seeded mode, tested in lessons.spec.ts and promises-audit.spec.ts).
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { bottleneckDefaults, createBottleneckCore, readSafetensors, type BottleneckOptions, type BottleneckTrainer } from '../../wasm/trainer.js';
import { EOS, gruScoringCost } from '../../web/src/model/gruAlignment';
import { selfAttention } from '../../web/src/model/pipeline';
import { DEFAULT_TOY_SENTENCE } from '../../web/src/model/schema';
import { fmt, tex } from '../../web/src/ui/format';
import { content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

type Name = 'additive' | 'dot';
const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8')) as {
  models: Record<Name, { file: string; options: BottleneckOptions & { model: string } }>;
};
const text = content('11-additive') as unknown as { explanation: string[]; tryThis: string[]; labels: Record<string, string>; data: { toyExamples: string[] } };

let models: Promise<Record<Name, BottleneckTrainer>> | undefined;
/** The committed GRU checkpoints, loaded in Node into trainers of the manifest's options. */
function nodeModels(): Promise<Record<Name, BottleneckTrainer>> {
  models ??= (async () => {
    const api = await createBottleneckCore();
    const load = (name: Name) => {
      const m = manifest.models[name];
      const t = api.createBottleneckTrainer(m.options);
      t.loadStateDict(readSafetensors(new Uint8Array(readFileSync(new URL(`../../web/public/models/${m.file}`, import.meta.url)))).tensors);
      return t;
    };
    return { additive: load('additive'), dot: load('dot') };
  })();
  return models;
}

const argmax = (xs: readonly number[]) => xs.indexOf(Math.max(...xs));
const rowLabels = (r: { output: string[]; finished: boolean }) => (r.finished ? [...r.output, EOS] : r.output);
const tableCells = (page: import('@playwright/test').Page) =>
  page.locator('[data-stat="alignment-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));

test('11 additive, trained by default: both learned alignments equal the models’ own, the outputs, the table, the difference and every number the text states', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const { additive, dot } = await nodeModels();
  await open(page, '#/additive');
  await expect(page.locator('[data-key="w"]')).toHaveValue('trained');
  await expect(page.locator('[data-key="ts"]')).toBeVisible();
  await expect(page.locator('[data-key="ts"]')).toHaveValue(DEFAULT_TOY_SENTENCE);
  await expect(page.locator('[data-key="s"]')).toBeHidden();
  await expect(page.locator('[data-key="ah"]')).toBeHidden();

  // The models are the lab's defaults with one score each, as the text and the note say.
  for (const name of ['additive', 'dot'] as const) {
    const o = manifest.models[name].options;
    expect(o).toEqual({ model: 'gru', ...bottleneckDefaults, attention: name });
  }
  const d = bottleneckDefaults;
  const expl = text.explanation.join(' ');
  expect(expl).toContain(`the lab's (embedding ${d.embed}, hidden ${d.hidden}, ${d.steps} steps of ${d.batchSize} sentences, seed ${d.seed})`);
  await expect(page.locator('[data-stat="trained-models"]')).toContainText(
    `trained for ${d.steps} steps on the toy English → French task (embedding ${d.embed}, hidden h = ${d.hidden}, additive width a = ${d.attnHidden})`,
  );
  expect(additive.info().attention).toBe('additive');
  expect(dot.info().attention).toBe('dot');

  // The maps are the models' α on the toy sentence (rows: French words written, cols: English words).
  const A = additive.translate(DEFAULT_TOY_SENTENCE);
  const D = dot.translate(DEFAULT_TOY_SENTENCE);
  const a = await figureMatrix(page, 'trained-additive');
  const dm = await figureMatrix(page, 'trained-dot');
  expectClose(a, rowsOf(A.attention), 'additive model α');
  expectClose(dm, rowsOf(D.attention), 'dot model α');
  await expect(page.locator('[data-fig="trained-additive"]')).toContainText(`(T_out, T_s) = (${A.attention.rows}, ${A.source.length})`);

  // "both models write the correct translation"
  expect(A.output).toEqual(A.reference);
  expect(D.output).toEqual(D.reference);
  await expect(page.locator('[data-stat="output-additive"]')).toHaveText(`The additive model writes “${A.output.join(' ')}” — the correct translation.`);
  await expect(page.locator('[data-stat="output-dot"]')).toHaveText(`The dot (general) model writes “${D.output.join(' ')}” — the correct translation.`);

  // "in both, every row puts more than 0.7 of its weight on one English word, and it is the same word in both models"
  expect(expl).toContain('every row puts more than 0.7 of its weight on one English word, and it is the same word in both models');
  expect(a.length).toBe(dm.length);
  const hardA = core.hardAttention(A.attention).index;
  const hardD = core.hardAttention(D.attention).index;
  a.forEach((row, i) => {
    expect(Math.max(...row), `additive row ${i}`).toBeGreaterThan(0.7);
    expect(Math.max(...(dm[i] ?? [])), `dot row ${i}`).toBeGreaterThan(0.7);
    expect(argmax(row), `row ${i}: same English word`).toBe(argmax(dm[i] ?? []));
    expect(hardA[i]).toBe(argmax(row));
  });
  // The table: each row's French word, each model's strongest English word and weight, "yes" everywhere.
  const labels = rowLabels(A);
  expect(labels).toEqual(rowLabels(D));
  const cells = await tableCells(page);
  expect(cells.map((c) => c[0])).toEqual(labels);
  cells.forEach((c, i) => {
    expect(c[1]).toBe(`${A.source[hardA[i] ?? -1]} ${fmt(a[i]?.[hardA[i] ?? -1] ?? NaN, 2)}`);
    expect(c[2]).toBe(`${D.source[hardD[i] ?? -1]} ${fmt(dm[i]?.[hardD[i] ?? -1] ?? NaN, 2)}`);
    expect(c[3]).toBe('yes');
  });
  // "Both learned the reordering: … “petit” looks back at “small”" (petit is written after chien; small comes before dog).
  expect(expl).toContain('“petit” looks back at “small”');
  const petit = labels.indexOf('petit');
  expect(petit).toBeGreaterThan(labels.indexOf('chien'));
  for (const m of [a, dm]) expect(A.source[argmax(m[petit] ?? [])]).toBe('small');
  expect(A.source.indexOf('small')).toBeLessThan(A.source.indexOf('dog'));

  // Try this 1 (trained): "le" and "la" put most of their weight on their noun ("dog", "car"), not on "the".
  expect(text.tryThis[0]).toContain('Each article puts most of its weight not on “the” but on its noun (“dog”, “car”)');
  for (const [art, noun] of [
    ['le', 'dog'],
    ['la', 'car'],
  ] as const) {
    const i = labels.indexOf(art);
    for (const m of [a, dm]) {
      const j = argmax(m[i] ?? []);
      expect(A.source[j], `${art} looks at ${noun}`).toBe(noun);
      expect(m[i]?.[j]).toBeGreaterThan(0.5);
    }
  }

  // The difference is the core's, and the callout and the formula name its largest cell (try this 3, trained).
  const cmp = core.compareMatrices(A.attention, D.attention);
  const diff = await figureMatrix(page, 'trained-difference');
  expectClose(diff, rowsOf(cmp.difference), 'α_add − α_dot');
  const [bi, bj] = [cmp.row, cmp.col];
  await expect(page.locator('[data-stat="trained-differ"]')).toHaveText(
    `The two models' weights differ most in row “${labels[bi]}”, on “${A.source[bj]}”: by ${fmt(cmp.maxAbs, 3)}.`,
  );
  const formula = page.locator('.formula');
  await expect(formula).toContainText(`row “${labels[bi]}”, English “${A.source[bj]}”`);
  await expect(formula).toContainText(`^{add}_{${bi + 1},${bj + 1}} = ${tex(a[bi]?.[bj] ?? NaN, 3)}`);
  await expect(formula).toContainText(`^{dot}_{${bi + 1},${bj + 1}} = ${tex(dm[bi]?.[bj] ?? NaN, 3)}`);
  await page.locator(`[data-fig="trained-difference"] .hm-cell[data-i="${bi}"][data-j="${bj}"]`).hover();
  await expect(page.locator('[data-fig="trained-difference"] .tooltip')).toContainText(fmt(diff[bi]?.[bj] ?? NaN, 3));

  // The cost table counts from the shapes of this translation and the models' widths.
  const cost = (await page.locator('[data-stat="cost"] tbody tr td:last-child').allTextContents()).map(Number);
  const c = gruScoringCost(A.source.length, labels.length, d.hidden, d.attnHidden);
  expect(cost).toEqual([c.general, c.additive]);
  expect(c.general).toBe(labels.length * d.hidden * d.hidden + labels.length * A.source.length * d.hidden);
  expect(c.additive).toBeGreaterThan(c.general);

  // Try this 4 holds in trained mode too: the timing button is there and measures both.
  await page.getByRole('button', { name: 'Time both on 256 tokens' }).click();
  await expect(page.locator('[data-stat="timing"]')).toContainText('slower');
  expect(errors).toEqual([]);
});

test('11 additive, trained: another sentence (try this 2), unknown words, the In PyTorch notice, and the switch through the URL', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const { additive, dot } = await nodeModels();
  await open(page, '#/additive');
  // Try this 2: "a happy girl finds the old book" — both correct, they disagree on exactly one word: "le" (additive → "book", dot → "the").
  const s = 'a happy girl finds the old book';
  expect(text.tryThis[1]).toContain(`type “${s}”`);
  expect(text.tryThis[1]).toContain('for “le” the additive model looks at “book”, the dot model at “the”');
  expect(text.data.toyExamples).toContain(s);
  await setControl(page, 'ts', s);
  await expect(page).toHaveURL(/ts=a/);
  const A = additive.translate(s);
  const D = dot.translate(s);
  expectClose(await figureMatrix(page, 'trained-additive'), rowsOf(A.attention), `additive α on "${s}"`);
  expectClose(await figureMatrix(page, 'trained-dot'), rowsOf(D.attention), `dot α on "${s}"`);
  expect(A.output).toEqual(A.reference);
  expect(D.output).toEqual(D.reference);
  await expect(page.locator('[data-stat="output-additive"]')).toContainText('the correct translation');
  await expect(page.locator('[data-stat="output-dot"]')).toContainText('the correct translation');
  const hardA = core.hardAttention(A.attention).index;
  const hardD = core.hardAttention(D.attention).index;
  const labels = rowLabels(A);
  const differ = labels.flatMap((w, i) => (hardA[i] !== hardD[i] ? [w] : []));
  expect(differ).toEqual(['le']);
  const le = labels.indexOf('le');
  expect(A.source[hardA[le] ?? -1]).toBe('book');
  expect(D.source[hardD[le] ?? -1]).toBe('the');
  const cells = await tableCells(page);
  expect(cells.filter((c) => c[3] === 'no').map((c) => c[0])).toEqual(['le']);
  expectClose(await figureMatrix(page, 'trained-difference'), rowsOf(core.compareMatrices(A.attention, D.attention).difference), 'difference');

  // Words the models never saw are listed.
  await setControl(page, 'ts', 'the zebra sees the car');
  await expect(page.locator('[data-stat="unknown"]')).toContainText('zebra');

  // The In PyTorch panel says, in trained mode, that its code reproduces the random-weights mode.
  const panel = page.locator('details[data-bridge="additive"]');
  await panel.locator('summary').click();
  const notice = panel.locator('.bridge-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveText(text.labels.bridgeRandomOnly ?? '');
  expect(await panel.locator('pre code').textContent()).toMatch(/^# This code reproduces the lesson's random-weights mode/);

  // The switch: random brings back the seeded mode (its controls, its figures), through the URL.
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  await expect(page.locator('[data-key="ts"]')).toBeHidden();
  await expect(page.locator('[data-key="s"]')).toBeVisible();
  await expect(page.locator('[data-fig="trained-additive"]')).toHaveCount(0);
  const r = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'scaled-weights'), rowsOf(r.att.weights), 'random mode: scaled');
  await expect(notice).toBeHidden();
  expect(await panel.locator('pre code').textContent()).not.toContain('random-weights mode');
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('[data-key="w"]')).toHaveValue('random');
  await expect(page.locator('[data-fig="additive-weights"]')).toBeAttached();
  await setControl(page, 'w', 'trained');
  await expect(page).not.toHaveURL(/w=random/);
  await expect(page.locator('[data-fig="trained-additive"]')).toBeAttached();
  expect(errors).toEqual([]);
});
