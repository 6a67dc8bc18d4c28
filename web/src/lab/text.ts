// lab/text.ts — the bottleneck lab's strings from web/content/<lang>/lab.json (loaded by ui/i18n.ts; English when a
// language has no lab file or lacks a key), with {placeholders}. Text lookup only: no layout.
import { labString as raw } from '../ui/i18n';

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
