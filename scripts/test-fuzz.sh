#!/usr/bin/env bash
# scripts/test-fuzz.sh — builds the libFuzzer targets of fuzz/ with Debian's clang++
# (-fsanitize=fuzzer,address,undefined) in build/fuzz and runs each one for a bounded time,
# starting from its committed seed corpus fuzz/corpus/<target>/. Fails on any crash, sanitizer
# report, leak, timeout, out-of-memory or broken contract (the targets abort when a valid call
# returns a non-finite number or an error message does not name its function).
# New corpus units go to build/fuzz/corpus/<target>/ (never into the repo); a failing input is
# saved as build/fuzz/artifacts/<target>-crash-<sha1> — reproduce it with
#   build/fuzz/fuzz_<target> build/fuzz/artifacts/<target>-crash-<sha1>
# Time: ATTN_FUZZ_SECONDS per target (default 6; 10 targets ≈ 65 s in npm test). Longer runs,
# e.g. before a release: ATTN_FUZZ_SECONDS=600 bash scripts/test-fuzz.sh (docs/security.md).
# One target only: bash scripts/test-fuzz.sh attention. It installs nothing (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${ATTN_FUZZ_SECONDS:-6}"
targets=(softmax mask attention additive multihead positional rnn trainer_input transformer lesson_math)
[ $# -gt 0 ] && targets=("$@")

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "test-fuzz: needs clang++ and libFuzzer (Debian: clang, libclang-rt-14-dev); run scripts/setup.sh" >&2
  exit 1
fi
cmake -S fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None >/dev/null
cmake --build build/fuzz -j"${ATTN_JOBS:-2}"

mkdir -p build/fuzz/artifacts
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
summary=()
for t in "${targets[@]}"; do
  seeds="fuzz/corpus/$t"
  work="build/fuzz/corpus/$t"
  [ -d "$seeds" ] || { echo "test-fuzz: no seed corpus $seeds" >&2; exit 1; }
  mkdir -p "$work"
  log="build/fuzz/$t.log"
  # -timeout: one input may take at most 10 s; -rss_limit_mb: and 1 GiB.
  if "build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
      -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-" "$work" "$seeds" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
    summary+=("$(printf '%-14s ok   %8s executions  %5s edges  %s s' "$t" "$runs" "$cov" "$seconds")")
  else
    summary+=("$(printf '%-14s FAILED (log: %s)' "$t" "$log")")
    failed+=("$t")
    grep -E 'FUZZ CONTRACT BROKEN|ERROR: |runtime error|SUMMARY|Test unit written' "$log" | head -8 >&2 || true
  fi
done
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "test-fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
