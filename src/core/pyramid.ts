/**
 * Multi-resolution min/max pyramids of plotted columns, so a zoomed-out `series` costs O(pixels)
 * instead of O(rows).
 *
 * Design:
 * - Level 0 holds the min and max (NaN-aware: NaN = no value) of consecutive blocks of `block`
 *   elements of the whole column (the last block may be shorter). It is computed by the native
 *   minmax kernel in chunks (one bucket per block), off the JS thread, cancellable, with progress.
 *   Level k+1 pairs up level k in JS typed arrays, so a block range is answered like a segment
 *   tree: O(log(blocks)) nodes.
 * - Memory: `block` is a power of two ≥ MIN_BLOCK chosen so level 0 has at most MAX_LEVEL0_BLOCKS
 *   entries; all levels together hold < 2·ceil(n/block) (min, max) pairs of float64, i.e.
 *   < 32·n/block bytes and never more than 32 MiB per column. A session keeps at most
 *   SESSION_BUDGET bytes of pyramids (least recently used dropped first).
 * - Invalidation: the per-session store lives in `session.scanCache`, which the session clears on
 *   every edit/undo/redo/discard and on close; the store also records the revision it was made
 *   for. A build that saw the revision change while it ran starts over.
 * - Answering `series`: bucket width is rounded up to a multiple of `block` (the returned
 *   start/end say which range the buckets cover: bucket b is [start + b·w, start + (b+1)·w)), so
 *   every bucket edge has the same offset m = start mod block inside its block. The aligned
 *   interior of each bucket comes from the pyramid; the two partial blocks at its edges are
 *   reduced exactly from the raw data by two native blockReduce calls over evenly spaced strips
 *   ([B, m] and [B, block − m] elements, one cell per strip). When those strips would exceed
 *   RAW_EDGE_BUDGET elements (huge blocks), start is snapped down to a block boundary instead.
 */
import { ArrayscopeError } from '../shared/errors.js';
import type { ViewSpec } from '../shared/schemas.js';
import { columnRegion } from '../shared/view.js';
import type { ElementType, ScanOptions, StridedRegion } from './native.js';
import { type ColumnRef, leafElement } from './scans.js';
import type { Session } from './session.js';
import { BackgroundBuilds } from './background-builds.js';

export const MIN_BLOCK = 64;
export const MAX_LEVEL0_BLOCKS = 1 << 20;
/** Bytes of pyramids one session may hold. */
export const SESSION_BUDGET = 256 << 20;
/** The pyramid answers only when a bucket spans at least this many blocks (else a raw scan is cheap). */
export const MIN_BLOCKS_PER_BUCKET = 4;
const RAW_EDGE_BUDGET = 1 << 22;
const BUILD_CHUNK_ELEMENTS = 1 << 24;
const STORE_KEY = 'pyramid-store';

/** A whole column (every row of the view) as one 1-D strided region of scalars. */
export interface ResolvedColumn {
  readonly region: StridedRegion;
  readonly elem: ElementType;
  readonly rows: number;
  /** Identifies the scanned bytes and their interpretation, whatever view spelled them. */
  readonly key: string;
}

export function resolveColumn(session: Session, view: ViewSpec, column: ColumnRef): ResolvedColumn {
  const resolved = session.view(view);
  const leaf = session.views.leaf(column.leaf, resolved);
  const { elem, shift } = leafElement(session, leaf, column.part, 'plots');
  const base = columnRegion(resolved.window, column.col);
  const region: StridedRegion = { offset: base.offset + leaf.offset + shift, shape: [...base.shape], strides: [...base.strides] };
  const rows = resolved.window.rows;
  return { region, elem, rows, key: `${region.offset}|${rows}|${region.strides[0]}|${elem.type}|${elem.swap}` };
}

/** Rows [start, start + count) of a column as a region. */
function rowsOf(col: ResolvedColumn, start: number, count: number): StridedRegion {
  const stride = col.region.strides[0]!;
  return { offset: col.region.offset + start * stride, shape: [count], strides: [stride] };
}

export function blockSizeFor(rows: number): number {
  let block = MIN_BLOCK;
  while (Math.ceil(rows / block) > MAX_LEVEL0_BLOCKS) block *= 2;
  return block;
}

/** NaN-aware minimum/maximum: NaN means "no value", so it never wins over a number. */
const nanMin = (a: number, b: number): number => (a < b || b !== b ? a : b);
const nanMax = (a: number, b: number): number => (a > b || b !== b ? a : b);

/** One level: min and max per node (NaN where a node holds no value). */
export interface Level {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

export class Pyramid {
  readonly bytes: number;
  constructor(
    readonly rows: number,
    readonly block: number,
    /** levels[0] has ceil(rows/block) entries; levels[k+1][i] covers levels[k][2i] and [2i+1]. */
    readonly levels: readonly Level[],
    /** Raw elements a series answer may read at bucket edges before it snaps start to a block. */
    readonly rawEdgeBudget = RAW_EDGE_BUDGET,
  ) {
    this.bytes = levels.reduce((sum, l) => sum + l.min.byteLength + l.max.byteLength, 0);
  }

  get blocks(): number {
    return this.levels[0]!.min.length;
  }

  /** Min and max over level-0 blocks [from, to), folded into `acc` ([min, max]). */
  reduce(from: number, to: number, acc: [number, number]): void {
    let lo = from;
    let hi = to;
    for (let k = 0; lo < hi; k++, lo >>= 1, hi >>= 1) {
      const { min, max } = this.levels[k]!;
      if (lo & 1) {
        acc[0] = nanMin(acc[0], min[lo]!);
        acc[1] = nanMax(acc[1], max[lo]!);
        lo++;
      }
      if (hi & 1) {
        hi--;
        acc[0] = nanMin(acc[0], min[hi]!);
        acc[1] = nanMax(acc[1], max[hi]!);
      }
    }
  }
}

function pairUp(min: Float64Array, max: Float64Array): Level {
  const n = Math.ceil(min.length / 2);
  const upMin = new Float64Array(n);
  const upMax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = 2 * i;
    upMin[i] = j + 1 < min.length ? nanMin(min[j]!, min[j + 1]!) : min[j]!;
    upMax[i] = j + 1 < max.length ? nanMax(max[j]!, max[j + 1]!) : max[j]!;
  }
  return { min: upMin, max: upMax };
}

export interface PyramidOptions extends ScanOptions {
  /** Tuning for tests: the block size (a power of two) instead of blockSizeFor(rows). */
  readonly block?: number;
  /** Tuning for tests: elements per native call while building. */
  readonly chunkElements?: number;
  /** Tuning for tests: raw edge elements a series answer may read (see RAW_EDGE_BUDGET). */
  readonly rawEdgeBudget?: number;
}

async function computePyramid(session: Session, col: ResolvedColumn, options: PyramidOptions, signal: AbortSignal): Promise<Pyramid> {
  const n = col.rows;
  const block = options.block ?? blockSizeFor(n);
  const blocks = Math.ceil(n / block);
  const full = Math.floor(n / block);
  const min0 = new Float64Array(blocks);
  const max0 = new Float64Array(blocks);
  const perCall = Math.max(1, Math.floor((options.chunkElements ?? BUILD_CHUNK_ELEMENTS) / block));
  const reduceBlocks = async (b0: number, count: number, elements: number): Promise<void> => {
    const report = options.onProgress;
    const onProgress = report ? (done: number) => report(b0 * block + done, n) : undefined;
    const r = await session.mapping.minmax(rowsOf(col, b0 * block, elements), col.elem, count, { signal, onProgress });
    min0.set(r.min, b0);
    max0.set(r.max, b0);
  };
  for (let b0 = 0; b0 < full; b0 += perCall) {
    const count = Math.min(perCall, full - b0);
    await reduceBlocks(b0, count, count * block);
  }
  if (full < blocks) await reduceBlocks(full, 1, n - full * block);
  const levels: Level[] = [{ min: min0, max: max0 }];
  while (levels[levels.length - 1]!.min.length > 1) {
    const top = levels[levels.length - 1]!;
    levels.push(pairUp(top.min, top.max));
  }
  options.onProgress?.(n, n);
  return new Pyramid(n, block, levels, options.rawEdgeBudget);
}

const builds = new BackgroundBuilds<Pyramid>(STORE_KEY, SESSION_BUDGET, 'the plot pyramid');

/** The built pyramid of a column at the session's current revision, if any. */
export function findPyramid(session: Session, col: ResolvedColumn): Pyramid | null {
  return builds.find(session, col.key);
}

/**
 * Builds (or joins the running build of, or returns) the pyramid of a column. Several callers
 * share one build; it is cancelled only when every one of them has cancelled.
 */
export async function buildPyramid(session: Session, view: ViewSpec, column: ColumnRef, options: PyramidOptions = {}): Promise<{ levels: number; bytes: number }> {
  const col = resolveColumn(session, view, column);
  const pyramid = await builds.get(session, col.key, (signal, onProgress) => computePyramid(session, col, { ...options, onProgress }, signal), options);
  return { levels: pyramid.levels.length, bytes: pyramid.bytes };
}

export interface SeriesAnswer {
  readonly start: number;
  readonly end: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/**
 * `series` over rows [start, end) of a column from its pyramid, or null when there is none (or
 * the buckets are too narrow for it to help). The answer may cover a slightly larger range than
 * asked, [start', end') with (end' − start') = buckets' · w and w a multiple of the block size;
 * end' may pass the last row, and the part of a bucket beyond it is simply empty.
 */
export async function seriesFromPyramid(
  session: Session,
  col: ResolvedColumn,
  start: number,
  end: number,
  buckets: number,
  options: ScanOptions = {},
): Promise<SeriesAnswer | null> {
  const pyramid = findPyramid(session, col);
  if (!pyramid || end - start < buckets * pyramid.block * MIN_BLOCKS_PER_BUCKET) return null;
  const { block, rows } = pyramid;
  const width = Math.ceil((end - start) / (buckets * block)) * block;
  // Shift left rather than past the last row when the wider buckets need room.
  let s = Math.max(0, Math.min(start, rows - buckets * width));
  if ((buckets + 1) * block > pyramid.rawEdgeBudget) s -= s % block;
  const count = Math.min(buckets, Math.ceil((rows - s) / width));
  const edges = await edgePieces(session, col, s, width, count, block, options);
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  const acc: [number, number] = [NaN, NaN];
  const m = s % block;
  for (let b = 0; b < count; b++) {
    const p = s + b * width;
    const q = p + width;
    acc[0] = acc[1] = NaN;
    if (m !== 0) edges.foldHead(b, acc);
    const from = m === 0 ? p / block : (p - m) / block + 1;
    const to = q >= rows ? pyramid.blocks : (q - m) / block;
    pyramid.reduce(from, to, acc);
    if (m !== 0 && q < rows) edges.foldTail(b, acc);
    min[b] = acc[0];
    max[b] = acc[1];
  }
  return { start: s, end: s + count * width, min, max };
}

interface EdgePieces {
  /** Folds bucket b's leading partial block [p, next block start) into acc. */
  foldHead(b: number, acc: [number, number]): void;
  /** Folds bucket b's trailing partial block [last block start, q) into acc. */
  foldTail(b: number, acc: [number, number]): void;
}

/**
 * The partial blocks at every bucket edge, reduced exactly from the raw data. With every edge at
 * offset m inside its block, the pieces are evenly spaced strips: one blockReduce each for the
 * heads ([p, p − m + block)) and the tails ([q − m, q)). When m ≠ 0, start ≠ 0, so the answer was
 * placed to end at or before the last row (see seriesFromPyramid): every head is a whole strip,
 * and only a last bucket ending exactly at the last row has no tail (its last block is the
 * pyramid's own short last block).
 */
async function edgePieces(session: Session, col: ResolvedColumn, s: number, width: number, count: number, block: number, options: ScanOptions): Promise<EdgePieces> {
  const m = s % block;
  if (m === 0) return { foldHead: () => {}, foldTail: () => {} };
  if (s + count * width > col.rows) throw new ArrayscopeError('internal', `series edges past the last row (${s} + ${count}·${width} > ${col.rows})`);
  const stride = col.region.strides[0]!;
  const tails = s + count * width < col.rows ? count : count - 1;
  const strip = (first: number, strips: number, length: number) =>
    strips === 0
      ? Promise.resolve({ min: new Float64Array(0), max: new Float64Array(0) })
      : session.mapping.blockReduce(
          { offset: col.region.offset + first * stride, shape: [strips, length], strides: [width * stride, stride] },
          col.elem,
          1,
          length,
          options,
        );
  const [heads, tailCells] = await Promise.all([strip(s, count, block - m), strip(s + width - m, tails, m)]);
  const fold = (cells: { min: Float64Array; max: Float64Array }, i: number, acc: [number, number]) => {
    acc[0] = nanMin(acc[0], cells.min[i]!);
    acc[1] = nanMax(acc[1], cells.max[i]!);
  };
  return {
    foldHead: (b, acc) => fold(heads, b, acc),
    foldTail: (b, acc) => {
      if (b < tails) fold(tailCells, b, acc);
    },
  };
}
