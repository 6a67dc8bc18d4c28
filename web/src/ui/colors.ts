// ui/colors.ts — colour-blind-safe palettes: viridis and cividis (sequential) and a blue–orange
// diverging scale for signed values, plus a readable text colour for any cell colour.
// Colour lookup only; it knows nothing about what the numbers mean.
export type Palette = 'viridis' | 'cividis' | 'diverging';

const STOPS: Record<Palette, string[]> = {
  viridis: ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'],
  cividis: ['#00204d', '#00336f', '#39486b', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#e4cf5b', '#ffea46'],
  // Blue (negative) – near-white (0) – orange (positive); distinguishable with every common CVD.
  diverging: ['#0b4f8a', '#3a7bbf', '#8db6dd', '#dde7ef', '#f3e3d3', '#f6b27a', '#e07b2a', '#9c4a06'],
};

function hex(c: string): [number, number, number] {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The stops of each palette as [r, g, b], parsed once (a heatmap asks for every cell). */
const RGB = Object.fromEntries(Object.entries(STOPS).map(([k, v]) => [k, v.map(hex)])) as Record<Palette, [number, number, number][]>;

/** Colour for t in [0, 1] (clamped) on a palette, as 0xRRGGBB (what colorAt writes out). */
export function rgbAt(p: Palette, t: number): number {
  const stops = RGB[p];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i] ?? [0, 0, 0];
  const b = stops[i + 1] ?? [0, 0, 0];
  return (Math.round(a[0] + (b[0] - a[0]) * f) << 16) | (Math.round(a[1] + (b[1] - a[1]) * f) << 8) | Math.round(a[2] + (b[2] - a[2]) * f);
}

/** Colour for t in [0, 1] (clamped) on a palette. */
export function colorAt(p: Palette, t: number): string {
  const c = rgbAt(p, t);
  return `rgb(${(c >> 16) & 255}, ${(c >> 8) & 255}, ${c & 255})`;
}

/** sRGB channel value (0–255) → linear light, the WCAG relative-luminance formula, per value. */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const x = v / 255;
  return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
});

/** Readable text colour on a background given as 0xRRGGBB. */
export function textOnRgb(c: number): string {
  const L = 0.2126 * (LINEAR[(c >> 16) & 255] ?? 0) + 0.7152 * (LINEAR[(c >> 8) & 255] ?? 0) + 0.0722 * (LINEAR[c & 255] ?? 0);
  return L > 0.179 ? '#111111' : '#ffffff';
}

export function gradientStops(p: Palette): string[] {
  return STOPS[p];
}
