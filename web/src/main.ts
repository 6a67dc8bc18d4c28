// main.ts — boots the app: theme, language (the URL's `lang`, else the learner's preferred one; a
// language other than English is fetched before the page renders), the WASM core (loaded once,
// shared), the single state store (merged schema of shared + lesson properties) and its round
// trip through the URL hash,
// routing between the home page and the pages of pages/routes.ts (lessons, lab), the notice for
// bad links and the service worker for offline use (told which build this tab runs). It computes
// no attention math.
import 'katex/dist/katex.min.css';
import './styles.css';
import { lessons, schema } from './lessons/index';
import { loadCore, type Core } from './model/core';
import { parseHash, Store, toHash, type Problem } from './model/state';
import { homePage } from './pages/home';
import { pages } from './pages/routes';
import { h } from './ui/dom';
import { isLoaded, languageName, languages, language, loadLanguage, preferredLanguage, saveLanguage, setLanguage, t } from './ui/i18n';
import type { Mounted } from './ui/lessonPage';
import { applyTheme, themeToggle } from './ui/theme';

applyTheme();

const routes = ['', ...pages.map((p) => p.route)];
const store = new Store(schema);
const main = document.getElementById('main') as HTMLElement;
const notice = document.getElementById('notice') as HTMLElement;
let mounted: Mounted | undefined;
/** Frees what the shown page holds (the lab's workers) when the learner leaves it. */
let leave: (() => void) | undefined;
let core: Core | undefined;
/** Whether the shell's words were written in the current language yet. */
let chromeDone = false;

function showNotice(problems: Problem[]): void {
  if (!problems.length) {
    notice.hidden = true;
    return;
  }
  const close = h('button', { type: 'button', class: 'btn small', onclick: () => (notice.hidden = true) }, t('notice.dismiss'));
  notice.replaceChildren(
    h('p', {}, t('notice.badLink'), ' ', h('span', { class: 'problems' }, problems.map((p) => t(`notice.${p.kind}`, { name: p.name })).join('; ')), '.'),
    close,
  );
  notice.hidden = false;
}

/** The properties a link's data-set ("key=value&…") sets, each parsed by its declaration; unknown or bad ones are left out. */
function linkOverrides(set: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of set.split('&')) {
    const [key = '', raw = ''] = pair.split('=');
    const v = schema[key]?.parse(raw);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Keeps every internal link carrying the current settings, so navigation never loses them. */
function refreshLinks(): void {
  // toHash(route, …) is `#/route` + the same query for every route: serialize it once.
  const query = toHash('', store.snapshot(), schema).slice(2);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-route]')) {
    // data-set="labview=heads": a link that also sets some properties (e.g. a lesson's link to a lab view).
    const set = a.dataset.set ? linkOverrides(a.dataset.set) : undefined;
    const q = set ? toHash('', { ...store.snapshot(), ...set }, schema).slice(2) : query;
    const href = `#/${a.dataset.route ?? ''}${q}`;
    if (a.getAttribute('href') !== href) a.setAttribute('href', href);
  }
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

function render(focus: boolean): void {
  const route = store.route;
  mounted = undefined;
  leave?.();
  // Before the core is ready a lesson shows its text and mounts its live part on arrival.
  mounted = pages.find((p) => p.route === route)?.mount(store, () => core ?? loadCore());
  leave = mounted?.dispose?.bind(mounted);
  const page = mounted?.el ?? homePage(lessons);
  main.replaceChildren(page);
  const h1 = page.querySelector('h1');
  document.title = `${h1?.textContent ?? ''} · ${t('app.name')}`;
  refreshLinks();
  if (focus) {
    window.scrollTo(0, 0);
    h1?.focus({ preventScroll: true });
  }
}

/** The language menu (when there are two languages or more); its label follows the language. */
const langSelect =
  languages.length > 1
    ? h(
        'select',
        { class: 'lang-select' },
        languages.map((l) => h('option', { value: l, lang: l }, languageName(l))),
      )
    : undefined;
langSelect?.addEventListener('change', () => {
  const l = langSelect.value;
  saveLanguage(l);
  // A setting like any other: the address bar gets the current state in the new language (no new
  // history entry), then the page is drawn again from it.
  cancelUrl();
  history.replaceState(null, '', toHash(store.route, { ...store.snapshot(), lang: l }, schema));
  loadFromUrl(false);
});

/** The parts of the shell outside <main> that carry words (index.html's are English). */
function chrome(): void {
  const tools = document.getElementById('top-tools');
  if (langSelect) {
    langSelect.value = language();
    langSelect.setAttribute('aria-label', t('lang.choose'));
  }
  tools?.replaceChildren(...(langSelect ? [langSelect] : []), themeToggle());
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('app.skip');
  const lead = document.querySelector('.footer p')?.firstChild;
  if (lead?.nodeType === Node.TEXT_NODE) lead.textContent = `${t('footer.text')} `;
  if (core) document.getElementById('simd')?.replaceChildren(t('footer.core', { simd: core.simd }));
  main.querySelector('.loading')?.replaceChildren(t('core.loading'));
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
  if (lang !== language() || !chromeDone) {
    setLanguage(lang);
    chrome();
    chromeDone = true;
  }
  showNotice(parsed.problems);
  store.load(parsed.route, parsed.values);
  // A teacher's link may lock properties: the controls are disabled and the store keeps them.
  store.lock(store.get('lock'));
  // An embedded figure (ui/embed.ts): no header, footer or lesson text around it.
  document.documentElement.classList.toggle('embed', store.get('embed') !== '');
  const canonical = store.hash();
  if (location.hash !== canonical && !(location.hash === '' && canonical === '#/')) history.replaceState(null, '', canonical);
  shown = location.hash;
  render(focus);
}

store.subscribe((changed) => {
  scheduleUrl();
  mounted?.update(changed);
  refreshLinks();
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
    document.getElementById('simd')?.replaceChildren(t('footer.core', { simd: core.simd }));
  } catch (e) {
    mounted = undefined;
    main.replaceChildren(h('div', { class: 'core-error', role: 'alert' }, `${t('core.loadFailed')} ${(e as Error).message}`));
    return;
  }
  // The lesson mounts when the core is there and its text was painted; then the page is live,
  // and the links it just added (pager, lab link) get the current settings.
  await mounted?.ready;
  refreshLinks();
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
  window.addEventListener('load', () => {
    sw.register('./sw.js')
      .then((reg) => report(sw.controller ?? reg.active ?? reg.installing ?? reg.waiting))
      .catch(() => undefined);
  });
}

// The skip link must not change the hash (the hash is the app's state).
document.querySelector('.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
