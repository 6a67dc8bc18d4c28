// model/ablation.ts — which heads of a trained model are switched off (ablated), as lesson 8
// keeps it in the URL ("e1.2~c2.1"), and applying that set to a TransformerTrainer. DOM-free
// (the lesson, its PyTorch bridge and the tests share it); no math.
import type { HeadBlock, TransformerTrainer } from '../../../wasm/trainer.js';
import type { ParamDef } from './state';
import { forgetResults, infoOf } from './trainerMemo';

/** Lesson 8 names a head after a held-out score at or above this (its text says so). */
export const NAMED = 0.4;

/** Ablated heads: "e1.2~c2.1" = encoder layer 1 head 2, cross layer 2 head 1 (1-based). */
export const ablationParam = (): ParamDef<string> => ({
  default: '',
  parse: (s) => (/^([edc][1-9]\.[1-9](~[edc][1-9]\.[1-9])*)?$/.test(s) ? s : undefined),
  serialize: (v) => v,
});

export const BLOCK_LETTER: Record<HeadBlock, string> = { encoder: 'e', decoder: 'd', cross: 'c' };
export const headId = (block: HeadBlock, layer: number, head: number) => `${BLOCK_LETTER[block]}${layer + 1}.${head + 1}`;
export const parseAblation = (s: string): Set<string> => new Set(s ? s.split('~') : []);
export const serializeAblation = (set: ReadonlySet<string>): string => [...set].sort().join('~');

/** The ablation set each model has now (serialized), as applyAblation last set it; a model it
 *  has not seen has every head on, as the trainer is created (nothing else switches heads of a
 *  lesson model: the lab's models live in its worker). */
const applied = new WeakMap<TransformerTrainer, string>();

/** Sets every head of `trainer` on, except those in `ablated` (nothing to do when that is the set
 *  it has: the model's remembered results (model/trainerMemo.ts) are forgotten only on a change). */
export function applyAblation(trainer: TransformerTrainer, ablated: ReadonlySet<string>): void {
  const want = serializeAblation(ablated);
  if ((applied.get(trainer) ?? '') === want) return;
  const info = infoOf(trainer);
  const blocks: [HeadBlock, number][] =
    info.encoderLayers > 0
      ? [
          ['encoder', info.encoderLayers],
          ['decoder', info.decoderLayers],
          ['cross', info.decoderLayers],
        ]
      : [['decoder', info.decoderLayers]];
  for (const [block, layers] of blocks)
    for (let l = 0; l < layers; ++l) for (let k = 0; k < info.numHeads; ++k) trainer.setHeadEnabled(block, l, k, !ablated.has(headId(block, l, k)));
  applied.set(trainer, want);
  forgetResults(trainer);
}
