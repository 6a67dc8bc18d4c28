// pages/routes.ts — the router's table: every page that has a route (#/slug) and how to mount it.
// Lessons and the lab are mounted the same way (a Mounted: el, update, optional ready/dispose), so
// main.ts has no page-specific code. The home page (#/) is the fallback. No UI, no math.
import { lessons, type schema } from '../lessons/index';
import type { Core } from '../model/core';
import type { Store } from '../model/state';
import { lessonPage, type Mounted } from '../ui/lessonPage';
import { labPage } from './lab';

export interface PageDef {
  route: string;
  /** `core` loads the lessons' core on first call; pages that do not need it never call it. */
  mount(store: Store<typeof schema>, core: () => Core | Promise<Core>): Mounted;
}

export const pages: readonly PageDef[] = [
  { route: 'lab', mount: (store) => labPage(store) },
  ...lessons.map((l): PageDef => ({ route: l.slug, mount: (store, core) => lessonPage(l, lessons, core(), store) })),
];
