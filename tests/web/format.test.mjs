// @ts-check
// tests/web/format.test.mjs — web/src/ui/format.ts's fmt, the one formatter of every number a
// learner reads in a cell, tooltip, label or formula line: fixed decimals as toFixed rounds them,
// a true minus sign (U+2212) on a negative number, none on a number that rounds to zero, and the
// words for NaN and ±∞. Checked on named cases and on a million random numbers of every size
// against what those rules say, read back from toFixed. It does not test csv/tex wrappers beyond
// their use of fmt. The TypeScript is loaded by Vite's SSR loader.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ssrServer } from '../../scripts/ssr.mjs';

/** @type {import('vite').ViteDevServer} */
let vite;
/** @type {(x: number, digits?: number) => string} */
let fmt;

before(async () => {
  vite = await ssrServer();
  ({ fmt } = await vite.ssrLoadModule('/src/ui/format.ts'));
});

after(() => vite?.close());

test('fmt: named cases (sign, rounding to zero, digits, non-finite)', () => {
  /** @type {[number, number, string][]} x, digits, what fmt prints */
  const cases = [
    [1.234, 2, '1.23'],
    [-1.234, 2, '−1.23'],
    [0, 2, '0.00'],
    [-0, 2, '0.00'],
    [-0.004, 2, '0.00'],
    [-0.0051, 2, '−0.01'],
    [-0.4, 0, '0'],
    [-0.6, 0, '−1'],
    [-1e-9, 6, '0.000000'],
    [-2e-6, 6, '−0.000002'],
    [-1e21, 2, '−1e+21'],
    [1e21, 2, '1e+21'],
    [NaN, 2, 'NaN'],
    [Infinity, 2, '∞'],
    [-Infinity, 2, '−∞'],
  ];
  for (const [x, d, want] of cases) assert.equal(fmt(x, d), want, `fmt(${x}, ${d})`);
  assert.equal(fmt(0.125), '0.13', 'two digits by default');
});

test('fmt: a million random numbers print as toFixed with a true minus, and no sign on a zero', () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 1_000_000; k++) {
    const x = (rand() - 0.5) * 10 ** (rand() * 12 - 8);
    const d = [0, 1, 2, 3, 4, 6][k % 6] ?? 2;
    const got = fmt(x, d);
    const fixed = x.toFixed(d);
    const zero = Number(fixed) === 0;
    // The same digits as toFixed; the sign is a true minus, and only where the number is not zero.
    assert.equal(got.replace('−', ''), fixed.replace('-', ''), `digits of fmt(${x}, ${d})`);
    assert.equal(got.startsWith('−'), x < 0 && !zero, `sign of fmt(${x}, ${d}) = ${got}`);
    assert.ok(!got.includes('-'), `no hyphen-minus in fmt(${x}, ${d}) = ${got}`);
  }
});
