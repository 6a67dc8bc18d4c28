// ui/format.ts — formats numbers for cells, tooltips, CSV and TeX (−∞, NaN, a true minus sign,
// fixed decimals). Presentation only; it never changes a value.
export function fmt(x: number, digits = 2): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  const s = x.toFixed(digits);
  // A sign only on a negative number that does not round to zero ("-0.00" prints "0.00"), and
  // as a true minus. (Scanning the digits here instead of parsing the text back and replacing:
  // a lesson formats a few thousand numbers per change.)
  if (s.charCodeAt(0) !== 45) return s;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 48 && c !== 46) return `−${s.slice(1)}`;
  }
  return s.slice(1);
}

/**
 * Like fmt but for KaTeX source: a number is one text atom, \text{−0.25}, whatever its sign and
 * digits, NaN and ±∞ too (\text{−∞}: KaTeX sets ∞ in the same font as \infty), which
 * ui/richtext.ts makes a hole of the line's template, so a formula line keeps the same elements
 * when its numbers change and only their text changes (as math, a negative number would be two
 * atoms, − and 0.25, and a change of sign would add or remove elements: the browser then
 * restyles and lays out the line again).
 * The digits and the minus sign are the ones fmt writes; KaTeX sets text in the same upright font.
 */
export function tex(x: number, digits = 2): string {
  return `\\text{${fmt(x, digits)}}`;
}

/** A number in parentheses when negative, for products in sums: 0.12·(−0.40). */
export function paren(x: number, digits = 2): string {
  return x < 0 ? `(${fmt(x, digits)})` : fmt(x, digits);
}

/** tex() in parentheses when negative, for products in sums: 0.12 \cdot \text{(−0.40)}. The
 *  parentheses are inside the text atom, so a product keeps its elements when the sign changes
 *  (as math, the parentheses would be two more atoms); KaTeX sets them in the same font. */
export function texParen(x: number, digits = 2): string {
  return x < 0 ? `\\text{(${fmt(x, digits)})}` : tex(x, digits);
}

export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === -Infinity) return '-Infinity';
  if (x === Infinity) return 'Infinity';
  return String(x);
}

export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
