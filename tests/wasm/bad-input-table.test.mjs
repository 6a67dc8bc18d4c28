// @ts-check
// tests/wasm/bad-input-table.test.mjs — runs the bad-input table of docs/security.md
// (tests/wasm/bad-input-table.mjs) one row per test against the SIMD builds of the lessons' core
// and of the trainer module: an error row must throw an Error (never a
// WebAssembly.RuntimeError) whose message starts with the row's text; a valid row must return a
// result with the row's property. After every row the same core still computes the same
// attention as before it, and the trainer core still builds and trains a model. A last test checks that the table in
// docs/security.md is exactly the rendering of the rows, so the document cannot drift.
// It does not cover every message (validation.test.mjs has more) nor random inputs (soak).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BEGIN, END, mat, renderTable, rows, tableInDoc } from './bad-input-table.mjs';
import { core, trainerCore } from './helpers.mjs';

const Q = mat(2, 4, 0.3),
  K = mat(5, 4, -0.2),
  V = mat(5, 3, 0.7);
const PROBE = { trainSize: 8, testPerLength: 1, embed: 2, hidden: 2, attnHidden: 2, batchSize: 2, minLen: 3, maxLen: 3 };

for (const row of rows) {
  test(`row ${row.id} (${row.category}): ${row.input}`, async () => {
    const c = await core('simd');
    const tc = await trainerCore('simd');
    const before = c.attention(Q, K, V).output.data;
    if (row.expected.error !== undefined) {
      let error;
      try {
        row.call(c, tc);
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof Error, `no Error thrown (got ${error})`);
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `the instance aborted: ${error.message}`);
      assert.ok(error.message.startsWith(row.expected.error), `message "${error.message}" does not start with "${row.expected.error}"`);
    } else {
      const result = row.call(c, tc);
      assert.ok(
        row.expected.check(result),
        `${row.expected.ok}: got ${JSON.stringify(result, (k, v) => (v instanceof Float32Array ? Array.from(v) : v)).slice(0, 300)}`,
      );
    }
    assert.deepEqual(c.attention(Q, K, V).output.data, before, 'the core changed after this row');
    const probe = tc.createBottleneckTrainer(PROBE);
    try {
      assert.ok(Number.isFinite(probe.trainSteps(1).loss), 'the trainer core no longer trains after this row');
    } finally {
      probe.delete();
    }
  });
}

test('docs/security.md holds exactly the rendered table', () => {
  assert.ok(rows.length >= 60, `only ${rows.length} rows`);
  assert.equal(tableInDoc(), renderTable(), `regenerate it: node tests/wasm/bad-input-table.mjs --write (between ${BEGIN} and ${END})`);
});
