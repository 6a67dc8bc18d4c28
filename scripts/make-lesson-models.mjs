#!/usr/bin/env node
// @ts-check
// scripts/make-lesson-models.mjs — trains the lessons' default models with the core itself and
// writes them where the site loads them lazily: web/public/models/<name>.safetensors, and the
// manifest the app bundles, web/src/model/lesson-models.json (per model: the trainer options,
// whose `model` ('transformer' or 'gru') says which trainer to build, the step count, the file's
// size and SHA-256, the weights' checksum). Training is deterministic (a seed, the core's own data and Adam, the SIMD
// WASM build), so the same core regenerates the same bytes; tests/wasm/lesson-models.test.mjs
// does that and compares the hashes. It decides nothing about what a lesson shows and computes
// nothing itself: the trainer's WASM module does all the math. Needs scripts/build-wasm.sh first.
//
// Usage: node scripts/make-lesson-models.mjs [--check]
//   --check  regenerate in memory and exit 1 unless every file equals the committed one.
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { bottleneckDefaults, createBottleneckCore, transformerDefaults } from '../wasm/trainer.js';

const OUT = fileURLToPath(new URL('../web/public/models/', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../web/src/model/lesson-models.json', import.meta.url));

/**
 * The lessons' models: the lab's tuned Transformers (transformerDefaults, the core's
 * transformer_lab_defaults), trained for their step budget. `translation` drives lessons 2–6 and
 * 8–10 (encoder, masked decoder and cross-attention heads on the toy English → French grammar);
 * `induction` (with 2 heads per layer, so a layer can hold two heads with the same job) drives
 * lesson 8's previous-token and induction heads. `additive` and `dot` are the bottleneck lab's
 * GRU encoder–decoders with its defaults (bottleneckDefaults: the translation task, 600 steps,
 * seed 1), one per scoring function — Bahdanau's additive score and Luong's "general" score —
 * for lesson 11's learned alignments.
 */
/** @satisfies {Record<string, (import('../wasm/trainer.js').TransformerOptions | import('../wasm/trainer.js').BottleneckOptions) & { steps: number }>} */
export const LESSON_MODELS = {
  translation: { ...transformerDefaults.translation },
  induction: { ...transformerDefaults.induction, numHeads: 2 },
  additive: { model: 'gru', ...bottleneckDefaults, attention: 'additive' },
  dot: { model: 'gru', ...bottleneckDefaults, attention: 'dot' },
};

/**
 * Trains one model; returns its .safetensors bytes and what models.json records of it.
 * @param {import('../wasm/trainer.js').BottleneckApi} api
 * @param {keyof typeof LESSON_MODELS} name
 */
export function trainLessonModel(api, name) {
  const options = LESSON_MODELS[name];
  // createBottleneckTrainer builds the trainer options.model names, from either kind of options; its
  // two overloads cannot take their union, so it is called through this view of the same method.
  const create = /** @type {(o: import('../wasm/trainer.js').TransformerOptions | import('../wasm/trainer.js').BottleneckOptions) =>
    import('../wasm/trainer.js').TransformerTrainer | import('../wasm/trainer.js').BottleneckTrainer} */ (api.createBottleneckTrainer);
  const trainer = create.call(api, options);
  try {
    const CHUNK = 100;
    for (let done = 0; done < options.steps; done += CHUNK) trainer.trainSteps(Math.min(CHUNK, options.steps - done));
    const bytes = trainer.safetensors();
    const entry = {
      file: `${name}.safetensors`,
      options,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      weightsChecksum: trainer.weightsChecksum(),
    };
    return { bytes, entry };
  } finally {
    trainer.delete();
  }
}

async function main() {
  const check = process.argv.includes('--check');
  const api = await createBottleneckCore();
  /** @type {{ generator: string, build: string, models: Record<string, ReturnType<typeof trainLessonModel>['entry']> }} */
  const manifest = { generator: 'scripts/make-lesson-models.mjs', build: api.simd, models: {} };
  let ok = true;
  for (const name of Object.keys(LESSON_MODELS)) {
    const t0 = performance.now();
    const { bytes, entry } = trainLessonModel(api, /** @type {keyof typeof LESSON_MODELS} */ (name));
    manifest.models[name] = entry;
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (check) {
      const old = await readFile(OUT + entry.file).catch(() => null);
      const same = old !== null && Buffer.compare(Buffer.from(old), Buffer.from(bytes)) === 0;
      console.log(`${name}: ${same ? 'equal to' : 'DIFFERS from'} the committed file (${entry.bytes} bytes, ${secs} s)`);
      ok &&= same;
    } else {
      await mkdir(OUT, { recursive: true });
      await writeFile(OUT + entry.file, bytes);
      console.log(`${name}: wrote ${entry.file} (${entry.bytes} bytes, sha256 ${entry.sha256.slice(0, 16)}…, ${secs} s)`);
    }
  }
  const json = JSON.stringify(manifest, null, 2) + '\n';
  if (check) {
    const old = await readFile(MANIFEST, 'utf8').catch(() => '');
    if (old !== json) {
      console.log('lesson-models.json DIFFERS from the committed file');
      ok = false;
    }
    process.exit(ok ? 0 : 1);
  }
  await writeFile(MANIFEST, json);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
