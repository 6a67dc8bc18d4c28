#!/usr/bin/env node
// @ts-check
// bench/transformer-speed.mjs — training speed of the lab's Transformer: the WASM core (SIMD
// build, Node, one thread) against PyTorch (Debian python3-torch, CPU, one thread, eager) on the
// identical model and the identical mini-batches, at the lab's default size for each task
// (transformerDefaults). The WASM trainer's own first `STEPS` batches and its initial state dict
// are handed to bench/transformer_torch.py, which loads them into the PyTorch modules of
// docs/transformer-pytorch.md and trains on them with torch.optim.Adam. Each side is timed as the
// median of 3 passes after a warm-up pass; the first steps' losses of both are printed side by
// side to show it is the same training. Writes build/bench-transformer.json (read by
// bench/report.mjs when present) and prints a Markdown table. The PyTorch column is skipped with
// a note when torch cannot be had. It computes no model math itself.
// Usage: node bench/transformer-speed.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

import { createBottleneckCore } from '../wasm/trainer.js';

const quick = process.argv.includes('--quick');
const STEPS = quick ? 20 : 60;
const ROUNDS = 3;
const api = await createBottleneckCore();
mkdirSync('build', { recursive: true });

/** @param {import('../wasm/trainer.js').TransformerOptions} options */
function timeWasm(options) {
  const pass = () => {
    const t = api.createBottleneckTrainer(options);
    try {
      const t0 = performance.now();
      t.trainSteps(STEPS);
      return (performance.now() - t0) / 1000;
    } finally {
      t.delete();
    }
  };
  pass(); // warm-up: V8 tiers the module up
  const times = Array.from({ length: ROUNDS }, pass).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows = [];
for (const task of /** @type {const} */ (['translation', 'induction'])) {
  const options = { ...api.transformerDefaults[task] };
  // The identical data: the initial weights and the batches the WASM trainer trains on.
  const t = api.createBottleneckTrainer(options);
  let input;
  const wasmLosses = [];
  try {
    const info = t.info();
    const init = t.stateDict();
    const batches = [];
    for (let i = 0; i < STEPS; ++i) {
      wasmLosses.push(t.trainSteps(1).loss);
      batches.push(t.lastBatch());
    }
    input = {
      model: { ...options, vocab: info.targetVocab.length, sourceVocab: info.sourceVocab.length },
      lr: options.lr,
      clip: options.clip,
      stateDict: Object.fromEntries(Object.entries(init).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])),
      batches,
    };
  } finally {
    t.delete();
  }
  const wasmSeconds = timeWasm(options);
  const file = `build/bench-transformer-${task}.json`;
  writeFileSync(file, JSON.stringify(input));
  /** @type {{ steps_per_second: number, torch: string, losses: number[] } | null} bench/transformer_torch.py's report */
  let torch = null;
  let note = '';
  const run = spawnSync('/usr/bin/python3', ['bench/transformer_torch.py', file, String(ROUNDS)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status === 0) {
    const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
    if (out.error) note = out.error;
    else torch = out;
  } else note = `bench/transformer_torch.py failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`;
  const row = {
    task,
    steps: STEPS,
    batchSize: options.batchSize,
    wasmStepsPerSecond: STEPS / wasmSeconds,
    torchStepsPerSecond: torch ? torch.steps_per_second : null,
    ratio: torch ? STEPS / wasmSeconds / torch.steps_per_second : null,
    torch: torch ? torch.torch : null,
    lossesWasm: wasmLosses.slice(0, 5),
    lossesTorch: torch ? torch.losses.slice(0, 5) : null,
    note,
  };
  rows.push(row);
}

writeFileSync('build/bench-transformer.json', JSON.stringify({ quick, simd: api.simd, rows }, null, 2));
console.log('| task | batch | WASM steps/s | PyTorch steps/s | WASM / PyTorch | first losses (WASM · PyTorch) |');
console.log('|---|---:|---:|---:|---:|---|');
for (const r of rows)
  console.log(
    `| ${r.task} | ${r.batchSize} | ${r.wasmStepsPerSecond.toFixed(1)} | ${r.torchStepsPerSecond?.toFixed(1) ?? `skipped: ${r.note}`} | ${r.ratio?.toFixed(2) ?? '–'}× | ${r.lossesWasm.map((x) => x.toFixed(4)).join(' ')} · ${r.lossesTorch?.map((x) => x.toFixed(4)).join(' ') ?? '–'} |`,
  );
