#!/usr/bin/env bash
# scripts/test.sh — npm test: installs what is missing, builds everything with warnings as
# errors, and runs every suite: clang-format, the native GoogleTest suite (ctest), the same
# suite under ASan + UBSan, the libFuzzer targets (a few seconds each), the WASM
# module under node:test (both builds), the npm package of the core (packed, installed into a
# temp project, run in Node and through Vite), the .d.ts type test, the web app's state model under
# node:test (old links), lint and type checks of the web app and of the hand-written JavaScript
# (wasm/*.js against its .d.ts, the suites, bench, scripts), the site build, and the Playwright
# browser suite in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "format: clang-format (C++)"
git ls-files -co --exclude-standard -- 'core/*.hpp' 'core/*.cpp' 'wasm/*.cpp' 'wasm/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'tools/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp' \
  | xargs -r clang-format --dry-run --Werror

step "native: build (warnings are errors) and GoogleTest"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DATTN_WERROR=ON >/dev/null
cmake --build build/native -j"$(nproc)"
ctest --test-dir build/native --output-on-failure -j"$(nproc)"

step "native: GoogleTest under AddressSanitizer + UndefinedBehaviorSanitizer"
bash scripts/test-sanitize.sh

step "native: libFuzzer targets, a short bounded run each (docs/security.md)"
bash scripts/test-fuzz.sh

step "wasm: build SIMD and scalar modules"
bash scripts/build-wasm.sh all

step "wasm: node:test against the built modules"
node --test tests/wasm/

step "package: pack the core, install it offline into a temp project, run it in Node, tsc and a Vite bundle (docs/package.md)"
node --test tests/package/

step "types: wasm/index.d.ts against its usage"
npx tsc -p tests/types/tsconfig.json

step "web: node:test of the state model (links in every format the site has written) and the In PyTorch snippets vs tests/fixtures/bridge_golden.json"
node --test tests/web/

step "web: build the static site into dist/"
npx vite build --logLevel warn

step "web + JS: ESLint, Prettier, tsc (web, wasm/*.js vs its .d.ts, suites, bench, scripts) and the Playwright suite in Debian's Chromium"
CI="${CI:-}" bash scripts/e2e.sh
echo
echo "npm test: all suites passed"
