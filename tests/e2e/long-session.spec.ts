// tests/e2e/long-session.spec.ts — a long session in the built site (docs/security.md, part 6):
// dragging lesson 5's temperature slider back and forth for 10,000 recomputes keeps the JS heap
// (after a forced GC, via the Chrome DevTools Protocol) and the WASM heap (core.heapBytes() of
// the page's own core instance, captured by a test-only init script) flat
// between the first 1,000 recomputes and the last, with no page error, and the figure shows the
// same numbers for the same slider value at the end as at the start; and a learner walking
// through every lesson and the lab leaves nothing of a page behind once it is gone (each page's
// <article> is collected after a forced GC: a module-level cache holding a figure's callbacks once
// kept every lesson visited alive, with its whole DOM).
// It does not check the numbers against the core (lessons.spec.ts does).
import { expect, test, type CDPSession, type Page } from '@playwright/test';

import { figureMatrix, LESSONS, open, watchErrors } from './helpers';

const TOTAL = 10_000;
const CHUNK = 1_000;

/**
 * Test-only hook, installed before the app loads: wasm/index.js returns its API through
 * Object.freeze, so the wrapper keeps the object that has heapBytes and softmax as __labCore.
 * (DevTools' Runtime.queryObjects would find it too, but crashes this Chromium's renderer.)
 * Before the object is frozen, its softmax is wrapped to count calls in __softmaxCalls: lesson 5
 * calls core.softmax exactly once per recompute, so this counts recomputes done by the core.
 */
function captureCore(): void {
  const freeze = Object.freeze;
  const w = window as unknown as { __labCore: unknown; __softmaxCalls: number };
  w.__softmaxCalls = 0;
  Object.freeze = function <T>(o: T): Readonly<T> {
    const c = o as unknown as { heapBytes?: unknown; softmax?: (...a: unknown[]) => unknown };
    if (c && typeof c.heapBytes === 'function' && typeof c.softmax === 'function') {
      const softmax = c.softmax;
      c.softmax = function (this: unknown, ...a: unknown[]) {
        w.__softmaxCalls++;
        return softmax.apply(this, a);
      };
      w.__labCore = o;
    }
    return freeze(o);
  } as typeof Object.freeze;
}

async function heaps(page: Page, cdp: CDPSession): Promise<{ js: number; wasmAllocated: number; wasmMemory: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => (window as unknown as { __labCore: { heapBytes(): { allocated: number; memory: number } } }).__labCore.heapBytes());
  return { js: usedSize, wasmAllocated: wasm.allocated, wasmMemory: wasm.memory };
}

/** n slider moves (a triangle wave over every position, so each move changes the value). */
function drag(page: Page, n: number, from: number): Promise<number> {
  return page.evaluate(
    ({ n, from }) => {
      const input = document.querySelector('main input[data-key="lt"]') as HTMLInputElement;
      const min = Number(input.min);
      const step = Number(input.step);
      const positions = Math.round((Number(input.max) - min) / step) + 1;
      const period = 2 * (positions - 1);
      let moves = 0;
      for (let i = from; i < from + n; i++) {
        const k = i % period;
        const pos = k < positions ? k : period - k;
        input.value = (min + pos * step).toFixed(2);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        moves++;
      }
      return moves;
    },
    { n, from },
  );
}

test('10,000 slider recomputes keep the JS heap and the WASM heap flat', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchErrors(page);
  // Recomputes are counted as lesson 5's core.softmax calls (captureCore). The URL is written at
  // most every 120 ms, so replaceState no longer counts them.
  await page.addInitScript(captureCore);
  await open(page, '#/softmax?lt=0&w=random');
  expect(await page.evaluate(() => typeof (window as unknown as { __labCore?: unknown }).__labCore), "the page's core instance").toBe('object');
  const before = await figureMatrix(
    page,
    await page
      .locator('[data-fig]:has(.hm-cell)')
      .first()
      .getAttribute('data-fig')
      .then((f) => f!),
  );
  const cdp = await page.context().newCDPSession(page);

  let moves = await drag(page, CHUNK, 0);
  const first = await heaps(page, cdp);
  const changes0 = await page.evaluate(() => (window as unknown as { __softmaxCalls: number }).__softmaxCalls);
  for (let done = CHUNK; done < TOTAL; done += CHUNK) {
    moves += await drag(page, CHUNK, done);
    await page.waitForTimeout(10); // let timers and the event loop run between chunks
  }
  const last = await heaps(page, cdp);
  const changes = await page.evaluate(() => (window as unknown as { __softmaxCalls: number }).__softmaxCalls);
  console.log(
    `long session: ${moves} slider moves, ${changes} recomputes (core.softmax calls); after ${CHUNK}: ${JSON.stringify(first)}; after ${TOTAL}: ${JSON.stringify(last)}`,
  );

  expect(moves).toBe(TOTAL);
  expect(changes - changes0, 'each move after the first chunk changed the state and recomputed through the core').toBeGreaterThanOrEqual(TOTAL - CHUNK);
  // WASM: exactly flat. JS: within 1 MiB after GC (a leak of one figure per recompute would be
  // tens of megabytes).
  expect(last.wasmAllocated, 'WASM bytes allocated').toBe(first.wasmAllocated);
  expect(last.wasmMemory, 'WASM linear memory').toBe(first.wasmMemory);
  expect(last.js - first.js, `JS heap grew from ${first.js} to ${last.js} bytes`).toBeLessThan(1 << 20);

  // Still right: the same slider value shows the same numbers as before the session.
  await page.locator('main input[data-key="lt"]').fill('0');
  const fig = (await page.locator('[data-fig]:has(.hm-cell)').first().getAttribute('data-fig'))!;
  expect(await figureMatrix(page, fig)).toEqual(before);
  expect(errors).toEqual([]);
});

/** The window of the test below: each route's page, watched through a WeakRef. */
type Watched = { __pages: [string, WeakRef<Element>][] };

test('a page the learner left is freed: every lesson and the lab, walked through, leave no page behind', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await open(page, `#/${LESSONS[0]}`);
  const cdp = await page.context().newCDPSession(page);
  // In-page hash navigations, as the pager's links make them; the page waited for with a
  // predicate that returns a boolean, so the test holds no handle to any element. Each page's
  // <article> is watched through a WeakRef, and every control of each lesson is changed once and
  // back (what a learner does there; it makes the figures' callbacks).
  for (const route of [...LESSONS, 'lab']) {
    await page.evaluate((route) => {
      if (location.hash !== `#/${route}`) location.hash = `#/${route}`;
    }, route);
    await page.waitForFunction(
      (route) =>
        !!document.querySelector(
          route === 'lab' ? 'main [data-view] :is(input, select)' : `html[data-ready="1"] main article[data-lesson="${route}"] :is(input, button, select)`,
        ) && !document.querySelector('main [data-stat="model-loading"]'),
      route,
      { timeout: 30_000 },
    );
    await page.evaluate((route) => {
      const w = window as unknown as Partial<Watched>;
      const article = document.querySelector('main > *');
      if (article) (w.__pages ??= []).push([route, new WeakRef(article)]);
      for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('main article :is(input[type=range], input[type=checkbox], select)')) {
        if (el.disabled || !el.isConnected || !el.checkVisibility()) continue;
        if (el instanceof HTMLInputElement && el.type === 'checkbox') {
          el.click();
          el.click();
          continue;
        }
        const was = el.value;
        const other =
          el instanceof HTMLSelectElement
            ? ([...el.options].find((o) => o.value !== was)?.value ?? was)
            : String(Number(was) === Number(el.max) ? el.min : el.max);
        for (const v of [other, was]) {
          el.value = v;
          el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
        }
      }
    }, route);
  }
  const watched = await page.evaluate(() => (window as unknown as Watched).__pages.map(([r]) => r));
  expect(watched, 'one page watched per route').toEqual([...LESSONS, 'lab']);
  // Home: every page watched has been left.
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await page.waitForFunction(() => !!document.querySelector('main > article.home'));
  await page.waitForTimeout(500); // pending timers (the URL writer, a page's deferred half) run out
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const alive = await page.evaluate(() => (window as unknown as Watched).__pages.filter(([, ref]) => ref.deref() !== undefined).map(([r]) => r));
  expect(alive, 'pages still in memory after the learner left them and the heap was collected').toEqual([]);
  expect(errors).toEqual([]);
});

// The lab's training worker (#/lab): a test-only prelude, prepended to the worker's script by
// page.route, keeps the worker's trainer core (createBottleneckCore's Object.freeze'd API with
// heapBytes and createBottleneckTrainer) as self.__labCore.
const WORKER_HOOK =
  "{const f=Object.freeze;Object.freeze=function(o){try{if(o&&typeof o.heapBytes==='function'&&typeof o.createBottleneckTrainer==='function')self.__labCore=o;}catch(e){}return f(o);};}\n";

test('the training worker survives 10 train/cancel/reset cycles with bounded memory', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  let hooked = 0;
  await page.route(/assets\/worker-[^/]*\.js$/, async (route) => {
    const original = await route.fetch();
    hooked++;
    await route.fulfill({ response: original, body: WORKER_HOOK + (await original.text()) });
  });
  await open(page, '#/lab?labh=16&labsteps=3000&labmax=6');
  const cdp = await page.context().newCDPSession(page);
  const status = page.locator('.blab-status');
  const workerHeap = async () => {
    const workers = page.workers();
    expect(workers.length, 'one training worker').toBe(1);
    return workers[0]!.evaluate(() => (self as unknown as { __labCore: { heapBytes(): { allocated: number; memory: number } } }).__labCore.heapBytes());
  };
  const samples: { wasm: { allocated: number; memory: number }; js: number }[] = [];
  for (let cycle = 1; cycle <= 10; cycle++) {
    await page.locator('[data-action="train"]').click();
    // Training runs: the step counter moves …
    await expect.poll(async () => Number(await status.getAttribute('data-steps')), { timeout: 60_000 }).toBeGreaterThan(0);
    // … is cancelled mid-run (3,000 steps are far away), and reset frees both trainers.
    if (cycle % 2 === 0) await page.locator('[data-action="pause"]').click();
    await page.locator('[data-action="reset"]').click();
    await expect(status).toHaveAttribute('data-phase', 'idle', { timeout: 30_000 });
    await page.waitForTimeout(200);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    samples.push({ wasm: await workerHeap(), js: usedSize });
  }
  console.log(`worker cycles: ${JSON.stringify(samples.map((s) => [s.wasm.allocated, s.wasm.memory, s.js]))}`);
  expect(hooked, 'the worker script was loaded (once)').toBe(1);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  // Reset deletes both trainers: the worker's heap returns to the same bytes every cycle, and its
  // linear memory stops growing after the first run.
  for (const s of samples) expect(s.wasm.allocated, 'worker WASM bytes allocated after reset').toBe(first.wasm.allocated);
  expect(last.wasm.memory, 'worker WASM linear memory').toBe(first.wasm.memory);
  expect(last.js - first.js, `page JS heap grew from ${first.js} to ${last.js}`).toBeLessThan(2 << 20);
  // Still alive after all that: an 11th run trains.
  await page.locator('[data-action="train"]').click();
  await expect.poll(async () => Number(await status.getAttribute('data-steps')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
