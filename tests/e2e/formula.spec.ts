// tests/e2e/formula.spec.ts — every formula line a lesson shows is KaTeX's typesetting of the TeX
// it states: ui/richtext.ts typesets a line's shape once with placeholders and fills the numbers
// in as text, so this reads each line's TeX from its MathML annotation, typesets it with KaTeX in
// Node (the same package and options), and requires the page's line to be the same DOM (lit's
// comment markers removed, adjacent texts merged), at each lesson's defaults and after each of
// its sliders and selects moved (so numbers change sign, subscripts change, lines change shape).
// It does not judge the TeX (the lessons' tests check the numbers against the core).
import { expect, test, type Page } from '@playwright/test';
import katex from 'katex';
import { LESSONS, open, watchErrors } from './helpers';

/** Moves a slider one step (down at its maximum) or a select to another option, as a learner's
 *  input does (runs in the page). */
function nudge(el: Element): void {
  const c = el as HTMLInputElement | HTMLSelectElement;
  if (c instanceof HTMLSelectElement) {
    const other = [...c.options].find((o) => o.value !== c.value);
    if (other) c.value = other.value;
    c.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    const max = Number(c.max);
    const step = Number(c.step) || 1;
    const v = Number(c.value);
    c.value = String(v + step <= max ? v + step : v - step);
    c.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** The formula lines on the page whose DOM is not KaTeX's for their TeX (and how many were checked). */
async function mismatches(page: Page): Promise<{ checked: number; bad: string[] }> {
  const sources = await page.locator('main .formula-box .formula-math annotation').allTextContents();
  const expected = sources.map((src) => katex.renderToString(src, { displayMode: true, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }));
  return page.evaluate((expected) => {
    const lines = [...document.querySelectorAll('main .formula-box .formula-math')].filter((l) => l.querySelector('annotation'));
    const bad: string[] = [];
    lines.forEach((line, k) => {
      const got = line.cloneNode(true) as Element;
      const walk = document.createTreeWalker(got, NodeFilter.SHOW_COMMENT);
      const comments: Node[] = [];
      while (walk.nextNode()) comments.push(walk.currentNode);
      for (const c of comments) c.parentNode?.removeChild(c);
      got.normalize();
      const want = document.createElement('div');
      want.innerHTML = expected[k] ?? '';
      const a = [...got.childNodes].filter((n) => n.nodeType !== Node.TEXT_NODE || n.textContent?.trim());
      const b = [...want.childNodes];
      if (a.length !== b.length || a.some((n, i) => !n.isEqualNode(b[i] ?? null)))
        bad.push(
          `${line.querySelector('annotation')?.textContent ?? ''}\n  page:  ${(a[0] as Element | undefined)?.outerHTML.slice(0, 400)}\n  katex: ${want.innerHTML.slice(0, 400)}`,
        );
    });
    return { checked: lines.length, bad };
  }, expected);
}

for (const slug of LESSONS) {
  test(`formula lines of ${slug} are KaTeX's typesetting of their TeX, at the defaults and after every slider and select moved`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    await open(page, `#/${slug}`);
    await expect(page.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
    const first = await mismatches(page);
    expect(first.bad).toEqual([]);
    const keys = await page
      .locator('main :is(input[type=range], select)[data-key]:visible')
      .evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.key ?? ''))].filter((k) => k !== ''));
    let checked = first.checked;
    for (const key of keys) {
      const control = page.locator(`main [data-key="${key}"]:visible`).first();
      if ((await control.count()) === 0 || (await control.isDisabled())) continue;
      await control.evaluate(nudge);
      await expect(page.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
      const r = await mismatches(page);
      expect(r.bad, `after moving ${key}`).toEqual([]);
      checked += r.checked;
    }
    if (slug !== 'review') expect(checked, 'formula lines checked').toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
}

test('masking: blocking cells of the last row writes −∞ into its formula line in place, as KaTeX typesets it', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/masking');
  await expect(page.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
  const boxes = page.locator('main .mask-table tbody tr:last-child input[type=checkbox]:not([disabled])');
  const n = await boxes.count();
  expect(n, 'open cells in the last row').toBeGreaterThan(1);
  // The line of the last query's masked scores, marked so a replaced element shows.
  const line = page.locator('main .formula-box .formula-math').filter({ has: page.locator('annotation', { hasText: '\\tilde s' }) });
  await expect(line).toHaveCount(1);
  await line.locator('.katex').evaluate((el) => ((el as HTMLElement & { mark?: number }).mark = 1));
  for (let k = 0; k < n - 1; k++) {
    await boxes.nth(k).check();
    await expect(line.locator('annotation')).toContainText('\\text{−∞}');
    const r = await mismatches(page);
    expect(r.bad, `after blocking cell ${k + 1}`).toEqual([]);
  }
  for (let k = 0; k < n - 1; k++) await boxes.nth(k).uncheck();
  await expect(line.locator('annotation')).not.toContainText('∞');
  expect((await mismatches(page)).bad).toEqual([]);
  // The same element throughout: the numbers and infinities were holes of one template.
  expect(await line.locator('.katex').evaluate((el) => (el as HTMLElement & { mark?: number }).mark)).toBe(1);
  expect(errors).toEqual([]);
});

test('a formula line off screen is not laid out, and holds the height it has when it comes into view (the page below does not move)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  /** Each line's typesetting (not those of a weights mode that is away, parked by ui/modes.ts):
   *  whether the browser skips what is in it (content-visibility) and its height. */
  const lines = () =>
    page.locator('main .formula-box .katex-display > .katex > .katex-html').evaluateAll((els) =>
      els
        .filter((e) => !e.closest('[data-parked]'))
        .map((e) => ({
          skipped: !(e.firstElementChild?.checkVisibility({ contentVisibilityAuto: true }) ?? true),
          height: e.getBoundingClientRect().height,
        })),
    );
  let skippedLines = 0;
  for (const slug of LESSONS) {
    if (slug === 'review') continue;
    await open(page, `#/${slug}`);
    await expect(page.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
    // The first slider or select moved while the formula is off screen: its numbers change.
    await page.locator('main :is(input[type=range], select)[data-key]:visible').first().evaluate(nudge);
    await expect(page.locator('main [data-stat="model-loading"]')).toHaveCount(0, { timeout: 30_000 });
    const off = await lines();
    expect(off.length, `${slug}: formula lines`).toBeGreaterThan(0);
    skippedLines += off.filter((l) => l.skipped).length;
    await page.locator('main .formula-box').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await lines()).every((l) => !l.skipped), `${slug}: lines drawn in view`).toBe(true);
    const shown = await lines();
    shown.forEach((l, k) =>
      expect(
        Math.abs(l.height - (off[k]?.height ?? NaN)),
        `${slug} line ${k + 1}: ${off[k]?.height} px off screen, ${l.height} px in view`,
      ).toBeLessThanOrEqual(1.5),
    );
  }
  // Below the fold at 1280 × 900 in most lessons: the skipping this test guards is in effect.
  expect(skippedLines, 'lines skipped while off screen').toBeGreaterThan(10);
  expect(errors).toEqual([]);
});
