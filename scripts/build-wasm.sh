#!/usr/bin/env bash
# scripts/build-wasm.sh — builds both WASM modules, the lessons' core and the bottleneck lab's
# trainer (wasm/CMakeLists.txt), in two variants with Debian's Emscripten:
# wasm/build/attention_{core,trainer}.{js,wasm} (SIMD) and
# wasm/build/attention_{core,trainer}_scalar.{js,wasm} (no SIMD).
# Installs nothing itself; scripts/setup.sh does. Usage: scripts/build-wasm.sh [simd|scalar|all]
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emcc needs acorn from Debian's Node modules.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
which="${1:-all}"
build_variant() {
  local name=$1 simd=$2
  emcmake cmake -S . -B "build/wasm-$name" -DCMAKE_BUILD_TYPE=Release -DATTN_SIMD="$simd" \
    -DATTN_BUILD_TESTS=OFF >/dev/null
  cmake --build "build/wasm-$name" -j2
}
case "$which" in
  simd) build_variant simd ON ;;
  scalar) build_variant scalar OFF ;;
  all) build_variant simd ON; build_variant scalar OFF ;;
  *) echo "usage: $0 [simd|scalar|all]" >&2; exit 2 ;;
esac
ls -l wasm/build/
