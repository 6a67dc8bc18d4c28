// model/teacher.ts — a teacher's link options, kept in the URL like every other state property:
// `hide` (controls by their state key, and whole panels of a lesson page), `lock` (controls whose
// value the link fixes), `course` (a chosen subset of lessons in a chosen order, walked by the
// pager and shown by the step indicator) and `embed` (one figure, for an <iframe>). Declarations and pure helpers only: which names are
// valid, and where a lesson sits in a course. No DOM (ui/teacher.ts applies them), no math.
import { strParam, type ParamDef } from './state';

/** The parts of a lesson page a link can hide besides single controls. */
export const PANELS = ['explain', 'figures', 'formula', 'try', 'check', 'lablink', 'bridge', 'pager', 'steps'] as const;
export type Panel = (typeof PANELS)[number];

/** The teacher's own state keys: never controls themselves. */
export const TEACHER_KEYS: readonly string[] = ['hide', 'lock', 'course', 'embed'];

/**
 * The names a link may use, filled once by lessons/index.ts when it merges the schema (the
 * properties a control can set, and the lessons' slugs); read lazily by the parsers below.
 */
export const known = { controls: new Set<string>(), lessons: new Set<string>() };

const hideable = () => new Set([...known.controls, ...PANELS]);

/**
 * A "~"-separated list of names from `valid` (deduplicated, in the given order). A link naming
 * anything else is malformed as a whole, so the property falls back to its default and the
 * app's notice says which one (as for any bad value).
 */
export function nameListParam(valid: () => ReadonlySet<string>): ParamDef<readonly string[]> {
  return {
    default: [],
    parse: (s) => {
      if (s === '') return [];
      const names = s.split('~');
      const ok = valid();
      if (names.some((n) => !ok.has(n))) return undefined;
      return [...new Set(names)];
    },
    serialize: (v) => v.join('~'),
    equals: (a, b) => a.length === b.length && a.every((x, k) => x === b[k]),
  };
}

/** The previous and next lesson of `slug` in `course`, and its place; undefined when it is not in it. */
export function courseStep(course: readonly string[], slug: string): { index: number; total: number; prev?: string; next?: string } | undefined {
  const index = course.indexOf(slug);
  if (index < 0) return undefined;
  return { index, total: course.length, prev: course[index - 1], next: course[index + 1] };
}

/**
 * hide: controls (by state key) and panels; lock: controls; course: lesson slugs in order;
 * embed: the id of the one figure an embedded page shows (ui/embed.ts; a figure id the lesson
 * does not draw is reported on the page, which then shows every figure).
 */
export const teacherParams = {
  hide: nameListParam(hideable),
  lock: nameListParam(() => known.controls),
  course: nameListParam(() => known.lessons),
  embed: strParam('', 60),
};
