// tests/e2e/implement.spec.ts — lesson 14's exercises 3 (multi-head attention) and 4 (masked
// attention with a fully blocked row): the figures show exactly what the core computes (expected
// numbers from the same core in Node, on inputs rebuilt with the app's pipeline code); the starter
// code fails and the reference solution passes, cell by cell; each deliberate mistake gets its
// own hint (found by data-hint, the content label's key) and no other; the "try this" texts that
// name these exercises are true with the defaults. It never hard-codes a computed number.
import { expect, test, type Page } from '@playwright/test';
import { blockedExerciseInputs, mhaExercise, mhaExerciseInputs } from '../../web/src/model/pipeline';
import { row } from '../../web/src/model/matrix';
import { axe, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, watchErrors } from './helpers';

const text = content('14-implement') as { data: Record<string, string>; tryThis?: string[] };
const data = text.data;
const tryThis = text.tryThis ?? [];

/** `code` with `from` replaced by `to`; fails if `from` is not in it (the content changed under the test). */
function edit(code: string | undefined, from: string | RegExp, to: string): string {
  expect(code ?? '', `code contains ${String(from)}`).toMatch(from);
  return (code ?? '').replace(from, to);
}

interface Verdict {
  verdict: string;
  hints: string[];
}

/** Types `code` into the editor, runs it, and returns the verdict and the keys of the hints shown. */
async function run(page: Page, code: string): Promise<Verdict> {
  await page.locator('#code-editor').fill(code);
  await page.getByRole('button', { name: 'Run & compare with the core' }).click();
  const v = page.locator('[data-stat="result"] [data-verdict]');
  await expect(v).toBeAttached();
  return {
    verdict: (await v.getAttribute('data-verdict')) ?? '',
    hints: await page.locator('[data-stat="result"] [data-hint]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.hint ?? '')),
  };
}

test('14 implement, exercise 3: multi-head attention is checked against the core, with hints', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/implement');
  await setControl(page, 'exm', 'multihead');
  await expect(page).toHaveURL(/exm=multihead/);
  await expect(page.locator('#code-editor')).toHaveValue(data.starterMultiHead ?? '');

  // (c) Every figure is the core's: inputs, each head's weights, the concatenation, the output.
  const ex = mhaExerciseInputs(1);
  const r = mhaExercise(core, ex);
  expectClose(await figureMatrix(page, 'ex-X'), rowsOf(ex.X), 'X');
  expectClose(await figureMatrix(page, 'ex-WQ'), rowsOf(ex.WQ), 'W_Q');
  expectClose(await figureMatrix(page, 'ex-WK'), rowsOf(ex.WK), 'W_K');
  expectClose(await figureMatrix(page, 'ex-WV'), rowsOf(ex.WV), 'W_V');
  expectClose(await figureMatrix(page, 'ex-WO'), rowsOf(ex.WO), 'W_O');
  expect(r.heads.length).toBe(ex.numHeads);
  for (const [k, hd] of r.heads.entries()) expectClose(await figureMatrix(page, `ex-head-${k + 1}`), rowsOf(hd.weights), `head ${k + 1} weights`);
  expectClose(await figureMatrix(page, 'ex-concat'), rowsOf(r.concat), 'concat');
  expectClose(await figureMatrix(page, 'core-output'), rowsOf(r.output), 'output');

  // (a) The starter fails; the solution (plain JS in double, paper layout) matches every cell.
  const sol = data.solutionMultiHead;
  expect((await run(page, data.starterMultiHead ?? '')).verdict).toBe('mismatch');
  expect(await run(page, sol ?? '')).toEqual({ verdict: 'match', hints: [] });
  expectClose(await figureMatrix(page, 'your-output'), rowsOf(r.output), 'your output', 1e-4);

  // (b) Each mistake gets its hint, and only it.
  const noWO = edit(sol, 'return matmul(concat, Wo);', 'return concat;');
  expect(await run(page, noWO)).toEqual({ verdict: 'mismatch', hints: ['hintWO'] });
  // … and then "your output" is the core's concatenation figure (try this, 3).
  expectClose(await figureMatrix(page, 'your-output'), rowsOf(r.concat), 'concat returned', 1e-4);
  const noSplit = edit(sol, 'const dHead = dModel / numHeads;', 'const dHead = dModel;\n  numHeads = 1;');
  expect(await run(page, noSplit)).toEqual({ verdict: 'mismatch', hints: ['hintSplit'] });
  expect(await run(page, edit(noSplit, 'return matmul(concat, Wo);', 'return concat;'))).toEqual({ verdict: 'mismatch', hints: ['hintSplit', 'hintWO'] });
  expect(await run(page, edit(sol, '/ Math.sqrt(dHead)', '/ Math.sqrt(dModel)'))).toEqual({ verdict: 'mismatch', hints: ['hintHeadScale'] });
  expect(await run(page, edit(sol, ' / Math.sqrt(dHead)', ''))).toEqual({ verdict: 'mismatch', hints: ['hintMhaUnscaled'] });
  // X·Wᵀ instead of X·W for every projection.
  const transposedMatmul = edit(sol, /const matmul = .*\n/, 'const matmul = (A, B) => A.map((a) => B.map((b) => a.reduce((s, x, r) => s + x * b[r], 0)));\n');
  expect(await run(page, transposedMatmul)).toEqual({ verdict: 'mismatch', hints: ['hintLayout'] });
  expect(await run(page, edit(sol, 'return matmul(concat, Wo);', 'return matmul(concat, Wo).map((r) => r.map((x) => x + 0.01));'))).toEqual({
    verdict: 'mismatch',
    hints: ['hintGeneralMha'],
  });
  // Wrong shapes the checker recognises: the head-averaged weights, one head's weights or output.
  const weightsPerHead = edit(sol, 'return V[0].map((_, c) => e.reduce((acc, ej, j) => acc + (ej / z) * V[j][c], 0));', 'return e.map((x) => x / z);');
  const averaged = edit(
    weightsPerHead,
    'return matmul(concat, Wo);',
    'return heads[0].map((r, i) => r.map((_, j) => heads.reduce((a, hd) => a + hd[i][j], 0) / numHeads));',
  );
  expect(await run(page, averaged)).toEqual({ verdict: 'shape', hints: ['hintAvgWeights'] });
  expect(await run(page, edit(weightsPerHead, 'return matmul(concat, Wo);', 'return heads[1];'))).toEqual({ verdict: 'shape', hints: ['hintHeadWeights'] });
  await expect(page.locator('[data-hint="hintHeadWeights"]')).toContainText('weights of head 2');
  expect(await run(page, edit(sol, 'return matmul(concat, Wo);', 'return heads[0];'))).toEqual({ verdict: 'shape', hints: ['hintOneHead'] });
  expect(await run(page, edit(sol, 'function multiHeadAttention(', 'function multiHead('))).toEqual({ verdict: 'error', hints: ['hintError'] });
  await expect(page.locator('[data-hint="hintError"]')).toContainText('function multiHeadAttention(');

  // New inputs: the figures follow the core and the solution still matches.
  await page.getByRole('button', { name: 'New random inputs' }).click();
  await expect(page).toHaveURL(/exs=2/);
  const r2 = mhaExercise(core, mhaExerciseInputs(2));
  expectClose(await figureMatrix(page, 'core-output'), rowsOf(r2.output), 'output, seed 2');
  expectClose(await figureMatrix(page, 'ex-head-2'), rowsOf(r2.heads[1]?.weights ?? r2.output), 'head 2, seed 2');
  expect((await run(page, sol ?? '')).verdict).toBe('match');
  expect(errors).toEqual([]);
});

test('14 implement, exercise 4: a fully blocked row must be zeros, never NaN; hints', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/implement?exm=blocked');
  await expect(page.locator('#code-editor')).toHaveValue(data.starterBlocked ?? '');

  // (c) The mask blocks every key of row 0 and no other row fully; the core's weights and output
  // there are zeros (not NaN), and the figures show the core's numbers.
  const inp = blockedExerciseInputs(core, 1);
  const ref = core.attention(inp.Q, inp.K, inp.V, { mask: inp.mask });
  const mask = await figureMatrix(page, 'ex-mask');
  expectClose(mask, rowsOf(inp.mask), 'mask');
  expect(mask.map((r) => r.every((v) => v === 1))).toEqual(mask.map((_, i) => i === 0));
  expectClose(await figureMatrix(page, 'ex-Q'), rowsOf(inp.Q), 'Q');
  expectClose(await figureMatrix(page, 'ex-K'), rowsOf(inp.K), 'K');
  expectClose(await figureMatrix(page, 'ex-V'), rowsOf(inp.V), 'V');
  expectClose(await figureMatrix(page, 'core-weights'), rowsOf(ref.weights), 'weights');
  const out = await figureMatrix(page, 'core-output');
  expectClose(out, rowsOf(ref.output), 'output');
  expect(row(ref.weights, 0).every((v) => v === 0)).toBe(true);
  expect(out[0]?.every((v) => v === 0)).toBe(true);
  expect(out.flat().some(Number.isNaN)).toBe(false);

  // (a) The starter (zeros everywhere: right only on the blocked row) fails; the solution passes.
  expect(await run(page, data.starterBlocked ?? '')).toEqual({ verdict: 'mismatch', hints: ['hintOtherRows'] });
  expect(await run(page, data.solutionBlocked ?? '')).toEqual({ verdict: 'match', hints: [] });
  expectClose(await figureMatrix(page, 'your-output'), rowsOf(ref.output), 'your output', 1e-4);

  // (b) Exercise 2's solution without its guard: 0/0 on row 0 → NaN (try this, 5).
  const noGuard = edit(data.solutionMasked, /^.*if \(m === -Infinity\).*\n/m, '');
  expect(await run(page, noGuard)).toEqual({ verdict: 'mismatch', hints: ['hintNaN'] });
  const yours = await figureMatrix(page, 'your-output');
  expect(yours[0]?.every(Number.isNaN)).toBe(true);
  expectClose(yours.slice(1), rowsOf(ref.output).slice(1), 'other rows, no guard', 1e-4);
  // -1e9 instead of -Infinity: uniform weights on the blocked row (try this, 5).
  expect(await run(page, edit(data.solutionMasked, '? -Infinity :', '? -1e9 :'))).toEqual({ verdict: 'mismatch', hints: ['hintUniform'] });
  // A guard that returns something else than zeros.
  expect(await run(page, edit(data.solutionBlocked, 'return V[0].map(() => 0);', 'return V[0].map(() => 1);'))).toEqual({
    verdict: 'mismatch',
    hints: ['hintBlockedZero'],
  });
  // The other rows wrong, the blocked row right: unscaled, unmasked, or anything else.
  expect(await run(page, edit(data.solutionBlocked, ' / Math.sqrt(dk)', ''))).toEqual({ verdict: 'mismatch', hints: ['hintScale'] });
  const unmasked = edit(data.solutionPlain, 'function attention(Q, K, V)', 'function maskedAttention(Q, K, V, mask)');
  expect(await run(page, unmasked)).toEqual({ verdict: 'mismatch', hints: ['hintMask', 'hintBlockedZero'] });
  expect(await run(page, edit(data.solutionBlocked, '(ej / z) * V[j][c]', '(ej / z) * 2 * V[j][c]'))).toEqual({
    verdict: 'mismatch',
    hints: ['hintOtherRows'],
  });
  expect(await run(page, edit(data.solutionBlocked, 'return V[0].map((_, c) =>', 'return K[0].map((_, c) =>'))).toEqual({
    verdict: 'shape',
    hints: ['hintShape'],
  });
  expect(errors).toEqual([]);
});

test('14 implement: the mode selector has four exercises; each keeps its own code', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/implement');
  const sel = page.locator('[data-key="exm"]');
  await expect(sel.locator('option')).toHaveText([
    '1. scaled dot-product attention',
    '2. masked attention',
    '3. multi-head attention',
    '4. a fully blocked row',
  ]);
  const editor = page.locator('#code-editor');
  const solution = page.locator('pre.solution');
  for (const [mode, key] of [
    ['multihead', 'MultiHead'],
    ['blocked', 'Blocked'],
    ['plain', 'Plain'],
  ] as const) {
    await setControl(page, 'exm', mode);
    await expect(editor).toHaveValue(data[`starter${key}`] ?? '');
    await expect(solution).toHaveText((data[`solution${key}`] ?? '').trim());
  }
  // Code typed in one exercise is kept when switching away and back.
  await setControl(page, 'exm', 'multihead');
  await editor.fill('// mine\n');
  await setControl(page, 'exm', 'blocked');
  await setControl(page, 'exm', 'multihead');
  await expect(editor).toHaveValue('// mine\n');
  expect(errors).toEqual([]);
});

for (const mode of ['multihead', 'blocked'] as const)
  test(`14 implement, ${mode}: axe-core finds no violations with a hint and your output shown`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await open(page, `#/implement?exm=${mode}`);
    expect((await run(page, data[mode === 'multihead' ? 'starterMultiHead' : 'starterBlocked'] ?? '')).verdict).toBe('mismatch');
    await axe(page, `#/implement?exm=${mode}`);
  });

test('14 implement: the "try this" texts of exercises 3 and 4 name what the page does', async () => {
  // The texts quote code the tests above change; they must be in the solutions as quoted.
  expect(tryThis[2]).toContain('`matmul(concat, Wo)`');
  expect(data.solutionMultiHead).toContain('return matmul(concat, Wo);');
  expect(tryThis[3]).toContain('`Math.sqrt(dHead)`');
  expect(data.solutionMultiHead).toContain('Math.sqrt(dHead)');
  expect(tryThis[4]).toContain('`if (m === -Infinity)`');
  expect(data.solutionMasked).toContain('if (m === -Infinity)');
  expect(tryThis[4]).toContain('`-1e9` instead of `-Infinity`');
});
