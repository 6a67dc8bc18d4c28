// @ts-check
// tests/wasm/golden.test.mjs — the WASM module (SIMD and scalar builds) against PyTorch's
// values in tests/fixtures/golden.json, through the public JS API; same cases and tolerances
// as tests/core/test_golden.cpp.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { VARIANTS, assertClose, core, floats, goldenCases, matrix } from './helpers.mjs';

for (const variant of VARIANTS) {
  describe(`golden (${variant})`, () => {
    test('softmax', async () => {
      const c = await core(variant);
      for (const k of goldenCases('softmax')) assertClose(c.softmax(matrix(k.inputs.x), k.inputs.temperature), matrix(k.expected.output), { label: k.name });
    });

    test('scaled dot-product attention, every intermediate', async () => {
      const c = await core(variant);
      const cases = goldenCases('attention');
      assert.ok(cases.length >= 3);
      for (const k of cases) {
        const i = k.inputs;
        /** @type {import('../../wasm/index.js').AttentionOptions} */
        const options = { causal: i.causal ?? false };
        if (i.mask) options.mask = matrix(i.mask);
        if (i.scale !== undefined) options.scale = i.scale;
        const r = c.attention(matrix(i.Q), matrix(i.K), matrix(i.V), options);
        for (const name of /** @type {const} */ (['scores', 'scaled', 'masked', 'weights', 'output']))
          assertClose(r[name], matrix(k.expected[name]), { label: `${k.name}.${name}` });
      }
    });

    test('additive attention', async () => {
      const c = await core(variant);
      for (const k of goldenCases('additive')) {
        const i = k.inputs;
        const r = c.additiveAttention(
          matrix(i.Q),
          matrix(i.K),
          matrix(i.V),
          { Wq: matrix(i.Wq), Wk: matrix(i.Wk), v: floats(i.v) },
          i.mask ? { mask: matrix(i.mask) } : undefined,
        );
        for (const name of /** @type {const} */ (['scores', 'weights', 'output']))
          assertClose(r[name], matrix(k.expected[name]), { label: `${k.name}.${name}` });
      }
    });

    test('multi-head attention reproduces nn.MultiheadAttention', async () => {
      const c = await core(variant);
      for (const k of goldenCases('multihead')) {
        const i = k.inputs;
        /** @type {import('../../wasm/index.js').MultiHeadParams} */
        const params = {
          numHeads: i.numHeads,
          inProjWeight: matrix(i.inProjWeight),
          outProjWeight: matrix(i.outProjWeight),
        };
        if (i.inProjBias) params.inProjBias = floats(i.inProjBias);
        if (i.outProjBias) params.outProjBias = floats(i.outProjBias);
        /** @type {import('../../wasm/index.js').MultiHeadOptions} */
        const options = { causal: i.causal };
        if (i.mask) options.mask = matrix(i.mask);
        if (i.keyPaddingMask) options.keyPaddingMask = Uint8Array.from(i.keyPaddingMask);
        const r = c.multiHeadAttention(matrix(i.query), matrix(i.key), matrix(i.value), params, options);
        assertClose(r.output, matrix(k.expected.output), { label: `${k.name}.output` });
        assertClose(r.averageWeights, matrix(k.expected.averageWeights), { label: `${k.name}.averageWeights` });
        assert.equal(r.heads.length, i.numHeads);
        r.heads.forEach((h, n) => assertClose(h.weights, matrix(k.expected.headWeights[n]), { label: `${k.name}.heads[${n}]` }));
      }
    });

    test('sinusoidal positional encoding (within one float ulp)', async () => {
      const c = await core(variant);
      for (const k of goldenCases('positional'))
        assertClose(c.positionalEncoding(k.inputs.length, k.inputs.dModel), matrix(k.expected.output), {
          atol: 1e-7,
          rtol: 1.2e-7,
          label: k.name,
        });
    });

    test('RNN encoder states and influence', async () => {
      const c = await core(variant);
      for (const k of goldenCases('rnn')) {
        const i = k.inputs;
        const r = c.rnnEncoder(matrix(i.x), { Wx: matrix(i.Wx), Wh: matrix(i.Wh), b: floats(i.b) });
        assertClose(r.states, matrix(k.expected.states), { atol: 1e-5, rtol: 1e-5, label: `${k.name}.states` });
        assertClose(r.influence, floats(k.expected.influence), { atol: 1e-5, rtol: 1e-4, label: `${k.name}.influence` });
      }
    });
  });
}

test('the SIMD build really vectorizes; the scalar build does not', async () => {
  assert.match((await core('simd')).simd, /SSE2/);
  assert.equal((await core('scalar')).simd, 'None');
});
