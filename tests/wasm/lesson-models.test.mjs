// @ts-check
// tests/wasm/lesson-models.test.mjs — the lessons' trained models (web/public/models/*.safetensors,
// web/src/model/lesson-models.json) are what scripts/make-lesson-models.mjs produces from the
// core today: each is trained again here with the SIMD WASM trainer and must equal the committed
// file byte for byte (a core change that moves one float fails this; rerun the script). Also
// readSafetensors: it reads back what safetensors() writes, and rejects malformed files with an
// Error naming itself, and the GRU files load into a GRU trainer. It does not test what the
// lessons draw (tests/e2e/trained*.spec.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { LESSON_MODELS, trainLessonModel } from '../../scripts/make-lesson-models.mjs';
import { createBottleneckCore, readSafetensors } from '../../wasm/trainer.js';

const manifest = JSON.parse(readFileSync(new URL('../../web/src/model/lesson-models.json', import.meta.url), 'utf8'));
/** @param {string} file */
const committed = (file) => new Uint8Array(readFileSync(new URL(`../../web/public/models/${file}`, import.meta.url)));
const api = await createBottleneckCore();

test('the manifest lists exactly the models the script trains, with their options', () => {
  assert.deepEqual(Object.keys(manifest.models).sort(), Object.keys(LESSON_MODELS).sort());
  for (const [name, m] of Object.entries(manifest.models)) assert.deepEqual(m.options, LESSON_MODELS[/** @type {keyof typeof LESSON_MODELS} */ (name)], name);
});

for (const name of Object.keys(LESSON_MODELS)) {
  test(`${name}: retrained from its seed, the weights equal the committed file bit for bit`, () => {
    const { bytes, entry } = trainLessonModel(api, /** @type {keyof typeof LESSON_MODELS} */ (name));
    const file = committed(entry.file);
    assert.equal(createHash('sha256').update(file).digest('hex'), manifest.models[name].sha256, 'the committed file matches its manifest entry');
    assert.equal(entry.sha256, manifest.models[name].sha256, 'the retrained weights match the manifest');
    assert.equal(Buffer.compare(Buffer.from(bytes), Buffer.from(file)), 0);
    assert.equal(entry.weightsChecksum, manifest.models[name].weightsChecksum);
  });
}

test('readSafetensors reads back every tensor and the metadata; a loaded trainer has the same weights', () => {
  const m = manifest.models.translation;
  const { metadata, tensors } = readSafetensors(committed(m.file));
  assert.equal(metadata.module, 'Seq2SeqTransformer');
  assert.equal(metadata.dModel, String(m.options.dModel));
  const t = api.createBottleneckTrainer(m.options);
  try {
    const fresh = t.stateDict();
    assert.deepEqual(Object.keys(tensors), Object.keys(fresh), 'names in state_dict order');
    t.loadStateDict(tensors);
    assert.equal(t.weightsChecksum(), m.weightsChecksum);
    assert.deepEqual(readSafetensors(t.safetensors()).tensors, tensors);
  } finally {
    t.delete();
  }
});

test("the GRU models' files load into a GRU trainer of the manifest's options: same weights, each with its own scoring function", () => {
  for (const name of ['additive', 'dot']) {
    const m = manifest.models[name];
    assert.equal(m.options.model, 'gru', `${name}: the manifest says which trainer to build`);
    assert.equal(m.options.attention, name);
    const { metadata, tensors } = readSafetensors(committed(m.file));
    assert.equal(metadata.module, 'Seq2SeqGRU');
    assert.equal(metadata.attention, name);
    assert.equal(metadata.hidden, String(m.options.hidden));
    // The manifest's options of a GRU model (model: 'gru', checked above): the GRU overload.
    const t = api.createBottleneckTrainer(/** @type {import('../../wasm/trainer.js').BottleneckOptions} */ (m.options));
    try {
      assert.deepEqual(Object.keys(tensors), Object.keys(t.stateDict()), 'names in the core order');
      assert.equal(name === 'additive' ? 'att_v' in tensors : 'att_Wa' in tensors, true);
      t.loadStateDict(tensors);
      assert.equal(t.weightsChecksum(), m.weightsChecksum);
      assert.equal(t.info().attention, name);
    } finally {
      t.delete();
    }
  }
});

test('readSafetensors rejects malformed files with an Error naming it', () => {
  const good = committed(manifest.models.induction.file);
  const headerLen = Number(new DataView(good.buffer, good.byteOffset).getBigUint64(0, true));
  /** @type {[any, RegExp][]} bytes (or, on purpose, not bytes) and the message */
  const cases = [
    [new Uint8Array(3), /readSafetensors: bytes has 3 bytes/],
    [good.subarray(0, good.length - 4), /readSafetensors: .*data bytes|readSafetensors: tensor/],
    [
      (() => {
        const b = good.slice();
        b[8] = 0x7b + 1;
        return b;
      })(),
      /readSafetensors: the header is not UTF-8 JSON/,
    ],
    [
      (() => {
        const b = good.slice();
        new DataView(b.buffer).setBigUint64(0, BigInt(good.length), true);
        return b;
      })(),
      /readSafetensors: the header claims/,
    ],
    [
      (() => {
        const b = good.slice();
        const s = new TextDecoder().decode(b.subarray(8, 8 + headerLen)).replace('"F32"', '"F16"');
        b.set(new TextEncoder().encode(s), 8);
        return b;
      })(),
      /readSafetensors: tensor '.*' has dtype "F16"/,
    ],
    ['not bytes', /readSafetensors: bytes must be a Uint8Array/],
  ];
  for (const [bytes, re] of cases) assert.throws(() => readSafetensors(bytes), re);
});
