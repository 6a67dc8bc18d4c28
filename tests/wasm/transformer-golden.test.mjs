// @ts-check
// tests/wasm/transformer-golden.test.mjs — the trainer module's Transformer (both builds) against
// PyTorch 1.13 through the JS API (tests/fixtures/transformer_golden.json, written by
// scripts/make_transformer_goldens.py): with the fixture's weights loaded by state_dict name
// (loadStateDict), every sequence's teacher-forced logits, every head's attention map of every
// block and layer, and d(mean cross-entropy)/d(parameter) by name match PyTorch on the
// task-sized models (translation: 46 / 48 tokens, induction: 30), sinusoidal and no positional
// encoding; stateDict() reports PyTorch's names and shapes and round-trips bitwise; a source made
// only of padding gives zero attention rows and no NaN (PyTorch: NaN) unless the API rejects it
// with an Error; loadStateDict rejects a missing, mis-shaped or short tensor naming it, and a
// rejected load leaves the weights as they were.
// Tolerance: |wasm − torch| ≤ 1e-4 + 1e-4·|torch| (the fixture's "tolerance", as the native test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { VARIANTS, assertClose, trainerCore } from './helpers.mjs';

/** @typedef {import('../../wasm/trainer.js').TransformerTask} TransformerTask */
/** @typedef {import('../../wasm/trainer.js').TransformerTrainer} TransformerTrainer */
/** @typedef {import('../../wasm/trainer.js').StateDict} StateDict */
/** A number of the fixture: NaN is written as the string 'NaN'. */
/** @typedef {number | 'NaN'} JsonNumber */
/** @typedef {{ shape: number[], data: JsonNumber[] }} JsonTensor */
/**
 * The fixture's models: a PyTorch nn.Transformer encoder–decoder or a decoder-only causal LM;
 * `task` is the lab task whose vocabulary it uses, or null for a model the API cannot build.
 * @typedef {{ srcVocab: number, tgtVocab: number, dModel: number, numHeads: number, encoderLayers: number, decoderLayers: number, ffDim: number }} Seq2SeqConfig
 * @typedef {{ vocab: number, dModel: number, numHeads: number, layers: number, ffDim: number }} CausalConfig
 * @typedef {{ kind: 'seq2seq', task: TransformerTask | null, config: Seq2SeqConfig, params: Record<string, JsonTensor> }} Seq2SeqModel
 * @typedef {{ kind: 'causal_lm', task: TransformerTask | null, config: CausalConfig, params: Record<string, JsonTensor> }} CausalModel
 * @typedef {Seq2SeqModel | CausalModel} FixtureModel
 */
/**
 * One sequence of a case, with PyTorch's results: a seq2seq model's (source, targetIn, targetOut)
 * or a causal LM's (ids, nextIds); attention tensors are (L, H, T_q, T_k).
 * @typedef {{ encoderSelf?: JsonTensor, decoderSelf: JsonTensor, cross?: JsonTensor }} JsonMaps
 * @typedef {{ logits: JsonTensor, attention: JsonMaps, loss: number, lossTokens: number, gradients?: Record<string, JsonTensor> }} SequenceResults
 * @typedef {SequenceResults & { source: number[], targetIn: number[], targetOut: number[] }} Seq2SeqSequence
 * @typedef {SequenceResults & { ids: number[], nextIds: number[] }} CausalSequence
 * @typedef {Seq2SeqSequence | CausalSequence} FixtureSequence
 */
/**
 * @typedef {{ name: string, model: string, kind: FixtureModel['kind'], positional: 'sinusoidal' | 'none',
 *   torchModule?: { logits: JsonTensor, loss: JsonNumber }, expected: { sequences: FixtureSequence[] } }} FixtureCase
 */
/** @type {{ tolerance: { atol: number, rtol: number }, models: { translation: Seq2SeqModel, induction: CausalModel } & Record<string, FixtureModel>, cases: FixtureCase[] }} */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/transformer_golden.json', import.meta.url), 'utf8'));
const TOL = { atol: fixture.tolerance.atol, rtol: fixture.tolerance.rtol };
/** @param {JsonNumber} v */
const toFloat = (v) => (v === 'NaN' ? NaN : v);
/** @param {JsonNumber[]} a */
const floats = (a) => Float32Array.from(a, toFloat);
const BLOCKS = /** @type {const} */ (['encoderSelf', 'decoderSelf', 'cross']);

// The cases the single-sequence API can run: models whose vocabularies are a task's.
const taskCases = fixture.cases.filter((k) => fixture.models[k.model].task !== null);

/**
 * Trainer options for a fixture model; a small data set so creating it is quick.
 * @param {FixtureModel} model only the task models' (taskCases', translation), whose task is not null
 * @param {'sinusoidal' | 'none'} positional
 * @returns {import('../../wasm/trainer.js').TransformerOptions}
 */
function optionsOf(model, positional) {
  const c = model.config;
  /** @type {import('../../wasm/trainer.js').TransformerOptions} */
  const common = {
    model: 'transformer',
    task: /** @type {TransformerTask} */ (model.task),
    dModel: c.dModel,
    numHeads: c.numHeads,
    ffDim: c.ffDim,
    positional,
  };
  const data = { minLen: 3, maxLen: 6, trainSize: 64, testPerLength: 2, batchSize: 8 };
  if (model.kind === 'seq2seq') return { ...common, ...data, encoderLayers: model.config.encoderLayers, decoderLayers: model.config.decoderLayers };
  return { ...common, ...data, decoderLayers: model.config.layers };
}

/**
 * The fixture's parameters as a state dict: Record<name, {shape, data: Float32Array}>.
 * @param {FixtureModel} model
 * @returns {StateDict}
 */
function stateDictOf(model) {
  return Object.fromEntries(Object.entries(model.params).map(([n, t]) => [n, { shape: [...t.shape], data: floats(t.data) }]));
}

/**
 * Slice [l][h] of a (L, H, T_q, T_k) fixture tensor as a Matrix.
 * @param {JsonTensor} t
 * @param {number} l
 * @param {number} h
 * @returns {import('../../wasm/index.js').Matrix}
 */
function mapOf(t, l, h) {
  const [, H, rows, cols] = t.shape;
  const size = rows * cols;
  const start = (l * H + h) * size;
  return { rows, cols, data: floats(t.data.slice(start, start + size)) };
}

/**
 * The single-sequence arguments of a fixture sequence: [source, targetIn, targetOut]. Decoder-only
 * models take the ids as `source` and an empty targetIn — logits(ids, []), gradients(ids, [], nextIds) —
 * as wasm/trainer.d.ts documents them. A seq2seq model's sequences are Seq2SeqSequence, a causal LM's CausalSequence.
 * @param {FixtureModel} model
 * @param {FixtureSequence} seq
 * @returns {[number[], number[], number[]]}
 */
function argsOf(model, seq) {
  if (model.kind === 'seq2seq') {
    const s = /** @type {Seq2SeqSequence} */ (seq);
    return [s.source, s.targetIn, s.targetOut];
  }
  const s = /** @type {CausalSequence} */ (seq);
  return [s.ids, [], s.nextIds];
}

/** @param {FixtureModel} model @param {FixtureSequence} seq */
const isAllPadding = (model, seq) => model.kind === 'seq2seq' && /** @type {Seq2SeqSequence} */ (seq).source.every((id) => id === 0);

/**
 * Runs fn(trainer) on a trainer of `model`, `positional` with the fixture's weights loaded.
 * @template R
 * @param {import('../../wasm/trainer.js').BottleneckApi} c
 * @param {FixtureModel} model
 * @param {'sinusoidal' | 'none'} positional
 * @param {(trainer: TransformerTrainer) => R} fn
 * @returns {R}
 */
function withTrainer(c, model, positional, fn) {
  const t = c.createBottleneckTrainer(optionsOf(model, positional));
  try {
    t.loadStateDict(stateDictOf(model));
    return fn(t);
  } finally {
    t.delete();
  }
}

/**
 * Compares one sequence's logits, maps and gradients with PyTorch's; returns the maps.
 * @param {TransformerTrainer} t
 * @param {FixtureModel} model
 * @param {FixtureSequence} seq
 * @param {string} label
 */
function compareSequence(t, model, seq, label) {
  const [source, targetIn, targetOut] = argsOf(model, seq);
  const T = targetIn.length || source.length;
  const V = model.kind === 'seq2seq' ? model.config.tgtVocab : model.config.vocab;

  const logits = t.logits(source, targetIn);
  assert.equal(logits.rows, T, `${label}: logits rows`);
  assert.equal(logits.cols, V, `${label}: logits cols`);
  assertClose(logits, { rows: logits.rows, cols: V, data: floats(seq.logits.data) }, { ...TOL, label: `${label}: logits` });
  assert.ok(logits.data.every(Number.isFinite), `${label}: logits finite`);

  const maps = t.attentionMaps(source, targetIn);
  for (const block of BLOCKS) {
    const expected = seq.attention[block];
    if (!expected) {
      assert.equal(maps[block]?.length ?? 0, 0, `${label}: ${block} should be empty for a decoder-only model`);
      continue;
    }
    const [L, H] = expected.shape;
    assert.equal(maps[block].length, L, `${label}: ${block} layers`);
    for (let l = 0; l < L; l++) {
      assert.equal(maps[block][l].length, H, `${label}: ${block}[${l}] heads`);
      for (let h = 0; h < H; h++) assertClose(maps[block][l][h], mapOf(expected, l, h), { ...TOL, label: `${label}: ${block}[${l}][${h}]` });
    }
  }

  if (seq.gradients) {
    const grads = t.gradients(source, targetIn, targetOut);
    assert.deepEqual(Object.keys(grads).sort(), Object.keys(seq.gradients).sort(), `${label}: gradient names`);
    for (const [name, e] of Object.entries(seq.gradients)) {
      assert.deepEqual(grads[name].shape, e.shape, `${label}: d/d ${name} shape`);
      assertClose(grads[name].data, floats(e.data), { ...TOL, label: `${label}: d/d ${name}` });
    }
  }
  return maps;
}

for (const variant of VARIANTS) {
  const c = await trainerCore(variant);
  describe(`transformer golden (${variant})`, () => {
    test('the fixture has task-sized cases for translation and induction', () => {
      const tasks = new Set(taskCases.map((k) => fixture.models[k.model].task));
      assert.ok(tasks.has('translation') && tasks.has('induction'), [...tasks].join());
      assert.ok(taskCases.some((k) => k.positional === 'none'));
      assert.equal(fixture.models.translation.config.srcVocab, 46);
      assert.equal(fixture.models.translation.config.tgtVocab, 48);
    });

    test("stateDict() has PyTorch's names and shapes; loadStateDict round-trips bitwise", () => {
      for (const name of new Set(taskCases.map((k) => k.model))) {
        const model = fixture.models[name];
        const t = c.createBottleneckTrainer(optionsOf(model, 'sinusoidal'));
        try {
          const before = t.stateDict();
          assert.deepEqual(Object.keys(before), Object.keys(model.params), `${name}: names in state_dict order`);
          for (const [n, e] of Object.entries(model.params)) {
            assert.deepEqual(before[n].shape, e.shape, `${name}: ${n} shape`);
            assert.ok(before[n].data instanceof Float32Array, `${name}: ${n} is a Float32Array`);
            assert.equal(before[n].data.length, e.data.length, `${name}: ${n} length`);
          }
          const sd = stateDictOf(model);
          t.loadStateDict(sd);
          const after = t.stateDict();
          for (const [n, e] of Object.entries(sd)) assert.deepEqual(after[n].data, e.data, `${name}: ${n} after load`);
        } finally {
          t.delete();
        }
      }
    });

    for (const k of taskCases) {
      const model = fixture.models[k.model];
      test(`${k.name}: logits, every head's map and gradients by name, per sequence`, (t) => {
        withTrainer(c, model, k.positional, (trainer) => {
          k.expected.sequences.forEach((seq, b) => {
            const label = `${k.name} row ${b}`;
            if (isAllPadding(model, seq)) {
              // Zero weights for a fully blocked row (PyTorch: NaN), unless the API refuses such a source.
              let maps;
              try {
                maps = compareSequence(trainer, model, seq, label);
              } catch (e) {
                if (e instanceof assert.AssertionError) throw e;
                assert.ok(e instanceof Error, `${label}: throws an Error, not ${e}`);
                t.diagnostic(`${label}: a source of only <pad> is rejected: ${e.message}`);
                return;
              }
              assert.ok(k.torchModule?.logits.data.includes('NaN'), 'PyTorch gives NaN here');
              for (const block of /** @type {const} */ (['encoderSelf', 'cross']))
                for (const layer of maps[block])
                  for (const head of layer)
                    assert.ok(
                      head.data.every((v) => v === 0),
                      `${label}: ${block} all zero`,
                    );
              return;
            }
            compareSequence(trainer, model, seq, label);
          });
        });
      });
    }

    test('safetensors() holds exactly the loaded state dict (F32, state_dict names, little-endian)', () => {
      for (const name of new Set(taskCases.map((k) => k.model))) {
        const model = fixture.models[name];
        withTrainer(c, model, 'sinusoidal', (t) => {
          const bytes = t.safetensors();
          assert.ok(bytes instanceof Uint8Array);
          const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          const n = Number(view.getBigUint64(0, true));
          const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
          delete header.__metadata__;
          assert.deepEqual(Object.keys(header), Object.keys(model.params), `${name}: names in state_dict order`);
          let end = 0;
          for (const [tensorName, e] of Object.entries(model.params)) {
            const h = header[tensorName];
            assert.equal(h.dtype, 'F32', tensorName);
            assert.deepEqual(h.shape, e.shape, tensorName);
            const [begin, stop] = h.data_offsets;
            assert.equal(stop - begin, 4 * e.data.length, tensorName);
            end = Math.max(end, stop);
            const got = Float32Array.from({ length: e.data.length }, (_, i) => view.getFloat32(8 + n + begin + 4 * i, true));
            assert.deepEqual(got, floats(e.data), `${name}: ${tensorName} bytes`);
          }
          assert.equal(bytes.length, 8 + n + end, `${name}: no bytes past the last tensor`);
        });
      }
    });

    test('loadStateDict rejects a missing, mis-shaped, short or unknown tensor, naming it, and changes nothing', () => {
      const model = fixture.models.translation;
      const t = c.createBottleneckTrainer(optionsOf(model, 'sinusoidal'));
      try {
        const before = t.stateDict();
        const missing = 'transformer.decoder.layers.1.multihead_attn.in_proj_bias';
        const sd = stateDictOf(model);
        delete sd[missing];
        assert.throws(
          () => t.loadStateDict(sd),
          (e) => e instanceof Error && e.message.includes(missing),
        );
        const misShaped = 'transformer.encoder.layers.0.linear1.weight';
        const bad = stateDictOf(model);
        const [r, cols] = bad[misShaped].shape;
        bad[misShaped] = { shape: [cols, r], data: bad[misShaped].data };
        assert.throws(
          () => t.loadStateDict(bad),
          (e) => e instanceof Error && e.message.includes(misShaped),
        );
        const short = stateDictOf(model);
        short['generator.bias'] = { shape: short['generator.bias'].shape, data: short['generator.bias'].data.subarray(1) };
        assert.throws(
          () => t.loadStateDict(short),
          (e) => e instanceof Error && e.message.includes('generator.bias'),
        );
        const unknown = 'transformer.encoder.layers.9.norm1.weight';
        const extra = stateDictOf(model);
        extra[unknown] = { shape: [8], data: new Float32Array(8) };
        assert.throws(
          () => t.loadStateDict(extra),
          (e) => e instanceof Error && e.message.includes(unknown),
        );
        // a rejected load changes nothing
        const after = t.stateDict();
        for (const n of Object.keys(before)) assert.deepEqual(after[n].data, before[n].data, `${n} unchanged`);
      } finally {
        t.delete();
      }
    });
  });
}
