// lessons/types.ts — the shapes shared by lesson modules, their content files and the lesson
// page: what a content JSON holds (texts, check question, labels), what a lesson module declares
// (its state properties and how it mounts its controls and figures). Types only.
import type { Core } from '../model/core';
import type { Schema, Store } from '../model/state';

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
  /** Free-form data (e.g. a bilingual lexicon, starter code). */
  data?: Record<string, unknown>;
}

export interface LessonCtx {
  core: Core;
  store: Store;
  text: LessonContent;
  /** A label of this lesson (content labels) with {placeholders}. */
  L(key: string, vars?: Record<string, string | number>): string;
  controls: HTMLElement;
  figures: HTMLElement;
  formula: HTMLElement;
}

export interface LessonView {
  /** Recompute (one pass of core calls) and redraw after state changed. */
  update(changed: readonly string[]): void;
}

export interface LessonDef {
  /** URL path: #/slug */
  slug: string;
  /** Content file name without .json, e.g. "03-match". */
  file: string;
  /** This lesson's own state properties (keys unique across the app). */
  params: Schema;
  /** Keys whose change should trigger update() (default: every key). */
  deps?: readonly string[];
  /** Lessons without live controls (the review) set this to false. */
  hasFormula?: boolean;
  mount(ctx: LessonCtx): LessonView;
}
