// @ts-check
// tests/e2e/server.mjs — a tiny static server for the e2e suite: serves dist/ at "/" and the same
// files under the sub-path "/attention-lab/" (as GitHub Pages would), with correct MIME types
// (application/wasm for the core). No caching headers tricks, no rewriting; test use only.
// Usage: node tests/e2e/server.mjs [port]   (default 4173)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// E2E_DIST: another build to serve (a second build next to dist/ while dist/ is in use).
const root = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : resolve(fileURLToPath(new URL('../../dist', import.meta.url)));
const port = Number(process.argv[2] ?? process.env.PORT ?? 4173);
const SUBPATH = '/attention-lab';
/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === SUBPATH) {
      res.writeHead(301, { Location: SUBPATH + '/' });
      return res.end();
    }
    if (path.startsWith(SUBPATH + '/')) path = path.slice(SUBPATH.length);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) throw new Error('outside');
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/ and ${SUBPATH}/`));
