// @ts-check
// tests/wasm/transformer.test.mjs — the Transformer trainer through the JS API of both builds of
// the trainer module (createBottleneckCore): defaults per task, training lowers the loss on each
// task, the same seed gives bitwise-identical weights, state dicts round-trip and carry PyTorch's
// names and shapes, loadStateDict rejects a missing, unknown, mis-shaped or non-finite tensor by
// name and changes nothing then, logits and maps have their shapes and every map row is a
// distribution, the alignment is the heads' mean of the last cross layer, gradients agree with a
// finite difference of the cross-entropy computed from logits(), ablating a head changes the
// output and re-enabling it restores it bit for bit, head scores are in [0, 1], the .safetensors
// bytes decode to the state dict, bad arguments throw named errors, and the heap is flat over 10
// create/train/delete cycles. The PyTorch agreement is transformer-golden.test.mjs's; the
// accuracy and head-formation targets are scripts/bottleneck-headless.mjs --check's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { transformerDefaults } from '../../wasm/trainer.js';
import { VARIANTS, trainerCore } from './helpers.mjs';

// Small, fast settings of each model kind.
/** @satisfies {import('../../wasm/trainer.js').TransformerOptions} */
const ENC_DEC = {
  model: 'transformer',
  task: 'reversal',
  minLen: 3,
  maxLen: 6,
  trainSize: 2000,
  testPerLength: 5,
  dModel: 16,
  numHeads: 2,
  encoderLayers: 1,
  decoderLayers: 1,
  ffDim: 32,
  batchSize: 16,
};
/** @satisfies {import('../../wasm/trainer.js').TransformerOptions} */
const CAUSAL = {
  model: 'transformer',
  task: 'induction',
  minLen: 3,
  maxLen: 5,
  trainSize: 2000,
  testPerLength: 5,
  dModel: 16,
  numHeads: 2,
  decoderLayers: 2,
  ffDim: 32,
  batchSize: 16,
};

/** @typedef {import('../../wasm/index.js').Matrix} Matrix */
/** @typedef {import('../../wasm/trainer.js').TransformerTrainer} TransformerTrainer */

/** Row i of m as a number[]. @param {Matrix} m @param {number} i */
const row = (m, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
/** @param {number[]} xs */
const sum = (xs) => xs.reduce((s, x) => s + x, 0);

/**
 * Mean cross-entropy of `targets` under `logits` (T, V), pads (0) skipped: the test's own reference.
 * @param {Matrix} logits
 * @param {number[]} targets
 */
function crossEntropy(logits, targets) {
  let total = 0;
  let n = 0;
  targets.forEach((y, t) => {
    if (y === 0) return;
    const r = row(logits, t).map(Number);
    const m = Math.max(...r);
    const lse = m + Math.log(sum(r.map((x) => Math.exp(x - m))));
    total += lse - r[y];
    n += 1;
  });
  return total / n;
}

/**
 * Runs `f` with a new Transformer trainer of `options` and always deletes it.
 * @template R
 * @param {import('../../wasm/trainer.js').BottleneckApi} c
 * @param {import('../../wasm/trainer.js').TransformerOptions} options
 * @param {(t: TransformerTrainer) => R} f
 * @returns {R}
 */
function withTrainer(c, options, f) {
  const t = c.createBottleneckTrainer(options);
  try {
    return f(t);
  } finally {
    t.delete();
  }
}

for (const variant of VARIANTS) {
  const c = await trainerCore(variant);
  describe(`transformer trainer (${variant})`, () => {
    test('transformerDefaults: one complete, frozen setting per task, on the module and the core', () => {
      assert.equal(c.transformerDefaults, transformerDefaults);
      assert.deepEqual(Object.keys(transformerDefaults).sort(), ['induction', 'reversal', 'translation']);
      for (const [task, d] of Object.entries(transformerDefaults)) {
        assert.ok(Object.isFrozen(d));
        assert.equal(d.task, task);
        assert.equal(d.model, 'transformer');
        for (const key of [
          'dModel',
          'numHeads',
          'encoderLayers',
          'decoderLayers',
          'ffDim',
          'positional',
          'batchSize',
          'lr',
          'clip',
          'decayAfter',
          'warmup',
          'minLen',
          'maxLen',
          'trainSize',
          'testPerLength',
          'seed',
          'steps',
        ])
          assert.ok(key in d, `${task} lacks ${key}`);
      }
      assert.equal(transformerDefaults.induction.encoderLayers, 0);
      assert.equal(transformerDefaults.induction.decoderLayers, 2);
    });

    test("transformerDefaults are the core's tuned lab settings (transformer_lab_defaults)", async () => {
      // The raw module's own copy, so the JS constants cannot drift from what the core was tuned with.
      const { default: create } = await import(variant === 'simd' ? '../../wasm/build/attention_trainer.js' : '../../wasm/build/attention_trainer_scalar.js');
      const { readFileSync } = await import('node:fs');
      const wasm = readFileSync(new URL(`../../wasm/build/attention_trainer${variant === 'simd' ? '' : '_scalar'}.wasm`, import.meta.url));
      const raw = await create({ wasmBinary: wasm });
      /** @type {const} */ (['translation', 'reversal', 'induction']).forEach((task, k) => {
        const core = raw._rawTransformerLabDefaults(k);
        const { model, ...js } = transformerDefaults[task];
        assert.equal(model, 'transformer');
        assert.deepEqual({ ...js, lr: Math.fround(js.lr), clip: Math.fround(js.clip) }, { ...core, lr: Math.fround(core.lr) }, task);
      });
    });

    test('training lowers the loss of both model kinds; info reports the configuration', () => {
      for (const options of [ENC_DEC, CAUSAL]) {
        withTrainer(c, options, (t) => {
          const first = t.trainSteps(3).loss;
          t.trainSteps(150);
          const r = t.trainSteps(10);
          // Induction's first-half tokens are random (at best log 26 nats each), so its loss falls less.
          assert.ok(r.loss < (options.task === 'induction' ? 0.9 : 0.75) * first, `${options.task}: ${r.loss} vs ${first}`);
          assert.equal(r.steps, 163);
          assert.ok(Number.isFinite(r.gradNorm));
          const info = t.info();
          assert.equal(info.model, 'transformer');
          assert.equal(info.task, options.task);
          assert.equal(info.dModel, 16);
          assert.equal(info.numHeads, 2);
          assert.equal(info.encoderLayers, options.task === 'induction' ? 0 : 1);
          assert.ok(info.parameters > 0);
        });
      }
    });

    test('the same seed gives bitwise-identical weights, another seed does not', () => {
      const [a, b, d] = [1, 1, 2].map((seed) => c.createBottleneckTrainer({ ...ENC_DEC, seed }));
      try {
        for (const t of [a, b, d]) t.trainSteps(20);
        assert.equal(a.weightsChecksum(), b.weightsChecksum());
        assert.notEqual(a.weightsChecksum(), d.weightsChecksum());
      } finally {
        for (const t of [a, b, d]) t.delete();
      }
    });

    test("stateDict has PyTorch's names and shapes; loadStateDict round-trips it into another model", () => {
      const a = c.createBottleneckTrainer({ ...ENC_DEC, seed: 1 });
      const b = c.createBottleneckTrainer({ ...ENC_DEC, seed: 2 });
      try {
        a.trainSteps(10);
        const sd = a.stateDict();
        const V = a.info().targetVocab.length;
        assert.deepEqual(sd['generator.weight'].shape, [V, 16]);
        assert.deepEqual(sd['generator.bias'].shape, [V]);
        assert.deepEqual(sd['transformer.encoder.layers.0.self_attn.in_proj_weight'].shape, [48, 16]);
        assert.deepEqual(sd['transformer.decoder.layers.0.multihead_attn.out_proj.bias'].shape, [16]);
        assert.deepEqual(sd['transformer.decoder.layers.0.linear1.weight'].shape, [32, 16]);
        assert.ok('transformer.encoder.norm.weight' in sd && 'transformer.decoder.norm.bias' in sd);
        for (const [name, t] of Object.entries(sd))
          assert.equal(
            t.data.length,
            t.shape.reduce((x, y) => x * y, 1),
            name,
          );
        const src = [4, 5, 6];
        const tgtIn = [1, 6, 5];
        assert.notDeepEqual(b.logits(src, tgtIn).data, a.logits(src, tgtIn).data);
        b.loadStateDict(sd);
        assert.equal(b.weightsChecksum(), a.weightsChecksum());
        assert.deepEqual(b.logits(src, tgtIn).data, a.logits(src, tgtIn).data);
        // The copies are the caller's: writing into them changes nothing inside.
        sd['generator.bias'].data.fill(7);
        assert.equal(b.weightsChecksum(), a.weightsChecksum());
      } finally {
        a.delete();
        b.delete();
      }
    });

    test('loadStateDict names a missing, unknown, mis-shaped or non-finite tensor and changes nothing', () => {
      withTrainer(c, ENC_DEC, (t) => {
        const before = t.weightsChecksum();
        const good = t.stateDict();
        const { ['generator.bias']: _dropped, ...missing } = good;
        assert.throws(() => t.loadStateDict(missing), /^Error: TransformerTrainer\.loadStateDict: missing tensor 'generator\.bias' of shape \(\d+\)$/);
        assert.throws(() => t.loadStateDict({ ...good, 'decoder.extra': good['generator.bias'] }), /unexpected tensor 'decoder\.extra'/);
        const wrong = { ...good, 'generator.weight': { shape: [3, 16], data: new Float32Array(48) } };
        assert.throws(() => t.loadStateDict(wrong), /tensor 'generator\.weight' has shape \(3, 16\) but the model needs \(\d+, 16\)/);
        const nan = { ...good, 'tgt_embed.weight': { shape: good['tgt_embed.weight'].shape, data: good['tgt_embed.weight'].data.slice() } };
        nan['tgt_embed.weight'].data[5] = NaN;
        assert.throws(() => t.loadStateDict(nan), /tensor 'tgt_embed\.weight'\.data\[5\] is NaN/);
        const short = { ...good, 'generator.bias': { shape: good['generator.bias'].shape, data: new Float32Array(2) } };
        assert.throws(() => t.loadStateDict(short), /'generator\.bias'\.data has length 2/);
        // Not a state dict, on purpose: any past the type check.
        assert.throws(() => t.loadStateDict(/** @type {any} */ (null)), /TransformerTrainer\.loadStateDict: d must be an object/);
        assert.equal(t.weightsChecksum(), before);
      });
    });

    test('logits and every map have their shapes; map rows are distributions; the alignment is the heads’ mean', () => {
      withTrainer(c, ENC_DEC, (t) => {
        t.trainSteps(30);
        const V = t.info().targetVocab.length;
        const lg = t.logits([4, 5, 6, 7], [1, 7, 6]);
        assert.deepEqual([lg.rows, lg.cols], [3, V]);
        const maps = t.attentionMaps([4, 5, 6, 7], [1, 7, 6]);
        assert.equal(maps.encoderSelf.length, 1);
        assert.equal(maps.encoderSelf[0].length, 2);
        assert.deepEqual([maps.encoderSelf[0][1].rows, maps.encoderSelf[0][1].cols], [4, 4]);
        assert.deepEqual([maps.decoderSelf[0][0].rows, maps.decoderSelf[0][0].cols], [3, 3]);
        assert.deepEqual([maps.cross[0][0].rows, maps.cross[0][0].cols], [3, 4]);
        // Causal: the decoder's query i sees keys 0..i only.
        assert.deepEqual(row(maps.decoderSelf[0][0], 0).slice(1), [0, 0]);
        for (const block of Object.values(maps))
          for (const layer of block) for (const m of layer) for (let i = 0; i < m.rows; i++) assert.ok(Math.abs(sum(row(m, i)) - 1) < 1e-5);

        const r = t.translate('a b c d');
        assert.deepEqual(r.source, ['a', 'b', 'c', 'd']);
        assert.deepEqual(r.reference, ['d', 'c', 'b', 'a']);
        const T = r.output.length + (r.finished ? 1 : 0);
        assert.equal(r.prob.length, T);
        assert.deepEqual([r.attention.rows, r.attention.cols], [T, 4]);
        const last = r.maps.cross[r.maps.cross.length - 1];
        for (let k = 0; k < r.attention.data.length; k++) {
          const mean = sum(last.map((m) => m.data[k])) / last.length;
          assert.ok(Math.abs(mean - r.attention.data[k]) < 1e-6);
        }
        // top: each step's most attended source position (the first of equal weights).
        for (let i = 0; i < T; i++) {
          const w = row(r.attention, i);
          assert.equal(r.top[i], w.indexOf(Math.max(...w)), `step ${i}: top`);
        }
      });
    });

    test('gradients agree with a finite difference of the cross-entropy of logits()', () => {
      withTrainer(c, { ...ENC_DEC, seed: 3 }, (t) => {
        t.trainSteps(5);
        const src = [4, 9, 6, 5];
        const tgtIn = [1, 5, 6, 9];
        const tgtOut = [5, 6, 9, 2];
        const g = t.gradients(src, tgtIn, tgtOut);
        const sd = t.stateDict();
        assert.deepEqual(Object.keys(g), Object.keys(sd));
        for (const [name, v] of Object.entries(g)) assert.deepEqual(v.shape, sd[name].shape, name);
        // The generator's bias enters the loss linearly per logit: a clean float32 finite difference.
        const h = 1e-2;
        for (const j of [2, 5, 9]) {
          /** @param {number} delta */
          const at = (delta) => {
            const bias = sd['generator.bias'].data.slice();
            bias[j] += delta;
            t.loadStateDict({ ...sd, 'generator.bias': { shape: sd['generator.bias'].shape, data: bias } });
            return crossEntropy(t.logits(src, tgtIn), tgtOut);
          };
          const fd = (at(h) - at(-h)) / (2 * h);
          assert.ok(Math.abs(fd - g['generator.bias'].data[j]) < 2e-3, `bias[${j}]: ${fd} vs ${g['generator.bias'].data[j]}`);
        }
        t.loadStateDict(sd);
        // Decoder-only: gradients(ids, [], nextIds).
        withTrainer(c, CAUSAL, (d) => {
          const gd = d.gradients([1, 4, 5, 6], [], [4, 5, 6, 4]);
          assert.ok('embed.weight' in gd && 'encoder.layers.1.linear2.bias' in gd);
          assert.ok(Object.values(gd).every((v) => v.data.every(Number.isFinite)));
          const lg = d.logits([1, 4, 5, 6], []);
          assert.deepEqual([lg.rows, lg.cols], [4, d.info().targetVocab.length]);
          assert.throws(
            () => d.logits([], [1, 4]),
            /TransformerTrainer\.logits: the decoder-only \(induction\) model reads its ids as source and \[\] as targetIn/,
          );
        });
      });
    });

    test('ablating a head changes the output; re-enabling restores it bit for bit', () => {
      withTrainer(c, ENC_DEC, (t) => {
        t.trainSteps(20);
        const src = [4, 5, 6, 7];
        const tgtIn = [1, 7, 6];
        const base = t.logits(src, tgtIn).data;
        for (const [block, layer, head] of /** @type {[import('../../wasm/trainer.js').HeadBlock, number, number][]} */ ([
          ['encoder', 0, 1],
          ['decoder', 0, 0],
          ['cross', 0, 1],
        ])) {
          t.setHeadEnabled(block, layer, head, false);
          assert.notDeepEqual(t.logits(src, tgtIn).data, base, block);
          // Every (block, layer, head) above exists in this model, so find() finds it.
          const scores = /** @type {import('../../wasm/trainer.js').HeadScore} */ (
            t.headScores().find((s) => s.block === block && s.layer === layer && s.head === head)
          );
          assert.equal(scores.enabled, false);
          t.setHeadEnabled(block, layer, head, true);
          assert.deepEqual(t.logits(src, tgtIn).data, base, block);
        }
        assert.throws(() => t.setHeadEnabled('cross', 1, 0, false), /^Error: TransformerTrainer\.setHeadEnabled: layer/);
        assert.throws(() => t.setHeadEnabled('cross', 0, 2, false), /^Error: TransformerTrainer\.setHeadEnabled: head/);
        // A wrong block and a wrong type of `enabled`, on purpose: any past the type check.
        assert.throws(() => t.setHeadEnabled(/** @type {any} */ ('middle'), 0, 0, false), /block must be 'encoder', 'decoder' or 'cross'/);
        assert.throws(() => t.setHeadEnabled('cross', 0, 0, /** @type {any} */ ('no')), /enabled must be true or false/);
      });
    });

    test('head scores cover every head with scores in [0, 1]; induction reports both halves', () => {
      withTrainer(c, ENC_DEC, (t) => {
        t.trainSteps(20);
        const s = t.headScores();
        assert.equal(s.length, 3 * 1 * 2);
        for (const h of s) {
          assert.ok(h.previousToken >= 0 && h.previousToken <= 1, JSON.stringify(h));
          if (h.block === 'cross') assert.ok(h.alignment !== null && h.alignment >= 0 && h.alignment <= 1, JSON.stringify(h));
          else assert.equal(h.alignment, null);
        }
        assert.equal(t.testLoss().repeatedHalf, null);
      });
      withTrainer(c, CAUSAL, (t) => {
        t.trainSteps(20);
        const s = t.headScores();
        assert.equal(s.length, 2 * 2);
        assert.ok(s.every((h) => h.block === 'decoder' && h.induction >= 0 && h.induction <= 1 && h.previousToken >= 0 && h.previousToken <= 1));
        const loss = t.testLoss();
        assert.ok(loss.loss > 0 && (loss.firstHalf ?? 0) > 0 && (loss.repeatedHalf ?? 0) > 0, JSON.stringify(loss));
        const rows = t.evaluate();
        assert.ok(rows.some((r) => r.half === 'first') && rows.some((r) => r.half === 'repeated'));
        const ex = t.testExample(0);
        const r = t.translate(ex.source.join(' '));
        assert.equal(r.output.length, ex.source.length);
        assert.equal(r.maps.decoderSelf.length, 2);
        assert.deepEqual(r.maps.encoderSelf, []);
        assert.deepEqual(r.maps.cross, []);
      });
    });

    test('safetensors(): the header names every tensor with its shape and offsets; the data is the state dict', () => {
      withTrainer(c, CAUSAL, (t) => {
        const bytes = t.safetensors();
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const n = Number(view.getBigUint64(0, true));
        assert.equal(n % 8, 0);
        const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
        const sd = t.stateDict();
        assert.deepEqual(
          Object.keys(header).filter((k) => k !== '__metadata__'),
          Object.keys(sd),
        );
        // What docs/transformer-pytorch.md's loader reads to rebuild the module.
        assert.deepEqual(header.__metadata__, {
          format: 'pt',
          producer: 'Attention Lab',
          module: 'CausalLM',
          task: 'induction',
          dModel: '16',
          numHeads: '2',
          encoderLayers: '0',
          decoderLayers: '2',
          ffDim: '32',
          positional: 'sinusoidal',
        });
        for (const [name, entry] of Object.entries(header)) {
          if (name === '__metadata__') continue;
          const {
            dtype,
            shape,
            data_offsets: [a, b],
          } = entry;
          assert.equal(dtype, 'F32');
          assert.deepEqual(shape, sd[name].shape);
          const data = new Float32Array(bytes.slice(8 + n + a, 8 + n + b).buffer);
          assert.deepEqual(data, sd[name].data, name);
        }
      });
    });

    test('bad options and arguments throw errors naming the function and the argument', () => {
      // The options below are wrong on purpose, so `o` is untyped (any).
      /** @param {any} o */
      const create = (o) => c.createBottleneckTrainer({ model: 'transformer', ...o });
      assert.throws(() => create({ task: 'sorting' }), /^Error: createBottleneckTrainer: options\.task must be 'translation', 'reversal' or 'induction'/);
      assert.throws(() => create({ dModel: 30, numHeads: 4 }), /^Error: createBottleneckTrainer: .*n_heads.*30/);
      assert.throws(() => create({ task: 'induction', encoderLayers: 1 }), /options\.encoderLayers must be 0 or absent for task 'induction'/);
      assert.throws(() => create({ attention: 'dot' }), /unknown options field 'attention'/);
      assert.throws(() => create({ positional: 'learned' }), /options\.positional must be 'sinusoidal' or 'none'/);
      // An unknown model and a string for the source ids, on purpose: any past the type check.
      assert.throws(() => c.createBottleneckTrainer({ model: /** @type {any} */ ('lstm') }), /options\.model must be 'gru' or 'transformer'/);
      withTrainer(c, ENC_DEC, (t) => {
        assert.throws(() => t.logits(/** @type {any} */ ('a b'), [1]), /^Error: TransformerTrainer\.logits: source must be an Array of integer ids/);
        assert.throws(() => t.logits([4, 1.5], [1]), /source\[1\] must be a non-negative integer id/);
        assert.throws(() => t.logits([4, 5], []), /^Error: TransformerTrainer\.logits: /);
        assert.throws(() => t.logits([4, 5000], [1]), /^Error: TransformerTrainer\.logits: .*5000/);
        assert.throws(() => t.gradients([4, 5], [1, 5], [5]), /^Error: TransformerTrainer\.gradients: /);
        assert.throws(() => t.translate(''), /^Error: TransformerTrainer\.translate: /);
        assert.throws(() => t.trainSteps(0), /TransformerTrainer\.trainSteps: n must be an integer in \[1, 100000\]/);
        assert.throws(() => t.testExample(t.testSize), /TransformerTrainer\.testExample: i must be an integer/);
        // Still usable after every error.
        assert.ok(Number.isFinite(t.trainSteps(1).loss));
      });
      const t = create(ENC_DEC);
      t.delete();
      assert.equal(t.deleted, true);
      assert.throws(() => t.stateDict(), /TransformerTrainer\.stateDict: the trainer was deleted/);
      t.delete();
    });

    test('the heap is flat over 10 create/train/delete cycles', () => {
      const cycle = () => {
        for (const options of [ENC_DEC, CAUSAL])
          withTrainer(c, options, (t) => {
            t.trainSteps(3);
            t.evaluate();
            t.headScores();
            t.translate(options.task === 'induction' ? t.testExample(0).source.join(' ') : 'a b c');
            t.safetensors();
          });
      };
      cycle();
      const first = c.heapBytes();
      for (let i = 0; i < 10; i++) cycle();
      const last = c.heapBytes();
      assert.equal(last.allocated, first.allocated);
      assert.equal(last.memory, first.memory);
    });
  });
}
