// @ts-check
// tests/wasm/size.test.mjs — issue 5's size budget and the module split it rests on, against the
// built modules (scripts/build-wasm.sh): the lessons' attention_core.wasm is ≤ 150 KB gzipped
// (gzip -9) in both builds; it holds the lesson API and none of the trainer (no Embind class
// _RawBottleneckTrainer, no seq2seq/tasks code, whose messages would be in its data), and the
// trainer module holds the trainer and none of the lesson API. It prints every module's sizes.
// It does not measure what a page downloads (bench/browser.mjs does, with the site built).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { ROOT } from './helpers.mjs';

const BUDGET = 150 * 1024;
/** @param {number} b */
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
/** @param {string} name */
const file = (name) => readFileSync(`${ROOT}wasm/build/${name}`);
/** @param {Uint8Array} bytes */
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** @param {string} name */
async function raw(name) {
  const { default: create } = await import(`../../wasm/build/${name}.js`);
  return create({ wasmBinary: file(`${name}.wasm`) });
}

for (const suffix of ['', '_scalar']) {
  test(`attention_core${suffix}.wasm is within 150 KB gzipped and holds no trainer`, async (t) => {
    const wasm = file(`attention_core${suffix}.wasm`);
    const size = gz(wasm);
    const trainer = file(`attention_trainer${suffix}.wasm`);
    t.diagnostic(
      `sizes (gzip -9): attention_core${suffix}.wasm ${kb(size)} (raw ${kb(wasm.length)}), glue ${kb(gz(file(`attention_core${suffix}.js`)))}; ` +
        `attention_trainer${suffix}.wasm ${kb(gz(trainer))} (raw ${kb(trainer.length)}), glue ${kb(gz(file(`attention_trainer${suffix}.js`)))}`,
    );
    assert.ok(size <= BUDGET, `attention_core${suffix}.wasm is ${kb(size)} gzipped, over the budget of ${kb(BUDGET)}`);
    for (const s of ['_RawBottleneckTrainer', 'Seq2SeqTrainer:', 'make_task:'])
      assert.equal(wasm.includes(s), false, `attention_core${suffix}.wasm contains "${s}": the trainer was linked in`);
    assert.equal(trainer.includes('Seq2SeqTrainer:'), true, 'the string test would not see the trainer');

    const lesson = await raw(`attention_core${suffix}`);
    assert.equal(typeof lesson._rawAttention, 'function');
    assert.equal(lesson._RawBottleneckTrainer, undefined);
    const tr = await raw(`attention_trainer${suffix}`);
    assert.equal(typeof tr._RawBottleneckTrainer, 'function');
    assert.equal(tr._rawAttention, undefined);
    for (const m of [lesson, tr]) assert.equal(typeof m._rawHeapBytes, 'function');
  });
}
