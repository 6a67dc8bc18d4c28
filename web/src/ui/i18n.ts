// ui/i18n.ts — loads the UI strings and lesson texts of one language from web/content/<lang>/
// (bundled by Vite; a translation is a new folder of JSON files, not a code change) and looks
// strings up with {placeholders}. Text only: no layout and no math.
import type { LessonContent, UiStrings } from '../lessons/types';

const uiFiles = import.meta.glob<UiStrings>('../../content/*/ui.json', { eager: true, import: 'default' });
const lessonFiles = import.meta.glob<LessonContent>('../../content/*/lessons/*.json', { eager: true, import: 'default' });

export const languages: string[] = Object.keys(uiFiles)
  .map((p) => /content\/([^/]+)\/ui\.json$/.exec(p)?.[1] ?? '')
  .filter(Boolean);

let current: UiStrings = {};
let lang = 'en';

export function setLanguage(l: string): void {
  lang = languages.includes(l) ? l : 'en';
  current = uiFiles[`../../content/${lang}/ui.json`] ?? {};
  document.documentElement.lang = lang;
}

const LANG_KEY = 'attention-lab:lang';

/** The learner's saved choice, else the browser's preferred languages, else English. */
export function preferredLanguage(): string {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    /* ignore */
  }
  const wanted = [saved ?? '', ...(typeof navigator === 'undefined' ? [] : navigator.languages)].map((l) => l.toLowerCase().split('-')[0] ?? '');
  return wanted.find((l) => languages.includes(l)) ?? 'en';
}

export function saveLanguage(l: string): void {
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    /* ignore */
  }
}

export function language(): string {
  return lang;
}

/** A UI string with {name} placeholders filled; the key itself if missing (visible, never blank). */
export function t(key: string, vars?: Record<string, string | number>): string {
  const raw = current[key] ?? uiFiles['../../content/en/ui.json']?.[key] ?? key;
  return vars ? raw.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : raw;
}

/** The content of lesson file `file` (e.g. "03-match") in the current language, English if missing. */
export function lessonContent(file: string): LessonContent {
  const c = lessonFiles[`../../content/${lang}/lessons/${file}.json`] ?? lessonFiles[`../../content/en/lessons/${file}.json`];
  if (!c) throw new Error(`missing content file content/en/lessons/${file}.json`);
  return c;
}
