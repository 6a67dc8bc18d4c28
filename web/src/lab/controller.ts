// lab/controller.ts — connects one lab view's state (lab/reducer.ts) to its Web Worker
// (lab/worker.ts): dispatch(event) runs the reducer, posts the commands it produced, and calls the
// view's render(state, previous); worker reports come back in as events. It owns the worker's
// life (lazy start, failure shown as an error state, disposal that lets the worker free its
// trainers first) and the one side effect the reducer cannot express: saving downloaded weights as
// a file. It computes nothing and draws nothing itself.
import type { Command, Report } from './protocol';
import { reduce, type LabEvent, type LabState } from './reducer';
import { L } from './text';

export interface Controller {
  readonly state: LabState;
  dispatch(e: LabEvent): void;
  /** Starts the worker now (it preloads the trainer module). */
  warm(): void;
  /** Lets the worker free its trainers, then stops it. */
  dispose(): void;
}

export function controller(first: LabState, render: (s: LabState, prev: LabState) => void, fileName: (s: LabState) => string): Controller {
  let state = first;
  let worker: Worker | undefined;

  function ensureWorker(): Worker | undefined {
    if (worker) return worker;
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    } catch {
      dispatch({ type: 'failed', message: L('noWorker') });
      return undefined;
    }
    worker.onmessage = (e: MessageEvent<Report>) => dispatch({ type: 'report', report: e.data, now: performance.now() });
    worker.onerror = (e: ErrorEvent) => {
      // Handled here, shown on the page: not a console error.
      e.preventDefault();
      worker?.terminate();
      worker = undefined;
      dispatch({ type: 'failed', message: e.message || 'unknown error' });
    };
    worker.onmessageerror = () => dispatch({ type: 'failed', message: 'a message could not be read' });
    return worker;
  }

  function save(bytes: Uint8Array): void {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(state);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function dispatch(e: LabEvent): void {
    const prev = state;
    state = reduce(state, e);
    if (state === prev) return;
    for (const c of state.outbox) ensureWorker()?.postMessage(c satisfies Command);
    if (state.weights.file && state.weights.file !== prev.weights.file) save(state.weights.file);
    render(state, prev);
  }

  return {
    get state() {
      return state;
    },
    dispatch,
    warm: () => void ensureWorker(),
    dispose() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      // Let the worker free the trainers (delete() in its finally), then stop it.
      const stop = window.setTimeout(() => w.terminate(), 1500);
      w.onmessage = (e: MessageEvent<Report>) => {
        if (e.data.type === 'reset') {
          window.clearTimeout(stop);
          w.terminate();
        }
      };
      w.postMessage({ type: 'reset', run: state.run } satisfies Command);
    },
  };
}
