// lessons/14-implement.ts — lesson 14, "Implement it yourself": the learner writes, in JavaScript
// in an editor, (1) scaled dot-product attention, (2) a masked version, (3) multi-head attention
// (split into heads, attention per head, concatenate, W^O) and (4) masked attention with a fully
// blocked row. Their function runs in a Web Worker on seeded random inputs and is compared with
// the core's result cell by cell: first mismatching cell and hints. Every expected number and
// every hint comes from core calls (a hint fires when the learner's result equals ANOTHER core
// result, e.g. unscaled, without W^O, unsplit); this file does no attention math itself.
// The code is kept in localStorage (too long for a link); mode and inputs are in the URL.
// view() returns lit templates (ui/render.ts): the figures and formula of the exercise on its
// inputs, and the controls, whose editor panel (code being typed, the last run's result) is an
// island, made afresh for each exercise chosen (the exercise's saved code, no result).
import type { FormulaLine } from '../ui/formula';
import type { Matrix } from '../model/matrix';
import { at, matrix, row, toRows } from '../model/matrix';
import { blockedExerciseInputs, exerciseInputs, mhaExercise, mhaExerciseInputs } from '../model/pipeline';
import { choiceParam, intParam } from '../model/state';
import { button, select } from '../ui/controls';
import { fmt } from '../ui/format';
import { heatmap } from '../ui/heatmap';
import { html, island, live, nothing, repeat, type Local } from '../ui/render';
import { richContent } from '../ui/richtext';
import { recordExercise } from '../ui/progress';
import { defineLesson } from './types';

type Mode = 'plain' | 'masked' | 'multihead' | 'blocked';
/** The exercises, in order (also the keys of the learner's passed exercises, ui/progress.ts). */
export const MODES: readonly Mode[] = ['plain', 'masked', 'multihead', 'blocked'];
/** Per mode: the suffix of its starter/solution in the content data, and the function the learner defines. */
const EXERCISE: Record<Mode, { key: string; fn: string }> = {
  plain: { key: 'Plain', fn: 'attention' },
  masked: { key: 'Masked', fn: 'maskedAttention' },
  multihead: { key: 'MultiHead', fn: 'multiHeadAttention' },
  blocked: { key: 'Blocked', fn: 'maskedAttention' },
};
const STORE_KEY = (m: Mode) => `attention-lab:code:${m}`;
const TOL = 1e-4;
/** Rows and columns labelled from 0, as the learner's arrays are indexed (output[0][0] is the top-left cell). */
const zeroBased = (m: Matrix) => ({
  rowLabels: Array.from({ length: m.rows }, (_, i) => String(i)),
  colLabels: Array.from({ length: m.cols }, (_, j) => String(j)),
});

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

/** The learner's result as a Matrix if it is a (rows, cols) array of numbers; else a problem. `width` names the columns (d_v, d_model). */
function asMatrix(x: unknown, rows: number, cols: number, width = ''): { m?: Matrix; problem?: string } {
  if (!Array.isArray(x)) return { problem: fill(TEXT.notArray, { rows, got: x === null ? 'null' : typeof x }) };
  if (x.length !== rows) return { problem: fill(TEXT.rowCount, { rows, got: x.length }) };
  for (let i = 0; i < rows; i++) {
    const r: unknown = x[i];
    if (!Array.isArray(r) && !ArrayBuffer.isView(r)) return { problem: fill(TEXT.rowNotArray, { i }) };
    const arr = Array.from(r as ArrayLike<unknown>);
    if (arr.length !== cols) return { problem: fill(TEXT.rowLength, { i, n: arr.length, cols, width }) };
  }
  const val = (v: unknown) => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
  return { m: matrix(rows, cols, (i, j) => val((x[i] as unknown[])[j])) };
}

/** The first cell (row-major) where a and b differ by more than TOL, looking only at `rows` (default all); undefined if none. */
function firstMismatch(a: Matrix, b: Matrix, rows?: readonly number[]): [number, number] | undefined {
  if (a.rows !== b.rows || a.cols !== b.cols) return [0, 0];
  for (const i of rows ?? Array.from({ length: a.rows }, (_, k) => k))
    for (let j = 0; j < a.cols; j++) {
      const x = at(a, i, j);
      const y = at(b, i, j);
      if (!(Math.abs(x - y) <= TOL * Math.max(1, Math.abs(y)))) return [i, j];
    }
  return undefined;
}

/** A hint: a label of the content file with its values; shown with data-hint = key (the tests find it by that). */
interface Hint {
  key: string;
  vars?: Record<string, string | number>;
}

/** One exercise on its current inputs: what the learner's function gets, the core's answer, and how to explain a wrong one. */
interface Exercise {
  /** The learner's function's arguments (plain arrays and numbers). */
  args: unknown[];
  /** The core's output: the reference every cell is compared with. */
  ref: Matrix;
  /** The name of the output's columns (d_v, d_model), for the messages. */
  width: string;
  /** Other core results of another shape that a wrong answer may be (e.g. the weights), each with its hint. */
  wrongShapes(): { m: Matrix; hint: Hint }[];
  /** Hints for a right-shaped result that does not match: which OTHER core result it equals. */
  hints(got: Matrix): Hint[];
  figures(): unknown[];
  formula(): FormulaLine[];
}

/** The editor island's own state: the exercise it edits, the code typed, the last run's result. */
interface EditorLocal {
  mode: Mode;
  code: string;
  result: unknown;
}

const lesson = defineLesson({
  slug: 'implement',
  file: '14-implement',
  params: {
    exm: choiceParam<Mode>('plain', MODES),
    exs: intParam(1, 1, 9999),
  },
  deps: ['exm', 'exs'],
  mount({ core, store, L, text }) {
    const data = (text.data ?? {}) as Record<string, string>;
    for (const k of Object.keys(TEXT) as (keyof typeof TEXT)[]) TEXT[k] = L(k);
    const starter = (m: Mode) => data[`starter${EXERCISE[m].key}`] ?? '';
    const solution = (m: Mode) => data[`solution${EXERCISE[m].key}`] ?? '';
    const load = (m: Mode) => {
      try {
        return localStorage.getItem(STORE_KEY(m)) ?? starter(m);
      } catch {
        return starter(m);
      }
    };
    const input = (name: string, m: Matrix, shape: string, id = `ex-${name}`) =>
      heatmap({
        id,
        title: name,
        provenance: (i, j) => L('inputProv', { name, i, j, v: fmt(at(m, i, j), 2) }),
        m,
        ...zeroBased(m),
        palette: 'diverging',
        shape: `${shape} = (${m.rows}, ${m.cols})`,
        digits: 2,
      });
    const texNum = (x: number) => fmt(x, 4).replace('−', '-');
    const firstRow = (out: Matrix): FormulaLine => ({
      label: L('fRef'),
      tex: `\\text{${L('txCore')}} o_{0} = [${row(out, 0).map(texNum).join(',\\ ')}]`,
    });
    const coreOutput = (out: Matrix, width: string, prov: string) =>
      heatmap({
        id: 'core-output',
        provenance: (i, j) => L(prov, { i, j, v: fmt(at(out, i, j), 5) }),
        title: L('coreOut'),
        m: out,
        ...zeroBased(out),
        palette: 'diverging',
        digits: 4,
        cell: 60,
        rowAxis: L('query'),
        colAxis: width,
        shape: `(T_q, ${width}) = (${out.rows}, ${out.cols})`,
      });

    /** Exercises 1, 2 and 4: (masked) scaled dot-product attention; 4's mask blocks a whole row. */
    const attentionExercise = (m: Mode, seed: number): Exercise => {
      const inp = m === 'blocked' ? blockedExerciseInputs(core, seed) : exerciseInputs(core, seed, m === 'masked');
      const mask = inp.mask;
      const opts = mask ? { mask } : {};
      const ref = core.attention(inp.Q, inp.K, inp.V, opts);
      const args: unknown[] = [toRows(inp.Q), toRows(inp.K), toRows(inp.V)];
      if (mask) args.push(toRows(mask).map((r) => r.map((x) => x !== 0)));
      // The query rows whose every key is blocked (read off the mask): the core returns zeros there.
      const all = Array.from({ length: ref.output.rows }, (_, i) => i);
      const blocked = mask ? all.filter((i) => row(mask, i).every((x) => x !== 0)) : [];
      const others = all.filter((i) => !blocked.includes(i));
      return {
        args,
        ref: ref.output,
        width: 'd_v',
        wrongShapes: () => [{ m: ref.weights, hint: { key: 'hintWeights' } }],
        hints(got) {
          const out: Hint[] = [];
          if (firstMismatch(got, ref.output, others)) {
            if (!firstMismatch(got, core.attention(inp.Q, inp.K, inp.V, { ...opts, scale: 1 }).output, others)) out.push({ key: 'hintScale' });
            if (mask && !firstMismatch(got, core.attention(inp.Q, inp.K, inp.V).output, others)) out.push({ key: 'hintMask' });
            if (blocked.length && !out.length) out.push({ key: 'hintOtherRows', vars: { rows: blocked.join(', ') } });
          }
          if (Array.from(got.data).some(Number.isNaN)) out.push({ key: 'hintNaN' });
          const wrongBlocked = blocked.filter((i) => firstMismatch(got, ref.output, [i]) && !row(got, i).some(Number.isNaN));
          if (wrongBlocked.length) {
            // Uniform weights over all keys (scale 0, no mask): what -1e9 instead of -Infinity gives on a fully blocked row.
            const uniform = core.attention(inp.Q, inp.K, inp.V, { scale: 0 }).output;
            const rows = wrongBlocked.join(', ');
            out.push(firstMismatch(got, uniform, wrongBlocked) ? { key: 'hintBlockedZero', vars: { rows } } : { key: 'hintUniform', vars: { rows } });
          }
          if (!out.length) out.push({ key: 'hintGeneral' });
          return out;
        },
        figures() {
          const figs = [input('Q', inp.Q, '(T_q, d_k)'), input('K', inp.K, '(T_k, d_k)'), input('V', inp.V, '(T_k, d_v)')];
          if (mask)
            figs.push(
              heatmap({
                id: 'ex-mask',
                title: L('maskTitle'),
                provenance: (i, j) => L('inputProv', { name: 'mask', i, j, v: at(mask, i, j) ? L('blockedCell') : '0' }),
                m: mask,
                ...zeroBased(mask),
                rowAxis: L('query'),
                colAxis: L('key'),
                palette: 'cividis',
                digits: 0,
                domain: [0, 1],
              }),
            );
          if (blocked.length)
            figs.push(
              heatmap({
                id: 'core-weights',
                title: L('coreWeights'),
                provenance: (i, j) => L('weightProv', { i, j, v: fmt(at(ref.weights, i, j), 4) }),
                m: ref.weights,
                ...zeroBased(ref.weights),
                palette: 'viridis',
                domain: [0, 1],
                digits: 2,
                rowAxis: L('query'),
                colAxis: L('key'),
                shape: `(T_q, T_k) = (${ref.weights.rows}, ${ref.weights.cols})`,
              }),
            );
          figs.push(coreOutput(ref.output, 'd_v', 'coreProv'));
          return figs;
        },
        formula: () => [
          {
            tex: `\\operatorname{Attention}(Q,K,V) = \\operatorname{softmax}\\!\\left(\\frac{QK^{\\top}}{\\sqrt{d_k}}${mask ? ' + M' : ''}\\right) V,\\qquad d_k = ${inp.Q.cols}`,
          },
          ...(blocked.length
            ? [
                {
                  label: L('fBlocked', { rows: blocked.join(', ') }),
                  tex: blocked.map((b) => `\\text{${L('txCore')}} w_{${b}} = [${row(ref.weights, b).map(texNum).join(',\\ ')}]`).join(',\\quad '),
                },
              ]
            : []),
          firstRow(ref.output),
        ],
      };
    };

    /** Exercise 3: multi-head attention in the paper's layout; the core's nn.MultiheadAttention is the reference. */
    const multiHeadExercise = (seed: number): Exercise => {
      const ex = mhaExerciseInputs(seed);
      const r = mhaExercise(core, ex);
      const T = ex.X.rows;
      const E = ex.X.cols;
      const nh = ex.numHeads;
      const dh = E / nh;
      return {
        args: [toRows(ex.X), toRows(ex.WQ), toRows(ex.WK), toRows(ex.WV), toRows(ex.WO), nh],
        ref: r.output,
        width: 'd_model',
        wrongShapes: () => [
          { m: r.averageWeights, hint: { key: 'hintAvgWeights' } },
          ...r.heads.map((hd, k) => ({ m: hd.weights, hint: { key: 'hintHeadWeights', vars: { k: k + 1 } } })),
          ...r.heads.map((hd, k) => ({ m: hd.output, hint: { key: 'hintOneHead', vars: { k: k + 1, nh } } })),
        ],
        hints(got) {
          const out: Hint[] = [];
          const equals = (m: Matrix) => !firstMismatch(got, m);
          if (equals(r.concat)) out.push({ key: 'hintWO' });
          // One head of width d_model: the unsplit attention, scaled by √d_model.
          const one = mhaExercise(core, ex, { numHeads: 1 });
          if (equals(one.output)) out.push({ key: 'hintSplit', vars: { E, nh, dh } });
          if (equals(one.concat)) out.push({ key: 'hintSplit', vars: { E, nh, dh } }, { key: 'hintWO' });
          if (equals(mhaExercise(core, ex, { qFactor: Math.sqrt(dh / E) }).output)) out.push({ key: 'hintHeadScale', vars: { E, dh } });
          if (equals(mhaExercise(core, ex, { qFactor: Math.sqrt(dh) }).output)) out.push({ key: 'hintMhaUnscaled', vars: { dh } });
          if (equals(mhaExercise(core, ex, { transposedW: true }).output)) out.push({ key: 'hintLayout' });
          if (Array.from(got.data).some(Number.isNaN)) out.push({ key: 'hintNaN' });
          if (!out.length) out.push({ key: 'hintGeneralMha' });
          return out;
        },
        figures() {
          const ranges = r.heads.map((_, k) => L('concatRange', { k: k + 1, a: k * dh, b: (k + 1) * dh - 1 })).join(', ');
          return [
            input('X', ex.X, '(T, d_model)'),
            input('W_Q', ex.WQ, '(d_model, d_model)', 'ex-WQ'),
            input('W_K', ex.WK, '(d_model, d_model)', 'ex-WK'),
            input('W_V', ex.WV, '(d_model, d_model)', 'ex-WV'),
            input('W_O', ex.WO, '(d_model, d_model)', 'ex-WO'),
            ...r.heads.map((hd, k) =>
              heatmap({
                id: `ex-head-${k + 1}`,
                title: L('headTitle', { k: k + 1 }),
                m: hd.weights,
                ...zeroBased(hd.weights),
                rowAxis: L('query'),
                colAxis: L('key'),
                palette: 'viridis',
                domain: [0, 1],
                digits: 3,
                shape: `(T, T) = (${T}, ${T})`,
                provenance: (i, j) => L('headProv', { k: k + 1, i, j, v: fmt(at(hd.weights, i, j), 4), dh }),
              }),
            ),
            heatmap({
              id: 'ex-concat',
              title: L('concatTitle'),
              m: r.concat,
              ...zeroBased(r.concat),
              rowAxis: L('query'),
              colAxis: L('concatAxis', { ranges }),
              palette: 'diverging',
              digits: 4,
              cell: 60,
              shape: `(T, n_heads·d_head) = (${T}, ${E})`,
              provenance: (i, c) => L('concatProv', { i, col: c, k: Math.floor(c / dh) + 1, c: c % dh, v: fmt(at(r.concat, i, c), 5) }),
            }),
            coreOutput(r.output, 'd_model', 'coreProvMha'),
          ];
        },
        formula: () => [
          { tex: `Q = XW_Q,\\quad K = XW_K,\\quad V = XW_V,\\qquad W_Q, W_K, W_V, W_O \\in \\mathbb{R}^{${E} \\times ${E}}` },
          {
            label: L('fSplit', { dh }),
            tex: `\\operatorname{head}_k = \\operatorname{softmax}\\!\\left(\\frac{Q_k K_k^{\\top}}{\\sqrt{d_{head}}}\\right) V_k,\\qquad d_{head} = \\frac{d_{model}}{n_{heads}} = \\frac{${E}}{${nh}} = ${dh}`,
          },
          { tex: `\\operatorname{MultiHead}(X) = [\\operatorname{head}_1, \\dots, \\operatorname{head}_{${nh}}]\\, W_O \\in \\mathbb{R}^{${T} \\times ${E}}` },
          firstRow(r.output),
        ],
      };
    };

    const mode = () => store.get('exm');
    const exercise = (): Exercise => (mode() === 'multihead' ? multiHeadExercise(store.get('exs')) : attentionExercise(mode(), store.get('exs')));

    const hintP = (x: Hint) => html`<p data-hint=${x.key}>${richContent(L(x.key, x.vars))}</p>`;
    /** Runs the learner's `code` on the exercise's inputs and returns what to show in the result box. */
    const check = async (m: Mode, ex: Exercise, code: string): Promise<unknown> => {
      const ref = ex.ref;
      const res = await runInWorker(code, EXERCISE[m].fn, ex.args);
      if (!res.ok)
        return html`<p class="callout warn" data-verdict="error">${L('threw')} <code>${res.error ?? ''}</code></p>
          ${hintP({ key: 'hintError', vars: { fn: EXERCISE[m].fn } })}`;
      const got = asMatrix(res.result, ref.rows, ref.cols, ex.width);
      if (!got.m) {
        const known = ex.wrongShapes().find((alt) => {
          const asAlt = asMatrix(res.result, alt.m.rows, alt.m.cols);
          return asAlt.m && !firstMismatch(asAlt.m, alt.m);
        });
        const hint = known ? known.hint : { key: 'hintShape', vars: { r: ref.rows, c: ref.cols, width: ex.width } };
        return html`<p class="callout warn" data-verdict="shape">${L('badShape')} ${got.problem ?? ''}</p>
          ${hintP(hint)}`;
      }
      const gm = got.m;
      const mm = firstMismatch(gm, ref);
      const yours = heatmap({
        id: 'your-output',
        title: L('yours'),
        m: gm,
        ...zeroBased(gm),
        palette: 'diverging',
        colAxis: ex.width,
        rowAxis: L('query'),
        digits: 4,
        cell: 60,
        provenance: (i, j) => L('yoursProv', { i, j, v: fmt(at(gm, i, j), 5), c: fmt(at(ref, i, j), 5) }),
      });
      if (!mm) {
        recordExercise(m);
        return html`<p class="callout ok" data-verdict="match">${L('match', { n: ref.rows * ref.cols })}</p>
          ${yours}`;
      }
      const [i, j] = mm;
      const said = L('mismatch', { i, j, got: fmt(at(gm, i, j), 5), want: fmt(at(ref, i, j), 5), d: fmt(at(gm, i, j) - at(ref, i, j), 5) });
      return html`<p class="callout warn" data-verdict="mismatch">${said}</p>
        ${ex.hints(gm).map(hintP)} ${yours}`;
    };

    /** The buttons, the code editor, the solution and the result box of exercise `m` (an island). */
    const drawEditor = (ex: Exercise, local: Local<EditorLocal>): unknown => {
      const m = local.state.mode;
      const run = async () => {
        local.set({ result: html`<p>${L('running')}</p>` });
        local.set({ result: await check(m, ex, local.state.code) });
      };
      const type = (e: Event) => {
        const code = (e.currentTarget as HTMLTextAreaElement).value;
        try {
          localStorage.setItem(STORE_KEY(m), code);
        } catch {
          /* not remembered */
        }
        local.set({ code });
      };
      const resetCode = () => {
        try {
          localStorage.removeItem(STORE_KEY(m));
        } catch {
          /* ignore */
        }
        local.set({ code: starter(m) });
      };
      return html`<div class="ctl row-tools">
          ${button(L('newInputs'), () => store.set('exs', (store.get('exs') % 9999) + 1), 'btn small')} ${button(L('resetCode'), resetCode, 'btn small')}
        </div>
        <div class="wide" style="flex-basis:100%">
          <label for="code-editor" class="med-title">${L('editor')}</label>
          <p id="code-help" class="ctl-help">${L('editorHelp')}</p>
          <textarea
            class="editor-area"
            id="code-editor"
            spellcheck="false"
            wrap="off"
            autocapitalize="off"
            autocomplete="off"
            aria-describedby="code-help"
            .value=${live(local.state.code)}
            @input=${type}
          ></textarea>
          <div class="row-tools">
            ${button(L('run'), () => void run(), 'btn primary')}
            <details>
              <summary>${L('solution')}</summary>
              <pre class="solution">${solution(m)}</pre>
            </details>
          </div>
          <div class="result-box" aria-live="polite" data-stat="result">${local.state.result}</div>
        </div>`;
    };

    return {
      view() {
        const m = mode();
        const ex = exercise();
        // One island per exercise chosen (keyed by mode): a new choice loads its code, clears the result.
        const editor = repeat(
          [m],
          (k) => k,
          (k) => html`<div class="control-set" ${island((): EditorLocal => ({ mode: k, code: load(k), result: nothing }), drawEditor, ex)}></div>`,
        );
        return {
          controls: html`${select(
            store,
            'exm',
            L('mode'),
            MODES.map((value) => ({ value, label: L(value) })),
          )}
          ${editor}`,
          figures: ex.figures(),
          formula: ex.formula(),
          // Each exercise's figures (their own shapes) stay parked while another is chosen.
          figuresKey: m,
        };
      },
    };
  },
});

export default lesson;
