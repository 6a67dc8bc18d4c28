// tests/package/app/usage.ts — a TypeScript user of the installed package, type-checked (never
// run) by the package test: both entry points resolve to their .d.ts, and misuse is a type error
// (each @ts-expect-error fails the check if the types were missing or `any`).
import { createAttentionCore, createBottleneckCore, type AttentionResult, type Matrix } from '@attention-lab/core';
import { bottleneckDefaults, createBottleneckCore as trainerFactory, type BottleneckTrainer, type TrainStepsResult } from '@attention-lab/core/trainer';

const M = (rows: number, cols: number, data: number[]): Matrix => ({ rows, cols, data: Float32Array.from(data) });

export async function use(): Promise<number> {
  const core = await createAttentionCore({ scalar: true });
  const r: AttentionResult = core.attention(M(2, 2, [1, 0, 0, 1]), M(2, 2, [1, 0, 0, 1]), M(2, 1, [10, 20]), { causal: true });
  // @ts-expect-error Matrix.data is a Float32Array, not a number[]
  core.softmax({ rows: 1, cols: 2, data: [1, 2] });
  // @ts-expect-error unknown option (a typo of causal)
  core.attention(r.weights, r.weights, r.weights, { casual: true });
  const lab = await (Math.random() < 0.5 ? createBottleneckCore() : trainerFactory());
  const t: BottleneckTrainer = lab.createBottleneckTrainer({ attention: 'dot', task: bottleneckDefaults.task });
  // @ts-expect-error attention is 'none' | 'additive' | 'dot'
  lab.createBottleneckTrainer({ attention: 'luong' });
  try {
    const s: TrainStepsResult = t.trainSteps(1);
    return s.loss + r.weights.data[0];
  } finally {
    t.delete();
  }
}
