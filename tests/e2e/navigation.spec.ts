// tests/e2e/navigation.spec.ts — navigation never loses the learner's place (issue 13, part A):
// the address bar follows the state through a debounced writer (main.ts), and a navigation made
// while a write is still pending must win over it. The walk moves a control on a lesson and,
// within the writer's delay, navigates — by the pager's Next link, by loading that link's URL,
// or by loading a link to another lesson, as the address bar or a pasted link does — 40 times
// across the lessons, and checks that every navigation lands on its lesson with that link's
// state in the URL, and stays there once the writer's delay is over. A second test checks that
// Back after such a quick Next returns to the state the learner left.
// It does not check any figure's numbers (lessons.spec.ts does).
import { expect, test, type Page } from '@playwright/test';
import { LESSONS, open, watchErrors } from './helpers';

/** main.ts URL_EVERY (ms): the address bar follows the state at most this often. */
const URL_EVERY = 120;

/**
 * Moves one control of the lesson on screen (its first slider, else select, checkbox, sentence)
 * and keeps the page busy for `busy` ms (a slow recompute). Returns the moved key and the Next
 * link before and after the move.
 */
function moveControl(page: Page, busy: number): Promise<{ key: string; before: string; after: string }> {
  return page.evaluate((busy) => {
    const root = document.querySelector('main .controls') as HTMLElement;
    const next = () => document.querySelector<HTMLAnchorElement>('.pager a.next')?.getAttribute('href') ?? '';
    const before = next();
    const range = root.querySelector<HTMLInputElement>('input[type="range"][data-key]');
    const sel = root.querySelector<HTMLSelectElement>('select[data-key]');
    const box = root.querySelector<HTMLInputElement>('input[type="checkbox"][data-key]');
    const text = root.querySelector<HTMLInputElement>('input[type="text"][data-key]');
    let key = '';
    if (range) {
      const v = Number(range.value);
      const s = Number(range.step);
      range.value = String(v + s <= Number(range.max) ? v + s : v - s);
      range.dispatchEvent(new Event('input', { bubbles: true }));
      key = range.dataset.key ?? '';
    } else if (sel) {
      sel.selectedIndex = (sel.selectedIndex + 1) % sel.options.length;
      sel.dispatchEvent(new Event('change', { bubbles: true }));
      key = sel.dataset.key ?? '';
    } else if (box) {
      box.click();
      key = box.dataset.key ?? '';
    } else if (text) {
      text.value = `${text.value} x`;
      text.dispatchEvent(new Event('change', { bubbles: true }));
      key = text.dataset.key ?? '';
    }
    const until = performance.now() + busy;
    while (performance.now() < until) {
      /* a long task */
    }
    return { key, before, after: next() };
  }, busy);
}

const where = (page: Page) => page.evaluate(() => ({ lesson: document.querySelector<HTMLElement>('article.lesson')?.dataset.lesson, hash: location.hash }));

test('a navigation within the URL writer delay after a control change lands on its lesson with its state', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await open(page, '#/bottleneck');
  const lost: string[] = [];
  for (let k = 0; k < 40; k++) {
    const { lesson: from } = await where(page);
    const i = LESSONS.indexOf(from as (typeof LESSONS)[number]);
    expect(i, `on a lesson before step ${k}`).toBeGreaterThanOrEqual(0);
    const how = i === LESSONS.length - 1 ? 'link' : (['click', 'next', 'link'] as const)[k % 3];
    // Busy for most of the writer's delay: the write falls due while the navigation arrives.
    const moved = await moveControl(page, URL_EVERY - 10);
    // Every lesson but the review (a quiz, no state of its own) has a control to move; the
    // pager's Next link (all but the last lesson have one) follows it at once.
    if (from !== 'review') expect(moved.key, `a control to move on #/${from}`).not.toBe('');
    if (from !== 'review' && how !== 'link') expect(moved.after, `moving ${moved.key} on #/${from} changes the Next link`).not.toBe(moved.before);
    const to = how === 'link' ? (LESSONS[(i + 5) % LESSONS.length] as string) : (LESSONS[i + 1] as string);
    const target = how === 'link' ? `#/${to}?seed=${k + 2}` : moved.after;
    if (how === 'click') await page.locator('.pager a.next').click();
    else await page.goto(`/index.html${target}`);
    await page
      .waitForFunction((slug) => document.querySelector<HTMLElement>('article.lesson')?.dataset.lesson === slug, to, { timeout: 3_000 })
      .catch(() => undefined);
    // Past the writer's delay: a pending write of the old state would have landed by now.
    await page.waitForTimeout(URL_EVERY * 2);
    const now = await where(page);
    if (now.lesson !== to || now.hash !== target) lost.push(`step ${k}: #/${from} → ${target} (${how}) ended on #/${now.lesson} at ${now.hash}`);
  }
  expect(lost, `${lost.length} of 40 navigations lost`).toEqual([]);
  expect(errors).toEqual([]);
});

test('Back after a quick Next returns to the state the learner left', async ({ page }) => {
  const errors = watchErrors(page);
  for (const from of ['softmax', 'multihead', 'additive']) {
    await open(page, `#/${from}`);
    // The move and the click in one task: the writer's delay has not passed.
    const left = await page.evaluate(() => {
      const range = document.querySelector('main .controls input[type="range"][data-key]') as HTMLInputElement;
      range.value = String(Number(range.value) + Number(range.step));
      range.dispatchEvent(new Event('input', { bubbles: true }));
      const a = document.querySelector('.pager a.next') as HTMLAnchorElement;
      const href = a.getAttribute('href') ?? '';
      a.click();
      return { key: range.dataset.key ?? '', value: range.value, query: href.slice(href.indexOf('?')) };
    });
    expect(left.query, `the Next link carries ${left.key}`).toContain(`${left.key}=`);
    await expect(page.locator('article.lesson')).not.toHaveAttribute('data-lesson', from);
    await page.goBack();
    await expect(page.locator('article.lesson')).toHaveAttribute('data-lesson', from);
    expect(new URL(page.url()).hash).toBe(`#/${from}${left.query}`);
    await expect(page.locator(`main [data-key="${left.key}"]`)).toHaveValue(left.value);
  }
  expect(errors).toEqual([]);
});
