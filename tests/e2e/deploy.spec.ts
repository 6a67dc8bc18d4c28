// tests/e2e/deploy.spec.ts — a tab keeps working across a deploy (issue 13, part B). The built
// site (dist/) is version 1; version 2 is the same site as a deploy in which every file changed
// leaves it: every hashed file renamed (references rewritten) and the service worker stamped with
// another version, so none of version 1's hashed files exists on the server any more. A test
// server serves version 1, a tab opens a lesson, the server switches to version 2 and the
// service worker updates; the old tab then loads what it loads only on demand (lesson 14's code
// runner worker, the lab's training worker and the trainer's WASM module) and must get them; a
// new tab must get version 2; once the old tab is closed, version 1's cache is deleted.
// It serves its own site on a free port (not tests/e2e/server.mjs, whose root is fixed) and
// checks no lesson numbers (lessons.spec.ts does).
import { expect, test, type Page } from '@playwright/test';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { content, watchErrors } from './helpers';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/**
 * Writes version 2 of the site at `to` from the built one at `from`: every file of assets/ gets a
 * new name (its references in the text files, the precache list included, are rewritten) and the
 * service worker a new version. Returns the renamed files (old name → new name).
 */
function nextVersion(from: string, to: string): Map<string, string> {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const renamed = new Map(readdirSync(join(to, 'assets')).map((f) => [f, f.replace(/(\.\w+)$/, '-v2$1')]));
  // Longest names first, so no name is rewritten inside a longer one.
  const order = [...renamed.keys()].sort((a, b) => b.length - a.length);
  const texts = ['index.html', 'sw.js', ...[...renamed.keys()].filter((f) => /\.(js|css|html|json)$/.test(f)).map((f) => `assets/${f}`)];
  for (const rel of texts) {
    let s = readFileSync(join(to, rel), 'utf8');
    for (const old of order) s = s.split(old).join(renamed.get(old) ?? old);
    if (rel === 'sw.js') {
      const stamped = s.replace(/const VERSION = '([\w-]+)';/, "const VERSION = '$1-v2';");
      expect(stamped, 'the service worker carries its version').not.toBe(s);
      s = stamped;
    }
    writeFileSync(join(to, rel), s);
  }
  for (const [old, neu] of renamed) cpSync(join(to, 'assets', old), join(to, 'assets', neu));
  for (const old of renamed.keys()) rmSync(join(to, 'assets', old));
  return renamed;
}

/** A static server for one site whose root can be switched (the deploy). */
async function site(root: string): Promise<{ url: string; deploy(root: string): void; close(): Promise<void> }> {
  let dir = root;
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    deploy: (r) => (dir = r),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The page's entry script (which build the tab runs). */
const entryOf = (page: Page) => page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src ?? '');
/** This origin's service worker caches. */
const cachesOf = (page: Page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('attention-lab-')).sort());

test('a tab opened before a deploy still loads its on-demand files after it; a new tab gets the new version', async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const v2 = testInfo.outputPath('v2');
  const renamed = nextVersion(DIST, v2);
  const version = (dir: string) => /const VERSION = '([\w-]+)';/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'))?.[1] ?? '';
  const server = await site(DIST);
  // A context of its own: a service worker registration per test, none shared with other tests.
  const context = await browser.newContext();
  try {
    const bad: string[] = [];
    context.on('response', (r) => {
      if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
    });
    context.on('requestfailed', (r) => bad.push(`failed ${r.url()}`));
    const old = await context.newPage();
    const errors = watchErrors(old);
    await old.goto(`${server.url}index.html#/implement`);
    await old.waitForSelector('html[data-ready="1"]');
    await old.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => old.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const entry1 = await entryOf(old);
    expect(await cachesOf(old)).toEqual([`attention-lab-${version(DIST)}`]);

    // The deploy: version 1's files are gone from the server.
    server.deploy(v2);
    const lazy = [...renamed.keys()].filter((f) => /^(runner\.worker|worker|attention_trainer)-.*\.(js|wasm)$/.test(f));
    expect(lazy.length, 'on-demand files of version 1').toBeGreaterThanOrEqual(3);
    for (const f of lazy) expect((await fetch(`${server.url}assets/${f}`)).status, `${f} after the deploy`).toBe(404);
    // The service worker updates (as on the tab's next update check) and takes over the tab.
    await old.evaluate(async () => {
      const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      await (await navigator.serviceWorker.getRegistration())?.update();
      await changed;
    });
    expect(await cachesOf(old)).toContain(`attention-lab-${version(v2)}`);

    // The old tab loads lesson 14's code runner (a worker it never started before)…
    const data = content('14-implement').data as Record<string, string>;
    await old.locator('#code-editor').fill(data.solutionPlain ?? '');
    await old.getByRole('button', { name: 'Run & compare with the core' }).click();
    await expect(old.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'match');
    // …and the lab's training worker with the trainer's module.
    const trainer: number[] = [];
    context.on('response', (r) => {
      if (/\/attention_trainer-[^/]*\.wasm$/.test(r.url())) trainer.push(r.status());
    });
    await old.evaluate(() => (location.hash = '#/lab'));
    await expect(old.locator('h1')).toHaveText('Bottleneck lab');
    await expect.poll(() => trainer, { timeout: 30_000 }).toContain(200);
    expect(await entryOf(old), 'the old tab still runs version 1').toBe(entry1);

    // A new tab gets version 2.
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}index.html#/qkv`);
    await fresh.waitForSelector('html[data-ready="1"]');
    const entry2 = await entryOf(fresh);
    expect(entry2).not.toBe(entry1);
    expect(entry2).toBe(entry1.replace(/[^/]+$/, (f) => renamed.get(f) ?? f));
    expect(bad, 'every request of both tabs succeeded').toEqual([]);
    expect(errors).toEqual([]);

    // Version 1's cache stays while its tab is open and goes once no tab runs version 1.
    expect(await cachesOf(fresh)).toEqual([`attention-lab-${version(DIST)}`, `attention-lab-${version(v2)}`].sort());
    await old.close();
    await expect(async () => {
      await fresh.reload();
      await fresh.waitForSelector('html[data-ready="1"]');
      await expect.poll(() => cachesOf(fresh), { timeout: 3_000 }).toEqual([`attention-lab-${version(v2)}`]);
    }).toPass({ timeout: 20_000 });
  } finally {
    await context.close();
    await server.close();
  }
});
