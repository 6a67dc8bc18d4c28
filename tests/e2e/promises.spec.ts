// tests/e2e/promises.spec.ts — the lessons' checkable promises: each "try this" (and each stated
// pattern) that names an outcome is performed on the live page, the page's numbers are compared
// with the core loaded in Node, and the promised outcome is asserted on those numbers. Thresholds
// express the claim in the text ("taller than", "almost one-hot", "constant along diagonals");
// no computed number is hard-coded.
import { expect, test, type Page } from '@playwright/test';
import { row } from '../../web/src/model/matrix';
import { D_MODEL, exerciseInputs, maskMatrix, randomQK, RNN_MAX_TOKENS, rnnRun, selfAttention, sentenceInputs, seq2seq } from '../../web/src/model/pipeline';
import { barValues, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

type Text = { examples?: string[]; tryThis?: string[]; explanation?: string[]; data?: Record<string, unknown> };
const text = (file: string) => content(file) as Text;

/** First column of a bar chart's table (one value per bar). */
async function bars(page: Page, fig: string, series = 0): Promise<number[]> {
  return (await barValues(page, fig)).map((r) => r[series] ?? NaN);
}

const col = (xs: readonly number[]) => xs.map((v) => [v]);

test('1 bottleneck: first bar shrinks as tokens are read; strength 1.5 grows it, 0.3 fades it; the long example fades', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const t = text('01-bottleneck');
  const [short, , long] = t.examples ?? [];
  expect(short).toBe(values().s);
  // The token counts the text quotes are the tokenizer's.
  const nShort = sentenceInputs(short ?? '', D_MODEL, RNN_MAX_TOKENS).tokens.length;
  const nLong = sentenceInputs(long ?? '', D_MODEL, RNN_MAX_TOKENS).tokens.length;
  expect(t.tryThis?.[1]).toContain(`(${nLong} tokens)`);
  expect(t.tryThis?.[1]).toContain(`(${nShort} tokens)`);
  expect(t.explanation?.[1]).toContain(`or ${nLong}.`);

  await open(page, '#/bottleneck');
  // Try this 1: drag "tokens read" from 1 to the end — the first word's bar shrinks each step.
  const toks = rnnRun(core, values().s, 1, 0.9).tokens;
  const firstBar: number[] = [];
  for (let n = 1; n <= toks.length; n++) {
    await setControl(page, 'rt', String(n));
    const got = await bars(page, 'rnn-influence');
    expectClose(col(got), col(Array.from(rnnRun(core, toks.slice(0, n).join(' '), 1, 0.9).rnn.influence)), `influence after ${n} tokens`);
    firstBar.push(got[0] ?? NaN);
  }
  for (let n = 1; n < firstBar.length; n++) expect(firstBar[n], `first bar after ${n + 1} tokens < after ${n}`).toBeLessThan(firstBar[n - 1] ?? NaN);
  await setControl(page, 'rt', '0');

  // Try this 3: strength 1.5 — the first bar is taller than the last (exploding) ...
  await setControl(page, 'rho', '1.5');
  await expect(page).toHaveURL(/rho=1\.5/);
  let got = await bars(page, 'rnn-influence');
  expectClose(col(got), col(Array.from(rnnRun(core, values().s, 1, 1.5).rnn.influence)), 'influence, strength 1.5');
  expect(got[0]).toBeGreaterThan(got[got.length - 1] ?? Infinity);
  // ... strength 0.3 — it all but disappears (vanishing).
  await setControl(page, 'rho', '0.3');
  got = await bars(page, 'rnn-influence');
  expectClose(col(got), col(Array.from(rnnRun(core, values().s, 1, 0.3).rnn.influence)), 'influence, strength 0.3');
  expect((got[0] ?? NaN) / (got[got.length - 1] ?? NaN)).toBeLessThan(0.01);

  // Try this 2: at the default strength the long example keeps far less of its first word.
  await setControl(page, 'rho', '0.9');
  const atDefault = await bars(page, 'rnn-influence');
  const ratioShort = (atDefault[0] ?? NaN) / (atDefault[atDefault.length - 1] ?? NaN);
  await setControl(page, 's', long ?? '');
  got = await bars(page, 'rnn-influence');
  expect(got.length).toBe(nLong);
  expectClose(col(got), col(Array.from(rnnRun(core, long ?? '', 1, 0.9).rnn.influence)), 'influence, long example');
  expect((got[0] ?? NaN) / (got[nLong - 1] ?? NaN)).toBeLessThan(ratioShort / 1000);
  // ... and even strength 1.5 does not save it: over the long example the first word still fades.
  await setControl(page, 'rho', '1.5');
  got = await bars(page, 'rnn-influence');
  expectClose(col(got), col(Array.from(rnnRun(core, long ?? '', 1, 1.5).rnn.influence)), 'influence, long example, 1.5');
  expect((got[0] ?? NaN) / (got[nLong - 1] ?? NaN)).toBeLessThan(1e-3);
  expect(errors).toEqual([]);
});

test('4 scale: unscaled d_k = 512 collapses query 1 onto one key; at d_k = 1 scaling changes nothing', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const w0 = (dk: number, scaled: boolean) => {
    const { Q, K, V } = randomQK(1, dk);
    return row(core.attention(Q, K, V, scaled ? {} : { scale: 1 }).weights, 0);
  };
  await open(page, '#/scale?w=random&dke=9&scl=0');
  const w = await bars(page, 'query-weights');
  expectClose(col(w), col(w0(512, false)), 'weights, d_k 512 unscaled');
  expect(Math.max(...w)).toBeGreaterThan(0.99);
  await setControl(page, 'dke', '0');
  const off = await bars(page, 'query-weights');
  await page.getByLabel('Divide by √d_k').check();
  const on = await bars(page, 'query-weights');
  expectClose(col(on), col(w0(1, true)), 'weights, d_k 1 scaled');
  expectClose(col(off), col(on), 'd_k 1: scaling on = off', 1e-6);
  expect(errors).toEqual([]);
});

test('5 softmax: coldest temperature splits "cat" evenly over the two identical "the" keys; hottest approaches 1/T', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const r = selfAttention(core, values());
  const T = r.tokens.length;
  const the = r.tokens.flatMap((tok, j) => (tok.toLowerCase() === 'the' ? [j] : []));
  expect(the.length).toBe(2);
  await open(page, '#/softmax?lt=-1.5&w=random');
  await expect(page.locator('[data-fig="row-weights"] .fig-title')).toContainText('cat');
  const table = await barValues(page, 'row-weights');
  const soft = table.map((x) => x[0] ?? NaN);
  const hard = table.map((x) => x[1] ?? NaN);
  expectClose(col(soft), col(row(core.softmax(r.att.scaled, 10 ** -1.5), 1)), 'soft, τ = 0.03', 1e-4);
  const [a, b] = the as [number, number];
  expect(Math.abs((soft[a] ?? NaN) - (soft[b] ?? NaN))).toBeLessThan(1e-6);
  expect((soft[a] ?? 0) + (soft[b] ?? 0)).toBeGreaterThan(0.99);
  expect(hard.filter((v) => v === 1).length).toBe(1);
  expect((hard[a] ?? 0) + (hard[b] ?? 0)).toBe(1);
  await setControl(page, 'lt', '1');
  await expect(page).toHaveURL(/lt=1/);
  const hot = await bars(page, 'row-weights');
  expectClose(col(hot), col(row(core.softmax(r.att.scaled, 10), 1)), 'soft, τ = 10', 1e-4);
  for (const v of hot) expect(Math.abs(v - 1 / T)).toBeLessThan(0.05);
  expect(errors).toEqual([]);
});

test('6 aggregate: with these random weights no row is close to one-hot', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/aggregate?w=random');
  const w = await figureMatrix(page, 'weights');
  expectClose(w, rowsOf(selfAttention(core, values()).att.weights), 'weights');
  expect(Math.max(...w.flat())).toBeLessThan(0.5);
  expect(errors).toEqual([]);
});

test('8 multihead: the shapes callout gives nn.MultiheadAttention’s (batch·n_heads, T, d_head) layout', async ({ page }) => {
  const errors = watchErrors(page);
  const T = sentenceInputs(values().s).tokens.length;
  await open(page, '#/multihead?w=random');
  await setControl(page, 'nh', '4');
  await expect(page.locator('[data-stat="shapes"]')).toContainText(`(batch·n_heads, T, d_head) = (4, ${T}, ${8 / 4})`);
  await expect(page.locator('[data-stat="shapes"]')).toContainText(`(1, 4, ${T}, ${8 / 4})`);
  expect(errors).toEqual([]);
});

test('9 positional: PE·PEᵀ depends only on p − q (constant diagonals, symmetric), not a band; a causal mask breaks equivariance', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  await open(page, '#/positional?w=random');
  const len = Number(await page.locator('[data-key="pel"]').inputValue());
  const dm = Number(await page.locator('[data-key="ped"]').inputValue());
  const pe = core.positionalEncoding(len, dm);
  const S = await figureMatrix(page, 'pe-similarity');
  expectClose(S, rowsOf(core.attention(pe, pe, pe, { scale: 1 }).scores), 'PE·PEᵀ');
  const tol = 1e-4 * dm;
  for (let p = 0; p < len; p++)
    for (let q = 0; q < len; q++) {
      const v = S[p]?.[q] ?? NaN;
      expect(Math.abs(v - (S[q]?.[p] ?? NaN)), `symmetric at ${p},${q}`).toBeLessThan(tol);
      if (p > 0 && q > 0) expect(Math.abs(v - (S[p - 1]?.[q - 1] ?? NaN)), `diagonal through ${p},${q}`).toBeLessThan(tol);
    }
  // Not a band: far entries do not vanish, and row 0 does not fall steadily with distance.
  const diag = S[0]?.[0] ?? NaN;
  expect(Math.min(...S.flat())).toBeGreaterThan(0.25 * diag);
  const r0 = S[0] ?? [];
  expect(r0.some((v, k) => k > 0 && v > (r0[k - 1] ?? Infinity))).toBe(true);
  // The shuffle demo (no mask) is order-blind; with a causal mask the same shuffle is not.
  await expect(page.locator('[data-stat="permuted"]')).toHaveAttribute('data-permuted', 'true');
  const X = sentenceInputs(values().s, 8).X;
  const order = [3, 0, 6, 1, 5, 2, 4];
  const Xs = { rows: X.rows, cols: X.cols, data: Float32Array.from(order.flatMap((i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)))) };
  const gap = (causal: boolean) => {
    const a = core.attention(X, X, X, { causal }).output;
    const b = core.attention(Xs, Xs, Xs, { causal }).output;
    return Math.max(...order.flatMap((i, r) => row(b, r).map((v, c) => Math.abs(v - (row(a, i)[c] ?? NaN)))));
  };
  expect(gap(false)).toBeLessThan(1e-5);
  expect(gap(true)).toBeGreaterThan(1e-2);
  expect(errors).toEqual([]);
});

test('10 transformer: at sharpness 4 "tapis" and "s\'est" are almost one-hot, "le" ties between the two "the"', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const lex = content('10-transformer').data?.lexicon as Record<string, string>;
  const tgt = "Le chat s'est assis sur le tapis.";
  const r = seq2seq(core, values().s, tgt, lex, 4);
  await open(page, '#/transformer?w=random&sharp=4');
  const W = await figureMatrix(page, 'cross');
  expectClose(W, rowsOf(r.cross.weights), 'cross-attention, sharpness 4');
  const at = (word: string) => W[r.tgt.indexOf(word)] ?? [];
  expect(Math.max(...at('tapis'))).toBeGreaterThan(0.95);
  expect(Math.max(...at("s'est"))).toBeGreaterThan(0.95);
  const le = at('Le');
  const the = r.src.flatMap((w, j) => (w.toLowerCase() === 'the' ? [j] : []));
  expect(the.length).toBe(2);
  const [a, b] = the as [number, number];
  expect(Math.abs((le[a] ?? NaN) - (le[b] ?? NaN))).toBeLessThan(1e-6);
  const others = le.filter((_, j) => j !== a && j !== b);
  expect(Math.max(...others)).toBeLessThan(le[a] ?? NaN);
  expect(errors).toEqual([]);
});

test('12 recurrence: the RNN Jacobian fades with distance, the attention Jacobian w_{T,t} does not', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const att = selfAttention(core, values());
  const T = att.tokens.length;
  await open(page, '#/recurrence?w=random');
  const rnn = await bars(page, 'rnn-influence-T');
  const w = await bars(page, 'last-token-weights');
  expectClose(col(rnn), col(Array.from(rnnRun(core, values().s, 1, 0.9).rnn.influence).slice(0, T)), 'RNN influence');
  expectClose(col(w), col(row(att.att.weights, T - 1)), 'last query weights');
  expect((rnn[0] ?? NaN) / (rnn[T - 1] ?? NaN)).toBeLessThan(0.1);
  expect(w[0] ?? NaN).toBeGreaterThan(0.5 * Math.max(...w));
  // The examples fit the attention figures' token cap, so both figures end at the same token.
  for (const s of text('12-recurrence').examples ?? []) expect(sentenceInputs(s).truncated, s).toBe(false);
  expect(errors).toEqual([]);
});

test('14 implement: the masked exercise never blocks a whole row', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const mask = exerciseInputs(core, 1, true).mask;
  expect(mask).toBeDefined();
  await open(page, '#/implement?exm=masked');
  const shown = await figureMatrix(page, 'ex-mask');
  expectClose(shown, rowsOf(mask ?? maskMatrix(core, 0, true, {})), 'mask');
  for (const r of shown) expect(r.some((v) => v === 0)).toBe(true);
  expect(errors).toEqual([]);
});
