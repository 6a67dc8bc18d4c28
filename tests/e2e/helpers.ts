// tests/e2e/helpers.ts — shared helpers of the e2e suite: the list of lessons, opening a page and
// waiting for the core, collecting console errors, reading the numbers a figure shows (data-v of
// heatmap cells and table cells), running a step with the network cut once the service worker
// controls the page, and the core itself loaded in Node (wasm/index.js) so tests get
// expected numbers from the core — never hard-coded results.
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createAttentionCore } from '../../wasm/index.js';
import type { Core } from '../../web/src/model/core';
import type { Matrix } from '../../web/src/model/matrix';

export const LESSONS = [
  'bottleneck',
  'qkv',
  'match',
  'scale',
  'softmax',
  'aggregate',
  'masking',
  'multihead',
  'positional',
  'transformer',
  'additive',
  'recurrence',
  'review',
  'implement',
] as const;

export const DEFAULT_SENTENCE = 'The cat sat on the mat.';

let corePromise: Promise<Core> | undefined;
export function nodeCore(): Promise<Core> {
  corePromise ??= createAttentionCore();
  return corePromise;
}

export function content(file: string): { data?: Record<string, unknown>; quiz?: { options: { correct?: boolean }[] }[] } {
  return JSON.parse(readFileSync(new URL(`../../web/content/en/lessons/${file}.json`, import.meta.url), 'utf8'));
}

/** Console errors and page errors, collected from the moment this is called. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export async function open(page: Page, hash: string, base = '/'): Promise<void> {
  await page.goto(`${base}index.html${hash}`);
  await page.waitForSelector('html[data-ready="1"]');
}

/** The matrix a heatmap figure displays (full precision from data-v). */
export async function figureMatrix(page: Page, fig: string): Promise<number[][]> {
  const loc = page.locator(`[data-fig="${fig}"] .hm-cell`);
  await expect(loc.first()).toBeAttached();
  const cells = await loc.evaluateAll((els) =>
    els.map((e) => [Number((e as HTMLElement).dataset.i), Number((e as HTMLElement).dataset.j), Number((e as HTMLElement).dataset.v)]),
  );
  const out: number[][] = [];
  for (const [i, j, v] of cells) (out[i as number] ??= [])[j as number] = v as number;
  return out;
}

/** The numbers of a bar chart (switches it to its table view and back). Columns = series. */
export async function barValues(page: Page, fig: string): Promise<number[][]> {
  const f = page.locator(`[data-fig="${fig}"]`);
  await f.getByRole('button', { name: 'Show as table' }).click();
  const rows = await f.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.dataset.v))));
  await f.getByRole('button', { name: 'Show as figure' }).click();
  return rows;
}

export function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function expectClose(actual: number[][], expected: number[][], what: string, tol = 1e-5): void {
  expect(actual.length, `${what}: rows`).toBe(expected.length);
  expected.forEach((r, i) => {
    expect(actual[i]?.length, `${what}: cols of row ${i}`).toBe(r.length);
    r.forEach((v, j) => {
      const a = actual[i]?.[j] ?? NaN;
      if (!Number.isFinite(v)) expect(a, `${what}[${i}][${j}]`).toBe(v);
      else expect(Math.abs(a - v), `${what}[${i}][${j}]: page ${a} vs core ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v)));
    });
  });
}

/** Sets a range/number/text control bound to a state key and waits for the URL to follow. */
export async function setControl(page: Page, key: string, value: string): Promise<void> {
  const input = page.locator(`[data-key="${key}"]`).first();
  const type = await input.evaluate((e) => (e as HTMLInputElement).type);
  if (type === 'select-one') await input.selectOption(value);
  else await input.fill(value);
  if (type === 'text') await input.press('Enter');
}

export const values = (over: Record<string, unknown> = {}) => ({ s: DEFAULT_SENTENCE, seed: 1, wq: {}, wk: {}, wv: {}, ...over });

/** axe-core on the whole page (optionally only some rules); fails listing every violation. */
export async function axe(page: Page, what: string, rules?: string[], include?: string[]): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (rules) builder.withRules(rules);
  // Only these parts of the page (a page with hundreds of heatmap cells takes axe minutes).
  for (const sel of include ?? []) builder.include(sel);
  const r = await builder.analyze();
  const summary = r.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/**
 * Runs `offline` with the network cut, after the service worker has installed and controls the
 * page (one reload after the first visit); the network is restored afterwards, also on failure.
 */
export async function whileOffline(page: Page, context: BrowserContext, offline: () => Promise<void>): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  try {
    await offline();
  } finally {
    await context.setOffline(false);
  }
}
