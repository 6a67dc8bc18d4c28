#!/usr/bin/env bash
# scripts/bench.sh — npm run bench: installs what is missing (scripts/setup.sh), builds the native
# core twice (-msse4.1 -mno-fma and -march=native) with the Google Benchmark program
# bench/attn_bench.cpp and runs it, builds both WASM modules, runs bench/run.mjs (WASM SIMD and
# scalar, plain JS, tfjs-backend-wasm, onnxruntime-web; agreement check; table; softmax and
# trainer throughput; sizes), and — when the site can be built and Chromium is present —
# bench/browser.mjs (interactivity budget, first-lesson size, Lighthouse), and the Transformer's
# training speed against PyTorch (bench/transformer-speed.mjs) and its experiments in Chromium
# (scripts/transformer-headless.mjs --browser). Writes
# docs/benchmarks.md and docs/benchmarks-chart.svg. Not part of npm test.
# Options: --quick (shorter timings; for trying the pipeline, not for the numbers in docs/),
#          ATTN_BENCH_SKIP_BROWSER=1 (skip the browser part).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
step() { printf '\n=== %s\n' "$*" >&2; }

step "setup"
bash scripts/setup.sh

if [ "$(cut -d' ' -f1 /proc/loadavg | cut -d. -f1)" -ge 1 ]; then
  echo "bench: note: load average is $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; numbers may be noisy" >&2
fi

native_variant() {
  local dir=$1 arch=$2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=OFF -DATTN_NATIVE_ARCH="$arch" >/dev/null
  cmake --build "$dir" -j2 --target attn_bench >/dev/null
  local min_time=0.05
  [ -n "$quick" ] && min_time=0.02
  "$dir/bench/attn_bench" --attn_dump="$dir/bench-dump.jsonl" --benchmark_min_time="$min_time" \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$dir/bench-results.json" --benchmark_out_format=json \
    --benchmark_format=console >"$dir/bench-console.txt"
  grep -E '_median' "$dir/bench-console.txt" | sed -E 's/\/min_time[^ ]*//' >&2 || true
}
step "native: -msse4.1 -mno-fma (build/bench-sse41)"
native_variant build/bench-sse41 "-msse4.1 -mno-fma"
step "native: -march=native (build/bench-native)"
# GCC 12 flags its own avx512fintrin.h (`__m512 __Y = __Y;` in _mm512_undefined_ps and friends,
# reached through Eigen's AVX-512 packet math) on AVX-512 machines: as maybe-uninitialized on some,
# as uninitialized on others (this machine kind, 2026-12-05: the build stopped there and npm run
# bench with it). A known false positive in the compiler's header, silenced for this variant only.
native_variant build/bench-native "-march=native -Wno-maybe-uninitialized -Wno-uninitialized"

step "wasm: build SIMD and scalar modules"
bash scripts/build-wasm.sh all >/dev/null

rm -f build/bench-browser.json
if [ "${ATTN_BENCH_SKIP_BROWSER:-0}" != 1 ] && [ -x /usr/bin/chromium ]; then
  step "browser: site build, interactivity budget, first-lesson size, Lighthouse"
  if bash scripts/build-site.sh >/dev/null 2>&1; then
    node bench/browser.mjs $quick || echo "bench: browser part failed; its section stays empty" >&2
  else
    echo "bench: the site did not build; skipping the browser part" >&2
  fi
fi

step "transformer: training steps/s, WASM against PyTorch (identical model and batches)"
node bench/transformer-speed.mjs $quick || echo "bench: transformer speed failed; its section stays empty" >&2
rm -f build/bench-transformer-browser.json
if [ "${ATTN_BENCH_SKIP_BROWSER:-0}" != 1 ] && [ -x /usr/bin/chromium ]; then
  step "transformer: the lab's experiments in headless Chromium"
  node scripts/transformer-headless.mjs --browser --json >build/bench-transformer-browser.json \
    || { echo "bench: transformer in the browser failed" >&2; rm -f build/bench-transformer-browser.json; }
fi

step "node: WASM, plain JS, tfjs-backend-wasm, onnxruntime-web"
node bench/run.mjs $quick
