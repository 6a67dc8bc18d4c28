#!/usr/bin/env bash
# scripts/setup.sh — installs what Attention Lab needs on a fresh Debian 12 machine and is
# quiet when everything is there: Debian packages (compilers, Eigen, Emscripten, GoogleTest,
# Google Benchmark, nlohmann-json, Chromium for the browser tests) and the npm packages of
# package-lock.json. It builds nothing. Called by npm start, npm test, npm run build/bench.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(cmake make g++ clang clang-format libeigen3-dev emscripten libgtest-dev googletest
  libbenchmark-dev nlohmann-json3-dev chromium gzip)
# pdftotext and pdftoppm: the print test reads the PDF Chromium prints (tests/e2e/print.spec.ts).
APT_PACKAGES+=(poppler-utils)
# libFuzzer and clang's sanitizer runtimes (scripts/test-fuzz.sh, npm test).
APT_PACKAGES+=(libclang-rt-14-dev)
# CJK glyphs for Chromium: the Simplified Chinese pages (web/content/zh-CN/) use the system's
# fonts, never downloaded ones; tests/e2e/zh.spec.ts and screenshots need one to render Han text.
APT_PACKAGES+=(fonts-noto-cjk)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
