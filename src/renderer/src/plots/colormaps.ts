/**
 * Colormaps as 256-entry RGB lookup tables, generated here by linear interpolation (in sRGB)
 * between published anchor colours: the 9-step viridis and magma palettes, ColorBrewer's
 * 11-class diverging RdBu, and a straight black→white ramp for gray (entry i is (i, i, i)).
 *
 * Mapping a value: t = (v − lo) / (hi − lo) clamped to [0, 1], entry round(t · 255). NaN (and
 * NaT) is drawn in the "missing" colour; values outside [lo, hi] take the end colours.
 */

export const COLORMAP_NAMES = ['viridis', 'magma', 'gray', 'RdBu'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

const ANCHORS: Record<ColormapName, readonly string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  magma: ['#000004', '#1c1044', '#4f127b', '#812581', '#b5367a', '#e55064', '#fb8761', '#fec287', '#fcfdbf'],
  gray: ['#000000', '#ffffff'],
  RdBu: ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'],
};

function parseHex(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 256 × RGB, entry i at position i/255 along the anchors (evenly spaced). */
function buildLut(anchors: readonly string[]): Uint8Array {
  const rgb = anchors.map(parseHex);
  const lut = new Uint8Array(256 * 3);
  const segments = rgb.length - 1;
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * segments;
    const k = Math.min(Math.floor(x), segments - 1);
    const f = x - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(rgb[k]![c]! + (rgb[k + 1]![c]! - rgb[k]![c]!) * f);
  }
  return lut;
}

const cache = new Map<ColormapName, Uint8Array>();

export function colormapLut(name: ColormapName): Uint8Array {
  let lut = cache.get(name);
  if (!lut) cache.set(name, (lut = buildLut(ANCHORS[name])));
  return lut;
}

/** Which LUT entry a value maps to, or -1 for a missing value. */
export function lutIndex(value: number, lo: number, hi: number): number {
  if (value !== value) return -1;
  const span = hi - lo;
  const t = span > 0 ? (value - lo) / span : value < lo ? 0 : value > hi ? 1 : 0.5;
  return Math.round(Math.min(1, Math.max(0, t)) * 255);
}

/** Paints `values` (row-major, `cols` wide) into RGBA pixels through the LUT. */
export function colorize(values: Float64Array, lo: number, hi: number, lut: Uint8Array, missing: readonly [number, number, number], out: Uint8ClampedArray): void {
  for (let i = 0; i < values.length; i++) {
    const k = lutIndex(values[i]!, lo, hi);
    const o = i * 4;
    if (k < 0) {
      out[o] = missing[0];
      out[o + 1] = missing[1];
      out[o + 2] = missing[2];
    } else {
      out[o] = lut[k * 3]!;
      out[o + 1] = lut[k * 3 + 1]!;
      out[o + 2] = lut[k * 3 + 2]!;
    }
    out[o + 3] = 255;
  }
}

export function cssColor(lut: Uint8Array, k: number): string {
  return `rgb(${lut[k * 3]}, ${lut[k * 3 + 1]}, ${lut[k * 3 + 2]})`;
}
