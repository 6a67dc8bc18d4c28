// tests/e2e/bridge.spec.ts — the "In PyTorch" panel in the page: present (closed) on every lesson
// that shows numbers and absent on the review quiz; opened, it shows the very snippet that
// tests/fixtures/bridge_golden.json holds for the default state (the text PyTorch ran and the
// core was checked against, tests/web/bridge.test.mjs); it follows the sliders (reaching another
// fixture state's snippet exactly); Copy puts the code on the clipboard, or selects it with a
// visible note where the clipboard is missing; it works from the keyboard and passes axe. It does
// not check numbers (the node test does).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axe, LESSONS, open, setControl, watchErrors } from './helpers';

interface GoldenCase {
  lesson: string;
  name: string;
  state: Record<string, unknown>;
  code: string;
}
const golden = JSON.parse(readFileSync(new URL('../fixtures/bridge_golden.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };
const snippet = (lesson: string, name: string): string => {
  const c = golden.cases.find((x) => x.lesson === lesson && x.name === name);
  if (!c) throw new Error(`no fixture ${lesson}/${name}`);
  return c.code;
};

const panel = (page: Page, slug: string) => page.locator(`details[data-bridge="${slug}"]`);
const codeOf = (page: Page, slug: string) => panel(page, slug).locator('pre code');

async function openPanel(page: Page, slug: string): Promise<void> {
  const p = panel(page, slug);
  await expect(p).toBeAttached();
  if (!(await p.evaluate((d) => (d as HTMLDetailsElement).open))) await p.locator('summary').click();
  await expect(codeOf(page, slug)).not.toBeEmpty();
}

for (const slug of LESSONS.filter((s) => s !== 'review')) {
  test(`${slug}: a closed "In PyTorch" panel whose code is the fixture's default-state snippet`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, `#/${slug}${slug === 'softmax' || slug === 'aggregate' ? '?w=random' : ''}`);
    const p = panel(page, slug);
    await expect(p).toBeAttached();
    await expect(p).not.toHaveAttribute('open', '');
    await expect(p.locator('summary')).toHaveText('In PyTorch');
    await openPanel(page, slug);
    expect(await codeOf(page, slug).textContent()).toBe(snippet(slug, 'defaults'));
    await expect(p.locator('.bridge-note')).toContainText('It ends with');
    expect(errors).toEqual([]);
  });
}

test('review: the quiz shows no numbers and has no panel', async ({ page }) => {
  await open(page, '#/review');
  await expect(page.locator('details.bridge')).toHaveCount(0);
});

test('the code follows the sliders: scale at d_k = 16, seed 4 is the fixture state "wide"', async ({ page }) => {
  await open(page, '#/scale?w=random');
  await openPanel(page, 'scale');
  const before = await codeOf(page, 'scale').textContent();
  await setControl(page, 'dke', '4');
  await expect(codeOf(page, 'scale')).not.toHaveText(before ?? '');
  await expect(codeOf(page, 'scale')).toContainText('d_k 16');
  await setControl(page, 'seed', '4');
  await expect(codeOf(page, 'scale')).toContainText('seed 4');
  expect(await codeOf(page, 'scale').textContent()).toBe(snippet('scale', 'wide'));
});

test('a closed panel catches up when opened: rho changed first, then the panel opened', async ({ page }) => {
  await open(page, '#/bottleneck');
  await setControl(page, 'rho', '1.3');
  await openPanel(page, 'bottleneck');
  await expect(codeOf(page, 'bottleneck')).toContainText('rho 1.3');
});

test('an impossible head split shows no code and says why', async ({ page }) => {
  await open(page, '#/multihead?w=random&dm=6&nh=4');
  await panel(page, 'multihead').locator('summary').click();
  await expect(panel(page, 'multihead').locator('.bridge-note')).toHaveText('These settings show no numbers, so there is no code to run.');
  await expect(panel(page, 'multihead').locator('pre')).toBeHidden();
  await setControl(page, 'nh', '3');
  await expect(codeOf(page, 'multihead')).toContainText('n_heads 3');
  await expect(panel(page, 'multihead').locator('pre')).toBeVisible();
});

test('Copy puts the snippet on the clipboard, from the keyboard too', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, '#/masking');
  const summary = panel(page, 'masking').locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(codeOf(page, 'masking')).not.toBeEmpty();
  const copy = panel(page, 'masking').getByRole('button', { name: 'Copy code' });
  await copy.focus();
  await page.keyboard.press('Enter');
  await expect(panel(page, 'masking').getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet('masking', 'defaults'));
  // The code box can be reached and scrolled from the keyboard, and is labelled.
  await expect(panel(page, 'masking').locator('pre')).toHaveAttribute('tabindex', '0');
  await expect(panel(page, 'masking').getByLabel("PyTorch code for this lesson's figures")).toBeVisible();
  await axe(page, 'the open PyTorch panel', undefined, ['details.bridge']);
});

test('without a clipboard, Copy selects the code and says to press Ctrl+C', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await open(page, '#/qkv');
  await openPanel(page, 'qkv');
  await panel(page, 'qkv').getByRole('button', { name: 'Copy code' }).click();
  await expect(panel(page, 'qkv').getByRole('status')).toContainText('press Ctrl+C');
  // The whole code is selected (a selection's text drops the final newline).
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(snippet('qkv', 'defaults').trimEnd());
});
