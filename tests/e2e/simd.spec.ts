// tests/e2e/simd.spec.ts — the site on a browser without WebAssembly SIMD (Safari before 16.4,
// played here by a WebAssembly.validate that answers false, installed before the app runs): the
// lessons load the scalar builds of the core and of the trainer and show the same numbers, and
// the footer names the build. And on this Chromium, which runs SIMD, the service worker
// precaches the SIMD builds only, although its list names both. The lab's worker is not covered
// here (an init script does not reach workers); tests/wasm/build-choice.test.mjs covers the
// factories it calls.
import { expect, test, type Page } from '@playwright/test';
import { expectClose, figureMatrix, open, watchErrors } from './helpers';

/** The .wasm files the page fetched, by file name. */
function wasmFetched(page: Page): string[] {
  const files: string[] = [];
  page.on('response', (r) => {
    const f = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (f.endsWith('.wasm')) files.push(f);
  });
  return files;
}

test('without WebAssembly SIMD the lessons run the scalar core and trainer: same numbers, the footer says so', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await open(page, '#/bottleneck');
  const simdStates = await figureMatrix(page, 'rnn-states');
  await expect(page.locator('#simd')).toContainText('SSE2');

  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const old = await ctx.newPage();
    await old.addInitScript(() => {
      WebAssembly.validate = () => false;
    });
    const errors = watchErrors(old);
    const fetched = wasmFetched(old);
    await open(old, '#/bottleneck');
    await expect(old.locator('#simd')).toContainText('None');
    expectClose(await figureMatrix(old, 'rnn-states'), simdStates, 'lesson 1 states, scalar core vs SIMD core');
    expect(fetched).toContainEqual(expect.stringMatching(/^attention_core_scalar-[\w-]+\.wasm$/));
    // A trained lesson loads the trainer module in the page: its scalar build here.
    await old.goto('/index.html#/qkv');
    await old.waitForSelector('html[data-ready="1"] main article[data-lesson="qkv"] select');
    await expect(old.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
    expect(fetched).toContainEqual(expect.stringMatching(/^attention_trainer_scalar-[\w-]+\.wasm$/));
    expect(
      fetched.filter((f) => /^attention_trainer-/.test(f)),
      'no SIMD trainer where SIMD does not validate',
    ).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await ctx.close();
  }
});

test('the service worker precaches the SIMD builds, not the scalar ones, on a browser that runs SIMD', async ({ page }) => {
  await open(page, '#/bottleneck');
  const listed = await page.evaluate(async () => (await (await fetch('./sw.js')).text()).match(/_scalar-[\w-]+\.wasm/g) ?? []);
  expect(listed.length, 'the precache list names the scalar builds').toBeGreaterThanOrEqual(2);
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const files: string[] = [];
    for (const name of await caches.keys())
      if (name.startsWith('attention-lab-')) for (const r of await (await caches.open(name)).keys()) files.push(new URL(r.url).pathname.split('/').pop() ?? '');
    return files;
  });
  expect(cached).toContainEqual(expect.stringMatching(/^attention_core-[\w-]+\.wasm$/));
  expect(cached).toContainEqual(expect.stringMatching(/^attention_trainer-[\w-]+\.wasm$/));
  expect(cached.filter((f) => f.includes('_scalar-'))).toEqual([]);
});
