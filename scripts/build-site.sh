#!/usr/bin/env bash
# scripts/build-site.sh — npm run build: the WASM core (both builds) and then the static site
# into dist/ with Vite. Relative URLs throughout, so dist/ can be served from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh all >/dev/null
npx vite build --logLevel warn
echo "build: dist/ is ready ($(du -sh dist | cut -f1))"
