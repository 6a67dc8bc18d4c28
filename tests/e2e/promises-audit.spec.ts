// tests/e2e/promises-audit.spec.ts — the promises of lessons 1, 4, 7, 11, 12 and 13 that
// promises.spec.ts does not already perform (docs/lesson-promises.md lists every promise and its
// test). Each test does what the text says on the live page, checks the page's numbers against the
// core loaded in Node (inputs rebuilt with web/src/model/pipeline.ts), then asserts the outcome
// the text promises, with thresholds from the text's own words ("≈ 1", "around ±8", "grow",
// "exactly 0"); numbers the text quotes are read from the content file, never copied here.
// Not covered here: claims about PyTorch versions the machine does not have, and history
// (docs/lesson-promises.md says which and why); lessons 2, 3, 5, 6, 8, 9, 10 and 14.
import { expect, test, type Page } from '@playwright/test';
import { row, type Matrix } from '../../web/src/model/matrix';
import {
  additiveParams,
  D_MODEL,
  maskMatrix,
  padRows,
  paddingMask,
  qkvWeights,
  randomQK,
  RNN_HIDDEN,
  RNN_MAX_TOKENS,
  rnnRun,
  SCALE_SAMPLES,
  selfAttention,
  sentenceInputs,
} from '../../web/src/model/pipeline';
import { identity, transposed, vstack } from '../../web/src/model/matrix';
import { colorAt } from '../../web/src/ui/colors';
import { fmt, tex } from '../../web/src/ui/format';
import { barValues, content, expectClose, figureMatrix, nodeCore, open, rowsOf, setControl, values, watchErrors } from './helpers';

type Text = { examples?: string[]; tryThis?: string[]; explanation?: string[]; labels?: Record<string, string>; data?: Record<string, unknown> };
const text = (file: string) => content(file) as Text;
const col = (xs: readonly number[]) => xs.map((v) => [v]);
const bars = async (page: Page, fig: string) => (await barValues(page, fig)).map((r) => r[0] ?? NaN);
const argmax = (xs: readonly number[]) => xs.indexOf(Math.max(...xs));
/** Clicks the example chip of a sentence box (a chip shows a long example shortened, as controls.ts does). */
const pickExample = (page: Page, e: string) => page.getByRole('button', { name: e.length > 36 ? `${e.slice(0, 34)}…` : e, exact: true }).click();

test('1 bottleneck: h_T is 6 numbers for 4 tokens or 49; the survival callout is the first bar over the last', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const t = text('01-bottleneck');
  const [short, small, long] = t.examples ?? [];
  const n = (s: string) => sentenceInputs(s, D_MODEL, RNN_MAX_TOKENS).tokens.length;
  // "here just 6 numbers — whether the sentence has 4 tokens or 49" (49 is checked in promises.spec.ts).
  expect(t.explanation?.[1]).toContain(`just ${RNN_HIDDEN} numbers`);
  expect(t.explanation?.[1]).toContain(`has ${n(small ?? '')} tokens or`);
  await open(page, '#/bottleneck');
  for (const s of [short, small, long] as string[]) {
    if (s !== short) await pickExample(page, s);
    const states = await figureMatrix(page, 'rnn-states');
    const run = rnnRun(core, s, 1, 0.9);
    expectClose(states, rowsOf(run.rnn.states), `states of “${s}”`);
    expect(states.length, `one state per token of “${s}”`).toBe(n(s));
    for (const r of states) expect(r.length, `h_t of “${s}” has ${RNN_HIDDEN} numbers`).toBe(RNN_HIDDEN);
    // The callout's percentage is the first bar over the last bar of the figure below it.
    const infl = await bars(page, 'rnn-influence');
    expectClose(col(infl), col(Array.from(run.rnn.influence)), `influence of “${s}”`);
    const ratio = (100 * (infl[0] ?? NaN)) / (infl[infl.length - 1] ?? NaN);
    await expect(page.locator('[data-stat="survival"]')).toContainText(`${ratio > 0 && ratio < 0.1 ? ratio.toExponential(1) : fmt(ratio, 1)}%`);
  }
  expect(errors).toEqual([]);
});

test('4 scale: the raw spread grows like √d_k (around ±8 at 64, ±22 at 512), strays most at small d_k; scaled it is ≈ 1; saturation kills the gradient', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const t = text('04-scale');
  // The numbers the explanation quotes, read from it.
  const quoted = /d_k = (\d+)\$ typical scores are around ±(\d+); with (\d+), around ±(\d+)/.exec(t.explanation?.[0] ?? '');
  expect(quoted, 'the explanation quotes the spread at two widths').not.toBeNull();
  const [, dkA, sdA, dkB, sdB] = (quoted ?? []).map(Number) as [number, number, number, number, number];
  // The random q, k are independent draws with mean 0 and variance 1, as the argument assumes.
  const { Q, K } = randomQK(1, 512);
  const all = [...Q.data, ...K.data];
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
  expect(Math.abs(mean)).toBeLessThan(0.05);
  expect(Math.abs(variance - 1)).toBeLessThan(0.05);

  await open(page, '#/scale?w=random&scl=0');
  const raw = new Map<number, number>();
  const extent: number[] = [];
  for (let e = 0; e <= 9; e++) {
    const dk = 2 ** e;
    await setControl(page, 'dke', String(e));
    const { Q: q, K: k } = randomQK(1, dk);
    const st = core.scoreStatistics(q, k, { scale: 1, bins: 24, minRange: 4 });
    await expect(page.locator('[data-stat="spread"]')).toContainText(`d_k = ${dk},`);
    await expect(page.locator('[data-stat="spread"]')).toContainText(fmt(st.raw.std, 2));
    await expect(page.locator('[data-stat="spread"]')).toContainText(fmt(st.sqrtDk, 2));
    expect((await barValues(page, 'score-histogram')).map((r) => r[0])).toEqual(Array.from(st.raw.counts));
    raw.set(dk, st.raw.std);
    extent.push(Math.max(...Array.from(st.centers, Math.abs)));
  }
  const dks = [...raw.keys()];
  // "grows like √d_k": larger at every doubling, within 10% of √d_k once the sample is large ...
  for (let k = 1; k < dks.length; k++)
    expect(raw.get(dks[k] ?? 0), `spread grows from d_k ${dks[k - 1]} to ${dks[k]}`).toBeGreaterThan(raw.get(dks[k - 1] ?? 0) ?? Infinity);
  for (const dk of dks.filter((d) => d >= 64)) expect(Math.abs((raw.get(dk) ?? NaN) / Math.sqrt(dk) - 1), `spread ≈ √${dk}`).toBeLessThan(0.1);
  // ... "around ±8 / ±22" as quoted (the nearest whole number) ...
  expect(Math.abs((raw.get(dkA) ?? NaN) - sdA)).toBeLessThan(1);
  expect(Math.abs((raw.get(dkB) ?? NaN) - sdB)).toBeLessThan(1);
  // ... "strays from √d_k most at small d_k".
  const stray = (ds: number[]) => Math.max(...ds.map((d) => Math.abs((raw.get(d) ?? NaN) / Math.sqrt(d) - 1)));
  expect(stray(dks.filter((d) => d <= 8))).toBeGreaterThan(stray(dks.filter((d) => d >= 64)));
  // "Watch the histogram's score axis stretch".
  for (let k = 1; k < extent.length; k++) expect(extent[k]).toBeGreaterThanOrEqual(extent[k - 1] ?? Infinity);
  expect(extent[extent.length - 1]).toBeGreaterThan(4 * (extent[0] ?? Infinity));
  // Saturated (d_k 512, unscaled): one weight ≈ 1, so its gradient w(1 − w) ≈ 0.
  const w = await bars(page, 'query-weights');
  const top = Math.max(...w);
  expect(top * (1 - top)).toBeLessThan(0.01);
  await expect(page.locator('[data-stat="saturation"]')).toHaveClass(/warn/);

  // Scaling on: "brings the spread back to ≈ 1 whatever the width" (tryThis 2 at 512).
  await page.getByLabel('Divide by √d_k').check();
  for (let e = 9; e >= 4; e--) {
    await setControl(page, 'dke', String(e));
    const { Q: q, K: k } = randomQK(1, 2 ** e);
    const fed = core.scoreStatistics(q, k, { bins: 24, minRange: 4 }).scaled.std;
    await expect(page.locator('[data-stat="spread"]')).toContainText(`spread ${fmt(fed, 2)}`);
    expect(Math.abs(fed - 1), `scaled spread ≈ 1 at d_k ${2 ** e}`).toBeLessThan(0.1);
  }
  await expect(page.locator('[data-stat="saturation"]')).toHaveClass(/ok/);
  expect(SCALE_SAMPLES * SCALE_SAMPLES).toBe(1024);
  expect(t.explanation?.[2]).toContain(`$${SCALE_SAMPLES} \\times ${SCALE_SAMPLES}$`);
  expect(errors).toEqual([]);
});

/** Lesson 7's scores and weights for the default sentence with learner-blocked cells. */
function masking(core: Awaited<ReturnType<typeof nodeCore>>, causal: boolean, blk: Record<string, number>) {
  const T = sentenceInputs(values().s).tokens.length;
  return selfAttention(core, values(), { causal, mask: maskMatrix(core, T, false, blk) });
}

test('7 masking: causal row 1 is all on itself; −∞ gives exactly 0, rows sum to 1, nothing else changes; blocking a cell grows the others', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const plain = masking(core, false, {});
  const T = plain.tokens.length;
  await open(page, '#/masking?w=random');
  // Try this 1: with the causal mask on, the first token's weight on itself is 1.
  const causal = masking(core, true, {});
  let W = await figureMatrix(page, 'masked-weights');
  const S = await figureMatrix(page, 'masked-scores');
  expectClose(W, rowsOf(causal.att.weights), 'causal weights');
  expectClose(S, rowsOf(causal.att.masked), 'causal masked scores');
  expect(W[0]?.[0]).toBe(1);
  // −∞ → weight exactly 0; the rest still sums to 1; allowed scores are the unmasked scaled ones.
  const scaled = rowsOf(plain.att.scaled);
  for (let i = 0; i < T; i++) {
    expect(Math.abs((W[i] ?? []).reduce((a, b) => a + b, 0) - 1), `row ${i} sums to 1`).toBeLessThan(1e-6);
    for (let j = 0; j < T; j++) {
      if (j > i) {
        expect(S[i]?.[j], `future score ${i},${j}`).toBe(-Infinity);
        expect(W[i]?.[j], `future weight ${i},${j}`).toBe(0);
      } else expect(Math.abs((S[i]?.[j] ?? NaN) - (scaled[i]?.[j] ?? NaN)), `allowed score ${i},${j} unchanged`).toBeLessThan(1e-6);
    }
  }
  // Try this 2: untick causal, block one cell (ticked = blocked, as in nn.MultiheadAttention):
  // that weight becomes 0, every other weight of its row grows, other rows do not move.
  await page.getByLabel(/Causal mask/).uncheck();
  const before = await figureMatrix(page, 'masked-weights');
  expectClose(before, rowsOf(plain.att.weights), 'no mask');
  const [bi, bj] = [1, 3];
  await page.locator(`.mask-table input[data-i="${bi}"][data-j="${bj}"]`).check();
  await expect(page).toHaveURL(/blk=/);
  W = await figureMatrix(page, 'masked-weights');
  expectClose(W, rowsOf(masking(core, false, { [`${bi}.${bj}`]: 1 }).att.weights), 'one blocked cell');
  expect(W[bi]?.[bj]).toBe(0);
  for (let j = 0; j < T; j++) if (j !== bj) expect(W[bi]?.[j], `weight ${bi},${j} grows`).toBeGreaterThan(before[bi]?.[j] ?? Infinity);
  for (let i = 0; i < T; i++) if (i !== bi) expect(W[i], `row ${i} unchanged`).toEqual(before[i]);
  await page.getByRole('button', { name: 'Clear my blocks' }).click();
  // Try this 3: block every key of the last query — its weights are all 0 and so is its output.
  await page.getByRole('button', { name: /Block every key of/ }).click();
  const blk = Object.fromEntries(Array.from({ length: T }, (_, j) => [`${T - 1}.${j}`, 1]));
  const dead = masking(core, false, blk);
  W = await figureMatrix(page, 'masked-weights');
  expectClose(W, rowsOf(dead.att.weights), 'dead row');
  expect(W[T - 1]).toEqual(Array.from({ length: T }, () => 0));
  expect(row(dead.att.output, T - 1)).toEqual(Array.from({ length: dead.att.output.cols }, () => 0));
  await expect(page.locator('[data-stat="dead"]')).toContainText(plain.labels[T - 1] ?? '');
  expect(errors).toEqual([]);
});

test('7 masking: a longer second sentence pads yours with <pad> columns no query attends to', async ({ page }) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const t = text('07-masking');
  const mine = sentenceInputs(values().s);
  const T = mine.tokens.length;
  const W = qkvWeights(values());
  const params = { numHeads: 1, inProjWeight: vstack([transposed(W.WQ), transposed(W.WK), transposed(W.WV)]), outProjWeight: identity(D_MODEL) };
  const padded = (X: Matrix, n: number, Tmax: number) => {
    const P = padRows(X, Tmax);
    return core.multiHeadAttention(P, P, P, params, { keyPaddingMask: paddingMask(core, n, Tmax) }).averageWeights;
  };
  /** Every query's weights on padding keys (columns n…Tmax−1) are exactly 0. */
  const noPadWeight = (M: number[][], n: number, what: string) =>
    M.forEach((r, i) => r.slice(n).forEach((v, j) => expect(v, `${what}: query ${i} on pad ${n + j}`).toBe(0)));

  await open(page, '#/masking?w=random');
  // Default batch: the second sentence is the shorter one; its pad keys get 0 from every query.
  const second = sentenceInputs(((t.data?.secondExamples as string[]) ?? [])[0] ?? '');
  let M = await figureMatrix(page, 'padded-weights-2');
  expectClose(M, rowsOf(padded(second.X, second.tokens.length, T)), 'second sentence padded');
  noPadWeight(M, second.tokens.length, 'second sentence');
  // Try this 4 with the lesson's own example: one of them is longer than the default sentence.
  const longer = ((t.data?.secondExamples as string[]) ?? []).find((s) => sentenceInputs(s).tokens.length > T);
  expect(longer, 'a second-sentence example longer than the default sentence').toBeDefined();
  await pickExample(page, longer ?? '');
  const Tmax = sentenceInputs(longer ?? '').tokens.length;
  await expect(page.getByRole('heading', { name: new RegExp(`\\(2, ${Tmax}\\)`) })).toBeVisible();
  M = await figureMatrix(page, 'padded-weights-1');
  expectClose(M, rowsOf(padded(mine.X, T, Tmax)), 'your sentence padded');
  noPadWeight(M, T, 'your sentence');
  // Its columns are labelled as the text calls them.
  await expect(page.locator('[data-fig="padded-weights-1"]')).toContainText(t.labels?.padToken ?? '<pad>');
  expect(t.tryThis?.[3]).toContain(`\`${t.labels?.padToken}\``);
  expect(errors).toEqual([]);
});

test('11 additive: different widths work; the patterns differ; the formula names the strongest difference; time both; h grows only the additive count', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  // "query and key may even have different widths": the core's additive score takes d_q ≠ d_k.
  const q = { rows: 2, cols: 3, data: Float32Array.from([0.5, -1, 0.2, 1, 0.3, -0.4]) };
  const k = { rows: 4, cols: 5, data: Float32Array.from({ length: 20 }, (_, i) => Math.sin(i)) };
  const v = { rows: 4, cols: 2, data: Float32Array.from({ length: 8 }, (_, i) => i) };
  const wide = core.additiveAttention(q, k, v, {
    Wq: { rows: 6, cols: 3, data: new Float32Array(18).fill(0.3) },
    Wk: { rows: 6, cols: 5, data: Float32Array.from({ length: 30 }, (_, i) => Math.cos(i)) },
    v: new Float32Array(6).fill(1),
  });
  for (const r of rowsOf(wide.weights)) expect(Math.abs(r.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);

  const r = selfAttention(core, values());
  const T = r.tokens.length;
  await open(page, '#/additive?w=random');
  const add = core.additiveAttention(r.Q, r.K, r.V, additiveParams(1, 8));
  const A = await figureMatrix(page, 'additive-weights');
  const Sd = await figureMatrix(page, 'scaled-weights');
  const D = await figureMatrix(page, 'weights-difference');
  expectClose(A, rowsOf(add.weights), 'additive');
  expectClose(Sd, rowsOf(r.att.weights), 'scaled');
  // "the additive network's weights are random, so the patterns differ": some query looks elsewhere.
  expect(A.some((rw, i) => argmax(rw) !== argmax(Sd[i] ?? []))).toBe(true);
  // Try this 1: the difference map's strongest cell is the one the callout and the formula name,
  // and the formula box shows the three scores there, as the core computes them.
  let best = [0, 0];
  D.forEach((rw, i) => rw.forEach((x, j) => (Math.abs(x) > Math.abs(D[best[0] ?? 0]?.[best[1] ?? 0] ?? 0) ? (best = [i, j]) : 0)));
  const [bi, bj] = best as [number, number];
  expect(Math.abs(D[bi]?.[bj] ?? NaN)).toBeCloseTo(Math.max(...D.flat().map(Math.abs)), 7);
  const qLab = r.labels[bi] ?? '';
  const kLab = r.labels[bj] ?? '';
  await expect(page.locator('[data-stat="differ"]')).toContainText(`query “${qLab}”, key “${kLab}”`);
  const formula = page.locator('.formula');
  await expect(formula).toContainText(`query “${qLab}”, key “${kLab}”`);
  const luong = core.attention(r.Q, r.K, r.V, { scale: 1 });
  const at3 = (m: Matrix) => tex(m.data[bi * m.cols + bj] ?? NaN, 3);
  // The TeX of each score (KaTeX keeps its source in the MathML annotation).
  for (const m of [add.scores, luong.scores, r.att.scaled]) await expect(formula).toContainText(`_{${bi + 1},${bj + 1}} = ${at3(m)}`);
  await page.locator(`[data-fig="weights-difference"] .hm-cell[data-i="${bi}"][data-j="${bj}"]`).hover();
  await expect(page.locator('[data-fig="weights-difference"] .tooltip')).toContainText(fmt(D[bi]?.[bj] ?? NaN, 3));

  // Try this 3: increase h — the additive operation count grows, the dot product's does not.
  const cost = async () => (await page.locator('[data-stat="cost"] tbody tr td:last-child').allTextContents()).map(Number) as [number, number];
  const [dot8, add8] = await cost();
  expect([dot8, add8]).toEqual([T * T * D_MODEL, 2 * T * 8 * D_MODEL + 3 * T * T * 8]);
  await setControl(page, 'ah', '16');
  await expect(page.locator('[data-stat="cost"] caption')).toContainText('h = 16');
  const [dot16, add16] = await cost();
  expect(dot16).toBe(dot8);
  expect(add16).toBeGreaterThan(add8);
  expect(add16).toBe(2 * T * 16 * D_MODEL + 3 * T * T * 16);

  // Try this 2 / "far faster at the same size": on 256 tokens the additive score is slower.
  await page.getByRole('button', { name: 'Time both on 256 tokens' }).click();
  const timing = page.locator('[data-stat="timing"]');
  await expect(timing).toContainText('slower');
  const m = /scaled dot-product ([\d.]+) ms, additive ([\d.]+) ms — additive is ([\d.]+)× slower/.exec((await timing.textContent()) ?? '');
  expect(m, 'the timing callout gives both times and their ratio').not.toBeNull();
  const [, tDot, tAdd, ratio] = (m ?? []).map(Number) as [number, number, number, number];
  expect(tAdd).toBeGreaterThan(tDot);
  expect(ratio).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('12 recurrence: a longer sentence — RNN paths reach T−1 hops (the palette’s top, yellow) in the corners, attention stays 1; the note names the strength the bars use', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const core = await nodeCore();
  const t = text('12-recurrence');
  // The RNN here is lesson 1's at lesson 1's default strength: read that default off lesson 1's slider.
  await open(page, '#/bottleneck');
  const rho = Number(await page.locator('[data-key="rho"]').inputValue());
  const long = t.examples?.[1] ?? '';
  await open(page, '#/recurrence?w=random');
  await pickExample(page, long);
  const T = sentenceInputs(long).tokens.length;
  expect(T).toBeGreaterThan(sentenceInputs(values().s).tokens.length);
  const hops = await figureMatrix(page, 'rnn-path');
  const ones = await figureMatrix(page, 'attn-path');
  expect(hops.length).toBe(T);
  hops.forEach((rw, i) => rw.forEach((v, j) => expect(v, `hops ${i} → ${j}`).toBe(Math.abs(i - j))));
  expect([hops[0]?.[T - 1], hops[T - 1]?.[0]]).toEqual([T - 1, T - 1]);
  expect(Math.max(...hops.flat())).toBe(T - 1);
  expect(ones.flat().every((v) => v === 1)).toBe(true);
  // "bright yellow": the corner cells are drawn in the palette's top colour; attention's cells are not.
  /** The colour painted in cell (i, j) of a heatmap's canvas (sampled near its corner, away from the number). */
  const fill = (fig: string, i: number, j: number) =>
    page.locator(`[data-fig="${fig}"] canvas`).evaluate(
      (c: HTMLCanvasElement, [ii, jj, n]) => {
        const w = c.width / n;
        const h = c.height / n;
        const p = c.getContext('2d')?.getImageData(Math.floor(jj * w + 2), Math.floor(ii * h + 2), 1, 1).data ?? [];
        return `rgb(${Array.from(p.slice(0, 3)).join(', ')})`;
      },
      [i, j, T] as const,
    );
  const yellow = colorAt('cividis', 1);
  expect(await fill('rnn-path', 0, T - 1)).toBe(yellow);
  expect(await fill('rnn-path', T - 1, 0)).toBe(yellow);
  expect(await fill('rnn-path', 0, 0)).not.toBe(yellow);
  expect(await fill('attn-path', 0, T - 1)).not.toBe(yellow);
  // The table: T sequential steps and a longest path of T − 1 for the RNN, 1 and 1 for attention.
  const cells = (await page
    .locator('[data-stat="complexity"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)))) as string[][];
  expect(cells[0]?.slice(0, 2)).toEqual([`O(T) = ${T}`, `O(T) = ${T - 1}`]);
  expect(cells[1]?.slice(0, 2)).toEqual(['O(1) = 1', 'O(1) = 1']);
  // The note under the RNN bars names the strength those bars are computed with.
  const infl = await bars(page, 'rnn-influence-T');
  expectClose(col(infl), col(Array.from(rnnRun(core, long, 1, rho).rnn.influence).slice(0, T)), `RNN influence at strength ${rho}`);
  await expect(page.locator('[data-fig="rnn-influence-T"]')).toContainText(`recurrent strength, ${rho})`);
  expect(errors).toEqual([]);
});

test('13 review: a one-hot (argmax) choice does not move under small score changes, softmax does', async () => {
  const core = await nodeCore();
  // A sentence without repeated words: no ties, so each row has one clear maximum.
  const s = selfAttention(core, values({ s: 'Time flies like an arrow.' })).att.scaled;
  const rows = rowsOf(s);
  const gap = Math.min(
    ...rows.map((r) => {
      const sorted = [...r].sort((a, b) => b - a);
      return (sorted[0] ?? NaN) - (sorted[1] ?? NaN);
    }),
  );
  expect(gap).toBeGreaterThan(0);
  // Every score moves by less than a quarter of the smallest lead of a row's maximum.
  const nudged = { ...s, data: Float32Array.from(s.data, (x, k) => x + (gap / 4) * Math.sin(k + 1)) };
  expect(Array.from(core.hardAttention(nudged).index)).toEqual(Array.from(core.hardAttention(s).index));
  const a = core.softmax(s, 1).data;
  const b = core.softmax(nudged, 1).data;
  expect(Math.max(...Array.from(a, (x, k) => Math.abs(x - (b[k] ?? NaN))))).toBeGreaterThan(0);
});
