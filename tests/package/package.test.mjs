// @ts-check
// tests/package/package.test.mjs — the npm package of the core (docs/package.md) as a user gets
// it. Packs it with scripts/pack-core.mjs from the already built wasm/build/, installs the
// tarball with `npm install --offline` into a fresh project in the OS temp dir (a copy of
// tests/package/app/), and there: checks the tarball's files; runs app/main.js in Node, which
// imports the package by name, and compares its golden cases with PyTorch's values in
// tests/fixtures/golden.json (the tolerances of tests/wasm/golden.test.mjs) and its trainer
// steps with the repo's own wasm/trainer.js; type-checks app/usage.ts against the package's
// .d.ts; bundles app/index.html with the repo's Vite and runs the bundle in Node the same way.
// It builds no WASM, touches no network and removes its temp dir.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { BUILT, packCore } from '../../scripts/pack-core.mjs';
import { createBottleneckCore as repoTrainerCore } from '../../wasm/trainer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAME = '@attention-lab/core';
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'wasm/package/package.json'), 'utf8'));

// Every attention and multi-head case of the fixture: masks, scales, padding, no bias.
/** @typedef {import('../wasm/helpers.mjs').GoldenCase} GoldenCase */
/** @typedef {import('../wasm/helpers.mjs').NumberMatrix} NumberMatrix */
const CASES = /** @type {(import('../wasm/helpers.mjs').AttentionCase | import('../wasm/helpers.mjs').MultiHeadCase)[]} */ (
  JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/golden.json'), 'utf8')).cases.filter(
    (/** @type {GoldenCase} */ c) => c.kind === 'attention' || c.kind === 'multihead',
  )
);
// A small GRU run, so both trainer builds finish in well under a second.
const TRAINER = {
  /** @type {import('../../wasm/trainer.js').BottleneckOptions} */
  options: { attention: 'additive', embed: 8, hidden: 16, attnHidden: 8, batchSize: 8, trainSize: 256, testPerLength: 2, seed: 7 },
  steps: 5,
  sentence: 'the black cat sleeps',
};

// Set by before(), which runs before every test.
/** @type {string} */
let tmp;
/** @type {string} */
let app;
/** @type {import('../../scripts/pack-core.mjs').Packed} */
let packed;

/**
 * The JSON report app/main.js prints: per build, the golden cases' results (matrices as number[]
 * data), the bad call's message and a call after it; per build, the trainer's steps.
 * @typedef {{ weights?: NumberMatrix, output: NumberMatrix, averageWeights?: NumberMatrix, headWeights?: NumberMatrix[] }} CaseResult
 * @typedef {{ simd: string, results: Record<string, CaseResult>, error: string | null, usableAfterError: number[] }} LessonsReport
 * @typedef {Awaited<ReturnType<typeof repoTrainer>>} TrainerReport
 * @typedef {{ sameFactory: boolean, defaultTask: string, lessons: Record<string, LessonsReport>, trainer: Record<string, TrainerReport> }} Report
 */

/**
 * Runs a command and returns its stdout; on failure the error message carries its output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string }} [options]
 */
function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000, ...options });
  } catch (err) {
    const e = /** @type {{ stdout?: string; stderr?: string }} */ (err);
    throw new Error(`${[cmd, ...args].join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`.trimEnd(), { cause: err });
  }
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'attention-lab-pkg-'));
  packed = packCore({ out: tmp, stage: join(tmp, 'stage') });
  app = join(tmp, 'app');
  cpSync(join(ROOT, 'tests/package/app'), app, { recursive: true });
  writeFileSync(join(app, 'inputs.js'), `export const cases = ${JSON.stringify(CASES)};\nexport const trainer = ${JSON.stringify(TRAINER)};\n`);
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball], { cwd: app });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Asserts |a − e| ≤ atol + rtol·|e| in every cell (golden.test.mjs's default), naming the worst.
 * @param {NumberMatrix | undefined} actual a matrix of the report (undefined when the app left it out: then this fails)
 * @param {NumberMatrix} expected
 * @param {string} label
 */
function assertClose(actual, expected, label, { atol = 2e-6, rtol = 2e-5 } = {}) {
  assert.deepEqual([actual?.rows, actual?.cols], [expected.rows, expected.cols], `${label}: shape`);
  /** @type {{ excess: number, k?: number, a?: unknown, e?: number }} */
  let worst = { excess: -Infinity };
  expected.data.forEach((e, k) => {
    const a = actual?.data[k];
    const excess = typeof a === 'number' && Number.isFinite(a) ? Math.abs(a - e) - (atol + rtol * Math.abs(e)) : Infinity;
    if (excess > worst.excess) worst = { excess, k, a, e };
  });
  assert.ok(worst.excess <= 0, `${label}: cell ${worst.k} is ${worst.a}, PyTorch has ${worst.e}`);
}

/**
 * The reference trainer results: the same options through the repo's wasm/trainer.js.
 * @param {boolean} scalar
 */
async function repoTrainer(scalar) {
  const lab = await repoTrainerCore({ scalar });
  const t = lab.createBottleneckTrainer(TRAINER.options);
  try {
    const r = t.trainSteps(TRAINER.steps);
    return { simd: lab.simd, ...r, checksum: t.weightsChecksum(), translation: t.translate(TRAINER.sentence).output };
  } finally {
    t.delete();
  }
}

/**
 * Checks one JSON report printed by app/main.js (installed or bundled).
 * @param {string} stdout
 * @param {string} where
 */
async function checkReport(stdout, where) {
  /** @type {Report} */
  const report = JSON.parse(stdout);
  assert.equal(report.sameFactory, true, `${where}: "." and "./trainer" must share one createBottleneckCore`);
  assert.equal(report.defaultTask, 'translation', `${where}: bottleneckDefaults from "./trainer"`);
  for (const [variant, simd] of /** @type {[string, RegExp][]} */ ([
    ['simd', /SSE2/],
    ['scalar', /^None$/],
  ])) {
    const r = report.lessons[variant];
    assert.match(r.simd, simd, `${where}: the ${variant} build of the lessons' core`);
    for (const k of CASES) {
      const got = r.results[k.name];
      const label = `${where} ${variant} ${k.name}`;
      if (k.kind === 'attention') {
        assertClose(got.weights, k.expected.weights, `${label}.weights`);
        assertClose(got.output, k.expected.output, `${label}.output`);
      } else {
        assertClose(got.output, k.expected.output, `${label}.output`);
        assertClose(got.averageWeights, k.expected.averageWeights, `${label}.averageWeights`);
        assert.equal(got.headWeights?.length, k.inputs.numHeads, `${label}: one map per head`);
        got.headWeights?.forEach((h, n) => assertClose(h, k.expected.headWeights[n], `${label}.heads[${n}]`));
      }
    }
    assert.match(r.error ?? '', /^attention: .*\(Q: \(2, 4\), K: \(5, 3\)\)/, `${where} ${variant}: the error names the function and shapes`);
    assert.deepEqual(r.usableAfterError, [0.5, 0.5], `${where} ${variant}: the core stays usable after an error`);
  }
  for (const variant of ['simd', 'scalar']) {
    const got = report.trainer[variant];
    assert.equal(got.steps, TRAINER.steps, `${where} ${variant} trainer: steps`);
    assert.ok(Number.isFinite(got.loss) && got.loss > 0, `${where} ${variant} trainer: loss ${got.loss}`);
    // Same WASM bytes, same seed: bit-for-bit the repo's trainer.
    assert.deepEqual(got, await repoTrainer(variant === 'scalar'), `${where} ${variant} trainer vs wasm/trainer.js`);
  }
}

test('the tarball holds the API, both modules in both builds, the README, the license and nothing else', () => {
  assert.equal(packed.tarball, join(tmp, `attention-lab-core-${MANIFEST.version}.tgz`));
  const expected = [
    'package.json',
    'README.md',
    'LICENSE',
    'index.js',
    'index.d.ts',
    'trainer.js',
    'trainer.d.ts',
    'check.js',
    'load.js',
    ...BUILT.map((f) => `build/${f}`),
  ];
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected.sort());
  for (const f of BUILT)
    assert.equal(packed.files.find((p) => p.path === `build/${f}`)?.size, readFileSync(join(ROOT, 'wasm/build', f)).length, `build/${f} is wasm/build/${f}`);
  // Every relative import of the package's JS names a packed file (a missed helper would only fail at import time).
  for (const f of packed.files.filter((p) => /^[^/]+\.js$/.test(p.path))) {
    // Comments are left out: JSDoc type imports (`@import … from './raw.js'`) name .d.ts-only types, never loaded.
    const src = readFileSync(join(tmp, 'stage', f.path), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const [, spec] of src.matchAll(/(?:from\s*|import\(\s*)'(\.\/[^']+)'/g))
      assert.ok(expected.includes(spec.slice(2)), `${f.path} imports ${spec}, which the tarball lacks`);
  }
  assert.ok(readFileSync(join(tmp, 'stage/README.md'), 'utf8').includes('createBottleneckCore'), 'the README documents the API');
});

test('the installed package has no dependencies, is installed alone and holds the built modules', () => {
  const installed = JSON.parse(readFileSync(join(app, 'node_modules', NAME, 'package.json'), 'utf8'));
  assert.equal(installed.name, NAME);
  for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies'])
    assert.equal(installed[key], undefined, `package.json has ${key}`);
  assert.notEqual(installed.private, true);
  for (const f of BUILT)
    assert.ok(
      readFileSync(join(app, 'node_modules', NAME, 'build', f)).equals(readFileSync(join(ROOT, 'wasm/build', f))),
      `the installed build/${f} is wasm/build/${f}`,
    );
  assert.deepEqual(
    readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')),
    ['@attention-lab'],
  );
});

test('Node imports it by name: PyTorch golden cases, the error contract, trainer steps', async () => {
  await checkReport(run(process.execPath, ['main.js'], { cwd: app }), 'node');
});

test('TypeScript resolves both entry points to their .d.ts (NodeNext and Bundler resolution)', () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app });
  run(process.execPath, [tsc, '-p', 'tsconfig.json', '--module', 'ESNext', '--moduleResolution', 'Bundler'], { cwd: app });
});

test('Vite bundles it, emits the four .wasm files, and the bundle runs the same checks in Node', async () => {
  const { build } = await import('vite');
  await build({
    root: app,
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    // Relative asset URLs, so the bundle's new URL('./x.wasm', import.meta.url) also resolves
    // to a file under Node (the default '/' would mean the file system's root there).
    base: './',
    // The modulepreload polyfill reads `document`; Node has none.
    build: { outDir: join(app, 'dist'), emptyOutDir: true, modulePreload: false },
  });
  const dist = join(app, 'dist');
  const assets = readdirSync(join(dist, 'assets'));
  for (const m of ['attention_core', 'attention_core_scalar', 'attention_trainer', 'attention_trainer_scalar']) {
    const emitted = assets.filter((a) => new RegExp(`^${m}-[\\w-]+\\.wasm$`).test(a));
    assert.equal(emitted.length, 1, `one ${m}.wasm among ${assets.join(', ')}`);
    assert.ok(
      readFileSync(join(dist, 'assets', emitted[0])).equals(readFileSync(join(app, 'node_modules', NAME, 'build', `${m}.wasm`))),
      `${emitted[0]} is the package's ${m}.wasm`,
    );
  }
  const entry = readFileSync(join(dist, 'index.html'), 'utf8').match(/<script type="module"[^>]*src="\.\/([^"]+)"/)?.[1];
  assert.ok(entry && existsSync(join(dist, entry)), `dist/index.html loads a built script (${entry})`);
  assert.doesNotMatch(readFileSync(join(dist, entry), 'utf8'), /@attention-lab\/core/, 'the bundle imports nothing by package name');
  await checkReport(run(process.execPath, [join(dist, entry)], { cwd: tmpdir() }), 'vite bundle');
});
