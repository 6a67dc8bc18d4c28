// main.ts — boots the app: theme, language (the URL's `lang`, else the learner's preferred one; a
// language other than English is fetched before the page renders), the WASM core (loaded once,
// shared), the single state store (merged schema of shared + lesson properties) and its round
// trip through the URL hash, routing between the home page and the pages of pages/routes.ts
// (lessons, lab), the notice for bad links and the service worker for offline use (told which
// build this tab runs; on a first visit registered once the learner pauses, so that its install
// does not slow their first recomputes). The shell (skip link, header with the language menu and
// theme toggle, the notice, <main> with the shown page, footer) is one lit template
// (ui/render.ts) rendered into <body> whenever the state, the language or the page changes;
// index.html's static copy of it is replaced on the first render. Internal links get their hrefs
// (with the current settings) from ui/links.ts when they render. It computes no attention math.
import 'katex/dist/katex.min.css';
import './styles.css';
import { lessons, schema } from './lessons/index';
import { loadCore, type Core } from './model/core';
import { parseHash, Store, toHash, type Problem } from './model/state';
import { homePage } from './pages/home';
import { pages } from './pages/routes';
import { isLoaded, languageName, languages, language, loadLanguage, preferredLanguage, saveLanguage, setLanguage, t } from './ui/i18n';
import type { Mounted } from './ui/lessonPage';
import { linkStore, routeHref } from './ui/links';
import { html, live, nothing, render as renderInto, setPageRender } from './ui/render';
import { applyTheme, themeToggle } from './ui/theme';

applyTheme();

const routes = ['', ...pages.map((p) => p.route)];
const store = new Store(schema);
linkStore(store);
let mounted: Mounted | undefined;
/** What <main> shows: the mounted page's element, or the home page (kept while a new URL loads). */
let shownPage: HTMLElement | 'home' | undefined;
/** Frees what the shown page holds (the lab's workers) when the learner leaves it. */
let leave: (() => void) | undefined;
let core: Core | undefined;
/** What the notice lists (the last link's problems), and whether it is shown. */
let problems: Problem[] = [];
let noticeOpen = false;
/** The core could not be loaded: the message shown in <main> instead of the page. */
let coreError = '';
/** While a URL is loaded into the store: its notifications render nothing (the new page follows). */
let routing = false;

/** The language menu (when there are two languages or more); its label follows the language. */
function languageMenu(): unknown {
  if (languages.length < 2) return nothing;
  const pick = (e: Event) => {
    const l = (e.currentTarget as HTMLSelectElement).value;
    saveLanguage(l);
    // A setting like any other: the address bar gets the current state in the new language (no new
    // history entry), then the page is drawn again from it.
    cancelUrl();
    history.replaceState(null, '', toHash(store.route, { ...store.snapshot(), lang: l }, schema));
    loadFromUrl(false);
  };
  return html`<select class="lang-select" aria-label=${t('lang.choose')} @change=${pick}>
    ${languages.map((l) => html`<option value=${l} lang=${l} .selected=${live(l === language())}>${languageName(l)}</option>`)}
  </select>`;
}

/** The notice for a link that was not understood (what fell back to defaults). */
function notice(): unknown {
  return html`<div id="notice" class="notice" role="status" ?hidden=${!noticeOpen}>
    ${
      problems.length
        ? html`<p>${t('notice.badLink')} <span class="problems">${problems.map((p) => t(`notice.${p.kind}`, { name: p.name })).join('; ')}</span>.</p>
            <button
              type="button"
              class="btn small"
              @click=${() => {
                noticeOpen = false;
                draw();
              }}
            >
              ${t('notice.dismiss')}
            </button>`
        : nothing
    }
  </div>`;
}

/** The page <main> shows: the core's load error, the mounted page (lesson, lab) or the home page. */
function page(): unknown {
  if (coreError) return html`<div class="core-error" role="alert">${coreError}</div>`;
  return shownPage === 'home' ? homePage(lessons) : (shownPage ?? nothing);
}

/** The whole shell. The skip link must not change the hash (the hash is the app's state). */
function shell(): unknown {
  const skip = (e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };
  return html`<a class="skip" href="#main" @click=${skip}>${t('app.skip')}</a>
    <header class="topbar">
      <a class="brand" href=${routeHref('')} data-route="">Attention Lab</a>
      <div id="top-tools" class="top-tools">${languageMenu()}${themeToggle(draw)}</div>
    </header>
    ${notice()}
    <main id="main" tabindex="-1">${page()}</main>
    <footer class="footer">
      <p>${t('footer.text')} <span id="simd">${core ? t('footer.core', { simd: core.simd }) : ''}</span></p>
    </footer>`;
}

/** Where the shell ends in <body> (what is appended later, e.g. a dialog, stays outside it). */
let shellEnd: Comment | undefined;
/** Renders the shell (lit writes only what changed). */
function draw(): void {
  if (!shellEnd) {
    // The first render: index.html's static shell (English, shown while the app loads) goes.
    shellEnd = document.createComment('');
    document.body.replaceChildren(shellEnd);
  }
  renderInto(shell(), document.body, { renderBefore: shellEnd });
}

/**
 * The address bar follows the state at most every URL_EVERY ms (and always ends on the latest
 * state): history.replaceState costs milliseconds per call in Chromium (a same-document
 * navigation, which also re-fetches the favicon), and Chromium ignores it when called more than
 * about 20 times a second, so a slider drag writing it on every step would lose the last value.
 *
 * A navigation always wins over a pending write. The writer writes only while the address bar
 * still shows what the app itself last put there (`shown`): anything else means a navigation (a
 * link, Back, the address bar, a pasted link) has changed it and its hashchange is on the way, so
 * writing this route's state now would overwrite the new entry and the learner would stay on the
 * old lesson. Following an internal link flushes a pending write first, so the entry it leaves
 * holds the latest state (Back returns to it); routing (loadFromUrl) drops any write still pending.
 */
const URL_EVERY = 120;
let urlTimer: number | undefined;
/** location.hash as the app last wrote or loaded it; any other value is a pending navigation. */
let shown = location.hash;
function cancelUrl(): void {
  window.clearTimeout(urlTimer);
  urlTimer = undefined;
}
function writeUrl(): void {
  cancelUrl();
  if (location.hash !== shown) return;
  const hash = store.hash();
  if (location.hash !== hash) history.replaceState(null, '', hash);
  shown = location.hash;
}
function scheduleUrl(): void {
  urlTimer ??= window.setTimeout(writeUrl, URL_EVERY);
}
// Leaving or hiding the page: the URL (history entry, session restore) gets the last state now.
window.addEventListener('pagehide', writeUrl);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && urlTimer !== undefined) writeUrl();
});
// An internal link (pager, progress steps, home): capture phase, before the link navigates.
document.addEventListener(
  'click',
  (e) => {
    if (urlTimer !== undefined && e.target instanceof Element && e.target.closest('a[href^="#"]')) writeUrl();
  },
  true,
);

function show(focus: boolean): void {
  const route = store.route;
  mounted = undefined;
  leave?.();
  coreError = '';
  // Before the core is ready a lesson shows its text and mounts its live part on arrival.
  mounted = pages.find((p) => p.route === route)?.mount(store, () => core ?? loadCore());
  leave = mounted?.dispose?.bind(mounted);
  shownPage = mounted?.el ?? 'home';
  draw();
  const h1 = document.querySelector<HTMLElement>('main h1');
  document.title = `${h1?.textContent?.trim() ?? ''} · ${t('app.name')}`;
  if (focus) {
    window.scrollTo(0, 0);
    h1?.focus({ preventScroll: true });
  }
}

/** Which language a link asks for: its `lang` if that language exists, else the preferred one. */
function linkLanguage(hash: string, parsed: ReturnType<typeof parseHash>): string {
  const asked = /[?&]lang=/.test(hash) ? (parsed.values.lang as string) : undefined;
  if (asked !== undefined && languages.includes(asked)) return unavailable.has(asked) ? 'en' : asked;
  if (asked !== undefined && !parsed.problems.some((p) => p.name === 'lang')) parsed.problems.push({ kind: 'value', name: 'lang' });
  const preferred = preferredLanguage();
  return unavailable.has(preferred) ? 'en' : preferred;
}
/** Languages whose files could not be fetched (offline before they were cached): English instead. */
const unavailable = new Set<string>();
async function fetchLanguage(l: string): Promise<void> {
  if (!(await loadLanguage(l))) unavailable.add(l);
}

function loadFromUrl(focus: boolean): void {
  // The URL is the source of truth here; a pending write of the old state is obsolete.
  cancelUrl();
  mounted = undefined;
  const hash = location.hash;
  const parsed = parseHash(hash, schema, routes);
  const lang = linkLanguage(hash, parsed);
  if (!isLoaded(lang)) {
    // Fetch the language's texts first (a few small files); the page stays as it is meanwhile.
    // Whatever the outcome, route again, unless another navigation came first.
    void fetchLanguage(lang).then(() => {
      if (location.hash === hash) loadFromUrl(focus);
    });
    return;
  }
  parsed.values.lang = lang;
  if (lang !== language()) setLanguage(lang);
  problems = parsed.problems;
  noticeOpen = problems.length > 0;
  routing = true;
  try {
    store.load(parsed.route, parsed.values);
  } finally {
    routing = false;
  }
  // A teacher's link may lock properties: the controls are disabled and the store keeps them.
  store.lock(store.get('lock'));
  // An embedded figure (ui/embed.ts): no header, footer or lesson text around it.
  document.documentElement.classList.toggle('embed', store.get('embed') !== '');
  const canonical = store.hash();
  if (location.hash !== canonical && !(location.hash === '' && canonical === '#/')) history.replaceState(null, '', canonical);
  shown = location.hash;
  show(focus);
}

store.subscribe((changed) => {
  scheduleUrl();
  if (routing) return;
  mounted?.update(changed);
  // The shell's links (and the home page's) carry the new state.
  draw();
});

// What depends on the environment (the screen's pixel density) renders the shown page again.
setPageRender(() => {
  mounted?.update([]);
  draw();
});

window.addEventListener('hashchange', () => {
  if (location.hash === store.hash()) {
    // A link to exactly the current state: nothing to load, and nothing left to write.
    cancelUrl();
    shown = location.hash;
    return;
  }
  loadFromUrl(true);
});

async function boot(): Promise<void> {
  // The page (a lesson's text and layout) renders while the core downloads and compiles; in a
  // language other than English, once that language's texts have arrived.
  const coming = loadCore();
  await fetchLanguage(linkLanguage(location.hash, parseHash(location.hash, schema, routes)));
  loadFromUrl(false);
  try {
    core = await coming;
    draw();
  } catch (e) {
    mounted = undefined;
    coreError = `${t('core.loadFailed')} ${(e as Error).message}`;
    draw();
    return;
  }
  // The lesson mounts when the core is there and its text was painted; then the page is live.
  await mounted?.ready;
  document.documentElement.dataset.ready = '1';
}

void boot();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const sw = navigator.serviceWorker;
  // Which build this tab runs (its entry script): the service worker keeps that build's cached
  // files while the tab is open, across a deploy (web/public/sw.js). Told to every new worker.
  const report = (to: ServiceWorker | null | undefined) => to?.postMessage({ type: 'attention-lab:build', entry: import.meta.url });
  sw.addEventListener('message', (e: MessageEvent<{ type?: string } | null>) => {
    if (e.data?.type === 'attention-lab:which-build' && e.source instanceof ServiceWorker) report(e.source);
  });
  sw.addEventListener('controllerchange', () => report(sw.controller));
  sw.startMessages();
  const register = () =>
    void sw
      .register('./sw.js')
      .then((reg) => report(sw.controller ?? reg.active ?? reg.installing ?? reg.waiting))
      .catch(() => undefined);
  window.addEventListener('load', () => {
    if (sw.controller) register();
    else registerWhenQuiet(register);
  });
}

/**
 * Runs `register` once the learner has paused: QUIET_MS after the last input (or after this
 * call, if none), then when the browser is idle. On a first visit registering installs the
 * worker, which fetches and stores every file of the site (about 2.5 MB) for offline use: on a
 * two-core machine that is about 0.4 s of CPU across the browser's processes in the 1.5 s after
 * the page loaded, and a learner who starts dragging a slider at once meanwhile gets recomputes
 * half again to twice as slow (docs/benchmarks.md). A page the worker already controls registers
 * at load (nothing to install unless a new build is out).
 */
function registerWhenQuiet(register: () => void): void {
  const QUIET_MS = 2000;
  const INPUT = ['pointerdown', 'pointermove', 'keydown', 'input', 'change', 'click', 'wheel', 'touchstart'] as const;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    for (const type of INPUT) window.removeEventListener(type, wait, true);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(register, { timeout: 1000 });
    else register();
  };
  function wait(): void {
    clearTimeout(timer);
    timer = setTimeout(fire, QUIET_MS);
  }
  for (const type of INPUT) window.addEventListener(type, wait, { capture: true, passive: true });
  wait();
}
