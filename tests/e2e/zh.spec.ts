// tests/e2e/zh.spec.ts — the site in Simplified Chinese (web/content/zh-CN/): the home page, the
// lab and every lesson open with ?lang=zh-CN without console errors, in Chinese (<html lang>, the
// titles of the zh-CN files), with every heatmap number equal to the English page's; the language
// menu switches in place and writes lang to the URL, links keep it, a saved choice or the
// browser's zh/zh-CN/zh-Hans picks Chinese for a link without lang, an unknown lang is reported;
// axe-core finds no violation on any page in Chinese (light, and colour contrast in dark).
// Key parity of the translation files is tests/web/i18n.test.mjs; English pages: app.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axe, LESSONS, open, watchErrors } from './helpers';

const FILES = readFileSync(new URL('../../web/src/lessons/index.ts', import.meta.url), 'utf8');
const read = (lang: string, file: string) => JSON.parse(readFileSync(new URL(`../../web/content/${lang}/${file}.json`, import.meta.url), 'utf8'));
/** content/<lang>/lessons/NN-slug.json of a lesson slug (the module list names the files). */
function lessonFile(slug: string): string {
  const m = new RegExp(`from '\\./(\\d\\d-${slug})'`).exec(FILES);
  if (!m?.[1]) throw new Error(`no lesson module for ${slug}`);
  return `lessons/${m[1]}`;
}
const zhTitle = (slug: string): string => read('zh-CN', lessonFile(slug)).title;

/** Every heatmap cell on the page, by figure and position, with its full-precision value. */
function heatmapValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const c of document.querySelectorAll<HTMLElement>('[data-fig] .hm-cell')) {
      const fig = c.closest<HTMLElement>('[data-fig]')?.dataset.fig ?? '';
      out[`${fig}[${c.dataset.i},${c.dataset.j}]`] = c.dataset.v ?? '';
    }
    return out;
  });
}

/** The heatmaps once the page has stopped drawing (trained models arrive after the page is ready). */
async function settledHeatmaps(page: Page): Promise<Record<string, string>> {
  await page.waitForLoadState('networkidle');
  let last = JSON.stringify(await heatmapValues(page));
  for (;;) {
    await page.waitForTimeout(400);
    const now = await heatmapValues(page);
    if (JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
  }
}

for (const slug of LESSONS) {
  test(`#/${slug} in Chinese: zh-CN title, same numbers as in English, no console errors`, async ({ page }) => {
    test.setTimeout(90_000);
    const errors = watchErrors(page);
    await open(page, `#/${slug}`);
    const english = await settledHeatmaps(page);
    await open(page, `#/${slug}?lang=zh-CN`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('h1')).toContainText(zhTitle(slug));
    expect(page.url()).toContain('lang=zh-CN');
    expect(await settledHeatmaps(page), 'every heatmap value equals the English page').toEqual(english);
    // The shell is Chinese too, and links keep the language.
    await expect(page.locator('.footer')).toContainText(read('zh-CN', 'ui')['footer.text']);
    for (const href of await page.locator('a[data-route]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')))
      expect(href, 'an internal link keeps lang').toContain('lang=zh-CN');
    expect(errors).toEqual([]);
  });
}

test('the home page and the lab in Chinese', async ({ page }) => {
  const errors = watchErrors(page);
  const ui = read('zh-CN', 'ui');
  await open(page, '#/?lang=zh-CN');
  await expect(page.locator('h1')).toHaveText(ui['home.title']);
  await expect(page.locator('ol.course > li')).toHaveCount(LESSONS.length);
  await expect(page.locator('ol.course')).toContainText(zhTitle('softmax'));
  await expect(page).toHaveTitle(new RegExp(ui['app.name']));
  await page.getByRole('link', { name: ui['home.start'] }).click();
  await expect(page).toHaveURL(/#\/bottleneck\?lang=zh-CN$/);
  await expect(page.locator('h1')).toContainText(zhTitle('bottleneck'));
  await open(page, '#/lab?lang=zh-CN');
  await expect(page.locator('h1')).toHaveText(read('zh-CN', 'lab').title);
  await expect(page.getByRole('button', { name: read('zh-CN', 'lab').trainAll })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the language menu switches in place, writes lang to the URL and is remembered', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/softmax?lt=0.5');
  const menu = page.locator('select.lang-select');
  await expect(menu.locator('option')).toHaveText(['English', '简体中文']);
  await expect(menu).toHaveAccessibleName('Language');
  await menu.selectOption('zh-CN');
  await expect(page).toHaveURL(/#\/softmax\?lang=zh-CN&lt=0\.5$/);
  await expect(page.locator('h1')).toContainText(zhTitle('softmax'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(menu).toHaveAccessibleName('语言');
  await expect(page.locator('[data-key="lt"]')).toHaveValue('0.5');
  // A link without lang now opens in the saved language, and the URL says so.
  await open(page, '#/match');
  await expect(page).toHaveURL(/#\/match\?lang=zh-CN$/);
  await expect(page.locator('h1')).toContainText(zhTitle('match'));
  // Back to English: lang leaves the URL.
  await page.locator('select.lang-select').selectOption('en');
  await expect(page).toHaveURL(/#\/match$/);
  await expect(page.locator('h1')).toContainText(read('en', lessonFile('match')).title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // A link that names a language wins over the saved one.
  await open(page, '#/match?lang=zh-CN');
  await expect(page.locator('h1')).toContainText(zhTitle('match'));
  expect(errors).toEqual([]);
});

for (const locale of ['zh', 'zh-CN', 'zh-Hans']) {
  test(`a browser preferring ${locale} gets Chinese; a link with lang=en stays English`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    expect(await page.evaluate(() => navigator.languages)).toContain(locale);
    await open(page, '#/qkv');
    await expect(page).toHaveURL(/#\/qkv\?lang=zh-CN$/);
    await expect(page.locator('h1')).toContainText(zhTitle('qkv'));
    await open(page, '#/qkv?lang=en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('h1')).toContainText(read('en', lessonFile('qkv')).title);
    await context.close();
  });
}

test('an unknown language in a link is reported and the page falls back', async ({ page }) => {
  await open(page, '#/scale?lang=xx');
  await expect(page.locator('#notice')).toBeVisible();
  await expect(page.locator('#notice')).toContainText('lang');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/#\/scale$/);
});

// As app.spec.ts does for English: the full rule set per page (light), colour contrast (dark).
for (const route of ['', 'lab', ...LESSONS]) {
  test(`axe-core: zero violations on #/${route}?lang=zh-CN (light)`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await open(page, `#/${route}?lang=zh-CN`);
    await axe(page, `#/${route}?lang=zh-CN (light)`);
  });
}

test('axe-core: colour contrast on every page in Chinese (dark)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const route of ['', 'lab', ...LESSONS]) {
    await open(page, `#/${route}?lang=zh-CN`);
    await axe(page, `#/${route}?lang=zh-CN (dark)`, ['color-contrast']);
  }
});
