#!/usr/bin/env bash
# scripts/start.sh — npm start: installs what is missing, builds the core and the site, and
# serves dist/ on localhost (the same files GitHub Pages serves), printing the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-site.sh
PORT="${PORT:-5173}"
echo
echo "Attention Lab is being served at http://localhost:${PORT}/  (Ctrl+C stops it)"
exec npx vite preview --port "$PORT" --strictPort --host 127.0.0.1
