// @ts-check
// tests/web/links.test.mjs — every link in the URL format the site has written since the
// state store existed keeps restoring the same state. tests/fixtures/links-v1.json holds links
// built by the code of commit 4fd1b8f (model/state.ts toHash with the merged schema of
// lessons/index.ts, for the home page, every lesson and the lab) with the full state each one
// restored then. The app's TypeScript (the merged schema and the store) is compiled and loaded by
// Vite's SSR loader, the same transform the site's build uses; no browser, no DOM.
// It does not test the pages the links open (tests/e2e/ does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ssrServer } from '../../scripts/ssr.mjs';

/** @type {{ url: string, route: string, state: Record<string, unknown> }[]} */
const links = JSON.parse(readFileSync(new URL('../fixtures/links-v1.json', import.meta.url), 'utf8'));
/**
 * What the test uses of web/src/lessons/index.ts and web/src/model/state.ts, loaded untyped by
 * Vite's SSR loader (the app's .ts cannot be imported into this NodeNext project): they mirror
 * the app's types (Schema, Parsed, Store).
 * @typedef {{ lessons: { slug: string }[], schema: Record<string, unknown> }} LessonsModule
 * @typedef {{ route: string, values: Record<string, unknown>, problems: { kind: 'route' | 'key' | 'value', name: string }[] }} Parsed
 * @typedef {{ load(route: string, values: Record<string, unknown>): void, get(key: string): unknown, hash(): string }} Store
 * @typedef {{
 *   parseHash(hash: string, schema: LessonsModule['schema'], routes: readonly string[]): Parsed,
 *   Store: new (schema: LessonsModule['schema']) => Store,
 * }} StateModule
 */
// Set by before(), which runs before every test.
/** @type {import('vite').ViteDevServer} */
let vite;
/** @type {LessonsModule} */
let app;
/** @type {StateModule} */
let state;

before(async () => {
  vite = await ssrServer();
  app = /** @type {LessonsModule} */ (await vite.ssrLoadModule('/src/lessons/index.ts'));
  state = /** @type {StateModule} */ (await vite.ssrLoadModule('/src/model/state.ts'));
});

after(() => vite?.close());

const routes = () => ['', 'lab', ...app.lessons.map((l) => l.slug)];

test('the fixtures cover the home page, every lesson and the lab', () => {
  assert.deepEqual([...new Set(links.map((l) => l.route))].sort(), routes().sort());
});

for (const link of links) {
  test(`${link.url} restores its state`, () => {
    const parsed = state.parseHash(link.url, app.schema, routes());
    assert.deepEqual(parsed.problems, [], 'every key and value is understood');
    assert.equal(parsed.route, link.route);
    for (const [key, value] of Object.entries(link.state)) assert.deepEqual(parsed.values[key], value, key);
    // Through the store, as main.ts loads a link: the same values, and the same link back.
    const store = new state.Store(app.schema);
    store.load(parsed.route, parsed.values);
    for (const [key, value] of Object.entries(link.state)) assert.deepEqual(store.get(key), value, `store ${key}`);
    assert.equal(store.hash(), link.url, 'the restored state serializes to the same link');
  });
}
