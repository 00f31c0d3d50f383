/**
 * Statistics, histograms, min/max series and image tiles over a session's array. The heavy loops
 * run natively off the JS thread (src/native); this module only chooses the strided region and
 * element type, caches results per session revision, and formats values as numpy prints them.
 */
import { type Leaf, type ScalarDType } from '../shared/dtype.js';
import { elementCount } from '../shared/array.js';
import { ArrayscopeError } from '../shared/errors.js';
import type { ViewSpec } from '../shared/schemas.js';
import { columnRegion, type StridedView } from '../shared/view.js';
import { formatScalar } from '../shared/values/index.js';
import { numberToHalf } from '../shared/values/half.js';
import { type ElementType, kernelTypeOf, type NativeStats, type ScanOptions, type StridedRegion } from './native.js';
import { type Tile, resolveSlice, sliceRegion, tileFromPyramid } from './image-pyramid.js';
import { resolveColumn, seriesFromPyramid } from './pyramid.js';
import type { Session } from './session.js';

export interface ScanTarget {
  /** A view of the array; absent means the whole array. */
  readonly view?: ViewSpec;
  /** One grid column (array column + leaf) of the view; absent means every element of the view. */
  readonly column?: ColumnRef;
  /** The scalar field (leaf) to scan when no column is given; default 0. */
  readonly leaf?: number;
}

export type ColumnRef = { readonly col: number; readonly leaf: number; readonly part?: 'abs' | 're' | 'im' };

/**
 * The element type a scan reads for a leaf, and the byte shift to apply: complex leaves are read
 * as magnitude (the kernel's c8/c16), or as their real or imaginary float part.
 */
export function leafElement(session: Session, leaf: Leaf, part: 'abs' | 're' | 'im' = 'abs', purpose = 'statistics'): { elem: ElementType; shift: number; dtype: ScalarDType } {
  const dtype = leaf.dtype;
  if (dtype.kind === 'complex' && part !== 'abs') {
    const half: ScalarDType = { kind: 'float', itemsize: dtype.itemsize / 2, byteorder: dtype.byteorder };
    return { elem: kernelTypeOf(half)!, shift: part === 'im' ? half.itemsize : 0, dtype: half };
  }
  const elem = kernelTypeOf(dtype);
  if (!elem) {
    throw new ArrayscopeError('unsupported', `${session.describe()}: ${purpose} need numbers; '${leaf.path || 'the array'}' holds ${dtype.kind} values`);
  }
  return { elem, shift: 0, dtype: dtype.kind === 'complex' ? { kind: 'float', itemsize: 8, byteorder: '<' } : dtype };
}

export interface Region {
  readonly region: StridedRegion;
  readonly leaf: Leaf;
  readonly elem: ElementType;
  /** The dtype the scanned values have (a complex part is a float; magnitude is float64). */
  readonly dtype: ScalarDType;
  readonly elements: number;
}

/** Resolves what a scan covers into one strided region of scalars of a single dtype. */
export function scanRegion(session: Session, target: ScanTarget): Region {
  const resolved = target.view ? session.view(target.view) : undefined;
  const leaf = session.views.leaf(target.column?.leaf ?? target.leaf ?? 0, resolved);
  const { elem, shift, dtype } = leafElement(session, leaf, target.column?.part);
  let region: StridedView;
  if (!target.view || !resolved) {
    const { layout } = session;
    // The whole array is contiguous, so its order does not matter for a reduction.
    region = { offset: layout.dataOffset, shape: [elementCount(layout.shape)], strides: [layout.dtype.itemsize] };
  } else if (target.column) {
    region = columnRegion(resolved.window, target.column.col);
  } else {
    region = resolved.view; // every element of the indexed view, whatever its number of dimensions
  }
  const shifted: StridedRegion = { offset: region.offset + leaf.offset + shift, shape: [...region.shape], strides: [...region.strides] };
  return { region: shifted, leaf, elem, dtype, elements: region.shape.reduce((a, b) => a * b, 1) };
}

function cacheKey(kind: string, r: Region, extra = ''): string {
  return `${kind}|${r.region.offset}|${r.region.shape.join(',')}|${r.region.strides.join(',')}|${r.elem.type}|${extra}`;
}

export interface StatsSummary extends NativeStats {
  readonly elements: number;
  readonly dtype: ScalarDType;
}

export async function computeStats(session: Session, target: ScanTarget, options: ScanOptions = {}): Promise<StatsSummary> {
  const r = scanRegion(session, target);
  const key = cacheKey('stats', r);
  const cached = session.scanCache.get(key) as StatsSummary | undefined;
  if (cached) return cached;
  const revision = session.revision;
  const stats = await session.mapping.stats(r.region, r.elem, options);
  const summary: StatsSummary = { ...stats, elements: r.elements, dtype: r.dtype };
  if (session.revision === revision) session.scanCache.set(key, summary);
  return summary;
}

/**
 * A min or max (computed as float64, plus the exact decimal for 64-bit integers) re-encoded in
 * the column's own dtype, so it prints as numpy prints that dtype (float32 0.1 → `0.1`, not its
 * float64 expansion). Complex columns are reduced by magnitude, so their extremes are float64.
 */
export function extremeScalar(dtype: ScalarDType, value: number, exact: string | null): { dtype: ScalarDType; view: DataView } {
  const view = new DataView(new ArrayBuffer(8));
  const little: ScalarDType = { ...dtype, byteorder: dtype.itemsize > 1 ? '<' : '|' };
  switch (dtype.kind) {
    case 'bool':
      view.setUint8(0, value ? 1 : 0);
      return { dtype: little, view };
    case 'int':
    case 'uint':
    case 'datetime':
    case 'timedelta':
      writeInteger(view, dtype, BigInt(exact ?? Math.round(value)));
      return { dtype: little, view };
    case 'float':
      if (dtype.itemsize === 2) view.setUint16(0, numberToHalf(value), true);
      else if (dtype.itemsize === 4) view.setFloat32(0, value, true);
      else view.setFloat64(0, value, true);
      return { dtype: little, view };
    default:
      view.setFloat64(0, value, true);
      return { dtype: { kind: 'float', itemsize: 8, byteorder: '<' }, view };
  }
}

function writeInteger(view: DataView, dtype: ScalarDType, v: bigint): void {
  const signed = dtype.kind !== 'uint';
  switch (dtype.itemsize) {
    case 1:
      return signed ? view.setInt8(0, Number(v)) : view.setUint8(0, Number(v));
    case 2:
      return signed ? view.setInt16(0, Number(v), true) : view.setUint16(0, Number(v), true);
    case 4:
      return signed ? view.setInt32(0, Number(v), true) : view.setUint32(0, Number(v), true);
    default:
      return signed ? view.setBigInt64(0, v, true) : view.setBigUint64(0, v, true);
  }
}

export function formatExtreme(dtype: ScalarDType, value: number, exact: string | null): string {
  const e = extremeScalar(dtype, value, exact);
  return formatScalar(e.dtype, e.view, 0);
}

export async function computeHistogram(
  session: Session,
  target: ScanTarget,
  bins: number,
  range: readonly [number, number] | undefined,
  options: ScanOptions = {},
): Promise<{ edges: Float64Array; counts: Float64Array }> {
  let [lo, hi] = range ?? [NaN, NaN];
  if (!range) {
    const stats = await computeStats(session, target, options);
    [lo, hi] = stats.count === 0 ? [0, 1] : [stats.min, stats.max];
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new ArrayscopeError('bad-value', `histogram range [${lo}, ${hi}] must be finite; give a range explicitly`);
  }
  if (lo > hi) throw new ArrayscopeError('bad-value', `histogram range start ${lo} is greater than its end ${hi}`);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5]; // numpy's rule for an empty range
  const r = scanRegion(session, target);
  const counts = await session.mapping.histogram(r.region, r.elem, bins, lo, hi, options);
  return { edges: histogramEdges(lo, hi, bins), counts };
}

/** numpy's `np.linspace(lo, hi, bins + 1)`: i·step + lo, with the last edge exactly hi. */
export function histogramEdges(lo: number, hi: number, bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * Min and max per bucket of rows [start, end) of a column: bucket b covers rows
 * [start + floor(b·n/B), start + floor((b+1)·n/B)) of the returned start/end (n = end − start,
 * B = buckets returned), NaN when it holds no value. With a built pyramid for the column (and
 * buckets wide enough for it to help) the answer costs O(buckets) and may cover a slightly wider
 * range than asked (see pyramid.ts); otherwise the native kernel scans the rows.
 */
export async function computeSeries(
  session: Session,
  view: ViewSpec,
  column: ColumnRef,
  start: number,
  end: number,
  buckets: number,
  options: ScanOptions = {},
): Promise<{ start: number; end: number; min: Float64Array; max: Float64Array }> {
  const col = resolveColumn(session, view, column);
  if (!(start <= end && end <= col.rows)) {
    throw new ArrayscopeError('bad-request', `series range [${start}, ${end}) is outside the ${col.rows} rows of the view`);
  }
  if (end === start) return { start, end, min: new Float64Array(0), max: new Float64Array(0) };
  const fromPyramid = await seriesFromPyramid(session, col, start, end, buckets, options);
  if (fromPyramid) return fromPyramid;
  const stride = col.region.strides[0]!;
  const region: StridedRegion = { offset: col.region.offset + start * stride, shape: [end - start], strides: [stride] };
  const { min, max } = await session.mapping.minmax(region, col.elem, Math.min(buckets, end - start), options);
  return { start, end, min, max };
}

/**
 * Min, max and mean per blockRows × blockCols block of a rectangle of a 2-D view's leaf. Tiles
 * aligned to the cells of a built image pyramid (see image-pyramid.ts) are answered from it in
 * O(tile cells); every other tile is reduced from the data by the native kernel.
 */
export async function computeTile(
  session: Session,
  view: ViewSpec,
  leafIndex: number,
  rect: { row0: number; rows: number; col0: number; cols: number },
  blockRows: number,
  blockCols: number,
  options: ScanOptions = {},
): Promise<Tile> {
  const slice = resolveSlice(session, view, leafIndex);
  const outCells = Math.ceil(rect.rows / blockRows) * Math.ceil(rect.cols / blockCols);
  if (outCells > 4 << 20) throw new ArrayscopeError('too-large', `an image tile of ${outCells} cells is too large; use larger blocks`);
  const region = sliceRegion(slice, rect.row0, rect.rows, rect.col0, rect.cols);
  const fromPyramid = await tileFromPyramid(session, slice, rect, blockRows, blockCols, options.signal);
  if (fromPyramid) return fromPyramid;
  const { rows, cols, min, max, mean } = await session.mapping.blockReduce(region, slice.elem, blockRows, blockCols, options);
  return { rows, cols, min, max, mean };
}
