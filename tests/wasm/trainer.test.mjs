// @ts-check
// tests/wasm/trainer.test.mjs — the bottleneck lab's trainer handle through the JS API of both
// builds of the trainer module (createBottleneckCore): each reports its build's instruction sets
// and is a module of its own (no lesson functions), training lowers the loss, the same seed gives bitwise-identical weights, the
// decoding's attention rows are distributions over the source, no-attention contexts are h_T,
// delete() frees the handle and later calls throw, bad options throw named errors, and the state
// dict: its names and shapes, a round trip through safetensors()/readSafetensors into another
// trainer (same checksum, same translation), and loadStateDict's named rejections.
// It does not measure the accuracy targets (scripts/bottleneck-headless.mjs --check does).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { readSafetensors } from '../../wasm/trainer.js';
import { VARIANTS, core, trainerCore } from './helpers.mjs';

// A small, fast setting: reversal of 3..6 symbols, h = 32.
/** @satisfies {import('../../wasm/trainer.js').BottleneckOptions} */
const SMALL = { task: 'reversal', minLen: 3, maxLen: 6, trainSize: 2000, testPerLength: 10, hidden: 32, attnHidden: 32, embed: 16, batchSize: 16 };
/** Row i of m as a number[]. @param {import('../../wasm/index.js').Matrix} m @param {number} i */
const row = (m, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));

for (const variant of VARIANTS) {
  const c = await trainerCore(variant);
  describe(`bottleneck trainer (${variant})`, () => {
    test('the trainer is its own module, in the requested build', async () => {
      if (variant === 'simd') assert.match(c.simd, /SSE2/);
      else assert.equal(c.simd, 'None');
      assert.equal(c.simd, (await core(variant)).simd);
      assert.equal(typeof c.createBottleneckTrainer, 'function');
      assert.equal(c.bottleneckDefaults.steps, 600);
      assert.equal('attention' in c, false);
      assert.equal('createBottleneckTrainer' in (await core(variant)), false);
      assert.ok(Object.isFrozen(c));
    });

    test('training lowers the loss for every decoder', () => {
      for (const attention of /** @type {const} */ (['none', 'additive', 'dot'])) {
        const t = c.createBottleneckTrainer({ ...SMALL, attention });
        try {
          const first = t.trainSteps(5).loss;
          t.trainSteps(300);
          const r = t.trainSteps(20);
          assert.ok(r.loss < 0.6 * first, `${attention}: ${r.loss} vs ${first}`);
          assert.equal(r.steps, 325);
          assert.ok(r.epochs >= 2);
        } finally {
          t.delete();
        }
      }
    });

    test('the same seed gives bitwise-identical weights, another seed does not', () => {
      const [a, b, d] = [1, 1, 2].map((seed) => c.createBottleneckTrainer({ ...SMALL, seed }));
      try {
        for (const t of [a, b, d]) t.trainSteps(30);
        assert.equal(a.weightsChecksum(), b.weightsChecksum());
        assert.notEqual(a.weightsChecksum(), d.weightsChecksum());
      } finally {
        for (const t of [a, b, d]) t.delete();
      }
    });

    test('attention rows are distributions over the source; contexts their weighted sums', () => {
      const t = c.createBottleneckTrainer({ ...SMALL, attention: 'additive' });
      try {
        t.trainSteps(50);
        const r = t.translate('a b c d e');
        assert.deepEqual(r.source, ['a', 'b', 'c', 'd', 'e']);
        assert.deepEqual(r.reference, ['e', 'd', 'c', 'b', 'a']);
        assert.equal(r.attention.cols, 5);
        assert.equal(r.attention.rows, r.output.length + (r.finished ? 1 : 0));
        assert.ok(r.top instanceof Int32Array && r.top.length === r.attention.rows, 'one top per step');
        assert.equal(r.context.rows, r.attention.rows);
        assert.equal(r.prob.length, r.attention.rows);
        for (let i = 0; i < r.attention.rows; i++) {
          const w = row(r.attention, i);
          assert.ok(Math.abs(w.reduce((s, x) => s + x, 0) - 1) < 1e-5);
          // top: the first column of the row's largest weight.
          assert.equal(r.top[i], w.indexOf(Math.max(...w)), `row ${i}: top`);
          for (let k = 0; k < r.context.cols; k++) {
            const expected = w.reduce((s, x, j) => s + x * r.encoder.data[j * r.encoder.cols + k], 0);
            assert.ok(Math.abs(expected - r.context.data[i * r.context.cols + k]) < 1e-5);
          }
        }
      } finally {
        t.delete();
      }
    });

    test('without attention every context is the final encoder state', () => {
      const t = c.createBottleneckTrainer({ ...SMALL, attention: 'none' });
      try {
        t.trainSteps(10);
        const r = t.translate('c a t');
        assert.equal(r.attention.cols, 0);
        assert.deepEqual(
          [...r.top],
          Array.from({ length: r.attention.rows }, () => -1),
          'no attention: no top',
        );
        const last = row(r.encoder, r.encoder.rows - 1);
        for (let i = 0; i < r.context.rows; i++) assert.deepEqual(row(r.context, i), last);
      } finally {
        t.delete();
      }
    });

    test('evaluate covers every length; unknown words are reported', () => {
      const t = c.createBottleneckTrainer(SMALL);
      try {
        const acc = t.evaluate();
        assert.deepEqual(
          acc.map((x) => x.length),
          [3, 4, 5, 6],
        );
        for (const x of acc) {
          assert.equal(x.sentences, 10);
          assert.equal(x.tokens, 10 * x.length);
          assert.ok(x.tokenAccuracy >= 0 && x.tokenAccuracy <= 1);
        }
        assert.deepEqual(t.translate('a zz b').unknown, ['zz']);
        assert.equal(t.testSize, 40);
        assert.equal(t.testExample(0).source.length, 3);
        assert.equal(t.info().parameters > 0, true);
      } finally {
        t.delete();
      }
    });

    test("stateDict has the core's block names and (rows, cols) shapes, per attention kind", () => {
      const E = SMALL.embed;
      const h = SMALL.hidden;
      const a = SMALL.attnHidden;
      /** @param {number} Vs @param {number} Vt */
      const expected = (Vs, Vt) => [
        ['src_emb', [Vs, E]],
        ['tgt_emb', [Vt, E]],
        ['enc_W', [3 * h, E]],
        ['enc_Uzr', [2 * h, h]],
        ['enc_Un', [h, h]],
        ['enc_b', [1, 3 * h]],
        ['dec_We', [3 * h, E]],
        ['dec_Wc', [3 * h, h]],
        ['dec_Uzr', [2 * h, h]],
        ['dec_Un', [h, h]],
        ['dec_b', [1, 3 * h]],
        ['out_W', [Vt, 2 * h]],
        ['out_b', [1, Vt]],
      ];
      const extra = {
        none: [],
        additive: [
          ['att_Wq', [a, h]],
          ['att_Wk', [a, h]],
          ['att_v', [1, a]],
        ],
        dot: [['att_Wa', [h, h]]],
      };
      for (const attention of /** @type {const} */ (['none', 'additive', 'dot'])) {
        const t = c.createBottleneckTrainer({ ...SMALL, attention });
        try {
          const info = t.info();
          const sd = t.stateDict();
          const want = [...expected(info.sourceVocab.length, info.targetVocab.length), ...extra[attention]];
          assert.deepEqual(
            Object.entries(sd).map(([n, x]) => [n, x.shape]),
            want,
            attention,
          );
          let count = 0;
          for (const x of Object.values(sd)) {
            assert.ok(x.data instanceof Float32Array);
            assert.equal(x.data.length, x.shape[0] * x.shape[1]);
            count += x.data.length;
          }
          assert.equal(count, info.parameters, `${attention}: every parameter once`);
        } finally {
          t.delete();
        }
      }
    });

    test('a round trip through safetensors() and readSafetensors gives another trainer the same weights and translations', () => {
      for (const attention of /** @type {const} */ (['additive', 'dot'])) {
        const a = c.createBottleneckTrainer({ ...SMALL, attention });
        const b = c.createBottleneckTrainer({ ...SMALL, attention, seed: 5 });
        try {
          a.trainSteps(60);
          assert.notEqual(a.weightsChecksum(), b.weightsChecksum());
          const { metadata, tensors } = readSafetensors(a.safetensors());
          assert.deepEqual(metadata, {
            format: 'pt',
            producer: 'Attention Lab',
            module: 'Seq2SeqGRU',
            task: 'reversal',
            attention,
            embed: String(SMALL.embed),
            hidden: String(SMALL.hidden),
            attnHidden: String(SMALL.attnHidden),
          });
          b.loadStateDict(tensors);
          assert.equal(b.weightsChecksum(), a.weightsChecksum());
          assert.deepEqual(b.stateDict(), a.stateDict());
          for (const s of [0, 17, 39].map((i) => a.testExample(i).source.join(' '))) {
            const ta = a.translate(s);
            const tb = b.translate(s);
            assert.deepEqual(tb.output, ta.output, s);
            assert.deepEqual(tb.attention, ta.attention, s);
          }
          // Training goes on after a load (Adam restarts; the step count keeps counting).
          const r = b.trainSteps(1);
          assert.equal(r.steps, 1);
          assert.ok(Number.isFinite(r.loss));
        } finally {
          a.delete();
          b.delete();
        }
      }
    });

    test('loadStateDict rejects a wrong name, shape, length or a non-finite value, naming it; nothing changes and the handle stays usable', () => {
      const t = c.createBottleneckTrainer({ ...SMALL, attention: 'dot' });
      const other = c.createBottleneckTrainer({ ...SMALL, attention: 'additive' });
      try {
        const good = t.stateDict();
        const before = t.weightsChecksum();
        const fn = /^Error: BottleneckTrainer\.loadStateDict: /;
        const { att_Wa, ...missing } = good;
        assert.ok(att_Wa);
        assert.throws(() => t.loadStateDict(missing), /^Error: BottleneckTrainer\.loadStateDict: missing tensor 'att_Wa' of shape \(32, 32\)$/);
        assert.throws(() => t.loadStateDict(other.stateDict()), /BottleneckTrainer\.loadStateDict: unexpected tensor 'att_Wq'/);
        assert.throws(
          () => t.loadStateDict({ ...good, att_Wa: { shape: [32, 31], data: new Float32Array(32 * 31) } }),
          /tensor 'att_Wa' has shape \(32, 31\) but the model needs \(32, 32\)/,
        );
        assert.throws(
          () => t.loadStateDict({ ...good, enc_b: { shape: [96], data: good.enc_b.data } }),
          /tensor 'enc_b' has shape \(96\) but the model needs \(1, 96\)/,
        );
        assert.throws(() => t.loadStateDict({ ...good, out_b: { shape: good.out_b.shape, data: good.out_b.data.subarray(1) } }), /'out_b'\.data has length/);
        const nan = good.dec_Un.data.slice();
        nan[7] = NaN;
        assert.throws(
          () => t.loadStateDict({ ...good, dec_Un: { shape: [32, 32], data: nan } }),
          /tensor 'dec_Un'\.data\[7\] is NaN; every weight must be finite/,
        );
        const inf = good.src_emb.data.slice();
        inf[0] = Infinity;
        assert.throws(() => t.loadStateDict({ ...good, src_emb: { shape: good.src_emb.shape, data: inf } }), /'src_emb'\.data\[0\] is Infinity/);
        assert.throws(
          // A number[] where a Float32Array belongs, on purpose: cast to any past the type check.
          () => t.loadStateDict(/** @type {any} */ ({ ...good, enc_W: { shape: good.enc_W.shape, data: Array.from(good.enc_W.data) } })),
          /'enc_W'\.data must be a Float32Array/,
        );
        // Not a state dict at all, on purpose: any past the type check.
        for (const bad of /** @type {any[]} */ ([null, [], 'weights'])) assert.throws(() => t.loadStateDict(bad), fn);
        assert.equal(t.weightsChecksum(), before, 'a rejected load changes nothing');
        assert.equal(t.translate(t.testExample(0).source.join(' ')).source.length, 3);
        assert.equal(t.trainSteps(2).steps, 2);
        t.loadStateDict(t.stateDict());
      } finally {
        t.delete();
        other.delete();
      }
      assert.throws(() => t.stateDict(), /^Error: BottleneckTrainer\.stateDict: the trainer was deleted/);
      assert.throws(() => t.safetensors(), /^Error: BottleneckTrainer\.safetensors: the trainer was deleted/);
    });

    test('delete() frees the handle; later calls throw; bad arguments throw named errors', () => {
      const t = c.createBottleneckTrainer(SMALL);
      t.delete();
      assert.equal(t.deleted, true);
      t.delete();
      assert.throws(() => t.trainSteps(1), /^Error: BottleneckTrainer\.trainSteps: the trainer was deleted/);
      assert.throws(() => c.createBottleneckTrainer({ hidden: 0 }), /^Error: createBottleneckTrainer: options\.hidden/);
      // Wrong option values and types on purpose (here and below): any past the type check.
      assert.throws(() => c.createBottleneckTrainer({ attention: /** @type {any} */ ('luong') }), /options\.attention/);
      assert.throws(() => c.createBottleneckTrainer({ minLen: 9, maxLen: 4 }), /make_task: lengths/);
      assert.throws(() => c.createBottleneckTrainer(/** @type {any} */ ({ colour: 1 })), /unknown options field 'colour'/);
      const u = c.createBottleneckTrainer(SMALL);
      try {
        assert.throws(() => u.trainSteps(0), /trainSteps: n must be an integer/);
        assert.throws(() => u.translate('   '), /translate: sentence has no words/);
        assert.throws(() => u.translate(/** @type {any} */ (42)), /translate: sentence must be a string/);
        assert.throws(() => u.testExample(40), /testExample: i must be an integer/);
      } finally {
        u.delete();
      }
    });
  });
}
