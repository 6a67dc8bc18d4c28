// tests/e2e/lessons.spec.ts — one test per lesson: the page loads without console errors, its
// figures show exactly what the core computes (expected numbers come from the same core, loaded
// in Node, on inputs rebuilt with the app's own DOM-free model code), and each control changes
// the figures as the core says it should. It never hard-codes a computed number.
import { expect, test } from '@playwright/test';
import { at, row } from '../../web/src/model/matrix';
import {
  additiveParams,
  exerciseInputs,
  maskMatrix,
  multiHead,
  padRows,
  paddingMask,
  projectQKV,
  qkvWeights,
  randomQK,
  RNN_HIDDEN,
  rnnParams,
  rnnRun,
  selfAttention,
  sentenceInputs,
  seq2seq,
  shuffleInputs,
} from '../../web/src/model/pipeline';
import { identity, transposed, vstack } from '../../web/src/model/matrix';
import { barValues, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

test('1 bottleneck: RNN states and influence come from the core; sliders recompute', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/bottleneck');
  let exp = rnnRun(core, values().s, 1, 0.9);
  expectClose(await figureMatrix(page, 'rnn-states'), rowsOf(exp.rnn.states), 'states');
  expectClose(
    (await barValues(page, 'rnn-influence')).map((r) => [r[0] ?? NaN]),
    Array.from(exp.rnn.influence, (v) => [v]),
    'influence',
  );
  await setControl(page, 'rho', '1.3');
  await expect(page).toHaveURL(/rho=1\.3/);
  exp = rnnRun(core, values().s, 1, 1.3);
  expectClose(await figureMatrix(page, 'rnn-states'), rowsOf(exp.rnn.states), 'states, rho 1.3');
  await setControl(page, 'rt', '3');
  const prefix = rnnRun(core, 'The cat sat', 1, 1.3);
  expectClose(
    (await barValues(page, 'rnn-influence')).map((r) => [r[0] ?? NaN]),
    Array.from(prefix.rnn.influence, (v) => [v]),
    'influence after 3 tokens',
  );
  expect((await figureMatrix(page, 'rnn-states')).length).toBe(3);
  await expect(page.locator('a[href^="#/lab"]').first()).toBeVisible();
  // Play reads the sentence token by token; the slider follows the state.
  await page.getByRole('button', { name: /Read token by token/ }).click();
  await expect(page).toHaveURL(/rt=2/);
  await page.getByRole('button', { name: /Stop/ }).click();
  const rt = Number(new URL(page.url()).hash.match(/rt=(\d+)/)?.[1]);
  await expect(page.locator('[data-key="rt"]')).toHaveValue(String(rt));
  expect(errors).toEqual([]);
});

test('2 qkv: each W editor shows the current seed’s weights under the learner’s edits, after a new seed, a reset and a trip to trained mode', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await open(page, '#/qkv?w=random');
  const input = (key: string, i: number, j: number) => page.locator(`[data-editor="${key}"] input[data-i="${i}"][data-j="${j}"]`);
  /** What an editor shows for an unedited weight: the seed's weight to two decimals. */
  const shows = (x: number) => String(+x.toFixed(2));
  const expectSeed = async (seed: number, skip?: string) => {
    const W = qkvWeights(values({ seed }));
    for (const [key, m] of [
      ['wq', W.WQ],
      ['wk', W.WK],
      ['wv', W.WV],
    ] as const)
      for (const [i, j] of [
        [0, 1],
        [2, 3],
        [m.rows - 1, m.cols - 1],
      ])
        if (`${key} ${i} ${j}` !== skip) await expect(input(key, i, j), `${key} (${i}, ${j}), seed ${seed}`).toHaveValue(shows(at(m, i, j)));
  };
  await expectSeed(1);
  await input('wq', 0, 1).fill('2');
  await input('wq', 0, 1).press('Tab');
  await expect(page).toHaveURL(/wq=0\.1_2/);
  await setControl(page, 'seed', '5');
  await expectSeed(5, 'wq 0 1');
  await expect(input('wq', 0, 1)).toHaveValue('2');
  await page.locator('[data-editor="wq"] button').click();
  await expectSeed(5);
  await setControl(page, 'w', 'trained');
  await setControl(page, 'w', 'random');
  await expectSeed(5);
  expect(errors).toEqual([]);
});

test('2 qkv: Q, K, V are the core projections; editing W_Q updates Q and the URL', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/qkv?w=random');
  const inp = sentenceInputs(values().s);
  let e = projectQKV(core, inp.X, qkvWeights(values()));
  expectClose(await figureMatrix(page, 'Q'), rowsOf(e.Q), 'Q');
  expectClose(await figureMatrix(page, 'K'), rowsOf(e.K), 'K');
  expectClose(await figureMatrix(page, 'V'), rowsOf(e.V), 'V');
  const cell = page.locator('[data-editor="wq"] input[data-i="0"][data-j="0"]');
  await cell.fill('1.5');
  await cell.press('Tab');
  await expect(page).toHaveURL(/wq=0\.0_1\.5/);
  e = projectQKV(core, inp.X, qkvWeights(values({ wq: { '0.0': 1.5 } })));
  expectClose(await figureMatrix(page, 'Q'), rowsOf(e.Q), 'Q after edit');
  await setControl(page, 'seed', '3');
  e = projectQKV(core, inp.X, qkvWeights(values({ seed: 3, wq: { '0.0': 1.5 } })));
  expectClose(await figureMatrix(page, 'V'), rowsOf(e.V), 'V, seed 3');
  await expect(page.locator('[data-editor="wq"] input[data-i="0"][data-j="0"]')).toHaveValue('1.5');
  // Hover provenance: the sum is written out and ends with the core's value.
  await page.locator('[data-fig="Q"] .hm-cell[data-i="1"][data-j="0"]').hover();
  await expect(page.locator('[data-fig="Q"] .tooltip')).toContainText(`= ${at(e.Q, 1, 0).toFixed(3).replace('-', '−')}`);
  expect(errors).toEqual([]);
});

test('3 match: scores = QKᵀ from the core; keyboard provenance; sentence change recomputes', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/match?w=random');
  let r = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'scores'), rowsOf(r.att.scores), 'scores');
  const first = page.locator('[data-fig="scores"] .hm-cell').first();
  await first.focus();
  await page.keyboard.press('ArrowRight');
  const tip = page.locator('[data-fig="scores"] .tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('q_1·k_2');
  await expect(tip).toContainText(at(r.att.scores, 0, 1).toFixed(3).replace('-', '−'));
  await setControl(page, 's', 'Time flies like an arrow.');
  r = selfAttention(core, values({ s: 'Time flies like an arrow.' }));
  expectClose(await figureMatrix(page, 'scores'), rowsOf(r.att.scores), 'scores, new sentence');
  await setControl(page, 'mq', '2');
  await expect(page.locator('[data-fig="query-scores"] .fig-title')).toContainText('like');
  expect(errors).toEqual([]);
});

test('4 scale: weights follow d_k and the scaling toggle as the core computes them', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/scale?w=random');
  const w0 = (dk: number, scaled: boolean) => {
    const { Q, K, V } = randomQK(1, dk);
    return row(core.attention(Q, K, V, scaled ? {} : { scale: 1 }).weights, 0).map((v) => [v]);
  };
  expectClose(
    (await barValues(page, 'query-weights')).map((r) => [r[0] ?? NaN]),
    w0(64, true),
    'weights d_k=64',
  );
  await page.getByLabel('Divide by √d_k').uncheck();
  await expect(page).toHaveURL(/scl=0/);
  expectClose(
    (await barValues(page, 'query-weights')).map((r) => [r[0] ?? NaN]),
    w0(64, false),
    'weights unscaled',
  );
  await setControl(page, 'dke', '9');
  expectClose(
    (await barValues(page, 'query-weights')).map((r) => [r[0] ?? NaN]),
    w0(512, false),
    'weights d_k=512 unscaled',
  );
  await expect(page.locator('[data-stat="saturation"]')).toHaveClass(/warn/);
  expect(errors).toEqual([]);
});

test('5 softmax: temperature and hard attention', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/softmax?w=random');
  const r = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'weights-all'), rowsOf(core.softmax(r.att.scaled, 1)), 'softmax τ=1');
  await setControl(page, 'lt', '-1');
  await expect(page).toHaveURL(/lt=-1/);
  expectClose(await figureMatrix(page, 'weights-all'), rowsOf(core.softmax(r.att.scaled, 0.1)), 'softmax τ=0.1', 1e-4);
  await page.getByLabel('Show hard attention (argmax)').check();
  // Ties ("The"/"the" share an embedding) go to the first maximum, like argmax.
  const hard = rowsOf(r.att.scaled).map((s) => s.map((_, j) => (j === s.indexOf(Math.max(...s)) ? 1 : 0)));
  expectClose(await figureMatrix(page, 'weights-all'), hard, 'hard attention');
  expect(errors).toEqual([]);
});

test('6 aggregate: output = weights · V from the core, provenance names the weighted sum', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/aggregate?w=random');
  const r = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'weights'), rowsOf(r.att.weights), 'weights');
  expectClose(await figureMatrix(page, 'output'), rowsOf(r.att.output), 'output');
  await setControl(page, 'aq', '5');
  await expect(page.locator('.formula')).toContainText('mat');
  await page.locator('[data-fig="output"] .hm-cell[data-i="2"][data-j="1"]').hover();
  await expect(page.locator('[data-fig="output"] .tooltip')).toContainText('Σ_j w_3j');
  expect(errors).toEqual([]);
});

test('7 masking: causal mask, blocked cells, fully blocked row, padding', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/masking?w=random');
  const T = sentenceInputs(values().s).tokens.length;
  const run = (causal: boolean, blk: Record<string, number>) => selfAttention(core, values(), { causal, mask: maskMatrix(core, T, false, blk) });
  expectClose(await figureMatrix(page, 'masked-weights'), rowsOf(run(true, {}).att.weights), 'causal weights');
  expectClose(await figureMatrix(page, 'masked-scores'), rowsOf(run(true, {}).att.masked), 'masked scores with -inf');
  await page.getByLabel(/Causal mask/).uncheck();
  // Keyboard: toggling a mask cell with Space keeps focus on that cell after the recompute.
  const cellBox = page.locator('.mask-table input[data-i="1"][data-j="3"]');
  await cellBox.focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.mask-table input[data-i="1"][data-j="3"]')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('.mask-table input[data-i="1"][data-j="3"]')).not.toBeChecked();
  expectClose(await figureMatrix(page, 'masked-weights'), rowsOf(run(false, {}).att.weights), 'no mask');
  await page.getByRole('button', { name: /Block every key of/ }).click();
  const blk: Record<string, number> = {};
  for (let j = 0; j < T; j++) blk[`${T - 1}.${j}`] = 1;
  const dead = run(false, blk);
  expectClose(await figureMatrix(page, 'masked-weights'), rowsOf(dead.att.weights), 'fully blocked row');
  expect(row(dead.att.weights, T - 1).every((v) => v === 0)).toBe(true);
  await expect(page.locator('[data-stat="dead"]')).toBeVisible();
  // Padding: the second sentence of the batch, run with a key-padding mask.
  const b2 = sentenceInputs('A dog ran.');
  const W = qkvWeights(values());
  const X = padRows(b2.X, T);
  const res = core.multiHeadAttention(
    X,
    X,
    X,
    { numHeads: 1, inProjWeight: vstack([transposed(W.WQ), transposed(W.WK), transposed(W.WV)]), outProjWeight: identity(4) },
    { keyPaddingMask: paddingMask(core, b2.tokens.length, T) },
  );
  expectClose(await figureMatrix(page, 'padded-weights-2'), rowsOf(res.averageWeights), 'padded batch item 2');
  // A longer second sentence pads the learner's sentence instead.
  const long = 'She read the long letter twice today .';
  await setControl(page, 's2', long);
  const b3 = sentenceInputs(long);
  const a = sentenceInputs(values().s);
  const Tm = Math.max(T, b3.tokens.length);
  const Xa = padRows(a.X, Tm);
  const res1 = core.multiHeadAttention(
    Xa,
    Xa,
    Xa,
    { numHeads: 1, inProjWeight: vstack([transposed(W.WQ), transposed(W.WK), transposed(W.WV)]), outProjWeight: identity(4) },
    { keyPaddingMask: paddingMask(core, T, Tm) },
  );
  expectClose(await figureMatrix(page, 'padded-weights-1'), rowsOf(res1.averageWeights), 'learner sentence padded');
  expect(errors).toEqual([]);
});

test('8 multihead: per-head and averaged weights; heads slider; impossible split explains itself', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/multihead?w=random');
  let m = multiHead(core, values().s, 1, 8, 2, false);
  expectClose(await figureMatrix(page, 'head-1'), rowsOf(m.r.heads[0]!.weights), 'head 1');
  expectClose(await figureMatrix(page, 'head-2'), rowsOf(m.r.heads[1]!.weights), 'head 2');
  expectClose(await figureMatrix(page, 'average-weights'), rowsOf(m.r.averageWeights), 'average');
  await setControl(page, 'nh', '4');
  m = multiHead(core, values().s, 1, 8, 4, false);
  await expect(page.locator('[data-fig^="head-"]')).toHaveCount(4);
  expectClose(await figureMatrix(page, 'head-4'), rowsOf(m.r.heads[3]!.weights), 'head 4 of 4');
  expectClose(await figureMatrix(page, 'mha-output'), rowsOf(m.r.output), 'output of 4 heads');
  await setControl(page, 'nh', '3');
  let msg = '';
  try {
    multiHead(core, values().s, 1, 8, 3, false);
  } catch (e) {
    msg = (e as Error).message;
  }
  expect(msg).not.toBe('');
  await expect(page.locator('[data-stat="impossible"]')).toContainText(msg);
  await setControl(page, 'dm', '12');
  m = multiHead(core, values().s, 1, 12, 3, false);
  await expect(page.locator('[data-fig^="head-"]')).toHaveCount(3);
  expectClose(await figureMatrix(page, 'average-weights'), rowsOf(m.r.averageWeights), 'd_model 12, 3 heads');
  expect(errors).toEqual([]);
});

test('9 positional: PE matrix, similarity, shuffle is order-blind without PE', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/positional?w=random&pel=16&ped=8');
  const pe = core.positionalEncoding(16, 8);
  expectClose(await figureMatrix(page, 'pe'), rowsOf(pe), 'PE');
  expectClose(await figureMatrix(page, 'pe-similarity'), rowsOf(core.attention(pe, pe, pe, { scale: 1 }).scores), 'PE·PEᵀ');
  await setControl(page, 'pel', '20');
  expectClose(await figureMatrix(page, 'pe'), rowsOf(core.positionalEncoding(20, 8)), 'PE length 20');
  await expect(page.locator('[data-stat="permuted"]')).toHaveAttribute('data-permuted', 'true');
  let sh = shuffleInputs(core, values().s, 1, false);
  expectClose(await figureMatrix(page, 'out-shuffled'), rowsOf(core.attention(sh.shuffledInput, sh.shuffledInput, sh.shuffledInput).output), 'shuffled output');
  await page.getByLabel('Add positional encoding to the inputs').check();
  await expect(page.locator('[data-stat="permuted"]')).toHaveAttribute('data-permuted', 'false');
  sh = shuffleInputs(core, values().s, 1, true);
  expectClose(
    await figureMatrix(page, 'out-shuffled'),
    rowsOf(core.attention(sh.shuffledInput, sh.shuffledInput, sh.shuffledInput).output),
    'shuffled output with PE',
  );
  await page.getByRole('button', { name: 'Shuffle the sentence' }).click();
  await expect(page).toHaveURL(/perm=2/);
  expect(errors).toEqual([]);
});

test('10 transformer: encoder, masked decoder and cross-attention; sharpness slider', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/transformer?w=random');
  const lex = content('10-transformer').data?.lexicon as Record<string, string>;
  const tgt = "Le chat s'est assis sur le tapis.";
  let r = seq2seq(core, values().s, tgt, lex, 2);
  expectClose(await figureMatrix(page, 'encoder-self'), rowsOf(r.encSelf.weights), 'encoder');
  expectClose(await figureMatrix(page, 'decoder-self'), rowsOf(r.decSelf.weights), 'decoder');
  expectClose(await figureMatrix(page, 'cross'), rowsOf(r.cross.weights), 'cross');
  await setControl(page, 'sharp', '3.5');
  r = seq2seq(core, values().s, tgt, lex, 3.5);
  expectClose(await figureMatrix(page, 'cross'), rowsOf(r.cross.weights), 'cross, sharper');
  await expect(page.locator('[data-stat="alignment"]')).toContainText('chat → cat');
  const tgt2 = "sur le tapis le chat s'est assis.";
  await setControl(page, 'tgt', tgt2);
  r = seq2seq(core, values().s, tgt2, lex, 3.5);
  expectClose(await figureMatrix(page, 'cross'), rowsOf(r.cross.weights), 'cross, reordered target');
  expectClose(await figureMatrix(page, 'decoder-self'), rowsOf(r.decSelf.weights), 'decoder, reordered target');
  expect(errors).toEqual([]);
});

test('11 additive: Bahdanau vs dot product on the same inputs; hidden width; timing', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/additive?w=random');
  const r = selfAttention(core, values());
  expectClose(await figureMatrix(page, 'additive-weights'), rowsOf(core.additiveAttention(r.Q, r.K, r.V, additiveParams(1, 8)).weights), 'additive h=8');
  expectClose(await figureMatrix(page, 'luong-weights'), rowsOf(core.attention(r.Q, r.K, r.V, { scale: 1 }).weights), 'luong');
  expectClose(await figureMatrix(page, 'scaled-weights'), rowsOf(r.att.weights), 'scaled');
  await setControl(page, 'ah', '3');
  expectClose(await figureMatrix(page, 'additive-weights'), rowsOf(core.additiveAttention(r.Q, r.K, r.V, additiveParams(1, 3)).weights), 'additive h=3');
  await page.getByRole('button', { name: 'Time both on 256 tokens' }).click();
  await expect(page.locator('[data-stat="timing"]')).toContainText('ms');
  expect(errors).toEqual([]);
});

test('12 recurrence: RNN influence and attention weights on the learner sentence', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/recurrence?w=random');
  const check = async (s: string) => {
    const rnn = rnnRun(core, s, 1, 0.9);
    const att = selfAttention(core, values({ s }));
    const T = att.labels.length;
    const bars = await barValues(page, 'rnn-influence-T');
    const wbars = await barValues(page, 'last-token-weights');
    expectClose(
      bars.map((b) => [b[0] ?? NaN]),
      Array.from(rnn.rnn.influence.slice(0, T), (v) => [v]),
      'influence',
    );
    expectClose(
      wbars.map((b) => [b[0] ?? NaN]),
      row(att.att.weights, T - 1).map((v) => [v]),
      'last-token weights',
    );
    await expect(page.locator('[data-stat="complexity"]')).toContainText(`O(T) = ${T}`);
  };
  await check(values().s);
  await setControl(page, 's', 'The keys to the old cabinet in the hall are on the table.');
  await check('The keys to the old cabinet in the hall are on the table.');
  expect(errors).toEqual([]);
});

test('13 review: answers show feedback, explanation and a link back; score counts', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/review');
  const quiz = content('13-review').quiz ?? [];
  expect(quiz.length).toBeGreaterThanOrEqual(10);
  for (let k = 0; k < quiz.length; k++) {
    const item = page.locator(`[data-quiz="${k}"]`);
    const correct = quiz[k]!.options.findIndex((o) => o.correct);
    const pick = k === 0 ? (correct + 1) % quiz[k]!.options.length : correct;
    await item.locator(`input[type=radio][value="${pick}"]`).check();
    await item.getByRole('button', { name: 'Check my answer' }).click();
    await expect(item.locator('.feedback')).toHaveClass(k === 0 ? /bad/ : /good/);
    await expect(item.locator('.explain-more a')).toBeVisible();
  }
  await expect(page.locator('[data-stat="score"]')).toContainText(`${quiz.length - 1} right out of ${quiz.length}`);
  await page.locator('[data-quiz="0"] .explain-more a').click();
  await expect(page).toHaveURL(/#\/bottleneck/);
  expect(errors).toEqual([]);
});

test('14 implement: learner code runs and is compared with the core; hints', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/implement');
  const inp = exerciseInputs(core, 1, false);
  expectClose(await figureMatrix(page, 'core-output'), rowsOf(core.attention(inp.Q, inp.K, inp.V).output), 'core output');
  const data = content('14-implement').data as Record<string, string>;
  const editor = page.locator('#code-editor');
  const run = page.getByRole('button', { name: 'Run & compare with the core' });
  await editor.fill(data.starterPlain ?? '');
  await run.click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'mismatch');
  await editor.fill((data.solutionPlain ?? '').replace(' / Math.sqrt(dk)', ''));
  await run.click();
  await expect(page.locator('[data-stat="result"]')).toContainText('without');
  await editor.fill(data.solutionPlain ?? '');
  await run.click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'match');
  await editor.fill('function attention(Q, K, V) { return syntax error }');
  await run.click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'error');
  await setControl(page, 'exm', 'masked');
  const mi = exerciseInputs(core, 1, true);
  expectClose(await figureMatrix(page, 'core-output'), rowsOf(core.attention(mi.Q, mi.K, mi.V, { mask: mi.mask }).output), 'masked core output');
  await editor.fill(data.solutionPlain?.replace('function attention(Q, K, V)', 'function maskedAttention(Q, K, V, mask)') ?? '');
  await run.click();
  await expect(page.locator('[data-stat="result"]')).toContainText('unmasked');
  await editor.fill(data.solutionMasked ?? '');
  await run.click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'match');
  await page.getByRole('button', { name: 'New random inputs' }).click();
  await expect(page).toHaveURL(/exs=2/);
  const m2 = exerciseInputs(core, 2, true);
  expectClose(await figureMatrix(page, 'core-output'), rowsOf(core.attention(m2.Q, m2.K, m2.V, { mask: m2.mask }).output), 'new inputs');
  expect(errors).toEqual([]);
});

test('4 scale (statistics): the histogram, spread and saturation are the core’s score statistics', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/scale?w=random');
  const expectStats = async (dk: number, scaled: boolean) => {
    const { Q, K } = randomQK(1, dk);
    const st = core.scoreStatistics(Q, K, { ...(scaled ? {} : { scale: 1 }), bins: 24, minRange: 4 });
    const bars = await barValues(page, 'score-histogram');
    expect(bars).toEqual(Array.from(st.raw.counts, (n, b) => [n, st.scaled.counts[b]]));
    const show = (x: number, d: number) => x.toFixed(d).replace('-', '−');
    await expect(page.locator('[data-stat="spread"]')).toContainText(show(st.raw.std, 2));
    await expect(page.locator('[data-stat="spread"]')).toContainText(show(st.scaled.std, 2));
    await expect(page.locator('[data-stat="saturation"]')).toContainText(show(st.maxWeight.mean, 3));
  };
  await expectStats(64, true);
  await page.getByLabel('Divide by √d_k').uncheck();
  await expect(page).toHaveURL(/scl=0/);
  await expectStats(64, false);
  await setControl(page, 'dke', '3');
  await expectStats(8, false);
  expect(errors).toEqual([]);
});

test('1 bottleneck: the ρ help — ρ scales W_h, whose random entries have standard deviation ρ/√6, so its spectral radius grows in proportion to ρ', () => {
  const help = (content('01-bottleneck') as { labels: Record<string, string> }).labels.rhoHelp ?? '';
  expect(help).toContain('it scales W_h (random entries with standard deviation ρ/√6)');
  // Proportional: W_h(ρ) = ρ·W_h(1) up to the 3 decimals its entries are rounded to.
  const unit = rnnParams(1, 1).Wh;
  for (const rho of [0.3, 0.9, 1.5]) {
    const W = rnnParams(1, rho).Wh;
    W.data.forEach((v, k) => expect(Math.abs(v - rho * (unit.data[k] ?? NaN)), `ρ = ${rho}, entry ${k}`).toBeLessThanOrEqual(5e-4 * (1 + rho) + 1e-7));
  }
  // Standard deviation ρ/√6: over 30 seeds, the entries of W_h·√6/ρ have a standard deviation near 1.
  const sds = Array.from({ length: 30 }, (_, s) => {
    const xs = Array.from(rnnParams(s + 1, 1).Wh.data, (v) => v * Math.sqrt(RNN_HIDDEN));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  });
  const meanSd = sds.reduce((a, b) => a + b, 0) / sds.length;
  expect(meanSd).toBeGreaterThan(0.85);
  expect(meanSd).toBeLessThan(1.15);
});

test('13 review: within a visit the first answer counts; on a later visit, the last saved answer does', async ({ page }) => {
  const errors = watchErrors(page);
  const t = content('13-review') as { explanation: string[]; quiz: { options: { correct?: boolean }[] }[] };
  expect(t.explanation[0]).toContain(
    'Within a visit your first answer to each question counts towards the score; on a later visit, your last saved answer does.',
  );
  const n = t.quiz.length;
  const correct = t.quiz[0]!.options.findIndex((o) => o.correct);
  const wrong = (correct + 1) % t.quiz[0]!.options.length;
  await open(page, '#/review');
  const item = page.locator('[data-quiz="0"]');
  const answer = async (k: number) => {
    await item.locator(`input[type=radio][value="${k}"]`).check();
    await item.getByRole('button', { name: 'Check my answer' }).click();
  };
  await answer(wrong);
  await expect(page.locator('[data-stat="score"]')).toHaveText(`Score: 0 right out of 1 answered (${n} questions).`);
  await answer(correct);
  await expect(item.locator('.feedback')).toHaveClass(/good/);
  // Still this visit: the first answer counts.
  await expect(page.locator('[data-stat="score"]')).toHaveText(`Score: 0 right out of 1 answered (${n} questions).`);
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  // A later visit: the last saved answer (right) counts.
  await expect(page.locator('[data-stat="score"]')).toHaveText(`Score: 1 right out of 1 answered (${n} questions).`);
  expect(errors).toEqual([]);
});

test('13 review: softmax weights are uniform exactly when a row’s scores are all equal, and only nearly so at a very high temperature', async () => {
  const core = await nodeCore();
  const quiz = (content('13-review') as { quiz: { options: { text: string; feedback?: string }[] }[] }).quiz;
  const option = quiz.flatMap((q) => q.options).find((o) => o.text === 'Softmax weights are always uniform');
  expect(option?.feedback).toBe('Only when all the scores of a row are equal — and nearly so at a very high temperature.');
  const equal = core.softmax({ rows: 1, cols: 4, data: new Float32Array([0.7, 0.7, 0.7, 0.7]) });
  for (const w of equal.data) expect(w).toBe(0.25);
  const hot = core.softmax({ rows: 1, cols: 4, data: new Float32Array([3, 1, 0, -2]) }, 1000);
  const off = Math.max(...Array.from(hot.data, (w) => Math.abs(w - 0.25)));
  expect(off, 'nearly uniform').toBeLessThan(2e-3);
  expect(off, 'but not exactly').toBeGreaterThan(0);
});

test('14 implement: the learner’s code runs in a separate Web Worker — no access to the page, stopped after 3 s', async ({ page }) => {
  const errors = watchErrors(page);
  const text = content('14-implement') as { explanation: string[]; labels: Record<string, string> };
  expect(text.explanation[4]).toContain('in a separate Web Worker (no access to the page, stopped after 3 s)');
  await open(page, '#/implement');
  const editor = page.locator('#code-editor');
  const run = page.getByRole('button', { name: 'Run & compare with the core' });
  const verdict = page.locator('[data-verdict]');
  await editor.fill('function attention(Q, K, V) { document.title = "changed"; return Q; }');
  await run.click();
  await expect(verdict).toHaveAttribute('data-verdict', 'error');
  await expect(verdict).toContainText('document is not defined');
  expect(await page.title()).not.toBe('changed');
  await editor.fill('function attention(Q, K, V) { for (;;) {} }');
  const start = Date.now();
  await run.click();
  // (The verdict still shows the last error until this run ends: wait for its own message.)
  await expect(verdict).toContainText(text.labels.timeout ?? 'more than 3 seconds', { timeout: 10_000 });
  await expect(verdict).toHaveAttribute('data-verdict', 'error');
  const took = Date.now() - start;
  expect(took, 'stopped after about 3 s').toBeGreaterThanOrEqual(2900);
  expect(took).toBeLessThan(8000);
  // The page stayed responsive, and the next run works.
  await editor.fill((content('14-implement').data as Record<string, string>).solutionPlain ?? '');
  await run.click();
  await expect(verdict).toHaveAttribute('data-verdict', 'match');
  expect(errors).toEqual([]);
});
