// ui/links.ts — the href of an internal link, carrying the current settings (so navigation never
// loses them): `#/route?…` from the app's store, plus the properties a link sets ("labview=heads",
// each parsed by its declaration; unknown or bad ones are left out). The page renders its links
// with these on every render, so they follow the state. main.ts registers the store. No DOM.
import { toHash, type Schema, type Store } from '../model/state';

let store: Store<Schema> | undefined;
/** The settings part of the last href (`?…`, or '') and the store version it is of: a page has
 *  many links (the step indicator names every lesson), all with the same settings. */
let settings = { version: -1, query: '' };

/** The store whose state every link carries (main.ts, once). */
export function linkStore(s: Store<Schema>): void {
  store = s;
  settings = { version: -1, query: '' };
}

/** The properties a link's `set` ("key=value&…") sets, each parsed by its declaration. */
function overrides(schema: Schema, set: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of set.split('&')) {
    const [key = '', raw = ''] = pair.split('=');
    const v = schema[key]?.parse(raw);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** `#/route` with the current settings (and those `set` names). */
export function routeHref(route: string, set?: string): string {
  if (!store) return `#/${route}`;
  if (!set) {
    if (settings.version !== store.version) settings = { version: store.version, query: store.hash('').slice(2) };
    return `#/${route}${settings.query}`;
  }
  return toHash(route, { ...store.snapshot(), ...overrides(store.schema, set) }, store.schema);
}
