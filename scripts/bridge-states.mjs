// @ts-check
// scripts/bridge-states.mjs — the fixed learner states at which the "In PyTorch" snippets are
// checked against PyTorch (scripts/make_bridge_fixtures.mjs writes them, with each snippet, to
// tests/fixtures/bridge_golden.json). Per lesson with a bridge: its defaults and one or two
// non-default states (other sentence, seed, sliders, edited weights, masks). Each state is the
// overrides of the app's defaults. Data only.
export const BRIDGE_STATES = {
  bottleneck: {
    defaults: {},
    prefix: { s: 'Attention is all you need, they said in 2017.', seed: 7, rho: 1.3, rt: 5 },
  },
  qkv: {
    defaults: {},
    random: { w: 'random' },
    edited: { w: 'random', s: 'A quick brown fox jumps.', seed: 12, wq: { 0.1: 1.5, 2.3: -0.75 }, wv: { 1.1: 2 } },
    trainedHead3: { ts: 'a happy girl finds the old book', th: 3 },
  },
  match: {
    defaults: {},
    random: { w: 'random' },
    other: { w: 'random', s: 'I saw her duck.', seed: 3, wk: { '0.0': -1 } },
    trainedHead4: { ts: 'the big cat likes the white house', th: 4 },
  },
  scale: {
    defaults: {},
    random: { w: 'random' },
    unscaled: { w: 'random', dke: 0, scl: false, seed: 9 },
    wide: { w: 'random', dke: 4, scl: true, seed: 4 },
    trainedUnscaled: { scl: false, th: 2, ts: 'a happy girl finds the old book' },
  },
  softmax: {
    defaults: { w: 'random' },
    cold: { w: 'random', s: 'The bank by the river bank.', seed: 5, lt: -0.85, sq: 2 },
    hot: { w: 'random', lt: 0.7, hard: true, seed: 2 },
    trained: {},
    trainedCold: { ts: 'a happy girl finds the old book', th: 3, lt: -1.2, sq: 4, hard: true },
  },
  aggregate: {
    defaults: { w: 'random' },
    other: { w: 'random', s: 'Time flies like an arrow; fruit flies like a banana.', seed: 20, aq: 3 },
    trained: {},
    trainedOther: { ts: 'the car sees the dog', th: 4, aq: 2 },
  },
  masking: {
    defaults: {},
    random: { w: 'random' },
    deadRow: {
      w: 'random',
      cz: false,
      blk: { '4.0': 1, 4.1: 1, 4.2: 1, 4.3: 1, 4.4: 1, '1.0': 1 },
      s: 'Dogs chase the cat.',
      s2: 'The dog barked at the mailman again and again.',
    },
    causalCells: { w: 'random', cz: true, blk: { '2.0': 1, 3.1: 1 }, s: 'Cats chase mice.', seed: 8 },
    trainedDeadRow: {
      cz: false,
      blk: { '6.0': 1, 6.1: 1, 6.2: 1, 6.3: 1, 6.4: 1, 6.5: 1, 6.6: 1, '1.0': 1 },
      th: 2,
      t2: 'the happy girl finds a red flower today',
    },
  },
  multihead: {
    defaults: {},
    random: { w: 'random' },
    causal: { w: 'random', dm: 12, nh: 3, mhc: true, seed: 11, s: 'She gave him the book.' },
    eightHeads: { w: 'random', dm: 16, nh: 8 },
    inductionAblated: { iseq: 'a b c d e a b c d e', mhl: 2, mhoff: 'd1.2~d2.1' },
    translationCross: { mhm: 'translation', mhb: 'cross', mhl: 2, mhoff: 'c2.2~e1.1' },
    translationEncoder: { mhm: 'translation', mhb: 'encoder', mhl: 1, ts: 'a happy girl finds the old book' },
  },
  positional: {
    defaults: {},
    random: { w: 'random' },
    withPE: { w: 'random', pel: 40, ped: 64, pe: true, perm: 17, s: 'One two three four five six.' },
    small: { w: 'random', pel: 5, ped: 2, perm: 0 },
    trainedWithPE: { pe: true, perm: 5, th: 3, ts: 'a happy girl finds the old book' },
  },
  transformer: {
    defaults: {},
    random: { w: 'random' },
    other: { w: 'random', s: 'The dog sat.', tgt: 'Le chien est assis.', sharp: 3.5 },
    noPositions: { ts: 'the car sees the dog', trpe: false, trl: 1, trh: 3 },
  },
  additive: {
    defaults: {},
    random: { w: 'random' },
    tiny: { ah: 1, seed: 30 },
    wide: { ah: 32, s: 'Colorless green ideas sleep furiously.', wq: { 1.2: 0.9 } },
  },
  recurrence: {
    defaults: {},
    random: { w: 'random' },
    trainedHead2: { rh: 2, rseq: 'r o s e w a l k r o s e w a l k', seed: 3 },
    long: { w: 'random', s: 'It was the best of times, it was the worst of times, it was the age of wisdom.', seed: 2 },
  },
  implement: {
    defaults: {},
    masked: { exm: 'masked', exs: 42 },
  },
};
