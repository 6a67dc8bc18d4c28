// @ts-check
// bench/run.mjs — the Node half of `npm run bench` (scripts/bench.sh runs the native half first).
// Measures multi-head self-attention forward (8 heads, with and without a causal mask) at
// T ∈ {8…512} × d_model ∈ {64, 256, 512} on identical inputs (bench/inputs.mjs) in: the WASM
// core with SIMD (a prepared layer, the one-shot fast path and the lessons' full-intermediates
// API) and without SIMD (prepared layer), plain
// JavaScript, @tensorflow/tfjs-backend-wasm and onnxruntime-web (unfused graph and the fused
// com.microsoft.MultiHeadAttention op); reads the native Google Benchmark results; checks that
// all outputs agree; prints medians, GFLOP/s and ratios against the WASM SIMD core; reports
// softmax and bottleneck-trainer throughput and the size budget; writes docs/benchmarks.md and
// docs/benchmarks-chart.svg. It fails (exit 1) only when outputs disagree.
// Usage: node bench/run.mjs [--quick]   (env ATTN_BENCH_NATIVE_DIRS overrides native result dirs)
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as ort from 'onnxruntime-web';
import * as tf from '@tensorflow/tfjs-core';

import { createAttentionCore, createBottleneckCore } from '../wasm/index.js';
import { chartSvg } from './chart.mjs';
import { DS, TS, flops, input, weights } from './inputs.mjs';
import { jsMultiHead } from './js-reference.mjs';
import { fusedModel, unfusedModel } from './onnx-graphs.mjs';
import { initTfjs, tfjsMultiHead } from './tfjs-mha.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const QUICK = process.argv.includes('--quick');
/** @param {...unknown} a */
const log = (...a) => console.error(...a);

// ---------------------------------------------------------------------------------------------
// Timing: warm up (each runtime also gets a ≥ 2 s global warm-up so V8 tiers its WASM up from
// Liftoff to TurboFan), then the median of repeated runs.
/** @param {number[]} a */
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @param {() => unknown} fn
 * @param {{ warmMs?: number, runMs?: number, minRuns?: number, maxRuns?: number }} [options]
 */
async function measure(fn, { warmMs = 100, runMs = QUICK ? 150 : 300, minRuns = 5, maxRuns = 400 } = {}) {
  let t0 = performance.now();
  do await fn();
  while (performance.now() - t0 < warmMs);
  const samples = [];
  t0 = performance.now();
  while ((samples.length < minRuns || performance.now() - t0 < runMs) && samples.length < maxRuns) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return median(samples);
}

/** @param {string} label @param {Maker} makeFn */
async function warmUp(label, makeFn, ms = QUICK ? 500 : 2000) {
  const fns = [makeFn(64, 256, false), makeFn(64, 256, true), makeFn(32, 64, true)];
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) await fns[n++ % fns.length]();
  log(`  warm-up ${label}: ${n} forwards in ${Math.round(performance.now() - t0)} ms`);
}

// ---------------------------------------------------------------------------------------------
// The runtimes. Each maker returns an async forward for (T, d, causal) on its fixed input.
/** @typedef {{ T: number; d: number; causal: boolean }} Case */
/**
 * A runtime: make(T, d, causal) returns its forward on that case's fixed input (the output, or a
 * promise of it); `core` is the WASM runtimes' core, `done` frees what make() prepared.
 * @typedef {() => ArrayLike<number> | Promise<ArrayLike<number>>} Forward
 * @typedef {(T: number, d: number, causal: boolean) => Forward} Maker
 * @typedef {{ make: Maker, core?: import('../wasm/index.js').AttentionCore, done?: () => void }} Runtime
 */
/** @type {Case[]} */
const cases = [];
for (const causal of [false, true]) for (const d of DS) for (const T of TS) cases.push({ T, d, causal });
/** @param {Case} c */
const key = (c) => `${c.T}/${c.d}/${c.causal ? 1 : 0}`;

// api: 'layer' — a prepared layer (core.createMultiHeadAttention, weights packed once; one per
// d, like an ORT session), 'output' — the one-shot core.multiHeadAttentionOutput (weights
// shipped, checked and packed on every call), 'full' — the lessons' core.multiHeadAttention.
/**
 * @param {boolean} scalar
 * @param {'layer' | 'output' | 'full'} api
 * @returns {Promise<Runtime>}
 */
async function wasmRuntime(scalar, api) {
  const core = await createAttentionCore({ scalar });
  /** @type {Map<number, import('../wasm/index.js').MultiHeadAttention>} */
  const layers = new Map();
  /** @type {Maker} */
  const make = (T, d, causal) => {
    const x = input(T, d),
      p = weights(d);
    if (api === 'layer') {
      if (!layers.has(d)) layers.set(d, core.createMultiHeadAttention(p));
      const layer = /** @type {import('../wasm/index.js').MultiHeadAttention} set above */ (layers.get(d));
      return () => layer.forward(x, x, x, { causal }).data;
    }
    if (api === 'output') return () => core.multiHeadAttentionOutput(x, x, x, p, { causal }).data;
    return () => core.multiHeadAttention(x, x, x, p, { causal }).output.data;
  };
  const done = () => layers.forEach((layer) => layer.delete());
  return { core, make, done };
}

/** @type {Map<string, ort.InferenceSession>} */
const ortSessions = new Map();
/**
 * @param {boolean} fused
 * @returns {Promise<Runtime>}
 */
async function ortRuntime(fused) {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  ort.env.logLevel = 'error';
  /** @type {Maker} */
  const make = (T, d, causal) => {
    const x = input(T, d),
      p = weights(d);
    const id = `${fused}/${key({ T, d, causal })}`;
    /** @type {ort.InferenceSession | null} */
    let session = null;
    const dims = fused ? [1, T, d] : [T, d];
    return async () => {
      if (!session) {
        if (!ortSessions.has(id)) {
          const bytes = fused ? fusedModel(T, d, p, causal) : unfusedModel(T, d, p, causal);
          ortSessions.set(id, await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
        }
        session = /** @type {ort.InferenceSession} set above */ (ortSessions.get(id));
      }
      const r = await session.run({ x: new ort.Tensor('float32', x.data, dims) });
      return /** @type {Float32Array} the graphs' output y is float32 */ (r.y.data);
    };
  };
  return { make };
}

/** @returns {Promise<Runtime>} */
async function tfjsRuntime() {
  await initTfjs();
  /** @type {Map<string, ReturnType<typeof tfjsMultiHead>>} */
  const made = new Map();
  /** @type {Maker} */
  const make = (T, d, causal) => {
    const x = input(T, d),
      p = weights(d);
    const id = key({ T, d, causal });
    if (!made.has(id)) made.set(id, tfjsMultiHead(T, d, p, causal));
    const f = /** @type {ReturnType<typeof tfjsMultiHead>} set above */ (made.get(id));
    return () => f(x.data);
  };
  return { make };
}

/** @returns {Runtime} */
const jsRuntime = () => ({
  make: (T, d, causal) => {
    const x = input(T, d),
      p = weights(d);
    return () => jsMultiHead(x, p, causal).data;
  },
});

// ---------------------------------------------------------------------------------------------
// Native results (Google Benchmark JSON written by scripts/bench.sh).
/** @typedef {Case & { samples: number[] }} DumpRow one line of bench-dump.jsonl: samples of a case's output */
/** @param {string} dir */
function readNative(dir) {
  const file = join(ROOT, dir, 'bench-results.json');
  if (!existsSync(file)) return null;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const times = new Map();
  /** @type {number | null} */
  let softmax = null;
  for (const b of json.benchmarks) {
    if (b.aggregate_name !== 'median') continue;
    const m = /^mha\/(\d+)\/(\d+)\/(\d)/.exec(b.run_name ?? b.name);
    if (m) times.set(`${m[1]}/${m[2]}/${m[3]}`, b.real_time * (b.time_unit === 'us' ? 1e-3 : b.time_unit === 'ns' ? 1e-6 : 1));
    if ((b.run_name ?? b.name).startsWith('softmax')) softmax = b.items_per_second;
  }
  const dumpFile = join(ROOT, dir, 'bench-dump.jsonl');
  /** @type {Map<string, DumpRow>} */
  const dump = existsSync(dumpFile)
    ? new Map(
        readFileSync(dumpFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .map((r) => [key(r), r]),
      )
    : new Map();
  return { times, softmax, dump, cpu: json.context?.host_name ? json.context : json.context };
}

// ---------------------------------------------------------------------------------------------
/** @param {ArrayLike<number>} a @param {ArrayLike<number>} ref */
function maxRelDiff(a, ref) {
  let scale = 0,
    worst = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(a[i] - ref[i]);
    if (!(d <= worst)) worst = d; // NaN propagates as the worst
  }
  return worst / Math.max(scale, 1e-30);
}

/** @param {string} path */
function gz(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** @param {number | null | undefined} ms */
const fmtMs = (ms) => (ms === undefined || ms === null ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
/** @param {number | undefined} r */
const fmtX = (r) => (r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`);
/** @param {number} b */
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

async function main() {
  const started = Date.now();
  const nativeSse = readNative(process.env.ATTN_BENCH_SSE_DIR ?? 'build/bench-sse41');
  const nativeMarch = readNative(process.env.ATTN_BENCH_MARCH_DIR ?? 'build/bench-native');
  if (!nativeSse || !nativeMarch) log('note: native results missing (run scripts/bench.sh): native columns will be empty');

  /** @type {[string, string, () => Runtime | Promise<Runtime>][]} [id, label, create] */
  const runtimes = [
    ['wasmSimd', 'WASM SIMD core, prepared layer', () => wasmRuntime(false, 'layer')],
    ['wasmSimdOneShot', 'WASM SIMD core, one-shot call', () => wasmRuntime(false, 'output')],
    ['wasmSimdFull', 'WASM SIMD, lesson API (every intermediate)', () => wasmRuntime(false, 'full')],
    ['wasmScalar', 'WASM scalar core, prepared layer', () => wasmRuntime(true, 'layer')],
    ['ortUnfused', 'onnxruntime-web unfused', () => ortRuntime(false)],
    ['ortFused', 'onnxruntime-web fused MHA op', () => ortRuntime(true)],
    ['tfjs', 'tfjs-backend-wasm (SIMD)', () => tfjsRuntime()],
    ['js', 'plain JS', () => jsRuntime()],
  ];
  /**
   * A case's median ms by runtime id (and native column): the WASM SIMD core, ORT-web and tfjs
   * are timed at every case; --quick skips plain JS and WASM scalar at the largest, and the
   * native columns are missing without native results.
   * @typedef {Record<string, number | undefined> & { wasmSimd: number, ortUnfused: number, ortFused: number, tfjs: number }} Row
   */
  /** @type {Map<string, Row>} */
  const results = new Map(); // key → {name: ms}
  /** @type {Map<string, Record<string, Float32Array>>} */
  const outputs = new Map(); // key → {name: Float32Array}
  for (const c of cases) {
    results.set(key(c), /** @type {Row} filled in below */ ({}));
    outputs.set(key(c), {});
  }
  const resultsOf = (/** @type {Case} */ c) => /** @type {Row} every case has one */ (results.get(key(c)));
  const outputsOf = (/** @type {Case} */ c) => /** @type {Record<string, Float32Array>} every case has one */ (outputs.get(key(c)));
  /** @type {import('../wasm/index.js').AttentionCore | undefined} */
  let simdCore,
    /** @type {import('../wasm/index.js').AttentionCore | undefined} */
    scalarCore;
  // Every runtime is created and warmed up first; then each row is timed in ROUNDS rounds, every
  // runtime once per round, back to back (order reversed on odd rounds), and a row's time is the
  // median of its round medians. A burst of load from elsewhere then slows one round of a row,
  // not one runtime's whole column, so the ratios within a row are measured side by side.
  const ROUNDS = QUICK ? 1 : 3;
  /** @type {{ id: string, rt: Runtime, fns: Map<string, Forward> }[]} */
  const live = [];
  for (const [id, label, create] of runtimes) {
    log(`${label}…`);
    const rt = await create();
    if (id === 'wasmSimd') simdCore = rt.core;
    if (id === 'wasmScalar') scalarCore = rt.core;
    await warmUp(label, (T, d, causal) => rt.make(T, d, causal));
    live.push({ id, rt, fns: new Map() });
  }
  /** @type {Map<string, Record<string, number[]>>} */
  const rounds = new Map(cases.map((c) => [key(c), {}])); // key → {id: [ms per round]}
  const roundsOf = (/** @type {Case} */ c) => /** @type {Record<string, number[]>} every case has one */ (rounds.get(key(c)));
  for (let round = 0; round < ROUNDS; round++) {
    log(`round ${round + 1} of ${ROUNDS}…`);
    for (const c of cases)
      for (const { id, rt, fns } of round % 2 ? [...live].reverse() : live) {
        const slow = (id === 'js' || id === 'wasmScalar') && c.T * c.d * c.d > 64 * 256 * 256;
        if (QUICK && slow && c.T > 128) continue;
        if (!fns.has(key(c))) {
          const fn = rt.make(c.T, c.d, c.causal);
          fns.set(key(c), fn);
          outputsOf(c)[id] = Float32Array.from(await fn());
        }
        const fn = /** @type {Forward} set above */ (fns.get(key(c)));
        const opts = slow ? { warmMs: 0, minRuns: 1, runMs: 0 } : { warmMs: round ? 30 : 100, runMs: QUICK ? 150 : 120 };
        (roundsOf(c)[id] ??= []).push(await measure(fn, opts));
      }
  }
  for (const c of cases) for (const [id, ms] of Object.entries(roundsOf(c))) resultsOf(c)[id] = median(ms);
  for (const { rt } of live) rt.done?.();
  if (nativeSse) for (const c of cases) resultsOf(c).sse41 = nativeSse.times.get(key(c));
  if (nativeMarch) for (const c of cases) resultsOf(c).march = nativeMarch.times.get(key(c));

  // ---- Agreement: every runtime's output against the WASM SIMD core's.
  /** @type {Record<string, number>} */
  const agreement = {};
  let disagree = false;
  const TOL = 1e-4; // relative to the output's largest magnitude
  for (const c of cases) {
    const o = outputsOf(c);
    const ref = o.wasmSimd;
    for (const [id, a] of Object.entries(o)) {
      if (id === 'wasmSimd') continue;
      const r = maxRelDiff(a, ref);
      agreement[id] = Math.max(agreement[id] ?? 0, r);
      if (!(r <= TOL)) {
        disagree = true;
        log(`DISAGREE: ${id} at ${key(c)}: max |Δ| / max|y| = ${r}`);
      }
    }
    for (const [id, nat] of /** @type {const} */ ([
      ['sse41', nativeSse],
      ['march', nativeMarch],
    ])) {
      const dump = nat?.dump.get(key(c));
      if (!dump) continue;
      let scale = 0;
      for (const v of ref) scale = Math.max(scale, Math.abs(v));
      let worst = 0;
      dump.samples.forEach((v, s) => {
        worst = Math.max(worst, Math.abs(v - ref[(s * 7919) % ref.length]));
      });
      const r = worst / scale;
      agreement[id] = Math.max(agreement[id] ?? 0, r);
      if (!(r <= TOL)) {
        disagree = true;
        log(`DISAGREE: native ${id} at ${key(c)}: ${r}`);
      }
    }
  }

  // ---- Softmax throughput (512 × 512 scores, elements/s), through the public API.
  const sx = { rows: 512, cols: 512, data: Float32Array.from({ length: 512 * 512 }, (_, i) => Math.sin(i * 0.37) * 4) };
  /** @param {import('../wasm/index.js').Matrix} m */
  const jsSoftmax = (m) => {
    const out = new Float32Array(m.data.length);
    for (let i = 0; i < m.rows; i++) {
      let max = -Infinity,
        sum = 0;
      for (let j = 0; j < m.cols; j++) max = Math.max(max, m.data[i * m.cols + j]);
      for (let j = 0; j < m.cols; j++) sum += out[i * m.cols + j] = Math.exp(m.data[i * m.cols + j] - max);
      for (let j = 0; j < m.cols; j++) out[i * m.cols + j] /= sum;
    }
    return out;
  };
  const tfx = tf.tensor2d(sx.data, [512, 512]);
  const softmax = {
    wasmSimd:
      ((512 * 512) /
        (await measure(() => /** @type {import('../wasm/index.js').AttentionCore} created with the runtimes */ (simdCore).softmax(sx), { warmMs: 1000 }))) *
      1e3,
    wasmScalar:
      ((512 * 512) /
        (await measure(() => /** @type {import('../wasm/index.js').AttentionCore} created with the runtimes */ (scalarCore).softmax(sx), { warmMs: 1000 }))) *
      1e3,
    tfjs: ((512 * 512) / (await measure(() => tf.tidy(() => tf.softmax(tfx).dataSync()), { warmMs: 500 }))) * 1e3,
    js: ((512 * 512) / (await measure(() => jsSoftmax(sx), { warmMs: 500 }))) * 1e3,
    sse41: nativeSse?.softmax,
    march: nativeMarch?.softmax,
  };

  // ---- Bottleneck-lab training throughput (default options, steps/s).
  /** @type {Record<string, number>} */
  const trainer = {};
  for (const [id, scalar] of /** @type {const} */ ([
    ['wasmSimd', false],
    ['wasmScalar', true],
  ])) {
    const t = (await createBottleneckCore({ scalar })).createBottleneckTrainer();
    t.trainSteps(20);
    const t0 = performance.now();
    let steps = 0;
    while (performance.now() - t0 < (QUICK ? 500 : 2000)) {
      t.trainSteps(10);
      steps += 10;
    }
    trainer[id] = steps / ((performance.now() - t0) / 1e3);
    t.delete();
  }

  // ---- Sizes.
  /** @type {Record<string, number>} gzipped and raw bytes by name */
  const sizes = {
    wasm: gz(join(ROOT, 'wasm/build/attention_core.wasm')),
    wasmRaw: statSync(join(ROOT, 'wasm/build/attention_core.wasm')).size,
    glue: gz(join(ROOT, 'wasm/build/attention_core.js')),
    trainerWasm: gz(join(ROOT, 'wasm/build/attention_trainer.wasm')),
    trainerWasmRaw: statSync(join(ROOT, 'wasm/build/attention_trainer.wasm')).size,
    trainerGlue: gz(join(ROOT, 'wasm/build/attention_trainer.js')),
  };
  const browserFile = join(ROOT, 'build/bench-browser.json');
  const browser = existsSync(browserFile) ? JSON.parse(readFileSync(browserFile, 'utf8')) : null;
  if (browser?.firstLessonBytesGz) sizes.firstLesson = browser.firstLessonBytesGz;
  else if (existsSync(join(ROOT, 'dist/assets'))) {
    // Without the browser run: every file in dist/ but the lab worker's trainer module is an upper bound.
    let total = gz(join(ROOT, 'dist/index.html'));
    for (const f of readdirSync(join(ROOT, 'dist/assets'))) if (!f.startsWith('attention_trainer')) total += gz(join(ROOT, 'dist/assets', f));
    sizes.distAll = total;
  }

  // ---- Table.
  /** @type {[string, string][]} [id, column title] */
  const cols = [
    ['march', 'native -march=native'],
    ['sse41', 'native SSE4.1'],
    ['wasmSimd', 'WASM SIMD'],
    ['wasmSimdOneShot', 'WASM SIMD one-shot'],
    ['wasmSimdFull', 'WASM SIMD lesson API'],
    ['wasmScalar', 'WASM scalar'],
    ['ortUnfused', 'ORT-web unfused'],
    ['ortFused', 'ORT-web fused MHA'],
    ['tfjs', 'tfjs-wasm'],
    ['js', 'plain JS'],
  ];
  const lines = [];
  lines.push(`| causal | T | d | GFLOP | ${cols.map((c) => c[1]).join(' | ')} | SIMD GFLOP/s | SIMD/SSE4.1 | ORT unfused/SIMD | ORT fused/SIMD | tfjs/SIMD |`);
  lines.push(`|${'---|'.repeat(cols.length + 9)}`);
  /** @type {{ ratio: { c: Case; ratio: number }[]; beatsOrt: { c: Case; margin: number }[]; beatsTfjs: { c: Case; margin: number }[] }} */
  const targets = { ratio: [], beatsOrt: [], beatsTfjs: [] };
  for (const c of cases) {
    const r = resultsOf(c);
    const f = flops(c.T, c.d);
    const simd = r.wasmSimd;
    const ratio = r.sse41 ? simd / r.sse41 : undefined;
    if (c.T >= 32 && ratio !== undefined) targets.ratio.push({ c, ratio });
    const fastestOrt = Math.min(r.ortUnfused, r.ortFused);
    targets.beatsOrt.push({ c, margin: fastestOrt / simd });
    targets.beatsTfjs.push({ c, margin: r.tfjs / simd });
    lines.push(
      `| ${c.causal ? 'yes' : 'no'} | ${c.T} | ${c.d} | ${(f / 1e9).toFixed(4)} | ${cols.map(([id]) => fmtMs(r[id])).join(' | ')} | ${(f / simd / 1e6).toFixed(2)} | ${fmtX(ratio)} | ${fmtX(r.ortUnfused / simd)} | ${fmtX(r.ortFused / simd)} | ${fmtX(r.tfjs / simd)} |`,
    );
  }
  const table = lines.join('\n');
  console.log(
    '\nMulti-head self-attention forward, 8 heads, median ms per forward (ratios: other / WASM SIMD; SIMD/SSE4.1 = WASM SIMD time / native SSE4.1 time)\n',
  );
  console.log(table);

  const worstRatio = targets.ratio.reduce((a, b) => (b.ratio > a.ratio ? b : a), /** @type {{ c?: Case; ratio: number }} */ ({ ratio: 0 }));
  const ortLosses = targets.beatsOrt.filter((t) => !(t.margin > 1));
  const tfjsLosses = targets.beatsTfjs.filter((t) => !(t.margin > 1));
  /** @param {number | null | undefined} x */
  const rate = (x) => (x ? `${(x / 1e6).toFixed(1)} M/s` : '—');
  const summary = [
    `Softmax 512×512 (elements/s): native -march=native ${rate(softmax.march)}, native SSE4.1 ${rate(softmax.sse41)}, WASM SIMD ${rate(softmax.wasmSimd)}, WASM scalar ${rate(softmax.wasmScalar)}, tfjs-wasm ${rate(softmax.tfjs)}, plain JS ${rate(softmax.js)} (WASM and tfjs include marshaling).`,
    `Bottleneck-lab training (default options, steps/s): WASM SIMD ${trainer.wasmSimd?.toFixed(1) ?? '—'}, WASM scalar ${trainer.wasmScalar?.toFixed(1) ?? '—'}.`,
    `Sizes (gzip -9): lessons' module attention_core.wasm ${kb(sizes.wasm)} (raw ${kb(sizes.wasmRaw)}; budget 150 KB: ${sizes.wasm <= 150 * 1024 ? 'holds' : 'MISSED'}), glue attention_core.js ${kb(sizes.glue)}; ` +
      `bottleneck lab's trainer module (its worker only) attention_trainer.wasm ${kb(sizes.trainerWasm)} (raw ${kb(sizes.trainerWasmRaw)}), glue attention_trainer.js ${kb(sizes.trainerGlue)}; ` +
      (sizes.firstLesson
        ? `everything the first lesson loads ${kb(sizes.firstLesson)} (budget 400 KB).`
        : sizes.distAll
          ? `all of dist/ ${kb(sizes.distAll)} (upper bound of what the first lesson loads; budget 400 KB).`
          : 'dist/ not built: first-lesson size not measured.'),
    `Agreement (max |Δ| / max|y| vs the WASM SIMD core, all cases): ${Object.entries(agreement)
      .map(([k, v]) => `${k} ${v.toExponential(1)}`)
      .join(', ')} — tolerance ${TOL}: ${disagree ? 'FAILED' : 'all agree'}.`,
    `Targets: WASM SIMD / native SSE4.1 at T ≥ 32: worst ${fmtX(worstRatio.ratio)} at T=${worstRatio.c?.T}, d=${worstRatio.c?.d}${worstRatio.c?.causal ? ' causal' : ''} (target ≤ 1.30×: ${worstRatio.ratio <= 1.3 ? 'holds' : 'MISSED'}); ` +
      `faster than both ORT-web variants in ${cases.length - ortLosses.length}/${cases.length} cases${ortLosses.length ? ` (not at ${ortLosses.map((t) => `${t.c.T}/${t.c.d}${t.c.causal ? 'c' : ''} ${fmtX(t.margin)}`).join(', ')})` : ''}; ` +
      `faster than tfjs-wasm in ${cases.length - tfjsLosses.length}/${cases.length}${tfjsLosses.length ? ` (not at ${tfjsLosses.map((t) => `${t.c.T}/${t.c.d}${t.c.causal ? 'c' : ''}`).join(', ')})` : ''}.`,
  ];
  console.log('\n' + summary.join('\n'));

  writeFileSync(join(ROOT, 'docs/benchmarks-chart.svg'), chartSvg(cases, results, cols));
  const env = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${cpus()[0].model} × ${cpus().length}`,
    node: process.version,
    load: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    ort: JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version,
    tfjs: JSON.parse(readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')).version,
    tfjsSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    minutes: ((Date.now() - started) / 60000).toFixed(1),
  };
  writeFileSync(
    join(ROOT, 'build/bench-node.json'),
    JSON.stringify(
      {
        env,
        table,
        summary,
        results: Object.fromEntries(results),
        softmax,
        trainer,
        sizes,
        agreement,
        browser,
        worstRatio,
        ortLosses,
        tfjsLosses,
        quick: QUICK,
      },
      null,
      1,
    ),
  );
  const { writeReport } = await import('./report.mjs');
  writeReport({ env, table, summary, sizes, browser, worstRatio, ortLosses, tfjsLosses, quick: QUICK });
  log(`wrote docs/benchmarks.md and docs/benchmarks-chart.svg (${env.minutes} min)`);
  if (disagree) process.exit(1);
}

await main();
