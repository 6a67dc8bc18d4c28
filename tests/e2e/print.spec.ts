// tests/e2e/print.spec.ts — a lesson prints as a clean handout (web/src/styles.css, @media print):
// Chromium prints the page to PDF, poppler's pdftotext/pdftoppm (Debian's poppler-utils, from
// scripts/setup.sh) read it back, and the test checks the pages: the lesson's text, figure
// titles, formula, "try this" and check question are there; controls, figure tools, navigation,
// the PyTorch panel and the quiz button are not; the link at the end reproduces the learner's
// state; a dark-theme learner still gets white paper. It also checks the page's print button.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { content, open, setControl, watchErrors } from './helpers';

type Text = { title: string; tryThis: string[]; check: { question: string; options: { text: string }[] } };
const text = (file: string) => content(file) as unknown as Text;

/** Prints the page to PDF; returns each page's text (pdftotext) and the PDF's path. */
async function printed(page: Page, dir: string, name: string): Promise<{ pages: string[]; pdf: string }> {
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const n = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const pages = Array.from({ length: n }, (_, k) =>
    execFileSync('pdftotext', ['-f', String(k + 1), '-l', String(k + 1), '-layout', pdf, '-'], { encoding: 'utf8' }),
  );
  return { pages, pdf };
}

/** Whitespace-normalized, so a sentence wrapped across lines still matches. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** The RGB of pixel (x, y) of page 1 rendered at 20 dpi (pdftoppm writes a binary PPM). */
function pixel(pdf: string, x: number, y: number): number[] {
  const ppm = execFileSync('pdftoppm', ['-r', '20', '-f', '1', '-l', '1', pdf]);
  // "P6\n<w> <h>\n255\n" then RGB bytes.
  const head = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!head) throw new Error('pdftoppm did not write a P6 image');
  const w = Number(head[1]);
  const at = head[0].length + 3 * (y * w + x);
  return [ppm[at] ?? NaN, ppm[at + 1] ?? NaN, ppm[at + 2] ?? NaN];
}

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'attn-print-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a lesson prints as a handout: text, figures, formula, try this and the question; no controls, tools or navigation; the link reproduces the state', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const t = text('05-softmax');
  await open(page, '#/softmax');
  await page.waitForSelector('[data-fig="weights-all"] .hm-cell');
  await setControl(page, 'th', '3');
  await expect(page).toHaveURL(/th=3/);
  // On screen: the print button is there and opens the browser's print dialog.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.getByRole('button', { name: 'Print this lesson as a handout' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(page.locator('.print-source')).toBeHidden();
  // In print media: what is hidden and what stays.
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['.controls', '.fig-tools', '.pager', 'details.bridge', '.question button', '.steps', '.topbar', '.print-tools'])
    await expect(page.locator(sel).first(), sel).toBeHidden();
  for (const sel of ['[data-fig="weights-all"] canvas', '[data-fig="row-weights"] svg', '.formula', '.try', '.question', '.print-source'])
    await expect(page.locator(sel).first(), sel).toBeVisible();
  await expect(page.locator('.print-url')).toHaveAttribute('href', /th=3/);
  const { pages } = await printed(page, dir, 'softmax');
  expect(pages.length, 'pages').toBeGreaterThanOrEqual(2);
  expect(pages.length, 'pages').toBeLessThanOrEqual(6);
  for (const [k, p] of pages.entries()) expect(p.trim().length, `page ${k + 1} has text`).toBeGreaterThan(40);
  const all = flat(pages.join('\n'));
  expect(all).toContain(t.title);
  for (const fig of ['Scaled scores of the query', 'Weights of the query', 'All weights, softmax with']) expect(all).toContain(fig);
  expect(all).toContain('The formula, with your numbers');
  expect(all).toContain('Try this');
  expect(all).toContain(
    flat(t.tryThis[1] ?? '')
      .replace(/[$\\]/g, '')
      .slice(0, 30),
  );
  expect(all).toContain(flat(t.check.question));
  for (const o of t.check.options) expect(all).toContain(flat(o.text).slice(0, 40));
  for (const gone of [
    'Show as table',
    'Copy code',
    'Check my answer',
    'Head of the trained model',
    'In PyTorch',
    'Print this lesson',
    'Live: change the numbers',
  ])
    expect(all, gone).not.toContain(gone);
  // The last page ends with the link that reproduces every number: this lesson, head 3.
  const last = flat(pages[pages.length - 1] ?? '');
  expect(last).toContain('Printed from Attention Lab');
  expect(last).toMatch(/index\.html#\/softmax\?\S*th=3/);
  expect(errors).toEqual([]);
});

test('a learner in the dark theme still prints black on white; a random-weights lesson prints its own state', async ({ page }) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page, '#/masking?w=random&cz=0');
  await page.waitForSelector('[data-fig="masked-weights"] .hm-cell');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const screenBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(screenBg).not.toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
  const { pages, pdf } = await printed(page, dir, 'masking-dark');
  expect(pixel(pdf, 5, 5)).toEqual([255, 255, 255]);
  const all = flat(pages.join('\n'));
  expect(all).toContain(text('07-masking').title);
  expect(all).toContain('A ragged batch, padded');
  expect(all).toMatch(/index\.html#\/masking\?\S*w=random/);
  expect(all).toMatch(/cz=0/);
  expect(errors).toEqual([]);
});
