// lab/text.ts — the bottleneck lab's strings from web/content/<lang>/lab.json (English when a
// language has no lab file or lacks a key), with {placeholders}. Text lookup only: no layout.
import { language } from '../ui/i18n';

type Strings = Record<string, string | string[]>;
const files = import.meta.glob<Strings>('../../content/*/lab.json', { eager: true, import: 'default' });
const file = (lang: string) => files[`../../content/${lang}/lab.json`];

function raw(key: string): string | string[] | undefined {
  return file(language())?.[key] ?? file('en')?.[key];
}

const fill = (s: string, vars?: Record<string, string | number>) => (vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : s);

/** A string of lab.json; the key itself if missing (visible, never blank). */
export function L(key: string, vars?: Record<string, string | number>): string {
  const v = raw(key);
  return fill(typeof v === 'string' ? v : key, vars);
}

/** A list of lab.json (paragraphs, examples). */
export function list(key: string): string[] {
  const v = raw(key);
  return Array.isArray(v) ? v : [];
}
