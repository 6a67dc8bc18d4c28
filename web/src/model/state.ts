// model/state.ts — the app's single state store: declared properties, each with a default, a
// parser and a serializer, and their round trip through the URL hash "#/route?key=value&…"
// (TensorFlow Playground style). DOM-free: it reads and writes strings, never `location`.
// Properties are declared once, with their types, link limits, slider ranges and defaults
// (`defineParams({ temp: numParam(…) })`); a store over such a schema is typed by key
// (`store.get('temp')` is a number, an undeclared key does not compile). It does not know what
// any property means; lessons and model/schema.ts declare them.

export interface ParamDef<T> {
  default: T;
  /** Returns undefined for a malformed value (the caller falls back to the default). */
  parse(raw: string): T | undefined;
  serialize(value: T): string;
  equals?(a: T, b: T): boolean;
}

/** What a slider of a numeric property offers. */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** A numeric property: a link may hold any value in its limits; a slider offers `range`. */
export interface NumParam extends ParamDef<number> {
  readonly range: Range;
}

export interface NumOptions {
  /** Slider step (default 1). Links may hold values off the step. */
  step?: number;
  /** A slider narrower than the limits a link may hold (e.g. seeds 1–50 of 1–9999). */
  slider?: { min?: number; max?: number };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, ParamDef<any>>;

/** The values a schema declares, typed by key. */
export type ValuesOf<S extends Schema> = { -readonly [K in keyof S]: S[K]['default'] };
export type KeyOf<S extends Schema> = keyof S & string;
/** Reads with a caller-given type (`get<T>(key)`) only on a store over the untyped `Schema`: the
 *  controls' generic implementations, behind their typed overloads. */
type UntypedKey<S extends Schema> = string extends keyof S ? string : never;

/** The keys of S whose values are V (every key of the untyped `Schema`): what a control accepts. */
export type KeysWith<S extends Schema, V> = { [K in KeyOf<S>]: ValuesOf<S>[K] extends V ? K : never }[KeyOf<S>];
/** The keys of S declared with a slider range (none of the untyped `Schema`). */
export type RangedKeys<S extends Schema> = { [K in KeyOf<S>]: S[K] extends NumParam ? K : never }[KeyOf<S>];

/** Declares properties once; the result types the store, the controls and a lesson's deps. */
export const defineParams = <S extends Schema>(params: S): S => params;

function range(def: number, min: number, max: number, o: NumOptions): Range {
  const r = { min: o.slider?.min ?? min, max: o.slider?.max ?? max, step: o.step ?? 1 };
  if (!(min <= r.min && r.min <= def && def <= r.max && r.max <= max && r.step > 0))
    throw new Error(`state: slider ${r.min}–${r.max} (step ${r.step}) must hold the default ${def} within the limits ${min}–${max}`);
  return r;
}

export const numParam = (def: number, min: number, max: number, o: NumOptions = {}): NumParam => ({
  default: def,
  parse: (s) => {
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s)) return undefined;
    const v = Number(s);
    return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
  },
  serialize: (v) => String(+v.toPrecision(6)),
  range: range(def, min, max, o),
});

export const intParam = (def: number, min: number, max: number, o: NumOptions = {}): NumParam => ({
  default: def,
  parse: (s) => {
    if (!/^-?\d+$/.test(s)) return undefined;
    const v = Number(s);
    return v >= min && v <= max ? v : undefined;
  },
  serialize: (v) => String(v),
  range: range(def, min, max, o),
});

export const boolParam = (def: boolean): ParamDef<boolean> => ({
  default: def,
  parse: (s) => (s === '1' ? true : s === '0' ? false : undefined),
  serialize: (v) => (v ? '1' : '0'),
});

export const strParam = (def: string, maxLen: number): ParamDef<string> => ({
  default: def,
  parse: (s) => (s.length <= maxLen ? s : undefined),
  serialize: (v) => v,
});

export const choiceParam = <T extends string>(def: T, options: readonly T[]): ParamDef<T> => ({
  default: def,
  parse: (s) => (options.includes(s as T) ? (s as T) : undefined),
  serialize: (v) => v,
});

/** Sparse edits of a matrix: "i.j" → value. Encoded "i.j_v~i.j_v" (URL-safe, compact). */
export type Edits = Readonly<Record<string, number>>;

export const editsParam = (): ParamDef<Edits> => ({
  default: {},
  parse: (s) => {
    if (s === '') return {};
    const out: Record<string, number> = {};
    for (const item of s.split('~')) {
      const m = /^(\d{1,3})\.(\d{1,3})_(-?\d+(?:\.\d+)?)$/.exec(item);
      if (!m) return undefined;
      const v = Number(m[3]);
      if (!Number.isFinite(v) || Math.abs(v) > 100) return undefined;
      out[`${Number(m[1])}.${Number(m[2])}`] = v;
    }
    return out;
  },
  serialize: (e) =>
    Object.keys(e)
      .sort()
      .map((k) => `${k}_${+(e[k] ?? 0).toFixed(4)}`)
      .join('~'),
  equals: (a, b) => {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
  },
});

export type Values = Record<string, unknown>;

export interface Problem {
  kind: 'route' | 'key' | 'value';
  name: string;
}

export interface Parsed {
  route: string;
  values: Values;
  /** What was not understood (those parts got their defaults); the UI words them. */
  problems: Problem[];
}

export function defaults(schema: Schema): Values {
  const v: Values = {};
  for (const [k, d] of Object.entries(schema)) v[k] = d.default;
  return v;
}

function same(def: ParamDef<unknown>, a: unknown, b: unknown): boolean {
  return def.equals ? def.equals(a, b) : a === b;
}

/** Parses "#/route?k=v&…" (the leading '#' optional). Unknown or malformed → defaults + problem. */
export function parseHash(hash: string, schema: Schema, routes: readonly string[]): Parsed {
  const body = hash.replace(/^#/, '');
  const qi = body.indexOf('?');
  const path = (qi < 0 ? body : body.slice(0, qi)).replace(/^\/+/, '').replace(/\/+$/, '');
  const query = qi < 0 ? '' : body.slice(qi + 1);
  const problems: Problem[] = [];
  let route = path;
  if (!routes.includes(route)) {
    problems.push({ kind: 'route', name: path });
    route = '';
  }
  const values = defaults(schema);
  if (query) {
    for (const pair of query.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decodeSafe(eq < 0 ? pair : pair.slice(0, eq));
      const raw = decodeSafe(eq < 0 ? '' : pair.slice(eq + 1));
      const def = key === undefined ? undefined : schema[key];
      if (!def || key === undefined) {
        problems.push({ kind: 'key', name: key ?? pair });
        continue;
      }
      const v = raw === undefined ? undefined : def.parse(raw);
      if (v === undefined) problems.push({ kind: 'value', name: key });
      else values[key] = v;
    }
  }
  return { route, values, problems };
}

function decodeSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Serializes route + every value that differs from its default (defaults are implied). */
export function toHash(route: string, values: Values, schema: Schema): string {
  // Runs on every change (links carry the state): no per-call list of the schema's entries.
  const keys = keysOf(schema);
  let query = '';
  for (let n = 0; n < keys.length; n++) {
    const k = keys[n] as string;
    const def = schema[k] as ParamDef<unknown>;
    const v = values[k];
    if (v === undefined || same(def, v, def.default)) continue;
    query += `${query ? '&' : '?'}${encodeURIComponent(k)}=${encodeURIComponent(def.serialize(v))}`;
  }
  return `#/${route}${query}`;
}

/** Each schema's keys in declaration order, listed once. */
const schemaKeys = new WeakMap<Schema, readonly string[]>();
function keysOf(schema: Schema): readonly string[] {
  let keys = schemaKeys.get(schema);
  if (!keys) schemaKeys.set(schema, (keys = Object.keys(schema)));
  return keys;
}

/** Told the keys that changed (every key after a load). */
type Listener = (changed: readonly string[]) => void;

/**
 * The one place UI state lives. Values are replaced, never mutated in place. Over a schema from
 * defineParams (every lesson's, the lab's, the shared ones) every read and write is typed by
 * key; only over the untyped `Schema` (the controls' implementations) does `get<T>(key)` read
 * with a caller-given type.
 */
export class Store<S extends Schema = Schema> {
  route = '';
  private values: ValuesOf<S>;
  private listeners: Listener[] = [];
  /** Counts the changes of the values (a cache of something derived from them can key on it). */
  private changes = 0;
  /** Properties a link locked (a teacher's `lock`): set/setMany leave them alone; load() does not. */
  private locked: ReadonlySet<string> = new Set();
  constructor(readonly schema: S) {
    this.values = defaults(schema) as ValuesOf<S>;
  }
  get<K extends KeyOf<S>>(key: K): ValuesOf<S>[K];
  get<T>(key: UntypedKey<S>): T;
  get(key: string): unknown {
    if (!(key in this.schema)) throw new Error(`state: undeclared property ${key}`);
    return (this.values as Values)[key];
  }
  set<K extends KeyOf<S>>(key: K, value: ValuesOf<S>[K]): void {
    this.setMany({ [key]: value } as Partial<ValuesOf<S>>);
  }
  setMany(patch: Partial<ValuesOf<S>>): void {
    const changed: string[] = [];
    const values = this.values as Values;
    for (const [k, v] of Object.entries(patch)) {
      const def = this.schema[k];
      if (!def) throw new Error(`state: undeclared property ${k}`);
      if (this.locked.has(k)) continue;
      if (!same(def, values[k], v)) {
        values[k] = v;
        changed.push(k);
      }
    }
    if (changed.length) {
      this.changes++;
      for (const l of this.listeners) l(changed);
    }
  }
  reset(keys: readonly KeyOf<S>[]): void {
    const patch: Values = {};
    for (const k of keys) patch[k] = this.schema[k]?.default;
    this.setMany(patch as Partial<ValuesOf<S>>);
  }
  /** The slider range a numeric property declares. */
  range(key: KeyOf<S>): Range {
    const r = (this.schema[key] as Partial<NumParam> | undefined)?.range;
    if (!r) throw new Error(`state: ${key} declares no range`);
    return r;
  }
  /** From now on set/setMany ignore these properties (until the next call). */
  lock(keys: Iterable<string>): void {
    this.locked = new Set(keys);
  }
  isLocked(key: string): boolean {
    return this.locked.has(key);
  }
  /** Replaces everything (after parsing a URL); notifies with every key. */
  load(route: string, values: Values): void {
    this.route = route;
    this.values = { ...defaults(this.schema), ...values } as ValuesOf<S>;
    this.changes++;
    for (const l of this.listeners) l(Object.keys(this.schema));
  }
  /** Changes so far: equal versions hold equal values. */
  get version(): number {
    return this.changes;
  }
  snapshot(): ValuesOf<S> {
    return { ...this.values };
  }
  /** The state as a URL hash, for this route or another (`#/route?…`), read without a copy. */
  hash(route: string = this.route): string {
    return toHash(route, this.values, this.schema);
  }
  subscribe(l: Listener): () => void {
    this.listeners.push(l);
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }
}
