// @ts-check
// wasm/trainer.js — the JavaScript API of the lab's trainers (types: trainer.d.ts): a
// BottleneckTrainer handle owns a GRU encoder–decoder (the core's attn::Seq2SeqTrainer), a
// TransformerTrainer handle owns a Transformer equivalent to PyTorch's nn.Transformer or a
// decoder-only causal stack (attn::TransformerTrainer); each owns its task data and Adam state
// inside the WASM heap until delete() is called.
// It checks the JavaScript types of every argument, fills in the defaults and forwards one
// call per operation to the private Embind classes `_RawBottleneckTrainer` and
// `_RawTransformerTrainer` (wasm/bindings_trainer.cpp). It computes no math itself; the one
// thing it builds is the .safetensors byte layout of a state dict (a file format, no math).
//
// The trainer is its own WASM module (wasm/build/attention_trainer{,_scalar}.{js,wasm}), apart
// from the lessons' core, so the lessons never download it: createBottleneckCore() loads it on
// first use (the lab's Web Worker, scripts, tests) and returns `createBottleneckTrainer(options)`
// and `bottleneckDefaults`. This file imports its glue only dynamically, so importing
// bottleneckDefaults from here costs a page nothing but this file.

import { checkFinite, checkIds, checkInt, checkOptions, describe, fail, isTyped, unwrap } from './check.js';
import { WasmHandle, configuredHandle, instantiateModule, wasmSimdSupported, withDiagnostics } from './load.js';

// trainer.d.ts is the contract: the exports below are typed by it (`@type`, `@implements`), so
// tsc -p tsconfig.js.json fails when this file does not implement the .d.ts.
/** @import * as Contract from './trainer.js' */
/** @import { Matrix } from './index.js' */
/** @import { RawBottleneckTrainer, RawTrainer, RawTrainerConfig, RawTrainerModule, RawTransformerTrainer } from './raw.js' */

/** The defaults of the lab and of scripts/bottleneck-headless.mjs (docs/bottleneck-lab.md). */
/** @type {Contract.BottleneckDefaults} */
export const bottleneckDefaults = Object.freeze({
  task: 'translation',
  attention: 'additive',
  embed: 32,
  hidden: 64,
  attnHidden: 64,
  batchSize: 32,
  lr: 0.003,
  clip: 5,
  /** Steps at a constant rate; then lr · sqrt(decayAfter / t). 0 keeps it constant. */
  decayAfter: 600,
  minLen: 3,
  maxLen: 16,
  trainSize: 20000,
  testPerLength: 40,
  seed: 1,
  /** The experiment's training budget per model (optimisation steps of one batch each). */
  steps: 600,
});

const TASKS = { translation: 0, reversal: 1 };
const ATTENTION = { none: 0, additive: 1, dot: 2 };
// [min, max] of each integer option; the core checks the same limits and more.
const INT_RANGES = {
  embed: [1, 512],
  hidden: [1, 512],
  attnHidden: [1, 512],
  batchSize: [1, 512],
  minLen: [3, 18],
  maxLen: [3, 18],
  trainSize: [1, 200000],
  testPerLength: [1, 10000],
  decayAfter: [0, 1000000],
  seed: [0, Number.MAX_SAFE_INTEGER],
  steps: [1, 1000000],
};

/**
 * @param {string} fn
 * @param {Contract.BottleneckOptions | undefined} options
 * @returns {RawTrainerConfig}
 */
function normalizeOptions(fn, options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(fn, `options must be an object or undefined, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (!(key in bottleneckDefaults) && key !== 'model')
      fail(fn, `unknown options field '${key}' (expected model, ${Object.keys(bottleneckDefaults).join(', ')})`);
  if (options.model !== undefined && options.model !== 'gru') fail(fn, `options.model must be 'gru' or 'transformer', got ${describe(options.model)}`);
  const o = { ...bottleneckDefaults, ...options };
  if (!(o.task in TASKS)) fail(fn, `options.task must be 'translation' or 'reversal', got ${describe(o.task)}`);
  if (!(o.attention in ATTENTION)) fail(fn, `options.attention must be 'none', 'additive' or 'dot', got ${describe(o.attention)}`);
  for (const [key, [lo, hi]] of Object.entries(INT_RANGES)) checkInt(fn, `options.${key}`, o[/** @type {keyof typeof o} */ (key)], lo, hi);
  for (const key of ['lr', 'clip']) checkFinite(fn, `options.${key}`, o[/** @type {keyof typeof o} */ (key)]);
  return {
    task: TASKS[o.task],
    attention: ATTENTION[o.attention],
    embed: o.embed,
    hidden: o.hidden,
    attnHidden: o.attnHidden,
    batchSize: o.batchSize,
    lr: o.lr,
    clip: o.clip,
    decayAfter: o.decayAfter,
    minLen: o.minLen,
    maxLen: o.maxLen,
    trainSize: o.trainSize,
    testPerLength: o.testPerLength,
    seed: o.seed,
  };
}

/**
 * What both trainer handles share (training, evaluation, decoding, held-out examples, info,
 * checksum), forwarded to their raw Embind handle under the class's name in every message.
 * Call delete() when done: the garbage collector does not free WASM memory. Methods throw
 * after delete().
 */
/**
 * @template Info the raw handle's info()
 * @template Tr the raw handle's translate()
 * @template {RawTrainer<Info, Tr>} R the raw Embind handle
 * @extends {WasmHandle<R>}
 */
class TrainerHandle extends WasmHandle {
  #name;
  /** @type {{ name: string; shape: number[] }[]} */
  #names;

  /**
   * @param {R} rawHandle
   * @param {string} name
   */
  constructor(rawHandle, name) {
    super(rawHandle, 'trainer');
    this.#name = name;
    this.#names = rawHandle.parameterShapes();
  }

  /** @internal [{name, shape}] of every tensor in state-dict order, fixed for the handle's life. */
  get _names() {
    return this.#names;
  }

  /** @internal the raw handle for method `fn`, or an Error once deleted. */
  /** @param {string} fn */
  _h(fn) {
    return this._live(`${this.#name}.${fn}`);
  }

  /** @internal `Class.fn`, for error messages. */
  /** @param {string} fn */
  _fn(fn) {
    return `${this.#name}.${fn}`;
  }

  /** Runs n mini-batch steps (1 ≤ n ≤ 100000); returns {loss, steps, epochs, gradNorm}. */
  /** @param {number} n */
  trainSteps(n) {
    const h = this._h('trainSteps');
    checkInt(this._fn('trainSteps'), 'n', n, 1, 100000);
    return h.trainSteps(n);
  }

  /** Token accuracy on the held-out set by source length (Transformer on induction: by position). */
  evaluate() {
    return this._h('evaluate').evaluate();
  }

  /** Greedy translation of a sentence with what the lab draws (trainer.d.ts, per model). */
  /** @param {string} sentence */
  translate(sentence) {
    const h = this._h('translate');
    const fn = this._fn('translate');
    if (typeof sentence !== 'string') fail(fn, `sentence must be a string, got ${describe(sentence)}`);
    if (sentence.length > 2000) fail(fn, `sentence has ${sentence.length} characters, over the limit of 2000`);
    return unwrap(h.translate(sentence));
  }

  /** Number of held-out examples. */
  get testSize() {
    return this._h('testSize').testSize();
  }

  /** Held-out example i as words: {source, reference}. */
  /** @param {number} i */
  testExample(i) {
    const h = this._h('testExample');
    checkInt(this._fn('testExample'), 'i', i, 0, h.testSize() - 1);
    return h.testExample(i);
  }

  /** The configuration, the parameter count, the data sizes and both vocabularies. */
  info() {
    return this._h('info').info();
  }

  /** FNV-1a of every weight's bytes: equal values mean bitwise-identical models. */
  weightsChecksum() {
    return this._h('weightsChecksum').weightsChecksum();
  }

  /** Every parameter, copied, by name (the Transformer: PyTorch's state_dict names). */
  stateDict() {
    const h = this._h('stateDict');
    /** @type {Contract.StateDict} */
    const out = {};
    this.#names.forEach(({ name, shape }, i) => {
      out[name] = { shape: [...shape], data: h.parameter(i) };
    });
    return out;
  }

  /**
   * Replaces every parameter after checking every name, shape and value (nothing changes on
   * error), and restarts the optimizer's moments.
   * @param {Contract.StateDict} d
   */
  loadStateDict(d) {
    const h = this._h('loadStateDict');
    const fn = this._fn('loadStateDict');
    if (d === null || typeof d !== 'object' || Array.isArray(d)) fail(fn, `d must be an object {name: {shape, data: Float32Array}}, got ${describe(d)}`);
    const known = new Set(this.#names.map((p) => p.name));
    for (const name of Object.keys(d)) if (!known.has(name)) fail(fn, `unexpected tensor '${name}' (this model has ${this.#names.length} tensors)`);
    for (const { name, shape } of this.#names) {
      const t = d[name];
      const want = `(${shape.join(', ')})`;
      if (t === undefined) fail(fn, `missing tensor '${name}' of shape ${want}`);
      if (t === null || typeof t !== 'object' || !Array.isArray(t.shape))
        fail(fn, `tensor '${name}' must be {shape: number[], data: Float32Array}, got ${describe(t)}`);
      if (t.shape.length !== shape.length || t.shape.some((x, i) => x !== shape[i]))
        fail(fn, `tensor '${name}' has shape (${t.shape.map(String).join(', ')}) but the model needs ${want}`);
      if (!isTyped(t.data, 'Float32Array')) fail(fn, `tensor '${name}'.data must be a Float32Array, got ${describe(t.data)}`);
      const n = shape.reduce((a, b) => a * b, 1);
      if (t.data.length !== n) fail(fn, `tensor '${name}'.data has length ${t.data.length} but shape ${want} needs ${n}`);
      for (let i = 0; i < n; ++i) if (!Number.isFinite(t.data[i])) fail(fn, `tensor '${name}'.data[${i}] is ${t.data[i]}; every weight must be finite`);
    }
    this.#names.forEach(({ name }, i) => h.setParameter(i, d[name].data));
  }

  /**
   * The weights as a .safetensors file (F32, stateDict() names and shapes); its __metadata__
   * (strings, as the format requires) names the model and the sizes needed to rebuild it.
   */
  safetensors() {
    this._h('safetensors');
    return safetensorsBytes(Object.entries(this.stateDict()), this._safetensorsMetadata());
  }

  /**
   * @internal the .safetensors __metadata__ (strings); each model class says what rebuilds it.
   * @returns {Record<string, string>}
   */
  _safetensorsMetadata() {
    throw new Error(`${this.#name}: no .safetensors metadata`);
  }
}

/** One GRU encoder–decoder (and its data and optimizer) living in the WASM heap. */
/**
 * @extends {TrainerHandle<Contract.TrainerInfo, Contract.Translation, RawBottleneckTrainer>}
 * @implements {Contract.BottleneckTrainer}
 */
export class BottleneckTrainer extends TrainerHandle {
  /** @internal use createBottleneckTrainer() */
  /** @param {RawBottleneckTrainer} rawHandle */
  constructor(rawHandle) {
    super(rawHandle, 'BottleneckTrainer');
  }

  /**
   * @internal the .safetensors __metadata__ (strings): 'Seq2SeqGRU' and what rebuilds the model
   * with createBottleneckTrainer (task, attention and the widths).
   */
  _safetensorsMetadata() {
    const i = this.info();
    return {
      module: 'Seq2SeqGRU',
      task: i.task,
      attention: i.attention,
      embed: String(i.embed),
      hidden: String(i.hidden),
      attnHidden: String(i.attnHidden),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The Transformer (attn::TransformerTrainer).

/** @satisfies {Partial<Contract.TransformerDefaults>} */
const SHARED = {
  model: 'transformer',
  dModel: 32,
  ffDim: 64,
  positional: 'sinusoidal',
  batchSize: 32,
  lr: 0.003,
  clip: 5,
  warmup: 0,
  trainSize: 20000,
  testPerLength: 40,
  seed: 1,
};
/**
 * The defaults of the lab and of scripts/transformer-headless.mjs per task, the step budget
 * included: the core's transformer_lab_defaults (core/src/transformer_trainer.cpp, tuned with
 * tools/transformer_native; tests/wasm/transformer.test.mjs holds the two equal).
 * docs/bottleneck-lab.md records what they reach.
 */
/** @type {Readonly<Record<Contract.TransformerTask, Contract.TransformerDefaults>>} */
export const transformerDefaults = Object.freeze({
  translation: Object.freeze({
    ...SHARED,
    task: 'translation',
    numHeads: 4,
    encoderLayers: 2,
    decoderLayers: 2,
    decayAfter: 600,
    minLen: 3,
    maxLen: 16,
    steps: 1000,
  }),
  reversal: Object.freeze({
    ...SHARED,
    task: 'reversal',
    numHeads: 4,
    encoderLayers: 2,
    decoderLayers: 2,
    lr: 0.002,
    warmup: 100,
    decayAfter: 600,
    minLen: 3,
    maxLen: 16,
    steps: 3000,
  }),
  induction: Object.freeze({
    ...SHARED,
    task: 'induction',
    numHeads: 1,
    encoderLayers: 0,
    decoderLayers: 2,
    decayAfter: 0,
    minLen: 3,
    maxLen: 10,
    steps: 2000,
  }),
});

const TRANSFORMER_TASKS = { translation: 0, reversal: 1, induction: 2 };
const POSITIONAL = { sinusoidal: 0, none: 1 };
const BLOCKS = { encoder: 0, decoder: 1, cross: 2 };
const TRANSFORMER_INT_RANGES = {
  dModel: [1, 512],
  numHeads: [1, 16],
  encoderLayers: [0, 6],
  decoderLayers: [1, 6],
  ffDim: [1, 2048],
  batchSize: [1, 512],
  minLen: [3, 18],
  maxLen: [3, 18],
  trainSize: [1, 200000],
  testPerLength: [1, 10000],
  decayAfter: [0, 1000000],
  warmup: [0, 1000000],
  seed: [0, Number.MAX_SAFE_INTEGER],
  steps: [1, 1000000],
};
/** The longest id sequence logits(), gradients() and attentionMaps() accept (the core's limit). */
const MAX_IDS = 64;

/**
 * @param {string} fn
 * @param {Contract.TransformerOptions} options
 * @returns {RawTrainerConfig}
 */
function normalizeTransformerOptions(fn, options) {
  const task = options.task ?? 'translation';
  if (!(task in TRANSFORMER_TASKS)) fail(fn, `options.task must be 'translation', 'reversal' or 'induction', got ${describe(task)}`);
  const defaults = transformerDefaults[task];
  for (const key of Object.keys(options)) if (!(key in defaults)) fail(fn, `unknown options field '${key}' (expected ${Object.keys(defaults).join(', ')})`);
  const o = { ...defaults, ...options };
  if (!(o.positional in POSITIONAL)) fail(fn, `options.positional must be 'sinusoidal' or 'none', got ${describe(o.positional)}`);
  for (const [key, [lo, hi]] of Object.entries(TRANSFORMER_INT_RANGES)) checkInt(fn, `options.${key}`, o[/** @type {keyof typeof o} */ (key)], lo, hi);
  for (const key of ['lr', 'clip']) checkFinite(fn, `options.${key}`, o[/** @type {keyof typeof o} */ (key)]);
  if (task === 'induction' && o.encoderLayers !== 0)
    fail(fn, `options.encoderLayers must be 0 or absent for task 'induction' (a decoder-only model), got ${o.encoderLayers}`);
  if (task !== 'induction' && o.encoderLayers < 1) fail(fn, `options.encoderLayers must be in [1, 6] for task '${task}', got ${o.encoderLayers}`);
  return {
    task: TRANSFORMER_TASKS[task],
    dModel: o.dModel,
    numHeads: o.numHeads,
    encoderLayers: o.encoderLayers,
    decoderLayers: o.decoderLayers,
    ffDim: o.ffDim,
    positional: POSITIONAL[o.positional],
    batchSize: o.batchSize,
    lr: o.lr,
    clip: o.clip,
    decayAfter: o.decayAfter,
    warmup: o.warmup,
    minLen: o.minLen,
    maxLen: o.maxLen,
    trainSize: o.trainSize,
    testPerLength: o.testPerLength,
    seed: o.seed,
  };
}

/**
 * The bytes of a .safetensors file holding `tensors` ([name, {shape, data}] in order) as F32,
 * with string `metadata` added to its __metadata__.
 */
/**
 * @param {[string, Contract.Tensor][]} tensors
 * @param {Record<string, string>} metadata
 */
function safetensorsBytes(tensors, metadata) {
  /** @type {Record<string, object>} */
  const header = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    const bytes = t.data.length * 4;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  header.__metadata__ = { format: 'pt', producer: 'Attention Lab', ...metadata };
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8 bytes so the data is aligned.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of tensors) {
    for (let i = 0; i < t.data.length; ++i, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

/**
 * Reads a .safetensors file (the format safetensors() writes, and PyTorch's `safetensors.torch.save_file`
 * with F32 tensors): {metadata, tensors} with tensors a state dict in the file's order. It checks
 * the layout (header length, JSON, F32 only, offsets inside the file, back to back) and throws an
 * Error naming readSafetensors and what is wrong; it does not check names against a model
 * (loadStateDict does).
 * @type {typeof Contract.readSafetensors}
 */
export function readSafetensors(bytes) {
  const fn = 'readSafetensors';
  if (!(bytes instanceof Uint8Array)) fail(fn, `bytes must be a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 8) fail(fn, `bytes has ${bytes.length} bytes; a .safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) fail(fn, `the header claims ${n} bytes but the file has ${bytes.length - 8} after the length`);
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(fn, `the header is not UTF-8 JSON (${/** @type {Error} TextDecoder and JSON.parse throw Errors */ (e).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(fn, 'the header must be a JSON object');
  const base = 8 + n;
  const dataBytes = bytes.length - base;
  const metadata = header.__metadata__ ?? {};
  /** @type {Contract.StateDict} */
  const tensors = {};
  let expect = 0;
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .sort((a, b) => (a[1]?.data_offsets?.[0] ?? 0) - (b[1]?.data_offsets?.[0] ?? 0));
  for (const [name, t] of entries) {
    if (t === null || typeof t !== 'object') fail(fn, `tensor '${name}' has no {dtype, shape, data_offsets}`);
    if (t.dtype !== 'F32') fail(fn, `tensor '${name}' has dtype ${JSON.stringify(t.dtype) ?? describe(t.dtype)}; only F32 is read`);
    if (!Array.isArray(t.shape) || !t.shape.every((/** @type {number} */ d) => Number.isInteger(d) && d >= 0))
      fail(fn, `tensor '${name}' has a bad shape ${describe(t.shape)}`);
    const [b, e] = Array.isArray(t.data_offsets) ? t.data_offsets : [];
    const count = t.shape.reduce((/** @type {number} */ a, /** @type {number} */ d) => a * d, 1);
    if (b !== expect || e !== b + 4 * count || e > dataBytes)
      fail(
        fn,
        `tensor '${name}' (shape [${t.shape.join(', ')}]) has data_offsets ${describe(t.data_offsets)}; expected [${expect}, ${expect + 4 * count}] within ${dataBytes} data bytes`,
      );
    const data = new Float32Array(count);
    for (let i = 0; i < count; ++i) data[i] = view.getFloat32(base + b + 4 * i, true);
    tensors[name] = { shape: [...t.shape], data };
    expect = e;
  }
  if (expect !== dataBytes) fail(fn, `the tensors cover ${expect} of the file's ${dataBytes} data bytes`);
  return { metadata, tensors };
}

/**
 * A Transformer (and its data and optimizer) living in the WASM heap. Call delete() when done:
 * the garbage collector does not free WASM memory. Methods throw after delete().
 */
/**
 * @extends {TrainerHandle<Contract.TransformerInfo, Contract.TransformerTranslation, RawTransformerTrainer>}
 * @implements {Contract.TransformerTrainer}
 */
export class TransformerTrainer extends TrainerHandle {
  #decoderOnly;

  /** @internal use createBottleneckTrainer({ model: 'transformer' }) */
  /** @param {RawTransformerTrainer} rawHandle */
  constructor(rawHandle) {
    super(rawHandle, 'TransformerTrainer');
    this.#decoderOnly = this._names[0].name === 'embed.weight';
  }

  /**
   * The core's (src, tgt_in) of a call: the encoder–decoder takes (source, targetIn); the
   * decoder-only model takes its ids as `source` and [] as targetIn (PyTorch's CausalLM(ids)).
   */
  /**
   * @param {string} fn
   * @param {unknown} source
   * @param {unknown} targetIn
   * @returns {[Int32Array, Int32Array]}
   */
  #sequence(fn, source, targetIn) {
    const src = checkIds(fn, 'source', source, MAX_IDS);
    const tgt = checkIds(fn, 'targetIn', targetIn, MAX_IDS);
    if (!this.#decoderOnly) return [src, tgt];
    if (tgt.length !== 0) fail(fn, `the decoder-only (induction) model reads its ids as source and [] as targetIn, got a targetIn of ${tgt.length} ids`);
    return [new Int32Array(0), src];
  }

  /** Held-out loss: {loss, firstHalf, repeatedHalf} (the halves for induction only, else null). */
  testLoss() {
    return this._h('testLoss').testLoss();
  }

  /** The ids of the last training step's mini-batch: {src, tgtIn, tgtOut}, each (B, ·), 0-padded. */
  lastBatch() {
    return this._h('lastBatch').lastBatch();
  }

  /** @internal the .safetensors __metadata__ (strings): the PyTorch class and its sizes. */
  _safetensorsMetadata() {
    const i = this.info();
    return {
      module: this.#decoderOnly ? 'CausalLM' : 'Seq2SeqTransformer',
      task: i.task,
      dModel: String(i.dModel),
      numHeads: String(i.numHeads),
      encoderLayers: String(i.encoderLayers),
      decoderLayers: String(i.decoderLayers),
      ffDim: String(i.ffDim),
      positional: i.positional,
    };
  }

  /** (T, tgt_vocab) logits of targetIn under teacher forcing; decoder-only: logits(ids, []). */
  /**
   * @param {number[]} source
   * @param {number[]} targetIn
   */
  logits(source, targetIn) {
    const h = this._h('logits');
    return unwrap(h.logits(...this.#sequence('TransformerTrainer.logits', source, targetIn)));
  }

  /** Every head's weights on this input: {encoderSelf, decoderSelf, cross}, each [layer][head]. */
  /**
   * @param {number[]} source
   * @param {number[]} targetIn
   */
  attentionMaps(source, targetIn) {
    const h = this._h('attentionMaps');
    return unwrap(h.attentionMaps(...this.#sequence('TransformerTrainer.attentionMaps', source, targetIn)));
  }

  /**
   * One encoder layer (decoder-only: one causal layer, its ids as `source`) on one sequence,
   * step by step: {input, attention, sum1, norm1, feedForward, sum2, output}, each (T, d_model).
   */
  /**
   * @param {number[]} source
   * @param {number} layer
   */
  blockTrace(source, layer) {
    const h = this._h('blockTrace');
    const fn = 'TransformerTrainer.blockTrace';
    const src = checkIds(fn, 'source', source, MAX_IDS);
    checkInt(fn, 'layer', layer, 0, 63);
    return unwrap(h.blockTrace(src, layer));
  }

  /** d(mean cross-entropy)/d(param) for one sequence, by state_dict name. */
  /**
   * @param {number[]} source
   * @param {number[]} targetIn
   * @param {number[]} targetOut
   */
  gradients(source, targetIn, targetOut) {
    const h = this._h('gradients');
    const fn = 'TransformerTrainer.gradients';
    const r = unwrap(h.gradients(...this.#sequence(fn, source, targetIn), checkIds(fn, 'targetOut', targetOut, MAX_IDS)));
    /** @type {Contract.StateDict} */
    const out = {};
    this._names.forEach(({ name, shape }, i) => {
      out[name] = { shape: [...shape], data: r.grads[i] };
    });
    return out;
  }

  /** Every head's previous-token and induction scores (and cross heads' alignment). */
  headScores() {
    return this._h('headScores').headScores();
  }

  /** Ablation: disables (zeroes the output of) or re-enables one head. */
  /**
   * @param {Contract.HeadBlock} block
   * @param {number} layer
   * @param {number} head
   * @param {boolean} enabled
   */
  setHeadEnabled(block, layer, head, enabled) {
    const h = this._h('setHeadEnabled');
    const fn = 'TransformerTrainer.setHeadEnabled';
    if (!(block in BLOCKS)) fail(fn, `block must be 'encoder', 'decoder' or 'cross', got ${describe(block)}`);
    checkInt(fn, 'layer', layer, 0, 63);
    checkInt(fn, 'head', head, 0, 63);
    if (typeof enabled !== 'boolean') fail(fn, `enabled must be true or false, got ${describe(enabled)}`);
    const problem = h.setHeadEnabled(BLOCKS[block], layer, head, enabled);
    if (problem !== '') throw new Error(problem);
  }
}

/**
 * The trainer API over an instantiated trainer module `raw` (the glue's factory result):
 * createBottleneckCore() uses it, and scripts/bottleneck-headless.mjs --glue for another build.
 * @param {RawTrainerModule} raw
 * @returns {Contract.BottleneckApi}
 */
export function bottleneckApi(raw) {
  return {
    bottleneckDefaults,
    transformerDefaults,
    /**
     * A new trainer: a Transformer for {model: 'transformer'} (defaults transformerDefaults[task]),
     * else a GRU encoder–decoder (defaults bottleneckDefaults). `steps` is ignored here.
     */
    /**
     * @overload
     * @param {Contract.TransformerOptions} options
     * @returns {TransformerTrainer}
     */
    /**
     * @overload
     * @param {Contract.BottleneckOptions} [options]
     * @returns {BottleneckTrainer}
     */
    /**
     * @param {Contract.TransformerOptions | Contract.BottleneckOptions} [options]
     * @returns {TransformerTrainer | BottleneckTrainer}
     */
    createBottleneckTrainer(options) {
      const fn = 'createBottleneckTrainer';
      if (options !== null && typeof options === 'object' && !Array.isArray(options) && options.model === 'transformer') {
        const config = normalizeTransformerOptions(fn, options);
        return new TransformerTrainer(configuredHandle(raw._RawTransformerTrainer, config, `${fn}: `));
      }
      return new BottleneckTrainer(
        configuredHandle(
          raw._RawBottleneckTrainer,
          normalizeOptions(fn, /** @type {Contract.BottleneckOptions | undefined} not a Transformer's */ (options)),
          `${fn}: `,
        ),
      );
    },
  };
}

/**
 * @param {boolean} scalar
 * @returns {Promise<RawTrainerModule>}
 */
async function instantiate(scalar) {
  if (scalar) {
    const { default: createScalarModule } = await import('./build/attention_trainer_scalar.js');
    return instantiateModule(createScalarModule, new URL('./build/attention_trainer_scalar.wasm', import.meta.url));
  }
  const { default: createSimdModule } = await import('./build/attention_trainer.js');
  return instantiateModule(createSimdModule, new URL('./build/attention_trainer.wasm', import.meta.url));
}

/**
 * Loads and instantiates the trainer's WASM module (the SIMD build where the engine validates it,
 * else the scalar one; `scalar` chooses) with its own heap: { simd, bottleneckDefaults,
 * transformerDefaults, createBottleneckTrainer } and the non-enumerable heapBytes() diagnostics.
 * @type {typeof Contract.createBottleneckCore}
 */
export async function createBottleneckCore(options) {
  const fn = 'createBottleneckCore';
  const o = checkOptions(fn, 'options', options, ['scalar']);
  // Unset: the SIMD build where the engine runs SIMD, else the scalar one (same results).
  const scalar = o.scalar ?? !wasmSimdSupported();
  if (typeof scalar !== 'boolean') fail(fn, `options.scalar must be true or false, got ${describe(scalar)}`);
  const raw = await instantiate(scalar);
  return withDiagnostics({ simd: raw._rawSimd(), ...bottleneckApi(raw) }, raw);
}
