// ui/runner.worker.ts — runs the learner's own JavaScript (lesson 14) in a Web Worker, away from
// the page: builds their function from source with `new Function`, calls it on the given inputs
// and posts back the result or the error. This is the one place where JS does attention math on
// purpose — it is the learner's code, and the core's result is always the reference.
// The worker is loaded from the same origin, so the page's meta CSP does not apply to it.
interface Job {
  code: string;
  fn: string;
  args: unknown[];
}

self.onmessage = (e: MessageEvent<Job>) => {
  const { code, fn, args } = e.data;
  try {
    const make = new Function(`"use strict";\n${code}\n;return typeof ${fn} === 'function' ? ${fn} : undefined;`) as () =>
      ((...a: unknown[]) => unknown) | undefined;
    const f = make();
    if (!f) {
      postMessage({ ok: false, missing: fn });
      return;
    }
    const result = f(...args);
    postMessage({ ok: true, result: JSON.parse(JSON.stringify(result, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) });
  } catch (err) {
    postMessage({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
