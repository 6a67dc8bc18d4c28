// @ts-check
// scripts/make_bridge_fixtures.mjs — regenerates tests/fixtures/bridge_golden.json, the PyTorch
// results of every lesson's "In PyTorch" snippet (web/src/bridge/) at fixed states.
//
//   node scripts/make_bridge_fixtures.mjs        (needs wasm/build/ and Debian's python3-torch)
//
// It loads the app's TypeScript with Vite's SSR loader (as tests/web/ does) and the built WASM
// core (and the lessons' trained models, read from web/public/models/), builds each lesson's snippet at the states of scripts/bridge-states.mjs (defaults of the
// merged schema + overrides), and pipes them as JSON to scripts/make_bridge_fixtures.py, which
// runs each snippet with /usr/bin/python3 and torch and writes the fixture. It checks nothing
// itself: tests/web/bridge.test.mjs compares the core's numbers with the fixture.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAttentionCore } from '../wasm/index.js';
import { createBottleneckCore, readSafetensors } from '../wasm/trainer.js';
import { BRIDGE_STATES } from './bridge-states.mjs';
import { ssrServer } from './ssr.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What the scripts and tests/web use of the app's TypeScript modules. Vite's ssrLoadModule
 * returns them untyped (Record<string, any>), and the app's .ts cannot be imported into this
 * NodeNext project, so these mirror web/src: Bridge, Tensor and BridgeFn of bridge/py.ts (content
 * is a lesson's content file), a lesson's slug and file of lessons/types.ts, Values of model/state.ts.
 * @typedef {{ shape: number[], data: number[] }} BridgeTensor
 * @typedef {{ code: string, expected: Record<string, BridgeTensor>, files?: string[], notice?: string }} Bridge
 * @typedef {Record<string, unknown>} Values
 * @typedef {(core: import('../wasm/index.js').AttentionCore, v: Values, content: unknown) => Bridge | null} BridgeFn
 * @typedef {{ slug: string, file: string }} LessonEntry
 * @typedef {{
 *   vite: import('vite').ViteDevServer,
 *   bridges: Readonly<Record<string, BridgeFn>>,
 *   lessons: LessonEntry[],
 *   base: Values,
 *   content: (slug: string) => unknown,
 * }} LoadedApp
 */

/**
 * The bridges, the lessons and the state defaults, loaded from the app's TypeScript.
 * @returns {Promise<LoadedApp>}
 */
export async function loadApp() {
  const vite = await ssrServer();
  const { bridges } = await vite.ssrLoadModule('/src/bridge/index.ts');
  const { lessons, schema } = await vite.ssrLoadModule('/src/lessons/index.ts');
  const { defaults } = await vite.ssrLoadModule('/src/model/state.ts');
  // The lessons' trained models, from the committed files (the page fetches them; Node reads them),
  // handed to the same module instance the bridges read (trained-mode snippets need them).
  const models = await vite.ssrLoadModule('/src/model/lessonModels.ts');
  const manifest = JSON.parse(readFileSync(`${root}web/src/model/lesson-models.json`, 'utf8'));
  const trainerApi = await createBottleneckCore();
  for (const [name, m] of Object.entries(manifest.models)) {
    const tensors = readSafetensors(new Uint8Array(readFileSync(`${root}web/public/models/${m.file}`))).tensors;
    // A Transformer in both variants (with and without PE); a GRU (options.model 'gru') has one.
    for (const positional of m.options.model === 'gru' ? [undefined] : ['sinusoidal', 'none']) {
      const t = trainerApi.createBottleneckTrainer(positional ? { ...m.options, positional } : m.options);
      t.loadStateDict(tensors);
      models.provideLessonModel(name, t, positional);
    }
  }
  /** @param {string} slug */
  const content = (slug) => {
    const file = /** @type {LessonEntry[]} */ (lessons).find((l) => l.slug === slug)?.file;
    return JSON.parse(readFileSync(`${root}web/content/en/lessons/${file}.json`, 'utf8'));
  };
  return { vite, bridges, lessons, base: defaults(schema), content };
}

async function main() {
  const app = await loadApp();
  const core = await createAttentionCore();
  const cases = [];
  try {
    for (const [slug, states] of Object.entries(BRIDGE_STATES)) {
      const bridge = app.bridges[slug];
      if (!bridge) throw new Error(`no bridge for lesson ${slug}`);
      for (const [name, state] of Object.entries(states)) {
        const b = bridge(core, { ...app.base, ...state }, app.content(slug));
        if (!b) throw new Error(`${slug}/${name}: the bridge gives no snippet at this state`);
        cases.push({ lesson: slug, name, state, code: b.code, names: Object.keys(b.expected) });
      }
    }
  } finally {
    await app.vite.close();
  }
  const py = spawnSync('/usr/bin/python3', [`${root}scripts/make_bridge_fixtures.py`], {
    input: JSON.stringify({ cases }),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  if (py.status !== 0) throw new Error(`make_bridge_fixtures.py failed (${py.status ?? py.signal})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
