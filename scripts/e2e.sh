#!/usr/bin/env bash
# scripts/e2e.sh — checks the web app and the hand-written JavaScript: ESLint, Prettier,
# TypeScript (tsc --noEmit: the web app; wasm/*.js against its .d.ts, tsconfig.js.json; the
# node:test suites, bench/ and scripts/, tsconfig.js-tests.json), then the Playwright suite
# (tests/e2e/) against the already built dist/ (run `npm run build` first) in Debian's Chromium,
# one worker. It builds nothing and downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f dist/index.html || { echo "e2e: dist/ is missing; run npm run build first" >&2; exit 1; }
js="wasm tests/wasm tests/web tests/package bench scripts"
npx eslint web tests/e2e vite.config.ts playwright.config.ts eslint.config.js $js
npx prettier --check web tests/e2e vite.config.ts playwright.config.ts eslint.config.js tsconfig.json tsconfig.js.json tsconfig.js-tests.json .github $js >/dev/null
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p tsconfig.js.json
npx tsc --noEmit -p tsconfig.js-tests.json
npx playwright test --workers="${E2E_WORKERS:-1}"
