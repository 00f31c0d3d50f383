/**
 * Min/max/mean pyramids of huge 2-D slices, so zoomed-out image tiles cost O(tile cells) instead
 * of a scan of every element they cover.
 *
 * Design:
 * - Level 0 holds, per square block of B × B elements (B a power of two ≥ MIN_BLOCK; blocks on the
 *   last row and column are cut short), the NaN-aware min and max, and the sum and count of the
 *   present elements (present: not NaN/NaT, the kernels' rule). It is computed by the native
 *   blockReduce in pieces of about BUILD_CHUNK_ELEMENTS elements: off the JS thread, cancellable,
 *   with progress. Level k+1 halves both sides by folding 2×2 cells of level k in JS, yielding to
 *   the event loop every YIELD_CELLS cells, down to a single cell.
 * - Sums and counts come from the kernel itself (blockReduce returns each block's count of present
 *   values and their sum), so levels combine exactly: no count is ever derived from a mean.
 * - Exactness: min and max are the data's values exactly as blockReduce returns them. A mean is
 *   sum / count of the present elements. Integer sums are exact below 2^53, so the means of
 *   integer data equal a direct blockReduce bit for bit; float sums differ from a direct sum by
 *   summation order only: |Δmean| ≤ n · 2^-52 · max|x| for n elements per cell in the worst case
 *   (the tests allow 1e-12 · max(|min|, |max|) of the cell).
 * - Memory: four float64 per cell, and all levels together hold < 4/3 of level 0's cells plus one
 *   row and column per level. B is the smallest power of two ≥ MIN_BLOCK for which the whole
 *   pyramid fits in MAX_PYRAMID_BYTES (B = 16 for 16384², 128 for 100000²). A session keeps at
 *   most SESSION_BUDGET bytes of image pyramids, least recently used dropped first. Slices under
 *   MIN_ELEMENTS get no pyramid (their tiles are cheap to reduce directly).
 * - Invalidation: the per-session store lives in `session.scanCache`, which the session clears on
 *   every edit/undo/redo/discard and on close; the store also records the revision it was made
 *   for. A build that saw the revision change while it ran starts over. Concurrent callers share
 *   one build, which is cancelled only when every one of them has cancelled.
 * - Tiles: answered from the coarsest level whose block divides blockRows, blockCols, row0 and
 *   col0 and whose cells end where the tile ends (or at the slice's last row/column).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ArrayscopeError } from '../shared/errors.js';
import type { ViewSpec } from '../shared/schemas.js';
import { type GridWindow, gridRegion } from '../shared/view.js';
import type { BlockReduction, ElementType, ScanOptions, StridedRegion } from './native.js';
import { leafElement } from './scans.js';
import type { Session } from './session.js';
import { BackgroundBuilds } from './background-builds.js';

export const MIN_BLOCK = 8;
export const MAX_PYRAMID_BYTES = 64 << 20;
/** Bytes of image pyramids one session may hold. */
export const SESSION_BUDGET = 128 << 20;
/** Slices with fewer elements get no pyramid. */
export const MIN_ELEMENTS = 1 << 24;
const BUILD_CHUNK_ELEMENTS = 1 << 24;
/** JS folding yields to the event loop after about this many cells (~1–3 ms). */
const YIELD_CELLS = 1 << 16;
const BYTES_PER_CELL = 4 * Float64Array.BYTES_PER_ELEMENT;
const STORE_KEY = 'image-pyramid-store';

/** A 2-D view's leaf: the grid window and how to read its scalars. */
export interface ResolvedSlice {
  readonly window: GridWindow;
  /** The leaf's byte offset inside one element of the array. */
  readonly leafOffset: number;
  readonly elem: ElementType;
  readonly rows: number;
  readonly cols: number;
  /** Identifies the scanned bytes and their interpretation, whatever view spelled them. */
  readonly key: string;
}

export function resolveSlice(session: Session, view: ViewSpec, leafIndex: number): ResolvedSlice {
  const resolved = session.view(view);
  const leaf = session.views.leaf(leafIndex, resolved);
  const { elem } = leafElement(session, leaf, 'abs', 'images');
  const w = resolved.window;
  const key = `${w.offset + leaf.offset}|${w.rows}|${w.cols}|${w.rowStride}|${w.colStride}|${elem.type}|${elem.swap}`;
  return { window: w, leafOffset: leaf.offset, elem, rows: w.rows, cols: w.cols, key };
}

/** Elements [row0, row0 + rows) × [col0, col0 + cols) of the slice as a kernel region (range-checked). */
export function sliceRegion(slice: ResolvedSlice, row0: number, rows: number, col0: number, cols: number): StridedRegion {
  const g = gridRegion(slice.window, row0, rows, col0, cols);
  return { offset: g.offset + slice.leafOffset, shape: [...g.shape], strides: [...g.strides] };
}

/** One level: per cell of `block` × `block` elements, min and max (NaN when empty), sum and count. */
export interface ImageLevel {
  readonly block: number;
  readonly rows: number;
  readonly cols: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  readonly count: Float64Array;
}

function emptyLevel(block: number, rows: number, cols: number): ImageLevel {
  const n = rows * cols;
  return { block, rows, cols, min: new Float64Array(n), max: new Float64Array(n), sum: new Float64Array(n), count: new Float64Array(n) };
}

export class ImagePyramid {
  readonly bytes: number;
  constructor(
    readonly rows: number,
    readonly cols: number,
    /** levels[k] has blocks of (levels[0].block · 2^k) elements; the last one is a single cell. */
    readonly levels: readonly ImageLevel[],
  ) {
    this.bytes = levels.reduce((sum, l) => sum + l.rows * l.cols * BYTES_PER_CELL, 0);
  }

  get block(): number {
    return this.levels[0]!.block;
  }
}

/** The cell grid of every level: ceil(rows/B) × ceil(cols/B), then halved (rounding up) to 1 × 1. */
export function levelShapes(rows: number, cols: number, block: number): [number, number][] {
  const shapes: [number, number][] = [[Math.ceil(rows / block), Math.ceil(cols / block)]];
  for (let [r, c] = shapes[0]!; r > 1 || c > 1; ) {
    [r, c] = [Math.ceil(r / 2), Math.ceil(c / 2)];
    shapes.push([r, c]);
  }
  return shapes;
}

export function blockSizeFor(rows: number, cols: number, maxBytes = MAX_PYRAMID_BYTES): number {
  const bytes = (block: number) => levelShapes(rows, cols, block).reduce((sum, [r, c]) => sum + r * c * BYTES_PER_CELL, 0);
  let block = MIN_BLOCK;
  while (bytes(block) > maxBytes) block *= 2;
  return block;
}

/** NaN-aware minimum/maximum: NaN means "no value", so it never wins over a number. */
const nanMin = (a: number, b: number): number => (a < b || b !== b ? a : b);
const nanMax = (a: number, b: number): number => (a > b || b !== b ? a : b);

/** min, max, sum, count of the cells `fold` read last (the JS thread is single, so one scratch suffices). */
const folded = new Float64Array(4);

function fold(src: ImageLevel, r0: number, r1: number, c0: number, c1: number): void {
  let lo = NaN;
  let hi = NaN;
  let sum = 0;
  let count = 0;
  for (let r = r0; r < r1; r++) {
    const end = r * src.cols + c1;
    for (let i = r * src.cols + c0; i < end; i++) {
      lo = nanMin(lo, src.min[i]!);
      hi = nanMax(hi, src.max[i]!);
      sum += src.sum[i]!;
      count += src.count[i]!;
    }
  }
  folded[0] = lo;
  folded[1] = hi;
  folded[2] = sum;
  folded[3] = count;
}

const cancelled = (session: Session, what = 'building the image pyramid') => new ArrayscopeError('cancelled', `${what} of ${session.describe()} was cancelled`);

/** Lets other work run between bursts of JS folding; throws `cancelled` if the signal fired meanwhile. */
async function breathe(session: Session, signal: AbortSignal | undefined, what?: string): Promise<void> {
  await nextTurn();
  if (signal?.aborted) throw cancelled(session, what);
}

function storeFolded(dst: ImageLevel, at: number): void {
  dst.min[at] = folded[0]!;
  dst.max[at] = folded[1]!;
  dst.sum[at] = folded[2]!;
  dst.count[at] = folded[3]!;
}

async function halve(session: Session, src: ImageLevel, signal: AbortSignal): Promise<ImageLevel> {
  const dst = emptyLevel(src.block * 2, Math.ceil(src.rows / 2), Math.ceil(src.cols / 2));
  let work = 0;
  for (let r = 0; r < dst.rows; r++) {
    for (let c = 0; c < dst.cols; c++) {
      fold(src, 2 * r, Math.min(2 * r + 2, src.rows), 2 * c, Math.min(2 * c + 2, src.cols));
      storeFolded(dst, r * dst.cols + c);
    }
    work += 4 * dst.cols;
    if (work >= YIELD_CELLS) {
      work = 0;
      await breathe(session, signal);
    }
  }
  return dst;
}

export interface ImagePyramidOptions extends ScanOptions {
  /** Tuning for tests: level 0's block (a power of two) instead of blockSizeFor(rows, cols). */
  readonly block?: number;
  /** Tuning for tests: elements per native call while building. */
  readonly chunkElements?: number;
  /** Tuning for tests: the smallest slice that gets a pyramid. */
  readonly minElements?: number;
}

interface Piece {
  /** First level-0 cell row and column, and how many of each. */
  readonly r0: number;
  readonly c0: number;
  readonly rows: number;
  readonly cols: number;
}

/** Reduces one piece of the slice into level 0; resolves to the number of elements it covered. */
async function reducePiece(session: Session, slice: ResolvedSlice, level: ImageLevel, piece: Piece, options: ImagePyramidOptions & { signal: AbortSignal }): Promise<number> {
  const b = level.block;
  const rows = Math.min(piece.rows * b, slice.rows - piece.r0 * b);
  const cols = Math.min(piece.cols * b, slice.cols - piece.c0 * b);
  const region = sliceRegion(slice, piece.r0 * b, rows, piece.c0 * b, cols);
  const cells: BlockReduction = await session.mapping.blockReduce(region, slice.elem, b, b, { signal: options.signal, onProgress: options.onProgress });
  for (let i = 0; i < cells.rows; i++) {
    const from = i * cells.cols;
    const at = (piece.r0 + i) * level.cols + piece.c0;
    level.min.set(cells.min.subarray(from, from + cells.cols), at);
    level.max.set(cells.max.subarray(from, from + cells.cols), at);
    level.sum.set(cells.sum.subarray(from, from + cells.cols), at);
    level.count.set(cells.count.subarray(from, from + cells.cols), at);
  }
  return rows * cols;
}

async function computePyramid(session: Session, slice: ResolvedSlice, options: ImagePyramidOptions, signal: AbortSignal): Promise<ImagePyramid> {
  const block = options.block ?? blockSizeFor(slice.rows, slice.cols);
  const [[cellRows, cellCols]] = levelShapes(slice.rows, slice.cols, block) as [[number, number]];
  const level0 = emptyLevel(block, cellRows, cellCols);
  const chunk = options.chunkElements ?? BUILD_CHUNK_ELEMENTS;
  const pieceCols = Math.min(cellCols, Math.max(1, Math.floor(chunk / (block * block))));
  const pieceRows = Math.max(1, Math.floor(chunk / (block * block * pieceCols)));
  const total = slice.rows * slice.cols;
  const report = options.onProgress;
  let done = 0;
  for (let r0 = 0; r0 < cellRows; r0 += pieceRows) {
    for (let c0 = 0; c0 < cellCols; c0 += pieceCols) {
      const before = done;
      const onProgress = report ? (d: number) => report(before + d, total) : undefined;
      const piece = { r0, c0, rows: Math.min(pieceRows, cellRows - r0), cols: Math.min(pieceCols, cellCols - c0) };
      done += await reducePiece(session, slice, level0, piece, { signal, onProgress });
    }
  }
  const levels = [level0];
  while (levels.at(-1)!.rows > 1 || levels.at(-1)!.cols > 1) levels.push(await halve(session, levels.at(-1)!, signal));
  if (signal.aborted) throw cancelled(session);
  report?.(total, total);
  return new ImagePyramid(slice.rows, slice.cols, levels);
}

const builds = new BackgroundBuilds<ImagePyramid>(STORE_KEY, SESSION_BUDGET, 'the image pyramid');

/** The built pyramid of a slice at the session's current revision, if any (counts as a use). */
export function findImagePyramid(session: Session, slice: ResolvedSlice): ImagePyramid | null {
  return builds.find(session, slice.key);
}

/**
 * Builds (or joins the running build of, or returns) the pyramid of a 2-D view's leaf. Slices
 * under MIN_ELEMENTS get none: `{levels: 0, bytes: 0, block: 0}`.
 */
export async function buildImagePyramid(session: Session, view: ViewSpec, leaf: number, options: ImagePyramidOptions = {}): Promise<{ levels: number; bytes: number; block: number }> {
  const slice = resolveSlice(session, view, leaf);
  const elements = slice.rows * slice.cols;
  if (elements === 0 || elements < (options.minElements ?? MIN_ELEMENTS)) return { levels: 0, bytes: 0, block: 0 };
  const pyramid = await builds.get(session, slice.key, (signal, onProgress) => computePyramid(session, slice, { ...options, onProgress }, signal), options);
  return { levels: pyramid.levels.length, bytes: pyramid.bytes, block: pyramid.block };
}

export interface TileRect {
  readonly row0: number;
  readonly rows: number;
  readonly col0: number;
  readonly cols: number;
}

/** The coarsest level whose cells tile the request exactly, or null. */
function levelFor(pyramid: ImagePyramid, rect: TileRect, blockRows: number, blockCols: number): ImageLevel | null {
  const rowEnd = rect.row0 + rect.rows;
  const colEnd = rect.col0 + rect.cols;
  let best: ImageLevel | null = null;
  // Blocks are B·2^k, so once a level fails, every coarser one fails too.
  for (const level of pyramid.levels) {
    const b = level.block;
    const aligned = blockRows % b === 0 && blockCols % b === 0 && rect.row0 % b === 0 && rect.col0 % b === 0;
    const ends = (rowEnd % b === 0 || rowEnd === pyramid.rows) && (colEnd % b === 0 || colEnd === pyramid.cols);
    if (!aligned || !ends) break;
    best = level;
  }
  return best;
}

/** An image tile: per output cell the min, max and mean of the elements it covers (NaN when none). */
export type Tile = Pick<BlockReduction, 'rows' | 'cols' | 'min' | 'max' | 'mean'>;

/** A tile whose cells are the level's own cells: rows of min and max copied, means divided out. */
function copyCells(level: ImageLevel, r0: number, c0: number, tile: Tile): Tile {
  for (let i = 0; i < tile.rows; i++) {
    const from = (r0 + i) * level.cols + c0;
    const to = i * tile.cols;
    tile.min.set(level.min.subarray(from, from + tile.cols), to);
    tile.max.set(level.max.subarray(from, from + tile.cols), to);
    for (let j = 0; j < tile.cols; j++) {
      const n = level.count[from + j]!;
      tile.mean[to + j] = n > 0 ? level.sum[from + j]! / n : NaN;
    }
  }
  return tile;
}

/**
 * An image tile from the slice's built pyramid, or null when there is none or the tile is not
 * aligned to its cells. Output cell (i, j) covers the same elements a direct blockReduce would.
 */
export async function tileFromPyramid(session: Session, slice: ResolvedSlice, rect: TileRect, blockRows: number, blockCols: number, signal?: AbortSignal): Promise<Tile | null> {
  const pyramid = rect.rows > 0 && rect.cols > 0 ? findImagePyramid(session, slice) : null;
  const level = pyramid ? levelFor(pyramid, rect, blockRows, blockCols) : null;
  if (!level) return null;
  const b = level.block;
  const [fy, fx] = [blockRows / b, blockCols / b];
  const [r0, c0] = [rect.row0 / b, rect.col0 / b];
  const [r1, c1] = [Math.ceil((rect.row0 + rect.rows) / b), Math.ceil((rect.col0 + rect.cols) / b)];
  const rows = Math.ceil(rect.rows / blockRows);
  const cols = Math.ceil(rect.cols / blockCols);
  const tile = { rows, cols, min: new Float64Array(rows * cols), max: new Float64Array(rows * cols), mean: new Float64Array(rows * cols) };
  if (fy === 1 && fx === 1) return copyCells(level, r0, c0, tile);
  let work = 0;
  for (let i = 0; i < rows; i++) {
    const top = r0 + i * fy;
    for (let j = 0; j < cols; j++) {
      const left = c0 + j * fx;
      fold(level, top, Math.min(top + fy, r1), left, Math.min(left + fx, c1));
      const at = i * cols + j;
      tile.min[at] = folded[0]!;
      tile.max[at] = folded[1]!;
      tile.mean[at] = folded[3]! > 0 ? folded[2]! / folded[3]! : NaN;
    }
    work += cols * fy * fx;
    if (work >= YIELD_CELLS && i + 1 < rows) {
      work = 0;
      await breathe(session, signal, 'the image tile');
    }
  }
  return tile;
}
