// tests/e2e/transformer.spec.ts — the Transformer trainer in a real browser: the same seed gives
// the same weights (checksums) in Chromium as in Node, for both model kinds, after the same
// training; and the same forward numbers (logits) for loaded weights. The page imports the
// repository's wasm/trainer.js (served to the page by a route from disk, as the lab's worker bundles
// it), so the browser runs exactly the module Node runs. It does not test the lab's page (lab.spec.ts).
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBottleneckCore } from '../../wasm/trainer.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

const CASES = [
  {
    model: 'transformer',
    task: 'translation',
    dModel: 16,
    numHeads: 2,
    encoderLayers: 1,
    decoderLayers: 1,
    ffDim: 32,
    batchSize: 8,
    trainSize: 500,
    testPerLength: 2,
    seed: 7,
  },
  { model: 'transformer', task: 'induction', dModel: 16, numHeads: 2, decoderLayers: 2, ffDim: 32, batchSize: 8, trainSize: 500, testPerLength: 2, seed: 7 },
] as const;
const STEPS = 25;

// The service worker would answer the page's module import itself, and Playwright's routes do not
// see requests a service worker handles; without it the route below serves the repository's files.
test.use({ serviceWorkers: 'block' });

test('transformer: same seed, same checksums and logits in Chromium as in Node', async ({ page }) => {
  await page.route('**/__repo/wasm/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/__repo\//, '');
    if (!/^wasm\/[\w./-]+$/.test(path) || path.includes('..')) return route.fulfill({ status: 404 });
    await route.fulfill({ body: await readFile(REPO + path), contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
  });
  await page.goto('./index.html');

  const api = await createBottleneckCore();
  const expected = CASES.map((options) => {
    const t = api.createBottleneckTrainer(options);
    try {
      t.trainSteps(STEPS);
      const ids =
        options.task === 'induction'
          ? [[1, 5, 6, 7, 5, 6], []]
          : [
              [5, 6, 7],
              [1, 9, 8],
            ];
      return { checksum: t.weightsChecksum(), logits: Array.from(t.logits(ids[0], ids[1]).data), ids };
    } finally {
      t.delete();
    }
  });

  const got = await page.evaluate(
    async ({ cases, steps, ids }) => {
      const url = '/__repo/wasm/trainer.js'; // served by the route above, not resolved by tsc
      const m = await import(/* @vite-ignore */ url);
      const core = await m.createBottleneckCore();
      return cases.map((options, k) => {
        const t = core.createBottleneckTrainer(options);
        try {
          t.trainSteps(steps);
          return { checksum: t.weightsChecksum(), logits: Array.from(t.logits(ids[k][0], ids[k][1]).data as Float32Array) };
        } finally {
          t.delete();
        }
      });
    },
    { cases: CASES as unknown as Record<string, unknown>[], steps: STEPS, ids: expected.map((e) => e.ids) },
  );
  for (let k = 0; k < CASES.length; k++) {
    expect(got[k].checksum, CASES[k].task).toBe(expected[k].checksum);
    expect(got[k].logits).toEqual(expected[k].logits);
  }
});
