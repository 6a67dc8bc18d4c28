// web/public/sw.js — the service worker: precaches the built app shell, assets and the .wasm
// core (the list is stamped in at build time by vite.config.ts; the scalar builds only on an
// engine without WebAssembly SIMD) and serves them cache-first, so
// the site works offline after the first visit. Scope is its own directory, so it works under
// any sub-path. It never contacts another host and caches only same-origin GET requests.
// Across a deploy: each build has its own cache. A new build takes over at once (skipWaiting) and
// serves new tabs from its cache, but keeps an earlier build's cache while a tab still runs that
// build (each tab reports its entry script, see main.ts), so that tab's on-demand files (the
// lab's trainer, lesson 14's runner) stay available after the server dropped them. An earlier
// build's cache is deleted once no open tab runs it. It does not prompt or reload any tab.
const VERSION = '__VERSION__';
const PREFIX = 'attention-lab-';
const CACHE = `${PREFIX}${VERSION}`;
const PRECACHE = /*__PRECACHE__*/ [];
/** The bytes wasm/load.js validates to choose the core's SIMD or scalar build (its SIMD_PROBE;
 *  tests/web/sw-simd-probe.test.mjs checks that the two are the same). */
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
/** The scalar builds (attention_core_scalar-…, attention_trainer_scalar-…) are for engines without
 *  WebAssembly SIMD: precached only on such an engine, since the app never loads them
 *  elsewhere (a fetch still caches whatever a page asks for). */
const SIMD = WebAssembly.validate(new Uint8Array(SIMD_PROBE));
const NEEDED = PRECACHE.filter((p) => !(SIMD && /_scalar-[\w-]+\.(js|wasm)$/.test(p)));

/** Client id → URL of the entry script that tab runs (which build), as the tab reported it. */
const builds = new Map();

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(NEEDED.map((p) => new URL(p, self.registration.scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim().then(prune));
});

self.addEventListener('message', (event) => {
  const data = event.data;
  const from = event.source;
  if (!data || data.type !== 'attention-lab:build' || typeof data.entry !== 'string' || !from || !('id' in from)) return;
  builds.set(from.id, data.entry);
  event.waitUntil(prune());
});

/**
 * Deletes the caches of earlier builds that no open tab runs. A tab whose build is unknown (it
 * opened before this worker started, which forgets the map when the browser stops it) is asked
 * to report; until every tab has answered, every cache stays.
 */
async function prune() {
  const older = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const id of builds.keys()) if (!tabs.some((t) => t.id === id)) builds.delete(id);
  if (!older.length) return;
  const current = await caches.open(CACHE);
  const keep = new Set();
  let unknown = false;
  for (const tab of tabs) {
    const entry = builds.get(tab.id);
    if (entry === undefined) {
      unknown = true;
      tab.postMessage({ type: 'attention-lab:which-build' });
    } else if (!(await current.match(entry))) {
      for (const name of older) if (await (await caches.open(name)).match(entry)) keep.add(name);
    }
  }
  if (unknown) return;
  await Promise.all(older.filter((name) => !keep.has(name)).map((name) => caches.delete(name)));
}

/** This build's file first (a new tab gets this build), else an earlier build's kept for its tabs. */
async function cached(req) {
  const hit = await (await caches.open(CACHE)).match(req, { ignoreSearch: true });
  return hit ?? caches.match(req, { ignoreSearch: true });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    cached(req).then((hit) => {
      if (hit) return hit;
      return fetch(req)
        .then((res) => {
          if (res.ok && res.type === 'basic') {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        })
        .catch(() => (req.mode === 'navigate' ? cached(new URL('./', self.registration.scope).href) : Response.error()));
    }),
  );
});
