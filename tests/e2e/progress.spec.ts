// tests/e2e/progress.spec.ts — the learner's progress, kept on the device only (ui/progress.ts,
// model/progress.ts): lessons visited, check-yourself answers (shown again on a revisit), the
// review's answers and lesson 14's exercises passed appear on the home page and survive a
// reload; export writes a file that import restores after a reset; a file that is not a
// progress file is refused with its reason, and entries the course does not have are dropped
// and named; with storage refused (private mode) the site works and says the progress lasts only
// for the tab. It also checks that no request leaves the page's own origin.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axe, content, open, watchErrors } from './helpers';

type Q = { question: string; options: { text: string; correct?: boolean }[] };
const check = (file: string) => (content(file) as unknown as { check: Q }).check;
const quiz = () => (content('13-review') as unknown as { quiz: Q[] }).quiz;
const implement = (content('14-implement') as unknown as { data: Record<string, string> }).data;

/** Answers a lesson's check question with option `k` (content order) and submits it. */
async function answer(page: Page, q: Q, k: number, scope = page.locator('.check')): Promise<void> {
  await scope.getByLabel(q.options[k]?.text.replace(/[$*`]/g, '').slice(0, 30) ?? '', { exact: false }).check();
  await scope.getByRole('button', { name: 'Check my answer' }).click();
}
const rightIndex = (q: Q) => q.options.findIndex((o) => o.correct);
const wrongIndex = (q: Q) => q.options.findIndex((o) => !o.correct);
const summary = (page: Page) => page.locator('[data-progress="summary"]');

test('visits, answers, the review and an exercise show on the home page, survive a reload, and export / reset / import round-trip', async ({ page }) => {
  const errors = watchErrors(page);
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await open(page, '#/');
  await expect(summary(page)).toContainText('Lessons visited: 0 of 14.');
  await expect(page.locator('[data-progress="private"]')).toHaveCount(0);
  await expect(page.locator('[data-progress="continue"]')).toHaveCount(0);
  // Lesson 2: the right answer; lesson 5: a wrong one.
  await open(page, '#/qkv?w=random');
  await answer(page, check('02-qkv'), rightIndex(check('02-qkv')));
  await expect(page.locator('.check .feedback')).toContainText('Right.');
  await open(page, '#/softmax?w=random');
  await answer(page, check('05-softmax'), wrongIndex(check('05-softmax')));
  await expect(page.locator('.check .feedback')).toContainText('Not quite.');
  // The review: item 1 answered right.
  await open(page, '#/review');
  const item = page.locator('[data-quiz="0"]');
  await answer(page, quiz()[0] as Q, rightIndex(quiz()[0] as Q), item);
  await expect(page.locator('[data-stat="score"]')).toContainText('1');
  // Lesson 14: exercise 1 passed with the reference solution.
  await open(page, '#/implement');
  await page.locator('#code-editor').fill(implement.solutionPlain ?? '');
  await page.getByRole('button', { name: 'Run & compare with the core' }).click();
  await expect(page.locator('[data-stat="result"] [data-verdict]')).toHaveAttribute('data-verdict', 'match');
  // The home page, before and after a reload.
  for (const how of ['navigate', 'reload']) {
    if (how === 'navigate') await open(page, '#/');
    else await page.reload();
    await page.waitForSelector('[data-progress="summary"]');
    await expect(summary(page), how).toContainText('Lessons visited: 4 of 14.');
    await expect(summary(page), how).toContainText('Questions answered right: 2 of 25 (3 answered).');
    await expect(summary(page), how).toContainText('Exercises passed in lesson 14: 1 of 4.');
    await expect(page.locator('[data-progress-lesson="qkv"]')).toContainText('visited, answered right');
    await expect(page.locator('[data-progress-lesson="softmax"]')).toContainText('visited, answered, not right yet');
    await expect(page.locator('li[data-lesson="qkv"] .done-mark')).toBeVisible();
    await expect(page.locator('li[data-lesson="softmax"] .done-mark')).toHaveCount(0);
    await expect(page.locator('[data-progress="continue"]')).toContainText('Continue with lesson 14');
  }
  // 25 questions: one per lesson that has one, plus the review's items (the count is the content's).
  const lessonsWithCheck = [
    '01-bottleneck',
    '02-qkv',
    '03-match',
    '04-scale',
    '05-softmax',
    '06-aggregate',
    '07-masking',
    '08-multihead',
    '09-positional',
    '10-transformer',
    '11-additive',
    '12-recurrence',
    '14-implement',
  ].filter((f) => (content(f) as { check?: Q }).check);
  expect(lessonsWithCheck.length + quiz().length).toBe(25);
  // Revisiting lesson 2 shows the saved answer, selected, with its feedback.
  await open(page, '#/qkv?w=random');
  const q2 = check('02-qkv');
  await expect(page.locator('.check').getByLabel(q2.options[rightIndex(q2)]?.text.replace(/[$*`]/g, '').slice(0, 30) ?? '', { exact: false })).toBeChecked();
  await expect(page.locator('.check .feedback')).toContainText('Right.');
  await expect(page.locator('.steps a[data-route="qkv"]')).toHaveClass(/done/);
  // Export: a JSON file with what the page showed.
  await open(page, '#/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-progress="export"]').click()]);
  expect(download.suggestedFilename()).toBe('attention-lab-progress.json');
  const file = await download.path();
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  expect(saved.app).toBe('attention-lab');
  expect(saved.version).toBe(1);
  expect(Object.keys(saved.visited ?? {}).sort()).toEqual(['implement', 'qkv', 'review', 'softmax']);
  expect(saved.answers?.qkv).toEqual({ choice: rightIndex(q2), correct: true });
  expect(Object.keys(saved.exercises ?? {})).toEqual(['plain']);
  // Reset (confirmed) forgets everything.
  page.once('dialog', (d) => void d.accept());
  await page.locator('[data-progress="reset"]').click();
  await expect(page.locator('[data-progress="message"]')).toHaveText('Your progress was reset.');
  await expect(summary(page)).toContainText('Lessons visited: 0 of 14. Questions answered right: 0 of 25 (0 answered). Exercises passed in lesson 14: 0 of 4.');
  await page.reload();
  await expect(summary(page)).toContainText('Lessons visited: 0 of 14.');
  // Import restores it.
  await page.locator('input[type="file"]').setInputFiles(file);
  await expect(page.locator('[data-progress="message"]')).toHaveText('Progress imported.');
  await expect(summary(page)).toContainText('Lessons visited: 4 of 14. Questions answered right: 2 of 25 (3 answered). Exercises passed in lesson 14: 1 of 4.');
  // A file that is not a progress file is refused, and nothing changes.
  await page.locator('input[type="file"]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.locator('[data-progress="message"]')).toContainText('Nothing was imported: the file is not an Attention Lab progress file');
  await page.locator('input[type="file"]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{not json') });
  await expect(page.locator('[data-progress="message"]')).toHaveText('Nothing was imported: the file is not JSON.');
  await expect(summary(page)).toContainText('Lessons visited: 4 of 14.');
  // Entries this course does not have are dropped and named; the rest imports.
  const old = {
    ...saved,
    visited: { ...saved.visited, 'lesson-gone': { first: 1, last: 2 } },
    answers: { ...saved.answers, softmax: { choice: 99, correct: true } },
  };
  await page.locator('input[type="file"]').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(old)) });
  await expect(page.locator('[data-progress="message"]')).toHaveText(
    'Progress imported. Left out, because this version of the course does not have them: lesson-gone, softmax.',
  );
  await expect(summary(page)).toContainText('Questions answered right: 2 of 25 (2 answered).');
  await axe(page, 'the home page with progress');
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('with storage refused (private mode) the site works and says progress lasts only for this tab', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The user denied storage', 'SecurityError');
      },
    });
  });
  await open(page, '#/');
  await expect(page.locator('[data-progress="private"]')).toContainText('lasts only until this tab is closed or reloaded');
  // Within the tab, progress is still kept: visit a lesson through a link and come back.
  await page.locator('a[data-route="qkv"]').first().click();
  await page.waitForSelector('[data-lesson="qkv"]');
  await page.locator('.brand').click();
  await expect(summary(page)).toContainText('Lessons visited: 1 of 14.');
  expect(errors).toEqual([]);
});
