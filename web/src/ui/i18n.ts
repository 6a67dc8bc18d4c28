// ui/i18n.ts — loads the UI strings, lab strings and lesson texts of one language from
// web/content/<lang>/ and looks strings up with {placeholders}. A translation is a new folder of
// JSON files, not a code change. English is bundled with the app (it is also every missing key's
// fallback); every other language is fetched on demand as its own small chunks, so the first
// lesson in English downloads no translation (loadLanguage, awaited by main.ts before it renders).
// Text only: no layout and no math.
import type { LessonContent, UiStrings } from '../lessons/types';

export type LabStrings = Record<string, string | string[]>;
interface Texts {
  ui: UiStrings;
  lab: LabStrings;
  /** By file name without .json, e.g. "03-match". */
  lessons: Record<string, LessonContent>;
}

const EN = 'en';
const enUi = import.meta.glob<UiStrings>('../../content/en/ui.json', { eager: true, import: 'default' });
const enLab = import.meta.glob<LabStrings>('../../content/en/lab.json', { eager: true, import: 'default' });
const enLessons = import.meta.glob<LessonContent>('../../content/en/lessons/*.json', { eager: true, import: 'default' });
// Every other language: loaders only (each file a chunk of its own, fetched when that language is chosen).
const lazyFiles = import.meta.glob<unknown>(['../../content/*/ui.json', '../../content/*/lab.json', '../../content/*/lessons/*.json', '!../../content/en/**'], {
  import: 'default',
});

const fileName = (p: string) => /([^/]+)\.json$/.exec(p)?.[1] ?? '';
const langOf = (p: string) => /content\/([^/]+)\//.exec(p)?.[1] ?? '';

const loaded = new Map<string, Texts>([
  [
    EN,
    {
      ui: Object.values(enUi)[0] ?? {},
      lab: Object.values(enLab)[0] ?? {},
      lessons: Object.fromEntries(Object.entries(enLessons).map(([p, c]) => [fileName(p), c])),
    },
  ],
]);

/** Every language with a content folder (its ui.json), English first. */
export const languages: string[] = [
  EN,
  ...new Set(
    Object.keys(lazyFiles)
      .filter((p) => p.endsWith('/ui.json'))
      .map(langOf),
  ),
];

/** Each language's name in itself, for the language menu (Intl's name when a language is not listed). */
const NAMES: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' };
export function languageName(l: string): string {
  try {
    return NAMES[l] ?? new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l;
  } catch {
    return l;
  }
}

const pending = new Map<string, Promise<boolean>>();
/** Fetches language `l`'s files once; false when it cannot be loaded (offline, unknown). */
export function loadLanguage(l: string): Promise<boolean> {
  if (loaded.has(l)) return Promise.resolve(true);
  if (!languages.includes(l)) return Promise.resolve(false);
  let p = pending.get(l);
  if (!p) {
    const prefix = `../../content/${l}/`;
    const entries = Object.entries(lazyFiles).filter(([path]) => path.startsWith(prefix));
    p = Promise.all(entries.map(async ([path, load]) => [path, await load()] as const)).then(
      (files) => {
        const texts: Texts = { ui: {}, lab: {}, lessons: {} };
        for (const [path, value] of files) {
          if (path === `${prefix}ui.json`) texts.ui = value as UiStrings;
          else if (path === `${prefix}lab.json`) texts.lab = value as LabStrings;
          else texts.lessons[fileName(path)] = value as LessonContent;
        }
        loaded.set(l, texts);
        return true;
      },
      () => {
        pending.delete(l);
        return false;
      },
    );
    pending.set(l, p);
  }
  return p;
}

export function isLoaded(l: string): boolean {
  return loaded.has(l);
}

let lang = EN;
const texts = (l: string) => loaded.get(l) ?? (loaded.get(EN) as Texts);

/** Switches to a loaded language (English when `l` is not loaded) and tells the page (<html lang>). */
export function setLanguage(l: string): void {
  lang = loaded.has(l) ? l : EN;
  document.documentElement.lang = lang;
}

const LANG_KEY = 'attention-lab:lang';

/** The language of tag `tag` (e.g. "zh-Hans", "ZH-cn", "zh"): the same tag, else the first with its primary subtag. */
export function matchLanguage(tag: string): string | undefined {
  const t = tag.toLowerCase();
  return languages.find((l) => l.toLowerCase() === t) ?? languages.find((l) => l.toLowerCase().split('-')[0] === t.split('-')[0]);
}

/** The learner's saved choice, else the browser's preferred languages, else English. */
export function preferredLanguage(): string {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    /* ignore */
  }
  const wanted = [saved ?? '', ...(typeof navigator === 'undefined' ? [] : navigator.languages)].filter(Boolean);
  for (const w of wanted) {
    const l = matchLanguage(w);
    if (l) return l;
  }
  return EN;
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
  const raw = texts(lang).ui[key] ?? texts(EN).ui[key] ?? key;
  return vars ? raw.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : raw;
}

/** A value of lab.json in the current language, English if missing (lab/text.ts words them). */
export function labString(key: string): string | string[] | undefined {
  return texts(lang).lab[key] ?? texts(EN).lab[key];
}

/** The content of lesson file `file` (e.g. "03-match") in the current language, English if missing. */
export function lessonContent(file: string): LessonContent {
  const c = texts(lang).lessons[file] ?? texts(EN).lessons[file];
  if (!c) throw new Error(`missing content file content/en/lessons/${file}.json`);
  return c;
}
