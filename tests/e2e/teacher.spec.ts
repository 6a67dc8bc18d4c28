// tests/e2e/teacher.spec.ts — teacher links (model/teacher.ts, ui/teacher.ts): every control of
// every lesson can be hidden and locked through the URL (a locked control is disabled and the
// store keeps its value); every panel can be hidden; a course walks a chosen subset of lessons in
// a chosen order; the "Make a link for your class" panel builds such a link without editing a
// URL, and the link opens as built; bad or unknown names fall back visibly, as any bad value.
import { expect, test, type Page } from '@playwright/test';
import { axe, LESSONS, open, watchErrors } from './helpers';

/** The state keys of every control on the page (inputs bound to state, matrix editors, the mask grid). */
const controlKeys = (page: Page) =>
  page
    .locator('article.lesson')
    .evaluate((a) => [...new Set(Array.from(a.querySelectorAll<HTMLElement>('[data-key], [data-editor]'), (e) => e.dataset.editor ?? e.dataset.key ?? ''))]);

/** The lesson's model (if any) is loaded and its controls are all on the page. */
async function settled(page: Page, slug: string): Promise<void> {
  if (slug === 'multihead') await page.waitForSelector('[data-head]', { state: 'attached' });
  await expect(page.locator('[data-stat="model-loading"]')).toHaveCount(0);
}

test('every control of every lesson can be hidden, and locked (disabled, its value kept by the store)', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  for (const slug of LESSONS) {
    await open(page, `#/${slug}`);
    await settled(page, slug);
    const keys = await controlKeys(page);
    if (slug !== 'review') expect(keys.length, `${slug} has controls`).toBeGreaterThan(0);
    if (!keys.length) continue;
    // Hidden: no control of the lesson is visible.
    await open(page, `#/${slug}?hide=${keys.join('~')}`);
    await settled(page, slug);
    for (const k of keys)
      for (const el of await page.locator(`article.lesson [data-key="${k}"], article.lesson [data-editor="${k}"]`).all())
        await expect(el, `${slug}: ${k} hidden`).toBeHidden();
    await expect(page.locator('#notice')).toBeHidden();
    // Locked: every input, select and button of every control is disabled and says why.
    await open(page, `#/${slug}?lock=${keys.join('~')}`);
    await settled(page, slug);
    const enabled = await page.locator('article.lesson').evaluate((a) =>
      Array.from(a.querySelectorAll<HTMLElement>('[data-key], [data-editor]')).flatMap((e) => {
        const box = e.dataset.editor !== undefined ? e : (e.closest('.ctl') ?? e);
        return Array.from(box.querySelectorAll<HTMLInputElement>('input, select, button, textarea'))
          .filter((x) => !x.disabled)
          .map(() => e.dataset.editor ?? e.dataset.key ?? '');
      }),
    );
    expect(enabled, `${slug}: controls left enabled`).toEqual([]);
    await expect(page.locator('.locked-note').first()).toBeVisible();
  }
  // A lesson that redraws a locked control on update (lesson 7's mask grid) keeps it locked.
  await open(page, '#/masking?w=random&lock=blk');
  await page.getByLabel(/Causal mask/).uncheck();
  await expect(page).toHaveURL(/cz=0/);
  for (const box of await page.locator('.mask-table input').all()) await expect(box).toBeDisabled();
  // The store keeps a locked value even if something tries to set it: the lesson's own example button is disabled.
  await open(page, '#/softmax?w=random&lt=0.5&lock=lt~s');
  await expect(page.locator('[data-key="lt"]')).toBeDisabled();
  await expect(page.locator('[data-key="lt"]')).toHaveValue('0.5');
  await expect(page.locator('.ctl:has([data-key="s"]) button').first()).toBeDisabled();
  expect(errors).toEqual([]);
});

test('every panel can be hidden; a course walks its lessons in its order', async ({ page }) => {
  const errors = watchErrors(page);
  const panels = {
    explain: '.explain',
    figures: '.lab',
    formula: '.formula-box',
    try: '.try',
    check: '.check',
    lablink: '.lab-link',
    bridge: 'details.bridge',
    pager: '.pager',
    steps: '.steps',
  };
  await open(page, '#/aggregate');
  for (const sel of Object.values(panels)) await expect(page.locator(sel).first(), sel).toBeVisible();
  await open(page, `#/aggregate?hide=${Object.keys(panels).join('~')}`);
  for (const sel of Object.values(panels)) await expect(page.locator(sel).first(), sel).toBeHidden();
  await expect(page.locator('h1')).toBeVisible();
  // A course: masking, then qkv, then softmax.
  await open(page, '#/masking?course=masking~qkv~softmax');
  await expect(page.locator('.steps-text')).toContainText('Lesson 1 of 3 in your teacher’s course');
  await expect(page.locator('.steps li')).toHaveCount(3);
  await expect(page.locator('.pager .prev')).toContainText('Course overview');
  await page.locator('.pager .next').click();
  await expect(page.locator('article.lesson')).toHaveAttribute('data-lesson', 'qkv');
  await expect(page).toHaveURL(/course=masking~qkv~softmax/);
  await expect(page.locator('.steps-text')).toContainText('Lesson 2 of 3');
  await page.locator('.pager .next').click();
  await expect(page.locator('article.lesson')).toHaveAttribute('data-lesson', 'softmax');
  await expect(page.locator('.pager .next')).toContainText('End of the course');
  await page.locator('.pager .prev').click();
  await expect(page.locator('article.lesson')).toHaveAttribute('data-lesson', 'qkv');
  // Outside the course, a lesson keeps the whole course's pager and steps.
  await open(page, '#/match?course=masking~qkv~softmax');
  await expect(page.locator('.steps li')).toHaveCount(LESSONS.length);
  expect(errors).toEqual([]);
});

test('the “make a link for your class” panel builds a link that opens as built; bad names fall back visibly', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '#/softmax?w=random&lt=0.4');
  const panel = page.locator('details.teacher');
  await panel.locator('summary').click();
  await panel.locator('[data-teacher-kind="hide"][data-name="s"]').check();
  await panel.locator('[data-teacher-kind="lock"][data-name="lt"]').check();
  await panel.locator('[data-teacher-kind="hide"][data-name="bridge"]').check();
  await panel.locator('[data-teacher-add]').selectOption('qkv');
  await panel.locator('[data-teacher-add]').selectOption('softmax');
  await panel.getByRole('button', { name: 'Move up: Softmax: scores become weights' }).click();
  const link = await panel.locator('.teacher-link').inputValue();
  expect(link).toMatch(/index\.html#\/softmax\?/);
  expect(link).toContain('lt=0.4');
  expect(link).toContain('hide=s~bridge');
  expect(link).toContain('lock=lt');
  expect(link).toContain('course=softmax~qkv');
  // The link follows the lesson's state.
  await page.locator('[data-key="hard"]').check();
  await expect(panel.locator('.teacher-link')).toHaveValue(/hard=1/);
  const built = await panel.locator('.teacher-link').inputValue();
  await axe(page, 'the open teachers’ panel', undefined, ['details.teacher']);
  await expect(panel.locator('[data-teacher-open]')).toHaveAttribute('href', built);
  await page.goto(built);
  await page.waitForSelector('html[data-ready="1"]');
  await expect(page.locator('[data-key="s"]')).toBeHidden();
  await expect(page.locator('details.bridge')).toBeHidden();
  await expect(page.locator('[data-key="lt"]')).toBeDisabled();
  await expect(page.locator('[data-key="lt"]')).toHaveValue('0.4');
  await expect(page.locator('[data-key="hard"]')).toBeChecked();
  await expect(page.locator('.steps-text')).toContainText('Lesson 1 of 2 in your teacher’s course');
  await expect(page.locator('details.teacher')).toHaveCount(0);
  // Unknown names: the whole option falls back to its default, and the notice says which.
  await open(page, '#/softmax?w=random&hide=s~nonsense&lock=zzz&course=qkv~nowhere');
  await expect(page.locator('#notice')).toContainText('malformed value for “hide”');
  await expect(page.locator('#notice')).toContainText('malformed value for “lock”');
  await expect(page.locator('#notice')).toContainText('malformed value for “course”');
  await expect(page.locator('[data-key="s"]')).toBeVisible();
  await expect(page.locator('.steps li')).toHaveCount(LESSONS.length);
  expect(errors).toEqual([]);
});

test('the panel names every control of every lesson once: no two controls a teacher can hide or lock share a name', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  for (const slug of LESSONS) {
    if (slug === 'review') continue;
    await open(page, `#/${slug}`);
    await settled(page, slug);
    // Open (it may still be open from the lesson before: the router keeps the document).
    await page.locator('details[data-teacher]').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const rows = page.locator('[data-teacher] tbody th[scope=row]');
    await expect(rows.first()).toBeVisible();
    const names = await rows.allTextContents();
    expect(names.length, `${slug}: controls listed`).toBeGreaterThan(0);
    const repeated = names.map((n) => n.trim()).filter((n, k, all) => all.indexOf(n) !== k);
    expect(repeated, `${slug}: names listed twice`).toEqual([]);
  }
  expect(errors).toEqual([]);
});
