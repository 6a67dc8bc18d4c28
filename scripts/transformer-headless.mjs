#!/usr/bin/env node
// @ts-check
// scripts/transformer-headless.mjs — the Transformer lab's experiments (scripts/
// transformer-experiment.mjs) through the trainer's WASM module and JS API, in Node or, with
// --browser, in headless Debian Chromium (the repository served on a loopback port, the same
// modules imported by the page): translation with transformerDefaults.translation (accuracy by
// length, training time, steps/s) and induction (when previous-token and induction heads form,
// and what ablating the induction head costs). Prints a Markdown summary (or JSON). It computes
// nothing itself and needs the modules built (scripts/build-wasm.sh).
//
// Usage: node scripts/transformer-headless.mjs [--browser] [--only translation|induction]
//          [--seed N] [--steps N] [--check] [--json]
//   --check  exit 1 unless the issue's targets hold (translation ≥ 95% at every length in
//            ≤ 15 s; induction heads ≥ 0.5 within 30 s; ablation ≥ 3× the repeated-half loss).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';
import { checkTargets, runInduction, runTranslation } from './transformer-experiment.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * @typedef {{ only: string[], overrides: { seed?: number, steps?: number }, browser?: boolean, check?: boolean, json?: boolean }} Args
 * @typedef {{
 *   runtime: string,
 *   translation: ReturnType<typeof runTranslation> | null,
 *   induction: ReturnType<typeof runInduction> | null,
 * }} Experiments
 */
/** @param {string[]} argv @returns {Args} */
function parseArgs(argv) {
  /** @type {Args} */
  const a = { only: ['translation', 'induction'], overrides: {} };
  for (let i = 0; i < argv.length; ++i) {
    const k = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--browser') a.browser = true;
    else if (k === '--only') a.only = [next()];
    else if (k === '--seed') a.overrides.seed = Number(next());
    else if (k === '--steps') a.overrides.steps = Number(next());
    else if (k === '--check') a.check = true;
    else if (k === '--json') a.json = true;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

/** @param {Args} args @returns {Promise<Experiments>} */
async function inNode(args) {
  const { createBottleneckCore } = await import('../wasm/trainer.js');
  const api = await createBottleneckCore();
  return {
    runtime: `Node ${process.version}, ${api.simd}`,
    translation: args.only.includes('translation') ? runTranslation(api, args.overrides) : null,
    induction: args.only.includes('induction') ? runInduction(api, args.overrides) : null,
  };
}

/** @type {Record<string, string>} */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves the repository read-only on 127.0.0.1 (an ephemeral port) for the page's imports. */
async function serveRepo() {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<!doctype html><title>transformer headless</title>');
      }
      const file = normalize(join(ROOT, path));
      if (!file.startsWith(ROOT + '/') || !/^\/(wasm|scripts)\//.test(path)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  return server;
}

/** @param {Args} args @returns {Promise<Experiments>} */
async function inBrowser(args) {
  const { chromium } = await import('playwright');
  const server = await serveRepo();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} a TCP server */ (server.address()).port}/`);
    return await page.evaluate(
      async ({ only, overrides }) => {
        // The 3.1.6 glue picks its environment by importScripts; a page has none (as the lab's worker).
        // @ts-expect-error: a URL on the page's server (serveRepo), not a path tsc can resolve
        const { createBottleneckCore } = await import('/wasm/trainer.js');
        // @ts-expect-error: as above
        const exp = await import('/scripts/transformer-experiment.mjs');
        const api = await createBottleneckCore();
        return {
          runtime: `${navigator.userAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0]}, ${api.simd}`,
          translation: only.includes('translation') ? exp.runTranslation(api, overrides) : null,
          induction: only.includes('induction') ? exp.runInduction(api, overrides) : null,
        };
      },
      { only: args.only, overrides: args.overrides },
    );
  } finally {
    await browser.close();
    server.close();
  }
}

const args = parseArgs(process.argv.slice(2));
const result = args.browser ? await inBrowser(args) : await inNode(args);
/** @param {number} x */
const pct = (x) => (100 * x).toFixed(1);
if (args.json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`runtime: ${result.runtime}`);
  const tr = result.translation;
  if (tr) {
    const i = tr.info;
    console.log(
      `\n### ${i.task}: d_model ${i.dModel}, ${i.numHeads} heads, ${i.encoderLayers}+${i.decoderLayers} layers, d_ff ${i.ffDim}, ${i.parameters} parameters`,
    );
    console.log(
      `${tr.steps} steps in ${tr.trainSeconds.toFixed(2)} s (${tr.stepsPerSecond.toFixed(1)} steps/s), final loss ${tr.finalLoss.toFixed(4)}, checksum ${tr.checksum}\n`,
    );
    console.log('| source length | token accuracy (%) | exact (%) |\n|---:|---:|---:|');
    for (const r of tr.table) console.log(`| ${r.length} | ${pct(r.tokenAccuracy)} | ${pct(r.exact / r.sentences)} |`);
  }
  const ind = result.induction;
  if (ind) {
    const i = ind.info;
    console.log(`\n### induction: d_model ${i.dModel}, ${i.numHeads} heads, ${i.decoderLayers} layers, d_ff ${i.ffDim}, ${i.parameters} parameters`);
    console.log(`${ind.steps} steps in ${ind.trainSeconds.toFixed(2)} s (${ind.stepsPerSecond.toFixed(1)} steps/s), checksum ${ind.checksum}`);
    /** @param {{ steps: number, seconds: number, head: number, score: number } | null} x */
    const f = (x) => (x ? `step ${x.steps} (${x.seconds.toFixed(1)} s), head ${x.head}, score ${x.score.toFixed(3)}` : 'never');
    console.log(`- layer-0 previous-token score ≥ 0.5: ${f(ind.formed.previousToken)}`);
    console.log(`- layer-1 induction score ≥ 0.5: ${f(ind.formed.induction)}`);
    console.log(
      `- final: best layer-0 previous-token ${ind.bestPreviousToken.previousToken.toFixed(3)} (head ${ind.bestPreviousToken.head}), best layer-1 induction ${ind.bestInduction.induction.toFixed(3)} (head ${ind.bestInduction.head})`,
    );
    const a = ind.ablation;
    console.log(`- ablating layer-1 head ${a.head}: repeated-half loss ${a.before.toFixed(4)} → ${a.after.toFixed(4)} (${a.ratio.toFixed(1)}×)`);
    console.log('\n| step | s | loss | ' + ind.scores.map((s) => `L${s.layer}H${s.head} prev/ind`).join(' | ') + ' |');
    console.log('|---:|---:|---:|' + ind.scores.map(() => '---:').join('|') + '|');
    const stride = Math.max(1, Math.floor(ind.curve.length / 12));
    ind.curve
      .filter((_, k) => k % stride === 0 || k === ind.curve.length - 1)
      .forEach((p) =>
        console.log(
          `| ${p.steps} | ${p.seconds.toFixed(1)} | ${p.loss.toFixed(3)} | ${p.scores.map((s) => `${s.previousToken.toFixed(2)}/${s.induction.toFixed(2)}`).join(' | ')} |`,
        ),
      );
  }
}
if (args.check) {
  const problems = checkTargets(result.translation, result.induction);
  if (problems.length) {
    console.error(`targets missed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.error('targets met');
}
