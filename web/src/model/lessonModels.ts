// model/lessonModels.ts — loads, on first use, the trained models the lessons show by default
// (scripts/make-lesson-models.mjs trained them with the core and wrote
// web/public/models/<name>.safetensors and ./lesson-models.json): the trainer's WASM module,
// the file (its SHA-256 checked against the manifest), a trainer with the manifest's options —
// a TransformerTrainer, or a BottleneckTrainer (GRU encoder–decoder) where options.model is
// 'gru' — and those weights. A lesson that shows one calls lessonModel(name) and redraws when it
// resolves; the first lesson never loads any of this. It computes nothing: every number comes
// from the trainer's methods. The handles live as long as the page (they are shared by every
// lesson and never deleted; a page has at most one per model and variant).
import type { BottleneckCore, BottleneckOptions, BottleneckTrainer, TransformerOptions, TransformerTrainer } from '../../../wasm/trainer.js';
import manifest from './lesson-models.json';

type Models = typeof manifest.models;
export type LessonModelName = keyof Models;
/** The GRU models: their options name an `attention` (the Transformers' do not). */
export type GruModelName = { [K in LessonModelName]: 'attention' extends keyof Models[K]['options'] ? K : never }[LessonModelName];
export type TransformerModelName = Exclude<LessonModelName, GruModelName>;
/** The trainer a model loads into. */
export type LessonTrainer<N extends LessonModelName> = N extends GruModelName ? BottleneckTrainer : TransformerTrainer;
type LessonOptions<N extends LessonModelName> = N extends GruModelName ? BottleneckOptions : TransformerOptions;

/** 'sinusoidal' is the model as trained; 'none' is the same weights with the positional encoding removed (Transformers only). */
export type Positional = 'sinusoidal' | 'none';

export interface LessonModelInfo<N extends LessonModelName = TransformerModelName> {
  options: LessonOptions<N>;
  steps: number;
  sha256: string;
  bytes: number;
}

const isGru = (name: LessonModelName): boolean => (manifest.models[name].options as { model?: string }).model === 'gru';

export function lessonModelInfo<N extends LessonModelName>(name: N): LessonModelInfo<N> {
  const m = manifest.models[name];
  return { options: m.options as LessonOptions<N>, steps: m.options.steps, sha256: m.sha256, bytes: m.bytes };
}

const loaded = new Map<string, TransformerTrainer | BottleneckTrainer>();
const pending = new Map<string, Promise<TransformerTrainer | BottleneckTrainer>>();
let bytesOf: Partial<Record<LessonModelName, Promise<Uint8Array>>> = {};
/** The trainer's module, imported and instantiated once for every model (its own WASM heap). */
let module: Promise<{ api: BottleneckCore; readSafetensors: typeof import('../../../wasm/trainer.js').readSafetensors }> | undefined;

function trainerModule() {
  module ??= import('../../../wasm/trainer.js').then(async (m) => ({ api: await m.createBottleneckCore(), readSafetensors: m.readSafetensors }));
  module.catch(() => (module = undefined));
  return module;
}

async function sha256(bytes: Uint8Array): Promise<string | undefined> {
  // crypto.subtle exists on https and localhost pages only; elsewhere the size check remains.
  if (!globalThis.crypto?.subtle) return undefined;
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function fetchWeights(name: LessonModelName): Promise<Uint8Array> {
  const m = manifest.models[name];
  const url = new URL(`models/${m.file}`, document.baseURI);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`lessonModel: ${url.pathname} answered ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length !== m.bytes) throw new Error(`lessonModel: ${m.file} has ${bytes.length} bytes, the manifest says ${m.bytes}`);
  const hash = await sha256(bytes);
  if (hash !== undefined && hash !== m.sha256)
    throw new Error(`lessonModel: ${m.file} has SHA-256 ${hash.slice(0, 12)}…, the manifest says ${m.sha256.slice(0, 12)}…`);
  return bytes;
}

/** A GRU has one variant: its key ignores `positional`. */
const key = (name: LessonModelName, positional: Positional) => (isGru(name) ? name : `${name}:${positional}`);

/** The trained model, when it is already loaded (for a synchronous update()). */
export function lessonModelNow<N extends LessonModelName>(name: N, positional: Positional = 'sinusoidal'): LessonTrainer<N> | undefined {
  return loaded.get(key(name, positional)) as LessonTrainer<N> | undefined;
}

/**
 * Hands in a model loaded elsewhere (Node: tests and fixture scripts read the committed file and
 * create the trainer themselves; there is no page to fetch from). The caller keeps ownership.
 */
export function provideLessonModel<N extends LessonModelName>(name: N, trainer: LessonTrainer<N>, positional: Positional = 'sinusoidal'): void {
  const k = key(name, positional);
  loaded.set(k, trainer);
  pending.set(k, Promise.resolve(trainer));
}

/**
 * Loads (once) the trained model `name`: a Transformer, optionally with its positional encoding
 * removed, or a GRU (`positional` does not apply to it).
 */
export function lessonModel<N extends LessonModelName>(name: N, positional: Positional = 'sinusoidal'): Promise<LessonTrainer<N>> {
  const k = key(name, positional);
  let p = pending.get(k);
  if (!p) {
    p = (async () => {
      const [{ api, readSafetensors }, bytes] = await Promise.all([trainerModule(), (bytesOf[name] ??= fetchWeights(name))]);
      const trainer = isGru(name)
        ? api.createBottleneckTrainer(manifest.models[name].options as BottleneckOptions)
        : api.createBottleneckTrainer({ ...(manifest.models[name].options as TransformerOptions), positional });
      trainer.loadStateDict(readSafetensors(bytes).tensors);
      loaded.set(k, trainer);
      return trainer;
    })();
    p.catch(() => {
      pending.delete(k);
      bytesOf = {};
    });
    pending.set(k, p);
  }
  return p as Promise<LessonTrainer<N>>;
}
