// lessons/14-implement.ts — lesson 14, "Implement it yourself": the learner writes scaled
// dot-product attention (then a masked version) in JavaScript in an editor; it runs in a Web
// Worker on seeded random inputs and is compared with the core's result: first mismatching cell,
// a readable diff and hints (hints come from comparing with other core results, e.g. unscaled).
// The code is kept in localStorage (too long for a link); mode and inputs are in the URL.
import type { Matrix } from '../model/matrix';
import { at, matrix, toRows } from '../model/matrix';
import { exerciseInputs } from '../model/pipeline';
import { choiceParam, intParam } from '../model/state';
import { button, select } from '../ui/controls';
import { h, setChildren } from '../ui/dom';
import { fmt } from '../ui/format';
import { renderFormula } from '../ui/formula';
import { heatmap } from '../ui/heatmap';
import { rich } from '../ui/richtext';
import { defineLesson } from './types';

type Mode = 'plain' | 'masked';
const STORE_KEY = (m: Mode) => `attention-lab:code:${m}`;
const TOL = 1e-4;

/** Messages of the runner and the shape checker, filled from the content file at mount. */
const TEXT = { timeout: '', workerFailed: '', noFunction: '', notArray: '', rowCount: '', rowNotArray: '', rowLength: '' };
const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? `{${k}}`));

function runInWorker(code: string, fn: string, args: unknown[]): Promise<{ ok: boolean; result?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('../ui/runner.worker.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      w.terminate();
      resolve({ ok: false, error: TEXT.timeout });
    }, 3000);
    w.onmessage = (e: MessageEvent<{ ok: boolean; result?: unknown; error?: string; missing?: string }>) => {
      clearTimeout(timer);
      w.terminate();
      resolve(e.data.missing ? { ok: false, error: TEXT.noFunction.replace('{fn}', e.data.missing) } : e.data);
    };
    w.onerror = (e) => {
      clearTimeout(timer);
      w.terminate();
      resolve({ ok: false, error: e.message || TEXT.workerFailed });
    };
    w.postMessage({ code, fn, args });
  });
}

/** The learner's result as a Matrix if it is a (rows, cols) array of numbers; else a problem. */
function asMatrix(x: unknown, rows: number, cols: number): { m?: Matrix; problem?: string } {
  if (!Array.isArray(x)) return { problem: fill(TEXT.notArray, { rows, got: x === null ? 'null' : typeof x }) };
  if (x.length !== rows) return { problem: fill(TEXT.rowCount, { rows, got: x.length }) };
  for (let i = 0; i < rows; i++) {
    const r: unknown = x[i];
    if (!Array.isArray(r) && !ArrayBuffer.isView(r)) return { problem: fill(TEXT.rowNotArray, { i }) };
    const arr = Array.from(r as ArrayLike<unknown>);
    if (arr.length !== cols) return { problem: fill(TEXT.rowLength, { i, n: arr.length, cols }) };
  }
  const val = (v: unknown) => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
  return { m: matrix(rows, cols, (i, j) => val((x[i] as unknown[])[j])) };
}

function firstMismatch(a: Matrix, b: Matrix): [number, number] | undefined {
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      const x = at(a, i, j);
      const y = at(b, i, j);
      if (!(Math.abs(x - y) <= TOL * Math.max(1, Math.abs(y)))) return [i, j];
    }
  return undefined;
}

const lesson = defineLesson({
  slug: 'implement',
  file: '14-implement',
  params: {
    exm: choiceParam<Mode>('plain', ['plain', 'masked']),
    exs: intParam(1, 1, 9999),
  },
  deps: ['exm', 'exs'],
  mount({ core, store, L, controls, figures, formula, text }) {
    const data = (text.data ?? {}) as Record<string, string>;
    for (const k of Object.keys(TEXT) as (keyof typeof TEXT)[]) TEXT[k] = L(k);
    const starter = (m: Mode) => data[m === 'plain' ? 'starterPlain' : 'starterMasked'] ?? '';
    const solution = (m: Mode) => data[m === 'plain' ? 'solutionPlain' : 'solutionMasked'] ?? '';
    const fnName = (m: Mode) => (m === 'plain' ? 'attention' : 'maskedAttention');
    const load = (m: Mode) => {
      try {
        return localStorage.getItem(STORE_KEY(m)) ?? starter(m);
      } catch {
        return starter(m);
      }
    };
    const area = h('textarea', {
      class: 'editor-area',
      id: 'code-editor',
      spellcheck: false,
      wrap: 'off',
      autocapitalize: 'off',
      autocomplete: 'off',
      'aria-describedby': 'code-help',
    });
    const result = h('div', { class: 'result-box', 'aria-live': 'polite', 'data-stat': 'result' });
    const mode = () => store.get('exm');
    area.value = load(mode());
    area.addEventListener('input', () => {
      try {
        localStorage.setItem(STORE_KEY(mode()), area.value);
      } catch {
        /* not remembered */
      }
    });
    const run = async () => {
      const m = mode();
      const inp = exerciseInputs(core, store.get('exs'), m === 'masked');
      const opts = inp.mask ? { mask: inp.mask } : {};
      const ref = core.attention(inp.Q, inp.K, inp.V, opts);
      const args: unknown[] = [toRows(inp.Q), toRows(inp.K), toRows(inp.V)];
      if (inp.mask) args.push(toRows(inp.mask).map((r) => r.map((x) => x !== 0)));
      result.replaceChildren(h('p', {}, L('running')));
      const res = await runInWorker(area.value, fnName(m), args);
      if (!res.ok) {
        result.replaceChildren(
          h('p', { class: 'callout warn', 'data-verdict': 'error' }, L('threw'), ' ', h('code', {}, res.error ?? '')),
          rich('p', L('hintError')),
        );
        return;
      }
      const got = asMatrix(res.result, ref.output.rows, ref.output.cols);
      if (!got.m) {
        const asW = asMatrix(res.result, ref.weights.rows, ref.weights.cols);
        const hint = asW.m && !firstMismatch(asW.m, ref.weights) ? L('hintWeights') : L('hintShape', { r: ref.output.rows, c: ref.output.cols });
        result.replaceChildren(h('p', { class: 'callout warn', 'data-verdict': 'shape' }, L('badShape'), ' ', got.problem ?? ''), rich('p', hint));
        return;
      }
      const mm = firstMismatch(got.m, ref.output);
      const yours = heatmap({
        id: 'your-output',
        title: L('yours'),
        m: got.m,
        palette: 'diverging',
        colAxis: 'd_v',
        rowAxis: L('query'),
        digits: 4,
        cell: 60,
        provenance: (i, j) => L('yoursProv', { i, j, v: fmt(at(got.m as Matrix, i, j), 5), c: fmt(at(ref.output, i, j), 5) }),
      });
      if (!mm) {
        result.replaceChildren(h('p', { class: 'callout ok', 'data-verdict': 'match' }, L('match', { n: ref.output.rows * ref.output.cols })), yours);
        return;
      }
      const [i, j] = mm;
      const hints: string[] = [];
      const unscaled = core.attention(inp.Q, inp.K, inp.V, { ...opts, scale: 1 });
      if (!firstMismatch(got.m, unscaled.output)) hints.push(L('hintScale'));
      if (inp.mask && !firstMismatch(got.m, core.attention(inp.Q, inp.K, inp.V).output)) hints.push(L('hintMask'));
      if (Array.from(got.m.data).some(Number.isNaN)) hints.push(L('hintNaN'));
      if (!hints.length) hints.push(L('hintGeneral'));
      result.replaceChildren(
        h(
          'p',
          { class: 'callout warn', 'data-verdict': 'mismatch' },
          L('mismatch', { i, j, got: fmt(at(got.m, i, j), 5), want: fmt(at(ref.output, i, j), 5), d: fmt(at(got.m, i, j) - at(ref.output, i, j), 5) }),
        ),
        ...hints.map((x) => rich('p', x)),
        yours,
      );
    };
    const showSolution = h('details', {}, h('summary', {}, L('solution')), h('pre', { class: 'solution' }));
    const fillSolution = () => {
      (showSolution.querySelector('pre') as HTMLElement).textContent = solution(mode());
    };
    fillSolution();
    controls.append(
      select(store, 'exm', L('mode'), [
        { value: 'plain', label: L('plain') },
        { value: 'masked', label: L('masked') },
      ]),
      h(
        'div',
        { class: 'ctl row-tools' },
        button(L('newInputs'), () => store.set('exs', (store.get('exs') % 9999) + 1), 'btn small'),
        button(
          L('resetCode'),
          () => {
            area.value = starter(mode());
            try {
              localStorage.removeItem(STORE_KEY(mode()));
            } catch {
              /* ignore */
            }
          },
          'btn small',
        ),
      ),
      h(
        'div',
        { class: 'wide', style: 'flex-basis:100%' },
        h('label', { for: 'code-editor', class: 'med-title' }, L('editor')),
        h('p', { id: 'code-help', class: 'ctl-help' }, L('editorHelp')),
        area,
        h(
          'div',
          { class: 'row-tools' },
          button(L('run'), () => void run(), 'btn primary'),
          showSolution,
        ),
        result,
      ),
    );
    let lastMode: Mode = mode();
    return {
      update() {
        const m = mode();
        if (m !== lastMode) {
          lastMode = m;
          area.value = load(m);
          fillSolution();
          result.replaceChildren();
        }
        const inp = exerciseInputs(core, store.get('exs'), m === 'masked');
        const ref = core.attention(inp.Q, inp.K, inp.V, inp.mask ? { mask: inp.mask } : {});
        const figs = [
          heatmap({
            id: 'ex-Q',
            title: 'Q',
            provenance: (i, j) => L('inputProv', { name: 'Q', i, j, v: fmt(at(inp.Q, i, j), 2) }),
            m: inp.Q,
            palette: 'diverging',
            shape: `(T_q, d_k) = (${inp.Q.rows}, ${inp.Q.cols})`,
            digits: 2,
          }),
          heatmap({
            id: 'ex-K',
            title: 'K',
            provenance: (i, j) => L('inputProv', { name: 'K', i, j, v: fmt(at(inp.K, i, j), 2) }),
            m: inp.K,
            palette: 'diverging',
            shape: `(T_k, d_k) = (${inp.K.rows}, ${inp.K.cols})`,
          }),
          heatmap({
            id: 'ex-V',
            title: 'V',
            provenance: (i, j) => L('inputProv', { name: 'V', i, j, v: fmt(at(inp.V, i, j), 2) }),
            m: inp.V,
            palette: 'diverging',
            shape: `(T_k, d_v) = (${inp.V.rows}, ${inp.V.cols})`,
          }),
        ];
        if (inp.mask)
          figs.push(
            heatmap({
              id: 'ex-mask',
              title: L('maskTitle'),
              provenance: (i, j) => L('inputProv', { name: 'mask', i, j, v: at(inp.mask as Matrix, i, j) ? '1 (blocked)' : '0' }),
              m: inp.mask,
              palette: 'cividis',
              digits: 0,
              domain: [0, 1],
            }),
          );
        figs.push(
          heatmap({
            id: 'core-output',
            provenance: (i, j) => L('coreProv', { i, j, v: fmt(at(ref.output, i, j), 5) }),
            title: L('coreOut'),
            m: ref.output,
            palette: 'diverging',
            digits: 4,
            cell: 60,
            rowAxis: L('query'),
            colAxis: 'd_v',
            shape: `(T_q, d_v) = (${ref.output.rows}, ${ref.output.cols})`,
          }),
        );
        setChildren(figures, ...figs);
        renderFormula(formula, [
          {
            tex: `\\operatorname{Attention}(Q,K,V) = \\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}${m === 'masked' ? ' + M' : ''}\\right) V,\\qquad d_k = ${inp.Q.cols}`,
          },
          {
            label: L('fRef'),
            tex: `\\text{core: } o_{0} = [${Array.from({ length: ref.output.cols }, (_, c) => fmt(at(ref.output, 0, c), 4).replace('−', '-')).join(',\\ ')}]`,
          },
        ]);
      },
    };
  },
});

export default lesson;
