/**
 * Engine `series` answers → uPlot data. An answer covers rows [start, end) in B buckets, bucket b
 * being rows [start + floor(b·n/B), start + floor((b+1)·n/B)) (n = end − start); it is drawn at
 * its first row, so raw points (one row per bucket) sit exactly at their index. A bucket without
 * values (all NaN) is null, which breaks the line. On a log axis values ≤ 0 are null too.
 * Datetime values (int64 counts of the dtype's unit) become seconds for uPlot's time scale.
 */
import uPlot from 'uplot';
import type { DateUnit, ScalarDType } from '../../../shared/dtype.js';

export interface SeriesAnswer {
  readonly start: number;
  readonly end: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

const SECONDS: Partial<Record<DateUnit, number>> = {
  W: 7 * 86400,
  D: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  ns: 1e-9,
  ps: 1e-12,
  fs: 1e-15,
  as: 1e-18,
};

/** A datetime64 count → seconds since the epoch (years and months by the calendar); null when generic. */
export function datetimeToSeconds(dtype: ScalarDType): ((count: number) => number) | null {
  if (dtype.kind !== 'datetime' || !dtype.unit) return null;
  const multiple = dtype.unitCount ?? 1;
  if (dtype.unit === 'Y') return (v) => Date.UTC(1970 + v * multiple, 0, 1) / 1000;
  if (dtype.unit === 'M') return (v) => Date.UTC(1970, v * multiple, 1) / 1000;
  const factor = SECONDS[dtype.unit]! * multiple;
  return (v) => v * factor;
}

export interface YMapping {
  readonly log: boolean;
  readonly toSeconds: ((count: number) => number) | null;
}

function mapY(v: number, y: YMapping): number | null {
  if (v !== v) return null;
  if (y.log && !(v > 0)) return null;
  return y.toSeconds ? y.toSeconds(v) : v;
}

/** [x, min, max] of one answer; x is each bucket's first row. */
export function answerTable(answer: SeriesAnswer, y: YMapping): [number[], (number | null)[], (number | null)[]] {
  const buckets = answer.min.length;
  const n = answer.end - answer.start;
  const xs = new Array<number>(buckets);
  const mins = new Array<number | null>(buckets);
  const maxs = new Array<number | null>(buckets);
  for (let b = 0; b < buckets; b++) {
    xs[b] = answer.start + Math.floor((b * n) / buckets);
    mins[b] = mapY(answer.min[b]!, y);
    maxs[b] = mapY(answer.max[b]!, y);
  }
  return [xs, mins, maxs];
}

/**
 * One uPlot data table for several columns: [x, min₀, max₀, min₁, max₁, …]. Answers over the same
 * rows share x; otherwise uPlot.join aligns them, keeping each column's own null gaps and
 * leaving alignment holes undefined (drawn across).
 */
export function alignedData(tables: readonly [number[], (number | null)[], (number | null)[]][]): uPlot.AlignedData {
  if (tables.length === 0) return [[]];
  const first = tables[0]![0];
  const same = tables.every(([xs]) => xs.length === first.length && xs.every((x, i) => x === first[i]));
  if (same) return [first, ...tables.flatMap(([, lo, hi]) => [lo, hi])] as uPlot.AlignedData;
  return uPlot.join(
    tables as unknown as uPlot.AlignedData[],
    tables.map(() => [1, 1] as uPlot.JoinNullMode[]),
  );
}

/** The bucket count for a plot `cssWidth` pixels wide: one per device pixel, within the contract's bounds. */
export function bucketsFor(cssWidth: number, pixelRatio: number): number {
  return Math.max(1, Math.min(16384, Math.round(cssWidth * pixelRatio)));
}

/** A visible range clamped to [0, length] and at least `minSpan` rows wide. */
export function clampRange(lo: number, hi: number, length: number, minSpan = 4): [number, number] {
  const span = Math.min(length, Math.max(minSpan, hi - lo));
  let a = lo;
  if (a < 0) a = 0;
  if (a + span > length) a = length - span;
  return [a, a + span];
}
