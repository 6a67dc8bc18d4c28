// @ts-check
// bench/browser.mjs — the browser half of `npm run bench`, against the built site (dist/,
// served on localhost by tests/e2e/server.mjs) in Debian's Chromium through Playwright:
//   * first lesson: ms from navigation start until it is interactive and shown: the first frame
//     after the app said it is ready (html[data-ready]: the core is loaded and the lesson mounted
//     with its numbers; its controls must be present), read in the page by a probe installed
//     before the app runs (READY_PROBE), not when Playwright's polling notices (which came
//     130–170 ms later and added its own work to the page's main thread); and the gzip size of
//     everything the page loaded for it;
//   * every fresh context (a new browser window) is left to settle before the app is opened in it:
//     Chromium starts its own UI for a window (the omnibox popup, a WebUI renderer) and that took
//     both cores for ~0.7 s, overlapping the app's load and first recomputes (see settle());
//   * the recompute budget: every visible control of every lesson and of both lab views is changed
//     30 times (10 with --quick), after 4 untimed changes, and each recompute
//     (store update → core call → marshaling → DOM/canvas redraw → forced style and layout) is
//     bracketed by performance.mark/measure; p50/p95 reported, target p95 < 8 ms;
//   * the machine's noise floor in the same page, interleaved with those timings: after every
//     control, a fixed JavaScript workload (no allocation, no DOM, ~2.5 ms here) timed the same
//     way, three times; its p50/p95 over the run and its p50 per page are reported beside the
//     recomputes. It says how fast and how steady the machine was while the controls were timed
//     (this machine kind's speed varied by up to ×2 between runs minutes apart), so a miss can be
//     read against it; it changes no target;
//   * Lighthouse (npm lighthouse driving /usr/bin/chromium), performance category.
// Writes build/bench-browser.json for bench/run.mjs to put into docs/benchmarks.md.
// Never downloads a browser. Usage: node bench/browser.mjs [--quick]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright';

import { CHROMIUM_FLAGS, CHROMIUM_PATH as CHROMIUM } from '../scripts/chromium.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PORT = 4391;
const BASE = `http://127.0.0.1:${PORT}/`;
/** Lighthouse launches the browser itself: headless, with the flags of every run. */
const FLAGS = ['--headless', ...CHROMIUM_FLAGS];
const QUICK = process.argv.includes('--quick');
/** A control of a lesson the app has mounted with the core (html[data-ready] is set then). */
const READY = ['input', 'button', 'select'].map((t) => `html[data-ready="1"] main ${t}`).join(', ');
/** @param {...unknown} a */
const log = (...a) => console.error(...a);
/**
 * The p-quantile of `values` (the sample at ⌊p·n⌋ of the sorted ones; p = 0.5 the median).
 * @param {readonly number[]} values at least one
 * @param {number} p in [0, 1]
 */
const quantile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (s[Math.min(s.length - 1, Math.floor(p * s.length))]);
};

/**
 * Runs in the page before the app (addInitScript): `window.__interactive` resolves with the time
 * (ms after navigation start) at which the app set html[data-ready] and the time of the first frame
 * after it (a requestAnimationFrame callback runs before the frame is drawn; the timer it sets runs
 * after). Nothing polls: the bench awaits the promise once.
 */
const READY_PROBE = () => {
  /** @type {any} the page's window, given a field for the bench */ (window).__interactive = new Promise((resolve) => {
    const o = new MutationObserver(() => {
      if (document.documentElement.dataset.ready !== '1') return;
      o.disconnect();
      const ready = performance.now();
      requestAnimationFrame(() => setTimeout(() => resolve({ ready, painted: performance.now() }), 0));
    });
    o.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });
};

/** The CPU time (ms) used so far by this process's descendants (the browser's processes and the
 *  idle file server), read from /proc; undefined where there is no /proc. */
function browserCpuMs() {
  if (!existsSync('/proc/self/stat')) return undefined;
  /** @type {Map<number, number[]>} parent pid → child pids */
  const children = new Map();
  /** @type {Map<number, number>} pid → user + system CPU in clock ticks */
  const ticks = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // After the command name (which may hold spaces): state, ppid, …, utime (14th), stime (15th).
      const f = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const pid = Number(name);
      const ppid = Number(f[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      ticks.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      /* the process ended while being read */
    }
  }
  let sum = 0;
  const todo = [...(children.get(process.pid) ?? [])];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    sum += ticks.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return sum * 10; // USER_HZ is 100 on Linux
}

/**
 * Waits until the browser is quiet (under 10 % of one core over 200 ms; at most 5 s). A new
 * context is a new browser window, and Chromium starts its own UI for it: the omnibox popup, a
 * WebUI renderer that kept both cores of this machine kind busy for about 0.7 s after newPage().
 * That is the browser's window, not the app; opening a lesson at once put it in the app's load
 * and in its first recomputes. Without /proc, waits 1.5 s.
 */
async function settle() {
  const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
  let last = browserCpuMs();
  if (last === undefined) return sleep(1500);
  for (const end = Date.now() + 5000; Date.now() < end;) {
    await sleep(200);
    const now = browserCpuMs() ?? 0;
    if (now - last <= 20) return;
    last = now;
  }
}

/**
 * Opens the first lesson in `page` (a fresh context) and returns when it was ready and shown.
 * @param {import('playwright').Page} page
 * @returns {Promise<{ ready: number, painted: number }>}
 */
async function openFirstLesson(page) {
  await page.addInitScript(READY_PROBE);
  await settle();
  await page.goto(`${BASE}#/${lessonSlugs[0]}`, { waitUntil: 'commit' });
  // The lesson's text renders before the core arrives; interactive means mounted by the core.
  const t = await page.evaluate(() =>
    Promise.race([
      /** @type {Promise<{ ready: number, painted: number }>} */ (/** @type {any} */ (window).__interactive),
      new Promise((_, reject) => setTimeout(() => reject(new Error('first lesson: not ready within 15 s')), 15000)),
    ]),
  );
  // Ready means its controls are there (already, when the app says so).
  await waitFor(page, READY, 1000);
  return t;
}

/**
 * Waits until `selector` matches a visible element, and lets go of it: Playwright's handle to the
 * element would keep it, and the whole page it was part of, alive in the browser after the app has
 * left that page (a hash navigation keeps the document), so every lesson the bench had walked
 * through stayed in the heap the later lessons' garbage collections had to go over.
 * @param {import('playwright').Page} page
 * @param {string} selector
 * @param {number} timeout ms
 */
async function waitFor(page, selector, timeout) {
  await (await page.waitForSelector(selector, { timeout }))?.dispose();
}

if (!existsSync(join(ROOT, 'dist/index.html'))) {
  log('browser bench: dist/ is not built (npm run build)');
  process.exit(1);
}

const server = spawn(process.execPath, [join(ROOT, 'tests/e2e/server.mjs'), String(PORT)], { stdio: 'ignore' });
const stop = () => server.kill();
process.on('exit', stop);
for (let i = 0; i < 50; i++) {
  try {
    await fetch(BASE);
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}

const slugs = [...readFileSync(join(ROOT, 'web/src/lessons/index.ts'), 'utf8').matchAll(/from '\.\/(\d\d-[a-z0-9-]+)'/g)].map((m) => m[1]);
const lessonSlugs = slugs.map((f) => readFileSync(join(ROOT, `web/src/lessons/${f}.ts`), 'utf8').match(/slug: '([^']+)'/)?.[1]).filter((s) => s !== undefined);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
/** @type {{ lines: string[]; targets: string[]; lessons: Record<string, any>; [field: string]: any }} what bench/run.mjs and docs/benchmarks.md read */
const result = { lines: [], targets: [], lessons: {} };
try {
  // ---- First lesson: time to interactive and bytes loaded (fresh context: empty cache, no SW).
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  /** @type {{ url: string, raw: number, gz: number }[]} */
  const bodies = [];
  page.on('response', async (r) => {
    try {
      const b = await r.body();
      bodies.push({ url: r.url(), raw: b.length, gz: gzipSync(b, { level: 9 }).length });
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  const first = await openFirstLesson(page);
  const interactiveMs = first.painted;
  await page.waitForLoadState('networkidle');
  const firstBytes = bodies.reduce((s, b) => s + b.gz, 0);
  result.firstLessonInteractiveMs = interactiveMs;
  result.firstLessonBytesGz = firstBytes;
  result.firstLessonFiles = bodies.map((b) => ({ file: b.url.replace(BASE, ''), gz: b.gz }));
  await ctx.close();
  // Four more cold loads (each a fresh context: empty cache, no service worker); the median of
  // all five is reported with every sample, since one load moves by ±30 % on a shared machine.
  const samples = [interactiveMs];
  const readySamples = [first.ready];
  for (let i = 0; i < (QUICK ? 2 : 4); i++) {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    const t = await openFirstLesson(await c.newPage());
    samples.push(t.painted);
    readySamples.push(t.ready);
    await c.close();
  }
  result.firstLessonInteractiveSamples = samples;
  result.firstLessonReadySamples = readySamples;
  result.firstLessonInteractiveMs = quantile(samples, 0.5);

  // ---- Recompute budget: every control of every lesson (at the lesson's default state) and of
  // both lab views. Each control is changed back and forth `n` times; per page the control with
  // the worst p95 is reported, and every control's numbers go to build/bench-browser.json.
  const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p2 = await ctx2.newPage();
  await settle();
  /** @typedef {{ control: string, n: number, p50: number, p95: number, max: number }} ControlTiming one control's recompute times (ms) */
  /**
   * Times every visible, enabled control of the page that is shown now.
   * @param {number} n changes per control (0: only the untimed first changes of each, the page's warm-up)
   * @returns {Promise<{ out: ControlTiming[], floor: number[], sink: number, cold: number[] }>} the controls'
   *   timings, the noise floor's samples (ms) and its sum (returned so the workload is not optimized
   *   away), and how long the untimed first changes took (ms)
   */
  const timeControls = (n) =>
    p2.evaluate(
      async ({ n }) => {
        const main = /** @type {HTMLElement} the ready page (waited for by the caller) */ (document.querySelector('main'));
        /** The controls now on the page (found again after each one: a control may re-render others);
         *  not those of the weights mode that is away, which are parked (hidden, ui/modes.ts). */
        const find = () =>
          /** @type {any[]} inputs and selects, typed loosely: `kind` says which */ ([
            ...main.querySelectorAll('input[type=range], input[type=checkbox], input[type=number], select'),
          ]).filter((el) => !el.disabled && el.checkVisibility({ visibilityProperty: true }) && !el.closest('details:not([open]), dialog, [data-teacher]'));
        const ids = find().map((el, k) => el.id || el.dataset.key || `#${k}`);
        /** @type {{ control: string, n: number, p50: number, p95: number, max: number }[]} */
        const out = [];
        // The noise floor: a fixed workload over a Float64Array (no allocation, no DOM), timed
        // like a recompute, three times after each control (warmed up first: its code is new in
        // every evaluate).
        const fa = new Float64Array(4096).map((_, i) => ((i * 2654435761) % 1000) / 1000);
        const fixed = () => {
          let s = 0;
          for (let k = 0; k < 900; k++) for (let i = 0; i < 4096; i++) s += (fa[i] ?? 0) * (fa[(i * 7) & 4095] ?? 0);
          return s;
        };
        let sink = 0;
        for (let i = 0; i < 10; i++) sink += fixed();
        /** @type {number[]} */
        const floor = [];
        /** @type {number[]} the untimed changes' durations, all controls */
        const cold = [];
        for (const id of ids) {
          const el = find().find((x, k) => (x.id || x.dataset.key || `#${k}`) === id);
          if (!el) continue;
          const kind = el.tagName === 'SELECT' ? 'select' : el.type;
          const original = kind === 'checkbox' ? el.checked : el.value;
          /** @type {string[]} the two values a slider, number field or select alternates between */
          const values = [];
          if (kind === 'range' || kind === 'number') {
            const max = Number(el.max || Number(el.value) + 1);
            const step = Number(el.step) || 1;
            const v0 = Number(el.value);
            values.push(String(v0 + step <= max ? v0 + step : v0 - step), String(v0));
          } else if (kind === 'select') {
            const opts = /** @type {HTMLOptionElement[]} */ ([...el.options]).map((o) => o.value);
            values.push(opts.find((o) => o !== el.value) ?? el.value, el.value);
          }
          /** @type {number[]} */
          const times = [];
          // The first WARM changes are not timed: V8 and Blink take their cold paths on a control's
          // first changes (baseline-tier code, first layout of what it shows); an even number, so
          // the timed changes start from the control's original value.
          const WARM = 4;
          for (let i = -WARM; i < n; i++) {
            const target = el.isConnected ? el : find().find((x, k) => (x.id || x.dataset.key || `#${k}`) === id);
            if (!target) break;
            performance.mark('recompute-start');
            if (kind === 'checkbox') target.click();
            else {
              // What the browser fires: `input` for a slider or number field, `change` for a select.
              target.value = values[(i + WARM) % 2];
              target.dispatchEvent(new Event(kind === 'select' ? 'change' : 'input', { bubbles: true }));
            }
            void document.body.getBoundingClientRect().height; // force style + layout of the redraw
            performance.mark('recompute-end');
            (i >= 0 ? times : cold).push(performance.measure('recompute', 'recompute-start', 'recompute-end').duration);
            if (i % 10 === 9) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          }
          const now = el.isConnected ? el : undefined;
          if (now && kind === 'checkbox' && now.checked !== original) now.click();
          if (!times.length) continue;
          times.sort((a, b) => a - b);
          const q = (/** @type {number} */ p) => /** @type {number} */ (times[Math.min(times.length - 1, Math.floor(p * times.length))]);
          out.push({ control: `${kind} ${el.dataset.key ?? el.id ?? ''}`, n: times.length, p50: q(0.5), p95: q(0.95), max: times[times.length - 1] });
          // Let a lazily loaded model (the trained/random switch) arrive before the next control.
          await new Promise((r) => setTimeout(r, 50));
          for (let k = 0; k < 3; k++) {
            const t0 = performance.now();
            sink += fixed();
            floor.push(performance.now() - t0);
          }
        }
        return { out, floor, sink, cold };
      },
      { n },
    );
  /**
   * The page's worst control (by p95), with every control's timings.
   * @param {ControlTiming[]} controls
   * @returns {{ control: string, p50?: number, p95?: number, max?: number, controls: ControlTiming[] }}
   */
  const worstOf = (controls) => {
    const w = [...controls].sort((a, b) => b.p95 - a.p95)[0];
    return w ? { control: w.control, p50: w.p50, p95: w.p95, max: w.max, controls } : { control: 'none', controls };
  };
  const N = QUICK ? 10 : 30;
  /** @type {number[]} the noise floor's samples over the whole run */
  const floorAll = [];
  /** @type {Record<string, number>} the noise floor's p50 (ms) per page */
  const floorByPage = {};
  /** @type {Record<string, { n: number, p50: number, max: number }>} the warm-up pass's changes (ms) per page */
  const coldByPage = {};
  /**
   * Times the controls of the page shown now; keeps the noise floor's samples under `page`.
   * @param {string} page
   */
  const timePage = async (page) => {
    // Warm-up, then timing. A page's first changes run code V8 has not optimized yet, and what they
    // make hot it compiles on a background thread (JavaScript with Maglev and TurboFan, the core's
    // WebAssembly functions with TurboFan: up to 0.2 s for one large function), which on a machine
    // with two cores takes CPU from the changes timed meanwhile. So every control first gets its
    // untimed changes in one pass over the page, the browser is left until it is quiet (settle:
    // the compiles done), and then each control is timed as before (its own untimed changes
    // first). The warm-up pass's durations are reported, not judged (result.coldChanges).
    const { cold } = await timeControls(0);
    await settle();
    if (cold.length) coldByPage[page] = { n: cold.length, p50: quantile(cold, 0.5), max: quantile(cold, 1) };
    const { out, floor } = await timeControls(N);
    floorAll.push(...floor);
    if (floor.length) floorByPage[page] = quantile(floor, 0.5);
    return worstOf(out);
  };
  for (const slug of lessonSlugs) {
    await p2.goto(`${BASE}#/${slug}`);
    // Only a hash change: wait for this lesson's page, not the previous lesson's controls.
    await waitFor(p2, `html[data-ready="1"] main article[data-lesson="${slug}"] :is(input, button, select)`, 15000);
    // Trained lessons load their model on first use: wait until no loading line is left.
    await p2.waitForFunction(() => !document.querySelector('main [data-stat="model-loading"]'), undefined, { timeout: 30000 });
    const r = await timePage(slug);
    result.lessons[slug] = r;
    log(`  ${slug}: worst of ${r.controls.length} controls: ${r.control} p50 ${r.p50?.toFixed(2)} ms, p95 ${r.p95?.toFixed(2)} ms`);
  }
  // The lab: both views' settings (a change discards a run; nothing is training).
  result.lab = {};
  for (const view of ['compare', 'heads']) {
    await p2.goto(`${BASE}#/lab?labview=${view}`);
    await waitFor(p2, `main [data-view="${view}"] :is(input, select)`, 15000);
    const r = await timePage(`lab ${view}`);
    result.lab[view] = r;
    log(`  lab ${view}: worst of ${r.controls.length} controls: ${r.control} p50 ${r.p50?.toFixed(2)} ms, p95 ${r.p95?.toFixed(2)} ms`);
  }
  result.noiseFloor = floorAll.length
    ? { n: floorAll.length, p50: quantile(floorAll, 0.5), p95: quantile(floorAll, 0.95), max: quantile(floorAll, 1), byPage: floorByPage }
    : undefined;
  result.coldChanges = coldByPage;
  if (result.noiseFloor)
    log(`  noise floor: p50 ${result.noiseFloor.p50.toFixed(2)} ms, p95 ${result.noiseFloor.p95.toFixed(2)} ms over ${floorAll.length} samples`);
  await ctx2.close();
} finally {
  await browser.close();
}

// ---- Lighthouse (performance only), desktop preset, against the same local server.
let lighthouse = null;
{
  const out = join(ROOT, 'build/lighthouse.json');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  const lh = spawnSync(
    join(ROOT, 'node_modules/.bin/lighthouse'),
    [
      `${BASE}#/${lessonSlugs[0]}`,
      '--only-categories=performance',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      `--chrome-flags=${FLAGS.join(' ')}`,
      '--preset=desktop',
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, encoding: 'utf8', timeout: 180000 },
  );
  if (lh.status === 0 && existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    lighthouse = {
      score: Math.round(j.categories.performance.score * 100),
      fcp: j.audits['first-contentful-paint']?.numericValue,
      lcp: j.audits['largest-contentful-paint']?.numericValue,
      tbt: j.audits['total-blocking-time']?.numericValue,
      cls: j.audits['cumulative-layout-shift']?.numericValue,
    };
  } else {
    log(`lighthouse failed (exit ${lh.status}): ${(lh.stderr || lh.error?.message || '').slice(-400)}`);
  }
}
result.lighthouse = lighthouse;
stop();

// ---- Lines for docs/benchmarks.md.
/** @param {number} b */
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const pages = [...Object.entries(result.lessons), ...Object.entries(result.lab ?? {}).map(([v, r]) => [`lab ${v}`, r])];
const worst = pages.filter(([, r]) => r.p95 !== undefined).sort((a, b) => b[1].p95 - a[1].p95)[0];
result.lines.push(
  `First lesson (#/${lessonSlugs[0]}) interactive ${result.firstLessonInteractiveMs.toFixed(0)} ms after navigation start on localhost, median of ${result.firstLessonInteractiveSamples.length} cold loads (${result.firstLessonInteractiveSamples.map((/** @type {number} */ t) => t.toFixed(0)).join(', ')} ms; the first is also the browser's first page; the first frame after the app marked itself ready, i.e. controls mounted with the core's numbers, which was at ${result.firstLessonReadySamples.map((/** @type {number} */ t) => t.toFixed(0)).join(', ')} ms; read in the page, no polling; fresh context each: empty cache, no service worker, opened once the new window's browser UI had settled).`,
  `Everything the first lesson loads: ${kb(result.firstLessonBytesGz)} gzipped in ${result.firstLessonFiles.length} files (${result.firstLessonFiles.map((/** @type {{ file: string, gz: number }} */ f) => `${f.file || 'index.html'} ${kb(f.gz)}`).join(', ')}).`,
  `Recompute (control change → core → redraw → layout, performance.mark/measure, ${QUICK ? 10 : 30} timed changes (after 4 untimed) of every control of every lesson and of both lab views, each page timed after a warm-up pass over its controls and once the browser was quiet; per page its worst control), p50 / p95 ms: ` +
    pages
      .map(([s, r]) =>
        r.p95 === undefined ? `${s} (no control)` : `${s} ${r.p50.toFixed(2)} / ${r.p95.toFixed(2)} (${r.control}, ${r.controls.length} controls)`,
      )
      .join(', ') +
    '.',
  result.noiseFloor
    ? `Noise floor in the same page (a fixed JavaScript workload — no allocation, no DOM — timed like a recompute, three times after each control; it says how fast and steady the machine was meanwhile): p50 ${result.noiseFloor.p50.toFixed(2)} ms, p95 ${result.noiseFloor.p95.toFixed(2)} ms, max ${result.noiseFloor.max.toFixed(2)} ms over ${result.noiseFloor.n} samples; p50 per page ${Object.entries(
        result.noiseFloor.byPage,
      )
        .map(([p, v]) => `${p} ${v.toFixed(2)}`)
        .join(', ')}.`
    : 'Noise floor: not measured.',
  `Warm-up pass (before a page is timed, each of its controls changed 4 times untimed as a recompute, then the browser left until quiet; not a target), its changes p50 / max ms: ${Object.entries(
    /** @type {Record<string, { n: number, p50: number, max: number }>} */ (result.coldChanges),
  )
    .map(([p, c]) => `${p} ${c.p50.toFixed(2)} / ${c.max.toFixed(2)}`)
    .join(', ')}.`,
  lighthouse
    ? `Lighthouse ${'performance'} (desktop preset, localhost, Debian Chromium): ${lighthouse.score} (FCP ${lighthouse.fcp?.toFixed(0)} ms, LCP ${lighthouse.lcp?.toFixed(0)} ms, TBT ${lighthouse.tbt?.toFixed(0)} ms, CLS ${lighthouse.cls?.toFixed(3)}).`
    : 'Lighthouse: did not run (see the bench log).',
);
result.targets.push(
  `Recompute p95 < 8 ms in every lesson and lab control: worst ${worst ? `${worst[1].p95.toFixed(2)} ms (${worst[0]})` : '—'} — ${worst && worst[1].p95 < 8 ? '**holds**' : '**missed**'}.`,
  `First lesson interactive < 1 s: ${result.firstLessonInteractiveMs.toFixed(0)} ms — ${result.firstLessonInteractiveMs < 1000 ? '**holds**' : '**missed**'}.`,
  `First lesson loads ≤ 400 KB gzipped: ${kb(result.firstLessonBytesGz)} — ${result.firstLessonBytesGz <= 400 * 1024 ? '**holds**' : `**missed** by ${kb(result.firstLessonBytesGz - 400 * 1024)}`}.`,
  `Lighthouse performance ≥ 95: ${lighthouse ? `${lighthouse.score} — ${lighthouse.score >= 95 ? '**holds**' : '**missed**'}` : 'not measured'}.`,
);
writeFileSync(join(ROOT, 'build/bench-browser.json'), JSON.stringify(result, null, 1));
for (const l of [...result.lines, ...result.targets]) console.log(l);
process.exit(0);
