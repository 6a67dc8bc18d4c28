// bridge/trained.ts — the snippet parts of the lessons shown on a trained model (lessons 8 and
// 10): loading the site's .safetensors file with the site's attention_lab.py (the PyTorch modules
// the core equals), and the ids of the learner's input. Text only: ids are vocabulary look-ups,
// every number the snippet reproduces comes from the trainer.
import { lessonModelInfo, type TransformerModelName } from '../model/lessonModels';
import { vocabIds } from '../model/pipeline';

export { vocabIds };
import { comment, intList, pyString } from './py';

/** The imports and the model built from the site's file, as `model`. */
export function loadTrained(name: TransformerModelName, positional: 'sinusoidal' | 'none' = 'sinusoidal'): string {
  const o = lessonModelInfo(name).options;
  const build = name === 'induction' ? 'causal_lm_from_state_dict' : 'seq2seq_from_state_dict';
  return [
    comment(`Needs two files of this site in the current folder: models/${name}.safetensors (the trained weights)`),
    comment('and models/attention_lab.py (the PyTorch modules the core is equal to, a loader, head_maps).'),
    'import torch',
    `from attention_lab import ${build}, encoder_block_trace, head_maps, load_safetensors`,
    '',
    `sd, meta = load_safetensors(${pyString(`${name}.safetensors`)})`,
    `model = ${build}(sd, nhead=${o.numHeads}, positional=${pyString(positional)})` +
      (positional === 'none' ? '  # the same weights, no positional encoding' : ''),
  ].join('\n');
}

/** `name = torch.tensor([[ids]])` with the words in a comment. */
export function idsLine(name: string, ids: readonly number[], words: readonly string[]): string {
  return `${name} = torch.tensor([${intList([...ids])}])  # ${words.join(' ')}`;
}

/** The site's files a trained-model snippet reads. */
export const trainedFiles = (name: TransformerModelName): string[] => [`models/${name}.safetensors`, 'models/attention_lab.py'];
