#!/usr/bin/env node
// @ts-check
// scripts/bottleneck-headless.mjs — the bottleneck lab's experiment in Node, through the same
// WASM module (the trainer's, createBottleneckCore) and JavaScript API the web lab uses: trains
// the no-attention and the attention GRU encoder–decoder on the same data with the same seed and
// budget, prints the training
// time of each, the accuracy-by-length table (Markdown) and the weights' checksums. It
// computes nothing itself (the WASM core does) and needs the module built
// (scripts/build-wasm.sh).
//
// Usage: node scripts/bottleneck-headless.mjs [--steps N] [--seed N] [--task translation|reversal]
//          [--hidden N] [--max-len N] [--models none,additive,dot] [--check] [--json]
//          [--glue path/to/attention_trainer.js]
//   --check  exit 1 unless the issue's targets hold: attention ≥ 95% at every length, no
//            attention ≥ 30 points below it at the two longest lengths, its accuracy falling
//            with length, and all models trained in ≤ 35 s.
//   --glue   load this trainer glue (and the .wasm beside it) instead of the built
//            wasm/build/attention_trainer.js, e.g. another build of wasm/bindings_trainer.cpp.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { bottleneckApi, bottleneckDefaults, createBottleneckCore } from '../wasm/trainer.js';

/**
 * @typedef {{ seed?: number, task?: import('../wasm/trainer.js').BottleneckTask, hidden?: number, maxLen?: number }} Options
 * @typedef {{ steps: number, models: string[], options: Options, check?: boolean, json?: boolean, glue?: string }} Args
 */
/** @param {string[]} argv @returns {Args} */
function parseArgs(argv) {
  /** @type {Args} */
  const a = { steps: bottleneckDefaults.steps, models: ['none', 'additive'], options: {} };
  for (let i = 0; i < argv.length; ++i) {
    const k = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--steps') a.steps = Number(next());
    else if (k === '--seed') a.options.seed = Number(next());
    else if (k === '--task') a.options.task = /** @type {import('../wasm/trainer.js').BottleneckTask} a name: createBottleneckTrainer checks it */ (next());
    else if (k === '--hidden') a.options.hidden = Number(next());
    else if (k === '--max-len') a.options.maxLen = Number(next());
    else if (k === '--models') a.models = next().split(',');
    else if (k === '--check') a.check = true;
    else if (k === '--json') a.json = true;
    else if (k === '--glue') a.glue = next();
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

/** @param {string | undefined} glue @returns {Promise<import('../wasm/trainer.js').BottleneckApi>} */
async function loadApi(glue) {
  if (!glue) return createBottleneckCore();
  const { default: createRawModule } = await import(pathToFileURL(glue).href);
  const wasmBinary = await readFile(glue.replace(/\.js$/, '.wasm'));
  return bottleneckApi(await createRawModule({ wasmBinary }));
}

const args = parseArgs(process.argv.slice(2));
const api = await loadApi(args.glue);
/**
 * One model's run.
 * @typedef {{ info: import('../wasm/trainer.js').TrainerInfo, finalLoss: number, trainSeconds: number, seconds: number, checksum: number,
 *   table: import('../wasm/trainer.js').LengthAccuracy[] }} Result
 */
/** @type {Record<string, Result>} by model (attention kind) */
const results = {};
let totalSeconds = 0;
for (const attention of args.models) {
  const t0 = performance.now();
  // A name from the command line: createBottleneckTrainer checks it.
  const trainer = api.createBottleneckTrainer({ ...args.options, attention: /** @type {import('../wasm/trainer.js').BottleneckAttention} */ (attention) });
  try {
    let done = 0;
    let last;
    while (done < args.steps) {
      const n = Math.min(100, args.steps - done);
      last = trainer.trainSteps(n);
      done += n;
    }
    if (last === undefined) throw new Error('--steps must be at least 1');
    const trainSeconds = (performance.now() - t0) / 1000;
    const table = trainer.evaluate();
    const seconds = (performance.now() - t0) / 1000;
    totalSeconds += seconds;
    results[attention] = {
      info: trainer.info(),
      finalLoss: last.loss,
      trainSeconds,
      seconds,
      checksum: trainer.weightsChecksum(),
      table,
    };
    if (!args.json)
      console.error(
        `${attention.padEnd(8)} ${trainer.info().parameters} parameters, ${done} steps, ` +
          `loss ${last.loss.toFixed(4)}, train ${trainSeconds.toFixed(2)} s, ` +
          `with evaluation ${seconds.toFixed(2)} s, checksum ${results[attention].checksum}`,
      );
  } finally {
    trainer.delete();
  }
}

const lengths = results[args.models[0]].table.map((r) => r.length);
/** @param {number} x */
const pct = (x) => (100 * x).toFixed(1);
if (args.json) {
  console.log(JSON.stringify({ steps: args.steps, options: args.options, totalSeconds, results }, null, 2));
} else {
  console.log(`| source length | ${args.models.map((m) => `${m} (%)`).join(' | ')} |`);
  console.log(`|---:|${args.models.map(() => '---:').join('|')}|`);
  lengths.forEach((len, k) => console.log(`| ${len} | ${args.models.map((m) => pct(results[m].table[k].tokenAccuracy)).join(' | ')} |`));
  console.log(`\ntotal ${totalSeconds.toFixed(2)} s (training and evaluation of ${args.models.length} models)`);
}

if (args.check) {
  const problems = [];
  const att = results.additive ?? results.dot;
  const none = results.none;
  if (!att || !none) problems.push('--check needs the none model and an attention model');
  else {
    /** @param {Result} r */
    const acc = (r) => r.table.map((x) => x.tokenAccuracy);
    const a = acc(att);
    const n = acc(none);
    a.forEach((x, k) => x < 0.95 && problems.push(`attention ${pct(x)}% < 95% at length ${lengths[k]}`));
    for (const k of [a.length - 1, a.length - 2])
      if (k >= 0 && a[k] - n[k] < 0.3) problems.push(`no-attention only ${pct(a[k] - n[k])} points below at length ${lengths[k]}`);
    const third = Math.max(1, Math.floor(n.length / 3));
    /** @param {number[]} xs */
    const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
    if (!(mean(n.slice(0, third)) > mean(n.slice(-third)) + 0.1)) problems.push('no-attention accuracy does not fall with length');
  }
  if (totalSeconds > 35) problems.push(`took ${totalSeconds.toFixed(1)} s > 35 s`);
  if (problems.length) {
    console.error(`targets missed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.error('targets met');
}
