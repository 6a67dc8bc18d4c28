// vite.config.ts — builds the Attention Lab web app (web/) into dist/ with relative URLs so the
// site works under any sub-path (GitHub Pages) and from any static server. It also stamps the
// service worker (web/public/sw.js) with the list of built files so the app works offline.
// It also preloads, from index.html, the SIMD core's .wasm and the two KaTeX fonts the first lesson
// uses, so they download in parallel with the app's script instead of after it.
// It does not build the WASM core (npm run build:wasm does) and has no dev-only proxies.
import { defineConfig, type Plugin } from 'vite';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

/** Replaces the precache placeholder in the built sw.js with every built file (relative URLs).
 *  The output folder is the resolved one (dist/, or what `vite build --outDir` names). */
function precacheManifest(): Plugin {
  let outDir = '';
  return {
    name: 'attention-lab-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const swPath = join(outDir, 'sw.js');
      const files = listFiles(outDir)
        .map((f) => relative(outDir, f).split('\\').join('/'))
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !/\.(ttf|woff)$/.test(f));
      const hash = createHash('sha256');
      for (const f of files.sort()) hash.update(f).update(readFileSync(join(outDir, f)));
      const list = ['./', ...files.map((f) => './' + f)];
      const sw = readFileSync(swPath, 'utf8').replace('/*__PRECACHE__*/ []', JSON.stringify(list)).replace('__VERSION__', hash.digest('hex').slice(0, 12));
      writeFileSync(swPath, sw);
    },
  };
}

/** Built assets that every lesson needs early: fetched while the app's script still loads. */
const PRELOAD: { test: RegExp; as: 'fetch' | 'font'; type: string }[] = [
  { test: /^assets\/attention_core-[\w-]+\.wasm$/, as: 'fetch', type: 'application/wasm' },
  { test: /^assets\/KaTeX_Main-Regular-[\w-]+\.woff2$/, as: 'font', type: 'font/woff2' },
  { test: /^assets\/KaTeX_Math-Italic-[\w-]+\.woff2$/, as: 'font', type: 'font/woff2' },
];

/** Adds <link rel="preload"> for PRELOAD to the built index.html (same origin, so CSP 'self'). */
function preloadCritical(): Plugin {
  return {
    name: 'attention-lab-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const files = Object.keys(ctx.bundle ?? {});
        return PRELOAD.flatMap((p) => {
          const file = files.find((f) => p.test.test(f));
          if (!file) throw new Error(`preload: no built file matches ${p.test}`);
          // crossorigin: fetch() and @font-face both request in CORS mode; the preload must match.
          return [{ tag: 'link', attrs: { rel: 'preload', href: `./${file}`, as: p.as, type: p.type, crossorigin: '' }, injectTo: 'head' as const }];
        });
      },
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: 'public',
  plugins: [preloadCritical(), precacheManifest()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs, so the CSP can stay at 'self' for fonts.
    assetsInlineLimit: 0,
    target: 'es2022',
    // Oxc's minifier breaks the Emscripten glue of the core (import object "a" lost); terser doesn't.
    minify: 'terser',
    chunkSizeWarningLimit: 1200,
  },
  server: { fs: { allow: ['..'] } },
  preview: { port: 4173, strictPort: true },
});
