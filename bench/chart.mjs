// @ts-check
// bench/chart.mjs — the benchmark chart as a self-contained SVG: GFLOP/s against T for each
// runtime, one panel per d_model, without a mask (the causal runs are in the table). Draws only
// what bench/run.mjs measured; computes no benchmark itself.
import { DS, TS, flops } from './inputs.mjs';

/** @type {Record<string, string>} */
const COLORS = {
  march: '#555555',
  sse41: '#999999',
  wasmSimd: '#d62728',
  wasmSimdOneShot: '#e377c2',
  wasmSimdFull: '#ff9896',
  wasmScalar: '#8c564b',
  ortUnfused: '#1f77b4',
  ortFused: '#17becf',
  tfjs: '#ff7f0e',
  js: '#2ca02c',
};

/**
 * @param {{ T: number, d: number, causal: boolean }[]} cases
 * @param {Map<string, Record<string, number | undefined>>} results median ms by case key ("T/d/causal") and runtime id
 * @param {[string, string][]} cols [runtime id, label]
 */
export function chartSvg(cases, results, cols) {
  const W = 300,
    H = 220,
    pad = { l: 44, r: 10, t: 26, b: 34 },
    legendH = 70;
  const width = W * DS.length,
    height = H + legendH;
  /** @param {{ T: number, d: number }} c @param {string} id */
  const gf = (c, id) => {
    const ms = results.get(`${c.T}/${c.d}/0`)?.[id];
    return ms ? flops(c.T, c.d) / ms / 1e6 : null;
  };
  let yMax = 1;
  for (const c of cases) if (!c.causal) for (const [id] of cols) yMax = Math.max(yMax, gf(c, id) ?? 0);
  yMax = Math.ceil(yMax / 5) * 5;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  DS.forEach((d, p) => {
    const x0 = p * W + pad.l,
      x1 = (p + 1) * W - pad.r,
      y0 = H - pad.b,
      y1 = pad.t;
    /** @param {number} T */
    const xs = (T) => x0 + ((Math.log2(T) - 3) / (Math.log2(512) - 3)) * (x1 - x0);
    /** @param {number} g */
    const ys = (g) => y0 - (g / yMax) * (y0 - y1);
    parts.push(`<text x="${(x0 + x1) / 2}" y="16" text-anchor="middle" font-weight="bold">d_model = ${d}, no mask</text>`);
    parts.push(`<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#000"/><line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#000"/>`);
    for (let g = 0; g <= yMax; g += yMax / 5)
      parts.push(
        `<line x1="${x0}" y1="${ys(g)}" x2="${x1}" y2="${ys(g)}" stroke="#eee"/><text x="${x0 - 4}" y="${ys(g) + 4}" text-anchor="end">${g.toFixed(0)}</text>`,
      );
    for (const T of TS) parts.push(`<text x="${xs(T)}" y="${y0 + 14}" text-anchor="middle">${T}</text>`);
    parts.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 28}" text-anchor="middle">T (tokens)</text>`);
    if (p === 0) parts.push(`<text transform="translate(12 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">GFLOP/s</text>`);
    for (const [id] of cols) {
      const pts = /** @type {[number, number][]} the nulls filtered out */ (TS.map((T) => [T, gf({ T, d }, id)]).filter(([, g]) => g !== null));
      if (!pts.length) continue;
      const w = id === 'wasmSimd' ? 2.5 : 1.5;
      parts.push(
        `<polyline fill="none" stroke="${COLORS[id]}" stroke-width="${w}" points="${pts.map(([T, g]) => `${xs(T).toFixed(1)},${ys(g).toFixed(1)}`).join(' ')}"/>`,
      );
    }
  });
  cols.forEach(([id, label], i) => {
    const x = 20 + (i % 5) * (width / 5),
      y = H + 14 + Math.floor(i / 5) * 20;
    parts.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${COLORS[id]}" stroke-width="3"/><text x="${x + 28}" y="${y}">${label}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
