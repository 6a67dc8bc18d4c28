// lessons/types.ts — the shapes shared by lesson modules, their content files and the lesson
// page: what a content JSON holds (texts, check question, labels), what a lesson module declares
// (its state properties, and how it mounts: a view from the state to templates). Types, and defineLesson,
// which checks a lesson against its own declarations at compile time.
import type { Core } from '../model/core';
import type { FormulaLine } from '../ui/formula';
import type { SharedSchema } from '../model/schema';
import type { KeyOf, Schema, Store } from '../model/state';

export type UiStrings = Record<string, string>;

export interface CheckOption {
  text: string;
  correct?: boolean;
  feedback: string;
}

export interface CheckQuestion {
  question: string;
  options: CheckOption[];
}

export interface QuizItem extends CheckQuestion {
  /** Slug of the lesson that explains it. */
  lesson: string;
  explanation: string;
}

export interface LessonContent {
  title: string;
  /** One line for the course overview. */
  short: string;
  explanation: string[];
  tryThis: string[];
  check?: CheckQuestion;
  /** Figure titles, control labels and other strings of this lesson's figures. */
  labels: Record<string, string>;
  examples?: string[];
  quiz?: QuizItem[];
  /** A link to the lab's matching view: the sentence around it, the link text, the lab properties it sets ("labview=heads"). */
  lab?: { text: string; link: string; set?: string };
  /** Free-form data (e.g. a bilingual lexicon, starter code). */
  data?: Record<string, unknown>;
}

/** What a lesson reads and writes: the shared properties and its own. */
export type LessonSchema<P extends Schema> = SharedSchema & P;

export interface LessonCtx<S extends Schema = LessonSchema<Schema>> {
  core: Core;
  /** Typed by key: only the shared and the lesson's own properties compile. */
  store: Store<S>;
  text: LessonContent;
  /** A label of this lesson (content labels) with {placeholders}. */
  L(key: string, vars?: Record<string, string | number>): string;
  /** Runs view() again (whatever the deps) and renders the page, e.g. when a lazily loaded model arrived. */
  refresh(): void;
}

/** What a lesson draws for the current state: templates (ui/render.ts) and the formula's lines. */
export interface LessonParts {
  /** The live controls (ui/controls.ts templates). */
  controls: unknown;
  /** The figures and the callouts between them. */
  figures: unknown;
  /** The formula with the learner's numbers (omitted: no formula box content). */
  formula?: readonly FormulaLine[];
  /** Which model the figures and formula show, when a control switches between models whose
   *  figures differ in shape (default: the weights mode, trained or random). The page keeps each
   *  key's figures parked while another is shown (ui/modes.ts), so switching back is cheap. */
  figuresKey?: string;
}

export interface LessonView {
  /** One pass of core calls for the current state, and what to draw from it. */
  view(changed: readonly string[]): LessonParts;
}

export interface LessonDef<P extends Schema = Schema> {
  /** URL path: #/slug */
  slug: string;
  /** Content file name without .json, e.g. "03-match". */
  file: string;
  /** This lesson's own state properties (keys unique across the app), each with its type, limits and default. */
  params: P;
  /** Keys whose change recomputes the lesson (default: every key); checked against the schema. */
  deps?: readonly KeyOf<LessonSchema<P>>[];
  /** Lessons without live controls (the review) set this to false. */
  hasFormula?: boolean;
  mount(ctx: LessonCtx<LessonSchema<P>>): LessonView;
}

/**
 * A lesson of any params, as the course list and the lesson page hold them: each one was checked
 * against its own params by defineLesson (Store<S> is invariant in S, so no one wider type fits).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLesson = LessonDef<any>;

/** A lesson whose deps and store reads/writes are checked against its params and the shared ones. */
export const defineLesson = <P extends Schema>(def: LessonDef<P>): LessonDef<P> => def;
