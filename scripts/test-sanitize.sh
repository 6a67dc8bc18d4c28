#!/usr/bin/env bash
# scripts/test-sanitize.sh — builds the whole native GoogleTest suite with AddressSanitizer +
# UndefinedBehaviorSanitizer (-DATTN_SANITIZE=ON, -fno-sanitize-recover=all) in build/asan and
# runs it with ctest: any out-of-bounds access, use-after-free, leak, signed overflow, bad
# shift, misaligned load or float-to-int overflow fails the run. Eigen's own bounds asserts are
# on too (no NDEBUG), so an out-of-range coefficient access aborts instead of reading garbage.
# It does not build the WASM module or the fuzzers (scripts/test-fuzz.sh) and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${ATTN_JOBS:-2}"
# Debug with -O1: Eigen's eigen_assert stays on, and the suite still runs in seconds.
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DATTN_SANITIZE=ON -DATTN_WERROR=ON >/dev/null
cmake --build build/asan -j"$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build/asan --output-on-failure -j"$jobs"
