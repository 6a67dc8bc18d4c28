// tests/package/app/main.js — the program a user of @attention-lab/core would write. The package
// test copies this folder into a fresh project in the OS temp dir, installs the packed tarball
// there and runs this file twice: in Node straight from node_modules, and as the Vite bundle of
// index.html. It imports the package by name through both entry points, runs the golden cases
// of ./inputs.js (written by the test from tests/fixtures/golden.json) through the SIMD and the
// scalar build, makes one bad call, trains a few steps in both trainer builds, and prints one
// JSON report (in a browser it also shows it in the page). It compares nothing: the test does.
import { createAttentionCore, createBottleneckCore as rootFactory } from '@attention-lab/core';
import { bottleneckDefaults, createBottleneckCore } from '@attention-lab/core/trainer';

import { cases, trainer } from './inputs.js';

const toFloat = (v) => (v === '-Infinity' ? -Infinity : v);
const matrix = (j) => ({ rows: j.rows, cols: j.cols, data: Float32Array.from(j.data, toFloat) });
const floats = (a) => Float32Array.from(a, toFloat);
const plain = (m) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });

async function lessons(scalar) {
  const core = await createAttentionCore({ scalar });
  const results = {};
  for (const k of cases) {
    const i = k.inputs;
    if (k.kind === 'attention') {
      const options = { causal: i.causal ?? false };
      if (i.mask) options.mask = matrix(i.mask);
      if (i.scale !== undefined) options.scale = i.scale;
      const r = core.attention(matrix(i.Q), matrix(i.K), matrix(i.V), options);
      results[k.name] = { weights: plain(r.weights), output: plain(r.output) };
    } else {
      const params = { numHeads: i.numHeads, inProjWeight: matrix(i.inProjWeight), outProjWeight: matrix(i.outProjWeight) };
      if (i.inProjBias) params.inProjBias = floats(i.inProjBias);
      if (i.outProjBias) params.outProjBias = floats(i.outProjBias);
      const options = { causal: i.causal };
      if (i.mask) options.mask = matrix(i.mask);
      if (i.keyPaddingMask) options.keyPaddingMask = Uint8Array.from(i.keyPaddingMask);
      const r = core.multiHeadAttention(matrix(i.query), matrix(i.key), matrix(i.value), params, options);
      results[k.name] = { output: plain(r.output), averageWeights: plain(r.averageWeights), headWeights: r.heads.map((h) => plain(h.weights)) };
    }
  }
  // The contract: bad input throws an Error naming the function, and the core stays usable.
  const zeros = (rows, cols) => ({ rows, cols, data: new Float32Array(rows * cols) });
  let error = null;
  try {
    core.attention(zeros(2, 4), zeros(5, 3), zeros(5, 1));
  } catch (e) {
    error = e instanceof Error ? e.message : `not an Error: ${String(e)}`;
  }
  const after = core.softmax({ rows: 1, cols: 2, data: Float32Array.of(0, 0) });
  return { simd: core.simd, results, error, usableAfterError: Array.from(after.data) };
}

async function train(scalar) {
  const lab = await createBottleneckCore({ scalar });
  const t = lab.createBottleneckTrainer(trainer.options);
  try {
    const r = t.trainSteps(trainer.steps);
    return { simd: lab.simd, ...r, checksum: t.weightsChecksum(), translation: t.translate(trainer.sentence).output };
  } finally {
    t.delete();
  }
}

const report = {
  sameFactory: rootFactory === createBottleneckCore,
  defaultTask: bottleneckDefaults.task,
  lessons: { simd: await lessons(false), scalar: await lessons(true) },
  trainer: { simd: await train(false), scalar: await train(true) },
};
const text = JSON.stringify(report);
if (typeof document !== 'undefined') document.body.textContent = text;
console.log(text);
