// tests/e2e/embed.spec.ts — embeddable figures (ui/embed.ts): a figure's Embed button gives an
// <iframe> snippet of this site (here under the sub-path /attention-lab/, as on GitHub Pages) at
// the learner's state; pasted into a plain HTML page served from ANOTHER local port, the frame
// shows that one figure with the lesson's controls, computes live when the reader drives the
// controls (the numbers are the core's, checked in Node), grows and shrinks with its content,
// reloads offline from the service worker, and neither the frame nor the host page requests
// anything from any other origin. A figure id the lesson does not draw falls back visibly.
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { selfAttention } from '../../web/src/model/pipeline';
import { axe, expectClose, nodeCore, rowsOf, values, watchErrors } from './helpers';

let host: Server;
let hostHtml = '';
let hostOrigin = '';
test.beforeAll(async () => {
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostHtml);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => host.close(() => r())));

/** The matrix a heatmap in the frame shows (data-v of its cells). */
async function frameMatrix(page: Page, fig: string): Promise<number[][]> {
  const cells = page.frameLocator('iframe').locator(`[data-fig="${fig}"] .hm-cell`);
  await expect(cells.first()).toBeAttached();
  const all = await cells.evaluateAll((els) =>
    els.map((e) => [Number((e as HTMLElement).dataset.i), Number((e as HTMLElement).dataset.j), Number((e as HTMLElement).dataset.v)]),
  );
  const out: number[][] = [];
  for (const [i, j, v] of all) (out[i as number] ??= [])[j as number] = v as number;
  return out;
}

test('a figure embedded in a page on another port shows its controls, computes live, resizes, works offline and talks to no other origin', async ({
  page,
  context,
}) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const core = await nodeCore();
  await page.goto('/attention-lab/index.html#/softmax?w=random&lt=0.3');
  await page.waitForSelector('html[data-ready="1"]');
  const app = new URL(page.url()).origin;
  // The Embed button of one figure: a dialog with the snippet, copied to the clipboard.
  await page.getByRole('button', { name: /^Embed: All weights/ }).click();
  const dialog = page.locator('dialog.embed-dialog');
  await expect(dialog).toBeVisible();
  const snippet = await dialog.locator('textarea').inputValue();
  await axe(page, 'the embed dialog', undefined, ['dialog.embed-dialog']);
  await dialog.getByRole('button', { name: 'Copy HTML' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  const src = /<iframe src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '';
  expect(src.startsWith(`${app}/attention-lab/index.html#/softmax?`)).toBe(true);
  expect(src).toContain('embed=weights-all');
  expect(src).toContain('lt=0.3');
  // A plain page on another port, with the snippet pasted in.
  hostHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A class page</title></head><body><h1>Our class</h1><p>Before the figure.</p>\n${snippet}\n<p>After the figure.</p></body></html>`;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const o = new URL(r.url()).origin;
    if (o !== app && o !== hostOrigin && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });
  await page.goto(`${hostOrigin}/`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('[data-fig="weights-all"]')).toBeVisible();
  // Only that figure, with the lesson's controls and the link back; no header, text or other figure.
  for (const fig of await frame.locator('.figures > *').all()) {
    const has = await fig.locator('[data-fig="weights-all"]').count();
    const is = (await fig.getAttribute('data-fig')) === 'weights-all';
    if (has || is) await expect(fig).toBeVisible();
    else await expect(fig).toBeHidden();
  }
  for (const sel of ['.topbar', '.explain', '.formula-box', '.try', '.check', '.pager', '.steps', 'details.bridge', 'details.teacher', '.fig-embed'])
    await expect(frame.locator(sel).first(), sel).toBeHidden();
  await expect(frame.locator('[data-key="lt"]')).toBeVisible();
  await expect(frame.getByRole('link', { name: /Open this lesson in Attention Lab/ })).toHaveAttribute(
    'href',
    /\/attention-lab\/index\.html#\/softmax\?(?!.*embed=)/,
  );
  // Live: the figure is the core's softmax of the lesson's scores at τ = 10^0.3, then at 10^-1 after the reader moves the slider.
  const att = selfAttention(core, values());
  expectClose(await frameMatrix(page, 'weights-all'), rowsOf(core.softmax(att.att.scaled, 10 ** 0.3)), 'embedded, τ = 2');
  await frame.locator('[data-key="lt"]').fill('-1');
  const cold = rowsOf(core.softmax(att.att.scaled, 0.1));
  await expect.poll(async () => Math.abs(((await frameMatrix(page, 'weights-all'))[0]?.[0] ?? NaN) - (cold[0]?.[0] ?? NaN))).toBeLessThan(1e-5);
  expectClose(await frameMatrix(page, 'weights-all'), cold, 'embedded, τ = 0.1');
  // Resizes to its content: the frame's height follows the embedded page's body, up and down.
  const heights = async () => ({
    frame: await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height),
    body: await frame.locator('body').evaluate((b) => b.getBoundingClientRect().height),
  });
  await expect
    .poll(async () => {
      const x = await heights();
      return Math.abs(x.frame - Math.ceil(x.body));
    })
    .toBeLessThanOrEqual(1);
  const before = (await heights()).frame;
  await frame.getByRole('button', { name: 'Show as table' }).click();
  await expect.poll(async () => (await heights()).frame).not.toBe(before);
  await expect
    .poll(async () => {
      const x = await heights();
      return Math.abs(x.frame - Math.ceil(x.body));
    })
    .toBeLessThanOrEqual(1);
  await frame.getByRole('button', { name: 'Show as figure' }).click();
  await expect.poll(async () => (await heights()).frame).toBeCloseTo(before, 0);
  // Offline: once the site's service worker controls the frame, it reloads without the network.
  const appFrame = () => page.frames().find((f) => f.url().startsWith(app));
  await expect.poll(async () => appFrame()?.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await appFrame()?.goto(`${app}/attention-lab/index.html?again=1#/softmax?w=random&embed=weights-all`);
  await expect(frame.locator('[data-fig="weights-all"]')).toBeVisible();
  await context.setOffline(true);
  try {
    await appFrame()?.goto(`${app}/attention-lab/index.html?offline=1#/softmax?w=random&embed=weights-all&lt=-1`);
    expectClose(await frameMatrix(page, 'weights-all'), cold, 'embedded offline');
  } finally {
    await context.setOffline(false);
  }
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('an embed link naming a figure the lesson does not draw shows every figure and says so', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/index.html#/softmax?w=random&embed=no-such-figure');
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('[data-stat="embed-missing"]')).toContainText('no figure “no-such-figure”');
  await expect(page.locator('[data-fig="weights-all"]')).toBeVisible();
  await expect(page.locator('[data-fig="row-weights"]')).toBeVisible();
  await expect(page.locator('.topbar')).toBeHidden();
  expect(errors).toEqual([]);
});
