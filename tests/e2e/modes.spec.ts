// tests/e2e/modes.spec.ts — the figures of a weights mode or model that is away stay on the page,
// parked (ui/modes.ts). What this checks: after switching away and back, every heatmap shows the
// same numbers as a fresh load of the same link; a parked figure cannot be found by name, seen,
// focused or reached in the accessibility tree; the controls of the set that is away are not
// reachable either. It does not time anything (that is bench/browser.mjs).
import { expect, test, type Page } from '@playwright/test';
import { open, setControl, watchErrors } from './helpers';

/** Every heatmap on the page by figure id: its cells' (i, j, data-v), read as the tests read them. */
async function heatmaps(page: Page): Promise<Record<string, number[][]>> {
  await page.waitForFunction(() => !document.querySelector('main [data-stat="model-loading"]'));
  return page.evaluate(() => {
    const out: Record<string, number[][]> = {};
    for (const f of document.querySelectorAll<HTMLElement>('[data-fig]')) {
      const cells = f.querySelectorAll<HTMLElement>('.hm-cell');
      if (!cells.length) continue;
      out[f.dataset.fig ?? ''] = Array.from(cells, (c) => [Number(c.dataset.i), Number(c.dataset.j), Number(c.dataset.v)]);
    }
    return out;
  });
}

/** What a parked subtree must not offer: names, visibility, focus. */
async function parkedLeaks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const leaks: string[] = [];
    for (const p of document.querySelectorAll<HTMLElement>('.figures > [data-parked], .formula > [data-parked]')) {
      for (const el of [p, ...p.querySelectorAll<HTMLElement>('*')]) {
        for (const a of el.getAttributeNames())
          if (a === 'id' || a === 'name' || a === 'for' || a === 'data-fig' || a === 'data-stat' || a === 'data-key') leaks.push(`${el.tagName} keeps ${a}`);
        if (el.checkVisibility({ visibilityProperty: true })) leaks.push(`${el.tagName}.${el.className} is visible`);
      }
    }
    for (const c of document.querySelectorAll<HTMLElement>('.controls [data-parked] :is(input, select, button, textarea)'))
      if (c.checkVisibility({ visibilityProperty: true })) leaks.push(`control ${c.dataset.key ?? c.tagName} of a parked set is visible`);
    return leaks;
  });
}

/** Tabs through the whole page; the elements focused, described. */
async function tabStops(page: Page, n: number): Promise<string[]> {
  await page.locator('h1').focus();
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => (document.activeElement?.closest('[data-parked]') ? 'PARKED' : (document.activeElement?.tagName ?? ''))));
  }
  return seen;
}

/** What `read` reads on a fresh page at the same link: what the switched page must equal. */
async function atFreshLoad<T>(page: Page, read: (p: Page) => Promise<T>): Promise<T> {
  const other = await page.context().newPage();
  await other.goto(page.url());
  await other.waitForSelector('html[data-ready="1"]');
  const m = await read(other);
  await other.close();
  return m;
}

/** The heatmaps of a fresh page at the same link. */
const fresh = (page: Page): Promise<Record<string, number[][]>> => atFreshLoad(page, heatmaps);

test('qkv: random → trained → random → trained shows what a fresh load of each link shows; the parked mode is out of reach', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/qkv?w=random');
  const random = await heatmaps(page);
  expect(Object.keys(random).length).toBeGreaterThan(1);
  await setControl(page, 'w', 'trained');
  await expect(page).not.toHaveURL(/w=random/);
  const trained = await heatmaps(page);
  expect(trained).toEqual(await fresh(page));
  expect(await parkedLeaks(page)).toEqual([]);
  expect(await page.locator('.figures > [data-parked]').count()).toBeGreaterThan(0);
  expect(await tabStops(page, 40)).not.toContain('PARKED');
  // Back, with a changed setting in between: the parked random figures are brought up to date.
  await setControl(page, 'w', 'random');
  await setControl(page, 'seed', '7');
  await expect(page).toHaveURL(/seed=7/);
  expect(await heatmaps(page)).toEqual(await fresh(page));
  expect(await parkedLeaks(page)).toEqual([]);
  await setControl(page, 'w', 'trained');
  expect(await heatmaps(page)).toEqual(trained);
  expect(errors).toEqual([]);
});

test('multihead: the induction model, the translation model and back show what a fresh load shows', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/multihead');
  const induction = await heatmaps(page);
  await setControl(page, 'mhm', 'translation');
  await expect(page).toHaveURL(/mhm=translation/);
  const translation = await heatmaps(page);
  expect(translation).not.toEqual(induction);
  expect(translation).toEqual(await fresh(page));
  expect(await parkedLeaks(page)).toEqual([]);
  // The letters box belongs to the induction model: parked, not reachable.
  await expect(page.locator('[data-key="iseq"]')).toBeHidden();
  await expect(page.locator('[data-key="mhb"]')).toBeVisible();
  await setControl(page, 'mhm', 'induction');
  expect(await heatmaps(page)).toEqual(induction);
  await expect(page.locator('[data-key="iseq"]')).toBeVisible();
  await expect(page.locator('[data-key="mhb"]')).toBeHidden();
  expect(errors).toEqual([]);
});

test('transformer: the model without positional encoding and back show what a fresh load shows', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/transformer');
  const withPe = await heatmaps(page);
  await page.locator('[data-key="trpe"]').click();
  await expect(page).toHaveURL(/trpe=/);
  const without = await heatmaps(page);
  expect(without).not.toEqual(withPe);
  expect(without).toEqual(await fresh(page));
  expect(await parkedLeaks(page)).toEqual([]);
  // Another layer while the other model is away, then back: the parked figures follow.
  await setControl(page, 'trl', '1');
  await page.locator('[data-key="trpe"]').click();
  await expect(page).not.toHaveURL(/trpe=/);
  expect(await heatmaps(page)).toEqual(await fresh(page));
  expect(errors).toEqual([]);
});

test('implement: every exercise and back to the first shows what a fresh load of each link shows', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/implement');
  const first = await heatmaps(page);
  for (const mode of ['masked', 'multihead', 'blocked'] as const) {
    await setControl(page, 'exm', mode);
    await expect(page).toHaveURL(new RegExp(`exm=${mode}`));
    expect(await heatmaps(page), mode).toEqual(await fresh(page));
    expect(await parkedLeaks(page), mode).toEqual([]);
  }
  await setControl(page, 'exm', 'plain');
  expect(await heatmaps(page)).toEqual(first);
  expect(errors).toEqual([]);
});

/** Every heatmap on the page by figure id: per cell (i, j, data-v, aria-label), the grid's and the
 *  picture's names, and the pixels of its canvas — everything a heatmap draws of its cells. */
async function drawn(page: Page): Promise<Record<string, unknown>> {
  await page.waitForFunction(() => !document.querySelector('main [data-stat="model-loading"]'));
  return page.evaluate(() => {
    const out: Record<string, unknown> = {};
    for (const f of document.querySelectorAll<HTMLElement>('[data-fig]')) {
      const cells = f.querySelectorAll<HTMLElement>('.hm-cell');
      if (!cells.length) continue;
      out[f.dataset.fig ?? ''] = {
        cells: Array.from(cells, (c) => [c.dataset.i, c.dataset.j, c.dataset.v, c.getAttribute('aria-label')]),
        names: [f.querySelector('.hm-grid')?.getAttribute('aria-label'), f.querySelector('.hm-svg')?.getAttribute('aria-label')],
        pixels: f.querySelector<HTMLCanvasElement>('.hm-canvas canvas')?.toDataURL(),
      };
    }
    return out;
  });
}

for (const [slug, key] of [
  ['transformer', 'trl'],
  ['qkv', 'th'],
  ['bottleneck', 'rt'],
] as const) {
  test(`${slug}: ${key} moved and moved back, twice — every heatmap says and paints what a fresh load of each link does`, async ({ page }) => {
    // A figure shown again as it was reuses its description (ui/heatmap.ts, describe): this is
    // where a reused description that differed from a new one would show.
    const errors = watchErrors(page);
    await open(page, `#/${slug}`);
    const [a, b] = await page
      .locator(`[data-key="${key}"]`)
      .first()
      .evaluate((el) => {
        const e = el as HTMLInputElement | HTMLSelectElement;
        if (e instanceof HTMLSelectElement) return [e.value, [...e.options].map((o) => o.value).find((v) => v !== e.value) ?? e.value];
        const step = Number(e.step) || 1;
        return [e.value, String(Number(e.value) + step <= Number(e.max) ? Number(e.value) + step : Number(e.value) - step)];
      });
    const first = await drawn(page);
    for (const round of [1, 2]) {
      await setControl(page, key, b);
      const other = await drawn(page);
      expect(other, `round ${round}: ${key}=${b} draws something else`).not.toEqual(first);
      expect(other, `round ${round}: ${key}=${b}`).toEqual(await atFreshLoad(page, drawn));
      await setControl(page, key, a);
      expect(await drawn(page), `round ${round}: ${key}=${a} again`).toEqual(first);
    }
    expect(errors).toEqual([]);
  });
}

/** What the live section and the formula box show outside the parked sets: their text (a
 *  heatmap's cells and the KaTeX MathML aside, read by `drawn`) and every control's value. */
async function shown(page: Page): Promise<{ text: string; controls: string[]; heatmaps: Record<string, unknown> }> {
  const heatmaps = await drawn(page);
  const rest = await page.evaluate(() => {
    const text: string[] = [];
    for (const box of document.querySelectorAll('main .lab, main .formula-box')) {
      const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const p = n.parentElement;
        if (!p || p.closest('[data-parked], .hm-grid, .katex-mathml')) continue;
        const s = n.textContent?.trim();
        if (s) text.push(s);
      }
    }
    const controls = Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('main .controls :is(input, select)'), (c) =>
      c.closest('[data-parked]') ? '' : `${c.dataset.key ?? c.id}=${c instanceof HTMLInputElement && c.type === 'checkbox' ? c.checked : c.value}`,
    ).filter(Boolean);
    return { text: text.join(' | '), controls };
  });
  return { ...rest, heatmaps };
}

test('masking: a weights mode shown again unchanged is the page it was; shown again after a setting changed, it follows the setting', async ({ page }) => {
  // A mode shown again with the view's input it was parked at is drawn from its kept parts
  // (ui/lessonPage.ts, drawnModes); with any other input the view runs again.
  const errors = watchErrors(page);
  await open(page, '#/masking');
  const trained = await shown(page);
  expect(trained).toEqual(await atFreshLoad(page, shown));
  await setControl(page, 'w', 'random');
  await expect(page).toHaveURL(/w=random/);
  const random = await shown(page);
  expect(random).not.toEqual(trained);
  expect(random).toEqual(await atFreshLoad(page, shown));
  await setControl(page, 'w', 'trained');
  await expect(page).not.toHaveURL(/w=random/);
  expect(await shown(page)).toEqual(trained);
  // The causal mask switched off in the random mode, then back to the trained one: both follow.
  await setControl(page, 'w', 'random');
  await page.locator('[data-key="cz"]').first().click();
  await expect(page).toHaveURL(/cz=/);
  const randomOpen = await shown(page);
  expect(randomOpen).not.toEqual(random);
  expect(randomOpen).toEqual(await atFreshLoad(page, shown));
  await setControl(page, 'w', 'trained');
  await expect(page).not.toHaveURL(/w=random/);
  const trainedOpen = await shown(page);
  expect(trainedOpen).not.toEqual(trained);
  expect(trainedOpen).toEqual(await atFreshLoad(page, shown));
  expect(errors).toEqual([]);
});
