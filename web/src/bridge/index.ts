// bridge/index.ts — the registry of "In PyTorch" snippets: lesson slug → its bridge (a function
// from the core, the learner's state and the lesson's content to a runnable PyTorch snippet and
// the core's numbers it reproduces). Lesson 13 (review) is a quiz that shows no numbers, so it
// has no bridge. No math and no DOM here.
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
import implement from './14-implement';
import type { BridgeFn } from './py';

export type { Bridge, BridgeFn, Tensor } from './py';

export const bridges: Readonly<Record<string, BridgeFn>> = {
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
  // review (lesson 13): a quiz, no numbers, no snippet.
  implement,
};
