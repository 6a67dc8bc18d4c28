// tests/e2e/a11y-tree.spec.ts — what a screen reader can reach without scrolling: on every lesson,
// opened at the top at 1280×900, the browser's own accessibility tree (Chromium's, through the
// DevTools protocol; not a DOM-based approximation) exposes the parts of the page far below the
// fold — the last heatmap cell of the page with its label, the formula's MathML, the "try this"
// items and the check-yourself question's answers. A rendering shortcut that skips off-screen
// content (content-visibility: auto, which Chromium leaves out of the tree as "not rendered")
// makes this fail. axe-core (app.spec.ts) checks the rules; this checks reachability.
import { expect, test, type Page } from '@playwright/test';
import { LESSONS, open, watchErrors } from './helpers';

/** Chromium's accessibility node of the last element matching `selector` (undefined when none). */
async function axNode(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const last = nodeIds[nodeIds.length - 1];
    if (last === undefined) return undefined;
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId: last, fetchRelatives: false });
    return nodes[0];
  } finally {
    await cdp.detach();
  }
}

for (const slug of LESSONS) {
  test(`#/${slug}: the page's lower parts are in the accessibility tree without scrolling`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, `#/${slug}`);
    await page.waitForFunction(() => !document.querySelector('main [data-stat="model-loading"]'));
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const candidates: [string, string, RegExp][] = [
      ['.check input[type=radio]', 'the last answer of the check question', /^radio$/],
      ['.try li', 'the last "try this" item', /^listitem$/],
      ['.formula-box math', "the formula's MathML", /^(math|MathMLMath)$/],
      ['.hm-cell', 'the last heatmap cell of the page', /^(gridcell|cell)$/],
      ['main section:last-of-type h2', 'the last section heading', /^heading$/],
    ];
    // What this lesson has (the review page has no formula, figure or question of its own).
    const parts: [string, string, RegExp][] = [];
    for (const c of candidates) if (await page.locator(c[0]).count()) parts.push(c);
    expect(parts.length, `${slug}: something below the fold to check`).toBeGreaterThan(slug === 'review' ? 0 : 3);
    for (const [selector, what, role] of parts) {
      const n = await axNode(page, selector);
      expect(n, `${slug}: ${what} has an accessibility node`).toBeDefined();
      expect(n?.ignored ? (n.ignoredReasons ?? []).map((r) => r.name) : [], `${slug}: ${what} is exposed`).toEqual([]);
      expect(String(n?.role?.value), `${slug}: ${what}'s role`).toMatch(role);
      if (selector === '.hm-cell') expect(String(n?.name?.value ?? ''), `${slug}: the cell's label`).toMatch(/: /);
    }
    expect(errors).toEqual([]);
  });
}
