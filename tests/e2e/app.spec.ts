// tests/e2e/app.spec.ts — whole-app checks: URL state round-trip (a link reproduces the view),
// malformed links fall back to defaults with a notice, hosting under a sub-path, offline reload
// through the service worker, zero axe-core violations on every page (light and dark, figure and
// table views), figure export (PNG with the cells + CSV), heatmap cells painted on their canvas
// in their value's colour, theme toggle, and screenshots of every lesson at 1280
// and 390 px into tests/e2e/screenshots/ for human review.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { RNN_HIDDEN, selfAttention, sentenceInputs } from '../../web/src/model/pipeline';
import { colorAt } from '../../web/src/ui/colors';
import { axe, DEFAULT_SENTENCE, expectClose, figureMatrix, LESSONS, nodeCore, open, rowsOf, setControl, values, watchErrors, whileOffline } from './helpers';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

test('URL round-trip: a link reproduces sentence, sliders and edited values', async ({ page, context }) => {
  const errors = watchErrors(page);
  await open(page, '#/qkv?w=random');
  await setControl(page, 's', 'Time flies like an arrow.');
  await setControl(page, 'seed', '7');
  const cell = page.locator('[data-editor="wk"] input[data-i="2"][data-j="1"]');
  await cell.fill('-0.75');
  await cell.press('Tab');
  await expect(page).toHaveURL(/wk=2\.1_-0\.75/);
  const url = page.url();
  const q = await figureMatrix(page, 'Q');
  const k = await figureMatrix(page, 'K');
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForSelector('html[data-ready="1"]');
  expect(await figureMatrix(other, 'Q')).toEqual(q);
  expect(await figureMatrix(other, 'K')).toEqual(k);
  await expect(other.locator('[data-key="s"]')).toHaveValue('Time flies like an arrow.');
  await expect(other.locator('[data-key="seed"]')).toHaveValue('7');
  await expect(other.locator('[data-editor="wk"] input[data-i="2"][data-j="1"]')).toHaveValue('-0.75');
  await expect(other.locator('#notice')).toBeHidden();
  // Navigation keeps the settings: the next lesson uses the same sentence and weights.
  await other.locator('.pager a.next').click();
  await expect(other).toHaveURL(/#\/match\?.*s=Time/);
  const core = await nodeCore();
  const r = selfAttention(core, values({ s: 'Time flies like an arrow.', seed: 7, wk: { '2.1': -0.75 } }));
  expectClose(await figureMatrix(other, 'scores'), rowsOf(r.att.scores), 'scores after navigation');
  // Back button returns to the previous lesson.
  await other.goBack();
  await expect(other.locator('h1')).toContainText('Queries, keys, values');
  expect(errors).toEqual([]);
});

test('malformed or unknown URL state falls back to defaults with a visible notice', async ({ page }) => {
  const core = await nodeCore();
  await open(page, '#/match?w=random&seed=abc&zzz=1&s=The%20cat%20sat%20on%20the%20mat.');
  await expect(page.locator('#notice')).toBeVisible();
  await expect(page.locator('#notice')).toContainText('seed');
  await expect(page.locator('#notice')).toContainText('zzz');
  expectClose(await figureMatrix(page, 'scores'), rowsOf(selfAttention(core, values()).att.scores), 'defaults after bad link');
  await open(page, '#/no-such-lesson');
  await expect(page.locator('#notice')).toContainText('no-such-lesson');
  await expect(page.locator('h1')).toContainText('Attention Lab');
  await open(page, '#/qkv?wq=%ZZ');
  await expect(page.locator('#notice')).toBeVisible();
});

test('works under a sub-path (GitHub Pages style) with relative URLs', async ({ page }) => {
  const errors = watchErrors(page);
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['http:', 'https:'].includes(u.protocol)) return;
    if (u.origin !== new URL(page.url() === 'about:blank' ? r.url() : page.url()).origin || !u.pathname.startsWith('/attention-lab/')) foreign.push(r.url());
  });
  await open(page, '#/match', '/attention-lab/');
  await expect(page.locator('[data-fig="scores"] .hm-cell').first()).toBeAttached();
  // Nothing is requested from another host, nor from outside the sub-path.
  expect(foreign).toEqual([]);
  await expect(page.locator('.katex').first()).toBeVisible();
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});

test('offline after the first visit (service worker)', async ({ page, context }) => {
  await open(page, '#/softmax?w=random', '/attention-lab/');
  await whileOffline(page, context, async () => {
    await page.reload();
    await page.waitForSelector('html[data-ready="1"]');
    await expect(page.locator('[data-fig="weights-all"] .hm-cell').first()).toBeAttached();
    await page.locator('.pager a.next').click();
    await expect(page.locator('[data-fig="output"] .hm-cell').first()).toBeAttached();
  });
});

test('a first visit installs the service worker once the learner pauses, not while they work the controls', async ({ page }) => {
  await open(page, '#/bottleneck');
  const registered = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined);
  const rho = page.locator('[data-key="rho"]').first();
  const survival = page.locator('[data-stat="survival"]');
  // A learner moving the memory slider every 0.4 s for 4 s after the page loaded: each move is a
  // recompute the page shows, and no worker is installed meanwhile.
  for (let k = 0; k < 10; k++) {
    const before = await survival.textContent();
    await setControl(page, 'rho', k % 2 ? '0.9' : '1.2');
    await expect(survival).not.toHaveText(before ?? '');
    await page.waitForTimeout(400);
    expect(await registered(), `registered while the learner moved the slider (move ${k + 1})`).toBe(false);
  }
  await expect(rho).toHaveValue('0.9');
  // Then the learner stops: the worker registers, installs and controls the page's next load.
  await expect.poll(registered, { timeout: 10_000 }).toBe(true);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
});

test('export: CSV has the core numbers, PNG downloads', async ({ page }) => {
  const core = await nodeCore();
  await open(page, '#/match?w=random');
  const fig = page.locator('[data-fig="scores"]');
  const [csv] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: /^CSV/ }).click()]);
  expect(csv.suggestedFilename()).toBe('scores.csv');
  const text = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n');
  const S = selfAttention(core, values()).att.scores;
  expect(text.length).toBe(S.rows + 1);
  expect(Number(text[1]?.split(',')[1])).toBeCloseTo(S.data[0] ?? NaN, 5);
  const [png] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: /^PNG/ }).click()]);
  expect(png.suggestedFilename()).toBe('scores.png');
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  // The export draws the cells too (the page paints them on a canvas, the PNG comes from an SVG
  // built for it): the colour of the largest score, the palette's end, is in the image.
  const want = /rgb\((\d+), (\d+), (\d+)\)/.exec(colorAt('diverging', 1))?.slice(1).map(Number) ?? [];
  const found = await page.evaluate(
    async ({ b64, want }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 0; k < d.length; k += 4) if (want.every((x, ch) => Math.abs((d[k + ch] ?? -9) - x) <= 3)) n++;
      return n;
    },
    { b64: bytes.toString('base64'), want },
  );
  expect(found, 'pixels of the largest score in the PNG').toBeGreaterThan(200);
});

/** Per cell of a heatmap: its data-v and the canvas pixel near its top-left corner (inside the
 *  cell, clear of the white cell border, the mark outline and the centred number). */
async function paintedCells(page: Page, fig: string): Promise<{ v: number; rgb: number[] }[]> {
  return page.locator(`[data-fig="${fig}"] .hm-plot`).evaluate((plot) => {
    const canvas = plot.querySelector('canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const rows = plot.querySelectorAll('.hm-row').length;
    const cells = Array.from(plot.querySelectorAll<HTMLElement>('.hm-cell'));
    const cols = cells.length / rows;
    return cells.map((c) => {
      const x = Math.floor((Number(c.dataset.j) + 0.15) * (canvas.width / cols));
      const y = Math.floor((Number(c.dataset.i) + 0.15) * (canvas.height / rows));
      const p = ctx.getImageData(x, y, 1, 1).data;
      return { v: Number(c.dataset.v), rgb: [p[0] ?? -1, p[1] ?? -1, p[2] ?? -1] };
    });
  });
}

test('heatmap cells are painted in the palette colour of their value, after a recompute too', async ({ page }) => {
  /** Every cell of a diverging heatmap with its default domain (symmetric around 0). */
  const check = async (fig: string) => {
    const cells = await paintedCells(page, fig);
    const expected = await figureMatrix(page, fig);
    expect(cells.length).toBe(expected.flat().length);
    const a = Math.max(...cells.map((c) => Math.abs(c.v)));
    for (const c of cells) {
      const want =
        /rgb\((\d+), (\d+), (\d+)\)/
          .exec(colorAt('diverging', (c.v + a) / (2 * a)))
          ?.slice(1)
          .map(Number) ?? [];
      c.rgb.forEach((x, k) => expect(Math.abs(x - (want[k] ?? NaN)), `${fig} cell ${c.v}: ${c.rgb} vs ${want}`).toBeLessThanOrEqual(2));
    }
  };
  await open(page, '#/match?w=random');
  await check('scores');
  await setControl(page, 's', 'Time flies like an arrow.');
  await check('scores');
  // Several heatmaps on one page, each with its own numbers, after a new seed.
  await open(page, '#/qkv?w=random');
  await setControl(page, 'seed', '7');
  for (const fig of ['X', 'Q', 'K', 'V']) await check(fig);
});

test('a heatmap whose shape changes back and forth shows one canvas of its cells’ shape, painted anew, and reuses the one it had', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/bottleneck');
  const fig = page.locator('[data-fig="rnn-states"]');
  /** The states figure after the encoder read `rows` tokens: one canvas, of square cells in the
   *  grid's shape, painted in the diverging palette over the figure's fixed domain [−1, 1]; which
   *  canvas element it is (an index into the canvases seen so far). */
  const check = async (rows: number) => {
    await expect(fig.locator('.hm-row')).toHaveCount(rows);
    await expect(fig.locator('canvas')).toHaveCount(1);
    const cells = await paintedCells(page, 'rnn-states');
    const cols = cells.length / rows;
    expect(cols).toBe(RNN_HIDDEN);
    for (const c of cells) {
      const want =
        /rgb\((\d+), (\d+), (\d+)\)/
          .exec(colorAt('diverging', (c.v + 1) / 2))
          ?.slice(1)
          .map(Number) ?? [];
      c.rgb.forEach((x, k) => expect(Math.abs(x - (want[k] ?? NaN)), `cell ${c.v}: ${c.rgb} vs ${want}`).toBeLessThanOrEqual(2));
    }
    const { width, height, known } = await fig.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const w = window as unknown as { seen?: HTMLCanvasElement[] };
      const k = (w.seen ??= []).indexOf(c);
      if (k < 0) w.seen.push(c);
      return { width: c.width, height: c.height, known: k >= 0 ? k : w.seen.length - 1 };
    });
    expect(width / cols, 'square cells').toBeCloseTo(height / rows, 6);
    return known;
  };
  await setControl(page, 'rt', '2');
  const two = await check(2);
  await setControl(page, 'rt', '0');
  const T = sentenceInputs(DEFAULT_SENTENCE).tokens.length;
  expect(T).toBeGreaterThan(3);
  expect(await check(T), 'a new canvas for a new shape').not.toBe(two);
  await setControl(page, 'rt', '2');
  expect(await check(2), 'the canvas of two rows again').toBe(two);
  await setControl(page, 'rt', '3');
  expect(await check(3)).not.toBe(two);
  expect(errors).toEqual([]);
});

test('every heatmap can be read as a table with headers', async ({ page }) => {
  await open(page, '#/aggregate?w=random');
  const fig = page.locator('[data-fig="output"]');
  await fig.getByRole('button', { name: 'Show as table' }).click();
  const table = fig.locator('table');
  await expect(table.locator('caption')).toContainText('Output');
  await expect(table.locator('th[scope="col"]').first()).toBeVisible();
  await expect(table.locator('th[scope="row"]').first()).toHaveText('The');
  await axe(page, 'aggregate with a table view');
  await fig.getByRole('button', { name: 'Show as figure' }).click();
  await expect(fig.locator('svg[role="img"]')).toHaveAttribute('aria-label', /Heatmap/);
});

test('theme toggle switches light/dark and is remembered', async ({ page }) => {
  await open(page, '#/');
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.locator('.theme-toggle').click();
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  expect(after).not.toBe(before);
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
});

test('home page links every lesson in order; lab link resolves', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/');
  await expect(page.locator('ol.course > li')).toHaveCount(LESSONS.length);
  await page.getByRole('link', { name: /Start with lesson 1/ }).click();
  await expect(page).toHaveURL(/#\/bottleneck/);
  await open(page, '#/lab');
  await expect(page.locator('h1')).toContainText('lab');
  expect(errors).toEqual([]);
});

// One test per page for the full rule set (light theme), so a slow, shared machine never
// pushes a single test past its timeout; the dark theme only changes colours, so its pass
// checks colour contrast on every page.
for (const route of ['', 'lab', ...LESSONS]) {
  test(`axe-core: zero violations on #/${route} (light)`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await open(page, `#/${route}`);
    await axe(page, `#/${route} (light)`);
  });
}

test('axe-core: colour contrast on every page (dark)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const route of ['', 'lab', ...LESSONS]) {
    await open(page, `#/${route}`);
    await axe(page, `#/${route} (dark)`, ['color-contrast']);
  }
});

for (const [name, width] of [
  ['desktop', 1280],
  ['phone', 390],
] as const) {
  test(`screenshots of every lesson at ${name} width (${width}px), no console errors`, async ({ page }) => {
    test.setTimeout(120_000);
    mkdirSync(SHOTS, { recursive: true });
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height: 900 });
    await open(page, '#/');
    await page.screenshot({ path: `${SHOTS}00-home-${name}.png`, fullPage: true });
    for (const [k, slug] of LESSONS.entries()) {
      await open(page, `#/${slug}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `#/${slug} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}${String(k + 1).padStart(2, '0')}-${slug}-${name}.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
  });
}

test('edge inputs: empty, one-token and very long sentences never break a lesson', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const long = Array.from({ length: 80 }, (_, k) => `w${k}`).join(' ');
  for (const s of ['', 'Hi', '!!!', long]) {
    for (const slug of LESSONS) {
      await open(page, `#/${slug}?s=${encodeURIComponent(s)}`);
      await expect(page.locator('.core-error'), `#/${slug} with s=${JSON.stringify(s.slice(0, 12))}`).toBeHidden();
    }
  }
  expect(errors).toEqual([]);
});
