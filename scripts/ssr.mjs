// @ts-check
// scripts/ssr.mjs — a Vite server in middleware mode over web/, for loading the app's TypeScript
// in Node with `ssrLoadModule` (tests/web/ and scripts/make_bridge_fixtures.mjs). No config file,
// no HMR, no dependency discovery; it serves nothing. The caller closes it.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

/** @returns {Promise<import('vite').ViteDevServer>} */
export function ssrServer() {
  return createServer({
    configFile: false,
    root: fileURLToPath(new URL('../web', import.meta.url)),
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
}
