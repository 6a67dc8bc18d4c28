// lessons/index.ts — the course: the ordered list of lesson modules and the one merged state
// schema (shared properties + each lesson's own). Adding a lesson = a module + a content file +
// one line here. It checks that no two lessons declare the same state key. No UI, no math.
import { labSchema, type LabSchema } from '../lab/schema';
import { sharedSchema, type SharedSchema } from '../model/schema';
import type { Schema } from '../model/state';
import { known, TEACHER_KEYS } from '../model/teacher';
import type { AnyLesson, LessonSchema } from './types';
import bottleneck from './01-bottleneck';
import qkv from './02-qkv';
import match from './03-match';
import scale from './04-scale';
import softmax from './05-softmax';
import aggregate from './06-aggregate';
import masking from './07-masking';
import multihead from './08-multihead';
import positional from './09-positional';
import transformer from './10-transformer';
import additive from './11-additive';
import recurrence from './12-recurrence';
import review from './13-review';
import implement from './14-implement';

export const lessons: readonly AnyLesson[] = [
  bottleneck,
  qkv,
  match,
  scale,
  softmax,
  aggregate,
  masking,
  multihead,
  positional,
  transformer,
  additive,
  recurrence,
  review,
  implement,
];

/** Every lesson's and the lab's properties; typed for the shared and the lab's (each lesson types its own). */
function merge(): LessonSchema<Schema> & LabSchema {
  const out = { ...sharedSchema, ...labSchema } as SharedSchema & LabSchema & Schema;
  for (const l of lessons)
    for (const [k, d] of Object.entries(l.params as Schema)) {
      if (k in out) throw new Error(`state key "${k}" of lesson ${l.slug} is declared twice`);
      out[k] = d;
    }
  // What a teacher's link may name: every property a lesson's control sets (not the lab's, not the
  // language, which the header's menu sets), every lesson.
  for (const k of Object.keys(out)) if (!(k in labSchema) && !TEACHER_KEYS.includes(k) && k !== 'lang') known.controls.add(k);
  for (const l of lessons) known.lessons.add(l.slug);
  return out;
}

export const schema = merge();
