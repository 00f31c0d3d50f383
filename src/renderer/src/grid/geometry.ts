/**
 * How the grid's coordinates relate to the view and the file:
 * - grid column j ↔ array column ⌊j / L⌋ and leaf j mod L (L = viewInfo.leaves.length, ≥ 1);
 * - pages are fetched in array columns and hold whole elements (see core/views.ts);
 * - a cell's element starts at byte `offset + row·rowStride + col·colStride` of the file, which
 *   is how edited cells (reported by their array index) are matched to what the grid shows.
 */
import type { SessionInfo, ViewInfo, ViewSpec } from '../../../shared/schemas.js';
import { MAX_PAGE_BYTES, type PageGeometry, pageGeometry } from '../../../shared/paging.js';
import { baseView } from '../../../shared/view.js';

export function leafCount(info: ViewInfo): number {
  return Math.max(1, info.leaves.length);
}

export function gridColumnCount(info: ViewInfo): number {
  return info.cols * leafCount(info);
}

export function splitGridColumn(info: ViewInfo, gridCol: number): { col: number; leaf: number } {
  const leaves = leafCount(info);
  return { col: Math.floor(gridCol / leaves), leaf: gridCol % leaves };
}

/** The array columns [start, end) holding grid columns [start, end). */
export function arrayColumnSpan(info: ViewInfo, span: { start: number; end: number }): { start: number; end: number } {
  const leaves = leafCount(info);
  if (span.end <= span.start) return { start: Math.floor(span.start / leaves), end: Math.floor(span.start / leaves) };
  return { start: Math.floor(span.start / leaves), end: Math.floor((span.end - 1) / leaves) + 1 };
}

/** Page bytes the grid asks for: small pages keep the first paint and every jump quick. */
export const GRID_PAGE_BYTES = 64 << 10;
/** Pages are at least this many rows tall (unless the view is shorter), so vertical scrolling reuses them. */
const MIN_PAGE_ROWS = 32;

/** The page shape for a view, or null when one element is too big to page (> 8 MiB). */
export function gridPageGeometry(info: ViewInfo): PageGeometry | null {
  const itemsize = Math.max(1, info.itemsize);
  if (itemsize > MAX_PAGE_BYTES) return null;
  const maxPageBytes = Math.min(MAX_PAGE_BYTES, Math.max(GRID_PAGE_BYTES, itemsize));
  const maxPageCols = Math.max(1, Math.min(64, Math.floor(maxPageBytes / (itemsize * MIN_PAGE_ROWS))));
  return pageGeometry({ rows: info.rows, cols: info.cols }, info.itemsize, { maxPageBytes, maxPageCols });
}

/** A stable text key for a view spec (cache keys, React keys). */
export function viewKey(spec: ViewSpec): string {
  return JSON.stringify([spec.index ?? '', spec.rowAxis ?? null, spec.colAxis ?? null, spec.field ?? null]);
}

/** Header text of grid column j: leaf paths for structured data, array column numbers otherwise. */
export function columnLabel(info: ViewInfo, session: SessionInfo, gridCol: number): string {
  const { col, leaf } = splitGridColumn(info, gridCol);
  const path = info.leaves[leaf]?.path ?? '';
  const oneColumn = info.axes[1] === null;
  if (path === '') return oneColumn ? session.dtypeName : String(col);
  return oneColumn ? path : `${col}.${path}`;
}

/** Absolute file offset of the element at view cell (row, col). */
export function cellElementOffset(info: ViewInfo, row: number, col: number): number {
  return info.offset + row * info.rowStride + col * info.colStride;
}

/** Absolute file offset of the element at an index of the whole array. */
export function arrayElementOffset(session: SessionInfo, index: readonly number[]): number {
  const base = baseView({ dtype: session.dtype, shape: session.shape, fortranOrder: session.fortranOrder, dataOffset: session.dataOffset });
  let offset = base.offset;
  index.forEach((i, d) => (offset += i * (base.strides[d] ?? 0)));
  return offset;
}

export function editKey(elementOffset: number, leafPath: string): string {
  return `${elementOffset}|${leafPath}`;
}

/**
 * The view cell (row, col) whose element starts at `elementOffset`, or null when the element is not
 * in the view. Solves offset + r·a + c·b = target over integers with 0 ≤ r < rows, 0 ≤ c < cols
 * (a, b the strides, possibly negative or 0) exactly, with BigInt, by the extended Euclid.
 */
export function locateElement(info: ViewInfo, elementOffset: number): { row: number; col: number } | null {
  const d = BigInt(elementOffset - info.offset);
  const rows = BigInt(info.rows);
  const cols = BigInt(info.cols);
  if (rows === 0n || cols === 0n) return null;
  const a = BigInt(info.rowStride);
  const b = info.cols > 1 ? BigInt(info.colStride) : 0n;
  const found = solveTwo(a, b, d, rows, cols);
  return found && { row: Number(found[0]), col: Number(found[1]) };
}

function solveTwo(a: bigint, b: bigint, d: bigint, rows: bigint, cols: bigint): [bigint, bigint] | null {
  if (b === 0n) return solveOne(a, d, rows, 0n);
  if (a === 0n) {
    const c = solveOne(b, d, cols, 0n);
    return c && [0n, c[0]];
  }
  const [g, x] = extendedGcd(a, b);
  if (d % g !== 0n) return null;
  // r ≡ r0 (mod |b/g|): all integer solutions are r = r0 + k·step, c = (d − r·a) / b.
  const step = abs(b / g);
  const r0 = mod((d / g) * x, step);
  // c is monotonic in k, so the k satisfying 0 ≤ c < cols form an interval; intersect with 0 ≤ r < rows.
  const cAt = (k: bigint): bigint => (d - (r0 + k * step) * a) / b;
  const dc = cAt(1n) - cAt(0n); // constant change of c per step of k (non-zero since a ≠ 0)
  const c0 = cAt(0n);
  let kLow = 0n;
  let kHigh = (rows - 1n - r0) / step; // r < rows
  if (r0 >= rows) return null;
  const [lo, hi] = dc > 0n ? [ceilDiv(-c0, dc), floorDiv(cols - 1n - c0, dc)] : [ceilDiv(cols - 1n - c0, dc), floorDiv(-c0, dc)];
  kLow = lo > kLow ? lo : kLow;
  kHigh = hi < kHigh ? hi : kHigh;
  if (kLow > kHigh) return null;
  return [r0 + kLow * step, cAt(kLow)];
}

function solveOne(a: bigint, d: bigint, n: bigint, other: bigint): [bigint, bigint] | null {
  if (a === 0n) return d === 0n ? [0n, other] : null;
  if (d % a !== 0n) return null;
  const r = d / a;
  return r >= 0n && r < n ? [r, other] : null;
}

/** g = gcd(a, b) > 0 and x with a·x ≡ g (mod b). */
function extendedGcd(a: bigint, b: bigint): [bigint, bigint] {
  let [oldR, r] = [a, b];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return oldR < 0n ? [-oldR, -oldS] : [oldR, oldS];
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const mod = (x: bigint, m: bigint): bigint => ((x % m) + m) % m;
function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return q * y !== x && (x < 0n) !== (y < 0n) ? q - 1n : q;
}
function ceilDiv(x: bigint, y: bigint): bigint {
  return -floorDiv(-x, y);
}
