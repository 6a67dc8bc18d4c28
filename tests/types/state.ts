// tests/types/state.ts — type test for the typed state: defineParams and Store
// (web/src/model/state.ts), defineLesson (web/src/lessons/types.ts) and the controls bound to a
// property (web/src/ui/controls.ts). Compiled with the web app by `tsc -p tsconfig.json`.
// Correct usage must compile; every `@ts-expect-error` line must be an error, or tsc fails on
// the unused directive. Never executed.
import { defineLesson } from '../../web/src/lessons/types';
import { boolParam, defineParams, intParam, numParam, Store, type Schema } from '../../web/src/model/state';
import { checkbox, select, slider } from '../../web/src/ui/controls';

const params = defineParams({ temp: numParam(0, -1, 1, { step: 0.1 }), on: boolParam(false), n: intParam(2, 1, 8) });

export function usage(): number {
  const store = new Store(params);
  const temp: number = store.get('temp');
  const on: boolean = store.get('on');
  // @ts-expect-error an undeclared key
  store.get('tmp');
  // @ts-expect-error a value of the wrong type
  store.set('temp', '0.5');
  store.set('on', !on);
  // @ts-expect-error the untyped read is for the untyped store only
  store.get<number>('temp');
  slider(store, 'temp', 'T', { show: (v) => v.toFixed(1), within: { max: 0.5 } });
  // @ts-expect-error a slider over a boolean
  slider(store, 'on', 'On');
  // @ts-expect-error an explicit range on a typed store: its declaration gives the range
  slider(store, 'temp', 'T', 0, 1, 0.1);
  checkbox(store, 'on', 'On');
  // @ts-expect-error a checkbox over a number
  checkbox(store, 'n', 'N');
  select(store, 'n', 'N', [{ value: 2, label: 'two' }]);
  // @ts-expect-error options of another type than the property's
  select(store, 'n', 'N', [{ value: 'two', label: 'two' }]);

  // A slider takes its range from the declaration only: an explicit range does not compile.
  // @ts-expect-error no (min, max, step) overload
  slider(store, 'temp', 'T', 0, 1, 0.1);
  // Reads with a caller-given type are for the controls' generic implementations (a store over
  // the untyped Schema), never for a typed store.
  const untyped = new Store(params as Schema);
  const old: number = untyped.get<number>('temp');

  // A lesson's deps and store accesses are checked against the shared and its own properties.
  defineLesson({
    slug: 'a',
    file: 'a',
    params,
    deps: ['s', 'seed', 'temp'],
    mount: ({ store: s }) => ({
      view: () => {
        s.set('n', s.get('seed'));
        return { controls: null, figures: null };
      },
    }),
  });
  // @ts-expect-error a dependency nobody declares
  defineLesson({ slug: 'b', file: 'b', params, deps: ['tmp'], mount: () => ({ view: () => ({ controls: null, figures: null }) }) });
  // @ts-expect-error another lesson's property
  defineLesson({ slug: 'c', file: 'c', params, mount: ({ store: s }) => ({ view: () => ({ controls: s.get('rho'), figures: null }) }) });
  return temp + old;
}
