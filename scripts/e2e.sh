#!/usr/bin/env bash
# scripts/e2e.sh — checks the web app: ESLint, Prettier, TypeScript (tsc --noEmit), then the
# Playwright suite (tests/e2e/) against the already built dist/ (run `npm run build` first) in
# Debian's Chromium, one worker. It builds nothing and downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f dist/index.html || { echo "e2e: dist/ is missing; run npm run build first" >&2; exit 1; }
npx eslint web tests/e2e vite.config.ts playwright.config.ts eslint.config.js
npx prettier --check web tests/e2e vite.config.ts playwright.config.ts eslint.config.js tsconfig.json .github >/dev/null
npx tsc --noEmit -p tsconfig.json
npx playwright test --workers="${E2E_WORKERS:-1}"
