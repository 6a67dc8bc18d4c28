// tests/e2e/heatmap-text.spec.ts — a heatmap's labels, axis names and legend numbers are drawn in a
// layer of their own over the picture (ui/heatmap.ts, drawPlot): an <svg> whose attributes never
// change, in a box scaled as the picture is, so that a heatmap changing shape does not make the
// browser lay out every label again. This checks what that layer must keep true: each row label
// sits on its row of cells and each upright column label over its column, on a desktop and on a
// phone, before and after the figures change shape; and the layer's <svg> and, at the natural
// size, its box stay the same while they do. It does not judge the labels' text (the lessons'
// tests do).
import { expect, test, type Page } from '@playwright/test';
import { open, setControl, watchErrors } from './helpers';

/** One heatmap's labels as the page draws them, and its text layer. */
interface FigureText {
  fig: string;
  /** Row and upright column labels checked. */
  labels: number;
  /** Those off their cells. */
  bad: string[];
  /** The layer <svg>'s viewBox, width and height attributes. */
  svg: string[];
  /** The width of the layer's box (px). */
  box: number;
}

/** For every heatmap shown: row labels whose vertical centre is not within 1.5 px of a row of
 *  cells (in order), upright column labels whose horizontal centre is not within 1.5 px of a column,
 *  and a description of its text layer (the <svg>'s attributes and the box's width). */
function check(page: Page): Promise<FigureText[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main [data-fig] .hm-plot')]
      .filter((p) => p.checkVisibility())
      .map((plot) => {
        const fig = plot.closest<HTMLElement>('[data-fig]')?.dataset.fig ?? '?';
        const layer = plot.querySelector('.hm-text svg');
        const box = layer?.parentElement;
        const rows = [...plot.querySelectorAll('.hm-grid > .hm-row')].map((r) => {
          const b = r.getBoundingClientRect();
          return b.top + b.height / 2;
        });
        const firstRow = [...plot.querySelectorAll('.hm-grid > .hm-row:first-child > .hm-cell')].map((c) => {
          const b = c.getBoundingClientRect();
          return b.left + b.width / 2;
        });
        const texts = [...plot.querySelectorAll<SVGTextElement>('.hm-text .hm-labels text')];
        const bad: string[] = [];
        let last = -1;
        let labels = 0;
        for (const t of texts) {
          if (t.hasAttribute('transform') || t.getAttribute('font-style') === 'italic') continue; // rotated labels, axis names
          const b = t.getBoundingClientRect();
          if (t.getAttribute('text-anchor') === 'end') {
            const y = b.top + b.height / 2;
            const k = rows.findIndex((r) => Math.abs(r - y) < 1.5);
            if (k <= last) bad.push(`row label ${t.textContent} at y ${y.toFixed(1)} (rows at ${rows.map((r) => r.toFixed(1)).join(' ')})`);
            else last = k;
          } else {
            const x = b.left + b.width / 2;
            if (!firstRow.some((c) => Math.abs(c - x) < 1.5)) bad.push(`column label ${t.textContent} at x ${x.toFixed(1)}`);
          }
          labels++;
        }
        return {
          fig,
          labels,
          bad,
          svg: ['viewBox', 'width', 'height'].map((a) => layer?.getAttribute(a) ?? 'none'),
          box: box?.getBoundingClientRect().width ?? NaN,
        };
      }),
  );
}

for (const width of [1280, 390]) {
  test(`heatmap labels sit on their rows and columns after the figures change shape (${width} px), and their layer's <svg> never changes`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height: 900 });
    await open(page, '#/positional');
    const before = await check(page);
    expect(before.length, 'heatmaps on the positional lesson').toBeGreaterThanOrEqual(4);
    for (const f of before) {
      expect(f.bad, `${f.fig}: labels off their cells`).toEqual([]);
      expect(f.labels, `${f.fig}: labels checked`).toBeGreaterThan(3);
    }
    for (const [len, dm] of [
      ['17', '16'],
      ['24', '40'],
      ['9', '6'],
    ] as const) {
      await setControl(page, 'pel', len);
      await setControl(page, 'ped', dm);
      await expect(page.locator('[data-fig="pe-similarity"] .hm-grid > .hm-row')).toHaveCount(Number(len));
      await expect(page.locator('[data-fig="pe"] .hm-grid > .hm-row:first-child > .hm-cell')).toHaveCount(Number(dm));
      const after = await check(page);
      for (const f of after) expect(f.bad, `${f.fig} at length ${len}, d_model ${dm}: labels off their cells`).toEqual([]);
      for (const f of after) {
        const was = before.find((b) => b.fig === f.fig);
        if (!was) continue;
        // The layer's <svg> keeps its attributes; at the natural size (desktop) its box keeps its width too.
        expect(f.svg, `${f.fig}: the text layer's <svg>`).toEqual(was.svg);
        if (width === 1280) expect(f.box, `${f.fig}: the text layer's box at the natural size`).toBe(was.box);
      }
    }
    expect(errors).toEqual([]);
  });
}
