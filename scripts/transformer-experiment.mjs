// @ts-check
// scripts/transformer-experiment.mjs — the Transformer lab's two experiments as plain functions
// over the trainer API (wasm/trainer.js), with no Node-only imports, so the same code runs in Node
// (scripts/transformer-headless.mjs) and in headless Chromium (scripts/transformer-headless.mjs
// --browser): (1) translation: train with transformerDefaults.translation (or overrides), time
// it, and evaluate token accuracy by source length; (2) induction: train the 2-layer decoder-only
// model, recording the training loss and every head's previous-token and induction scores as it
// trains, note when a layer-0 head's previous-token score and a layer-1 head's induction score
// first reach 0.5, then ablate the best layer-1 induction head and compare the repeated-half loss.
// Every number comes from the core; this file only schedules calls, times them and picks maxima.

/** @typedef {import('../wasm/trainer.js').BottleneckApi} BottleneckApi */
/** @typedef {import('../wasm/trainer.js').HeadScore} HeadScore */
/** @typedef {import('../wasm/trainer.js').TrainStepsResult} TrainStepsResult */
/** The settings a run may change: the task (translation's run), the seed, the step budget, … */
/** @typedef {Partial<import('../wasm/trainer.js').TransformerOptions>} Overrides */

/** Seconds since t0 (performance.now() exists in Node and browsers). @param {number} t0 */
const since = (t0) => (performance.now() - t0) / 1000;

/**
 * Trains a translation (or reversal) Transformer. `api` is a BottleneckCore; returns
 * {info, steps, trainSeconds, stepsPerSecond, finalLoss, table, checksum}.
 * @param {BottleneckApi} api
 * @param {Overrides} [overrides]
 */
export function runTranslation(api, overrides = {}) {
  const options = { ...api.transformerDefaults[overrides.task ?? 'translation'], ...overrides };
  const t = api.createBottleneckTrainer(options);
  try {
    const t0 = performance.now();
    let done = 0;
    /** @type {TrainStepsResult | undefined} */
    let last;
    while (done < options.steps) {
      const n = Math.min(20, options.steps - done);
      last = t.trainSteps(n);
      done += n;
    }
    const trainSeconds = since(t0);
    return {
      info: t.info(),
      steps: done,
      trainSeconds,
      stepsPerSecond: done / trainSeconds,
      finalLoss: /** @type {TrainStepsResult} the step budget is at least 1 */ (last).loss,
      table: t.evaluate(),
      checksum: t.weightsChecksum(),
    };
  } finally {
    t.delete();
  }
}

/**
 * Trains the induction model, scoring heads every `every` steps. Returns {info, steps,
 * trainSeconds, stepsPerSecond, curve: [{steps, seconds, loss, scores}], formed: {previousToken,
 * induction} (seconds and steps when a layer-0 previous-token / layer-1 induction score first
 * reached 0.5, or null), final scores, best heads, and the ablation {head, before, after, ratio}
 * of the repeated-half loss}.
 * @param {BottleneckApi} api
 * @param {Overrides} [overrides]
 */
export function runInduction(api, overrides = {}, every = 25) {
  const options = { ...api.transformerDefaults.induction, ...overrides };
  const t = api.createBottleneckTrainer(options);
  try {
    /** @type {{ steps: number, seconds: number, loss: number, scores: HeadScore[] }[]} */
    const curve = [];
    /** @type {Record<'previousToken' | 'induction', { steps: number; seconds: number; head: number; score: number } | null>} */
    const formed = { previousToken: null, induction: null };
    let trainSeconds = 0;
    let done = 0;
    /**
     * The head of `layer` with the largest `key` score.
     * @param {HeadScore[]} scores
     * @param {number} layer
     * @param {'previousToken' | 'induction'} key
     */
    const best = (scores, layer, key) => scores.filter((s) => s.layer === layer).reduce((a, b) => (b[key] > a[key] ? b : a));
    while (done < options.steps) {
      const n = Math.min(every, options.steps - done);
      const t0 = performance.now();
      const r = t.trainSteps(n);
      trainSeconds += since(t0); // scoring is measurement, not training: not timed
      done += n;
      const scores = t.headScores();
      curve.push({ steps: done, seconds: trainSeconds, loss: r.loss, scores });
      const prev = best(scores, 0, 'previousToken');
      const ind = best(scores, 1, 'induction');
      if (!formed.previousToken && prev.previousToken >= 0.5)
        formed.previousToken = { steps: done, seconds: trainSeconds, head: prev.head, score: prev.previousToken };
      if (!formed.induction && ind.induction >= 0.5) formed.induction = { steps: done, seconds: trainSeconds, head: ind.head, score: ind.induction };
    }
    const scores = t.headScores();
    const prev = best(scores, 0, 'previousToken');
    const ind = best(scores, 1, 'induction');
    const before = t.testLoss();
    t.setHeadEnabled('decoder', 1, ind.head, false);
    const after = t.testLoss();
    t.setHeadEnabled('decoder', 1, ind.head, true);
    return {
      info: t.info(),
      steps: done,
      trainSeconds,
      stepsPerSecond: done / trainSeconds,
      curve,
      formed,
      scores,
      bestPreviousToken: prev,
      bestInduction: ind,
      // testLoss() of the induction task always reports the repeated half (null only for the other tasks).
      ablation: {
        head: ind.head,
        before: /** @type {number} */ (before.repeatedHalf),
        after: /** @type {number} */ (after.repeatedHalf),
        ratio: /** @type {number} */ (after.repeatedHalf) / /** @type {number} */ (before.repeatedHalf),
      },
      checksum: t.weightsChecksum(),
    };
  } finally {
    t.delete();
  }
}

/**
 * The targets: a list of problems (empty when all hold).
 * @param {ReturnType<typeof runTranslation> | null} translation
 * @param {ReturnType<typeof runInduction> | null} induction
 */
export function checkTargets(translation, induction, limits = { translationSeconds: 15, inductionSeconds: 30 }) {
  const problems = [];
  if (translation) {
    for (const r of translation.table)
      if (r.tokenAccuracy < 0.95) problems.push(`translation: ${(100 * r.tokenAccuracy).toFixed(1)}% < 95% at length ${r.length}`);
    if (translation.trainSeconds > limits.translationSeconds)
      problems.push(`translation trained in ${translation.trainSeconds.toFixed(1)} s > ${limits.translationSeconds} s`);
  }
  if (induction) {
    const f = induction.formed;
    if (!f.previousToken || f.previousToken.seconds > limits.inductionSeconds)
      problems.push(
        `induction: no layer-0 head reached previous-token score 0.5 within ${limits.inductionSeconds} s (best ${induction.bestPreviousToken.previousToken.toFixed(3)})`,
      );
    if (!f.induction || f.induction.seconds > limits.inductionSeconds)
      problems.push(
        `induction: no layer-1 head reached induction score 0.5 within ${limits.inductionSeconds} s (best ${induction.bestInduction.induction.toFixed(3)})`,
      );
    if (!(induction.ablation.ratio >= 3))
      problems.push(`induction: ablating layer-1 head ${induction.ablation.head} raised the repeated-half loss only ${induction.ablation.ratio.toFixed(2)}×`);
  }
  return problems;
}
