// model/lessonModels.ts — loads, on first use, the trained Transformers the lessons show by
// default (scripts/make-lesson-models.mjs trained them with the core and wrote
// web/public/models/<name>.safetensors and ./lesson-models.json): the trainer's WASM module,
// the file (its SHA-256 checked against the manifest), a TransformerTrainer with the manifest's
// options and those weights. A lesson that shows one calls lessonModel(name) and redraws when it
// resolves; the first lesson never loads any of this. It computes nothing: every number comes
// from the trainer's methods. The handles live as long as the page (they are shared by every
// lesson and never deleted; a page has at most one per model and variant).
import type { BottleneckCore, TransformerTrainer, TransformerOptions } from '../../../wasm/trainer.js';
import manifest from './lesson-models.json';

export type LessonModelName = keyof typeof manifest.models;

/** 'sinusoidal' is the model as trained; 'none' is the same weights with the positional encoding removed. */
export type Positional = 'sinusoidal' | 'none';

export interface LessonModelInfo {
  options: TransformerOptions;
  steps: number;
  sha256: string;
  bytes: number;
}

export function lessonModelInfo(name: LessonModelName): LessonModelInfo {
  const m = manifest.models[name];
  return { options: m.options as TransformerOptions, steps: m.options.steps, sha256: m.sha256, bytes: m.bytes };
}

const loaded = new Map<string, TransformerTrainer>();
const pending = new Map<string, Promise<TransformerTrainer>>();
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

const key = (name: LessonModelName, positional: Positional) => `${name}:${positional}`;

/** The trained model, when it is already loaded (for a synchronous update()). */
export function lessonModelNow(name: LessonModelName, positional: Positional = 'sinusoidal'): TransformerTrainer | undefined {
  return loaded.get(key(name, positional));
}

/**
 * Hands in a model loaded elsewhere (Node: tests and fixture scripts read the committed file and
 * create the trainer themselves; there is no page to fetch from). The caller keeps ownership.
 */
export function provideLessonModel(name: LessonModelName, trainer: TransformerTrainer, positional: Positional = 'sinusoidal'): void {
  const k = key(name, positional);
  loaded.set(k, trainer);
  pending.set(k, Promise.resolve(trainer));
}

/** Loads (once) the trained model `name`, optionally with its positional encoding removed. */
export function lessonModel(name: LessonModelName, positional: Positional = 'sinusoidal'): Promise<TransformerTrainer> {
  const k = key(name, positional);
  let p = pending.get(k);
  if (!p) {
    p = (async () => {
      const [{ api, readSafetensors }, bytes] = await Promise.all([trainerModule(), (bytesOf[name] ??= fetchWeights(name))]);
      const options = { ...(manifest.models[name].options as TransformerOptions), positional };
      const trainer = api.createBottleneckTrainer(options);
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
  return p;
}
