// model/progress.ts — what the learner has done, as data: lessons visited (first and last visit),
// check-yourself answers (the option chosen and whether it was right; the review's items too)
// and lesson 14's exercises passed. Pure functions only: an empty record, recording, the file
// format of export/import (JSON, versioned, named) and its validation with messages a learner
// can read. No DOM, no storage (ui/progress.ts keeps the record on the device), no network:
// nothing here ever leaves the browser.

export const PROGRESS_APP = 'attention-lab';
export const PROGRESS_VERSION = 1;

export interface Answer {
  /** The option's index in the content file. */
  choice: number;
  correct: boolean;
}

export interface Progress {
  /** Lesson slug → first and last visit (ms since 1970). */
  visited: Record<string, { first: number; last: number }>;
  /** Question key → the learner's latest answer: a lesson's slug, or "review:<k>" for the review's item k. */
  answers: Record<string, Answer>;
  /** Lesson 14's exercise modes passed ("plain", "masked", "multihead", "blocked") → when. */
  exercises: Record<string, number>;
}

export const emptyProgress = (): Progress => ({ visited: {}, answers: {}, exercises: {} });

export function withVisit(p: Progress, slug: string, now: number): Progress {
  const v = p.visited[slug];
  return { ...p, visited: { ...p.visited, [slug]: { first: v?.first ?? now, last: now } } };
}

export function withAnswer(p: Progress, key: string, a: Answer): Progress {
  return { ...p, answers: { ...p.answers, [key]: { ...a } } };
}

export function withExercise(p: Progress, mode: string, now: number): Progress {
  return p.exercises[mode] !== undefined ? p : { ...p, exercises: { ...p.exercises, [mode]: now } };
}

/** The lessons whose check-yourself question was last answered right (the step indicator's ✓). */
export function checkedLessons(p: Progress): Set<string> {
  return new Set(Object.entries(p.answers).flatMap(([k, a]) => (a.correct && !k.includes(':') ? [k] : [])));
}

/** The file a learner exports: the record plus what it is and when it was written. */
export function serializeProgress(p: Progress, now: number): string {
  return `${JSON.stringify({ app: PROGRESS_APP, version: PROGRESS_VERSION, exported: new Date(now).toISOString(), ...p }, null, 2)}\n`;
}

export interface KnownKeys {
  lessons: ReadonlySet<string>;
  /** Question keys (lesson slugs with a question, "review:<k>") → whether each option (content order) is right. */
  questions: ReadonlyMap<string, readonly boolean[]>;
  exercises: ReadonlySet<string>;
}

/**
 * Why a file was refused, as a message key and its values (the UI words it in the learner's
 * language: progress.err.<code> in content/<lang>/ui.json).
 */
export interface ImportError {
  code: 'notJson' | 'notOurs' | 'version' | 'notObjects' | 'badEntry';
  vars?: Record<string, string>;
}

export type ParsedProgress = { ok: true; progress: Progress; dropped: string[] } | { ok: false; error: ImportError };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/**
 * Reads an exported file. A file that is not this app's progress (not JSON, another app or
 * version, a field of the wrong type) is refused with the reason; entries this version of the
 * course does not know (a lesson or question that no longer exists, an option index out of
 * range) are dropped and listed, so an older file still imports. Whether an answer is right is
 * taken from the course's own questions, not from the file.
 */
export function parseProgress(text: string, known: KnownKeys): ParsedProgress {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'notJson' } };
  }
  if (!isObject(raw) || raw.app !== PROGRESS_APP) return { ok: false, error: { code: 'notOurs', vars: { app: PROGRESS_APP } } };
  if (raw.version !== PROGRESS_VERSION) return { ok: false, error: { code: 'version', vars: { got: String(raw.version), want: String(PROGRESS_VERSION) } } };
  const { visited, answers, exercises } = raw;
  if (!isObject(visited) || !isObject(answers) || !isObject(exercises)) return { ok: false, error: { code: 'notObjects' } };
  const p = emptyProgress();
  const dropped: string[] = [];
  for (const [slug, v] of Object.entries(visited)) {
    if (!isObject(v) || !isTime(v.first) || !isTime(v.last)) return { ok: false, error: { code: 'badEntry', vars: { entry: `visited.${slug}` } } };
    if (known.lessons.has(slug)) p.visited[slug] = { first: v.first, last: v.last };
    else dropped.push(slug);
  }
  for (const [key, a] of Object.entries(answers)) {
    if (!isObject(a) || !Number.isInteger(a.choice)) return { ok: false, error: { code: 'badEntry', vars: { entry: `answers.${key}` } } };
    const right = known.questions.get(key)?.[a.choice as number];
    if (right !== undefined) p.answers[key] = { choice: a.choice as number, correct: right };
    else dropped.push(key);
  }
  for (const [mode, when] of Object.entries(exercises)) {
    if (!isTime(when)) return { ok: false, error: { code: 'badEntry', vars: { entry: `exercises.${mode}` } } };
    if (known.exercises.has(mode)) p.exercises[mode] = when;
    else dropped.push(mode);
  }
  return { ok: true, progress: p, dropped };
}

/**
 * The record as this site stored it on the device (a former version's too): well-formed entries
 * are kept, anything malformed is skipped; unknown keys stay (the home page shows only the
 * course's own). Never throws.
 */
export function readStored(text: string | null): Progress {
  const p = emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? 'null');
  } catch {
    return p;
  }
  if (!isObject(raw)) return p;
  if (isObject(raw.visited))
    for (const [k, v] of Object.entries(raw.visited)) if (isObject(v) && isTime(v.first) && isTime(v.last)) p.visited[k] = { first: v.first, last: v.last };
  if (isObject(raw.answers))
    for (const [k, a] of Object.entries(raw.answers))
      if (isObject(a) && Number.isInteger(a.choice) && typeof a.correct === 'boolean') p.answers[k] = { choice: a.choice as number, correct: a.correct };
  if (isObject(raw.exercises)) for (const [k, w] of Object.entries(raw.exercises)) if (isTime(w)) p.exercises[k] = w;
  return p;
}
