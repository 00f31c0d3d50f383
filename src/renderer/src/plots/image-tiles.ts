/**
 * Tiles of a 2-D view for the image panel. At zoom levels (Lr, Lc) each output cell is the min /
 * max / mean of a 2^Lr × 2^Lc block of elements (reduced by the engine's `imageTile`), and a tile
 * is TILE × TILE cells. Each axis shows the finest level whose cells are still at least one
 * device pixel, so a 100k × 100k slice never moves more than about one screenful of cells (and a
 * tall, narrow view is reduced along its rows only).
 *
 * Once the engine has built the slice's zoom overview (a min/max/mean pyramid whose finest cells
 * are `block` × `block` elements), a tile that would read more than DIRECT_TILE_ELEMENTS elements
 * is asked for at blocks of at least `block` instead: aligned to the overview's cells, so the
 * engine answers it in O(tile cells). Tiles within that budget stay at the finest level.
 *
 * A TileStore belongs to one (session revision, view, field): it caches tiles by bytes (LRU),
 * fetches at most MAX_IN_FLIGHT at a time nearest-first, and cancels requests for tiles that
 * are no longer wanted. Coloured bitmaps are cached per tile for the current colour settings.
 */
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import { ByteLru } from '../../../shared/lru.js';
import type { ViewSpec } from '../../../shared/schemas.js';
import { colorize } from './colormaps.js';
import { longCall } from './long-calls.js';

export const TILE = 256;
/** A direct tile of this many elements takes about 20 ms (the budget per tile). */
export const DIRECT_TILE_ELEMENTS = 1 << 24;
const CACHE_BYTES = 64 << 20;
const MAX_IN_FLIGHT = 2;

export type Reduction = 'mean' | 'min' | 'max';

export interface TileData {
  readonly rows: number;
  readonly cols: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly mean: Float64Array;
  bitmap: { key: string; canvas: HTMLCanvasElement } | null;
}

/** Zoom levels per axis: blocks are 2^rows × 2^cols elements. */
export interface Levels {
  readonly rows: number;
  readonly cols: number;
}

export interface TileId {
  readonly level: Levels;
  readonly ty: number;
  readonly tx: number;
}

export const tileKey = (t: TileId) => `${t.level.rows}.${t.level.cols}/${t.ty}/${t.tx}`;

/** The largest power-of-two block ≤ 1/scale along one axis of `n` elements (scale: device px per element). */
export function levelFor(scale: number, n: number): number {
  if (scale >= 1) return 0;
  const top = Math.max(0, Math.ceil(Math.log2(Math.max(n, 1))));
  return Math.min(top, Math.floor(Math.log2(1 / scale) + 1e-9));
}

/**
 * The levels to draw at these scales: the finest whose cells are at least one device pixel,
 * raised to the overview's block when `overviewBlock` is known and a tile at the finest level
 * would have to reduce more than DIRECT_TILE_ELEMENTS elements.
 */
export function levelsFor(scaleX: number, scaleY: number, rows: number, cols: number, overviewBlock: number | null): Levels {
  const level = { rows: levelFor(scaleY, rows), cols: levelFor(scaleX, cols) };
  if (overviewBlock === null) return level;
  const elements = Math.min(rows, TILE * 2 ** level.rows) * Math.min(cols, TILE * 2 ** level.cols);
  if (elements <= DIRECT_TILE_ELEMENTS) return level;
  const b = Math.log2(overviewBlock);
  return { rows: Math.max(level.rows, b), cols: Math.max(level.cols, b) };
}

/** The element rectangle a tile covers (clipped to the image). */
export function tileRect(t: TileId, rows: number, cols: number): { row0: number; rows: number; col0: number; cols: number } {
  const spanR = TILE * 2 ** t.level.rows;
  const spanC = TILE * 2 ** t.level.cols;
  const row0 = t.ty * spanR;
  const col0 = t.tx * spanC;
  return { row0, rows: Math.min(spanR, rows - row0), col0, cols: Math.min(spanC, cols - col0) };
}

/** Tiles at `level` overlapping rows [r0, r1) × cols [c0, c1), nearest the centre first. */
export function tilesCovering(level: Levels, r0: number, r1: number, c0: number, c1: number, rows: number, cols: number): TileId[] {
  const spanR = TILE * 2 ** level.rows;
  const spanC = TILE * 2 ** level.cols;
  const out: TileId[] = [];
  const ty0 = Math.max(0, Math.floor(r0 / spanR));
  const ty1 = Math.min(Math.ceil(rows / spanR), Math.ceil(r1 / spanR));
  const tx0 = Math.max(0, Math.floor(c0 / spanC));
  const tx1 = Math.min(Math.ceil(cols / spanC), Math.ceil(c1 / spanC));
  for (let ty = ty0; ty < ty1; ty++) for (let tx = tx0; tx < tx1; tx++) out.push({ level, ty, tx });
  const cy = (r0 + r1) / 2 / spanR - 0.5;
  const cx = (c0 + c1) / 2 / spanC - 0.5;
  return out.sort((a, b) => Math.hypot(a.ty - cy, a.tx - cx) - Math.hypot(b.ty - cy, b.tx - cx));
}

export class TileStore {
  private readonly cache = new ByteLru<string, TileData>(CACHE_BYTES, (t) => t.min.byteLength * 3 + t.rows * t.cols * 4);
  private readonly pending = new Map<string, AbortController>();
  private queue: TileId[] = [];
  /** Tiles the engine refused: not asked for again by this store. */
  private readonly failed = new Set<string>();
  error: ErrorData | null = null;

  constructor(
    private readonly client: DataClient,
    private readonly session: string,
    private readonly view: ViewSpec,
    private readonly leaf: number,
    private readonly rows: number,
    private readonly cols: number,
  ) {}

  private readonly listeners = new Set<() => void>();

  /** Calls `listener` whenever a tile arrives (or fails), to redraw; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(t: TileId): TileData | undefined {
    return this.cache.peek(tileKey(t));
  }

  get loading(): number {
    return this.pending.size + this.queue.length;
  }

  /** Wants exactly these tiles (nearest first): cancels other requests, queues missing ones. */
  want(tiles: readonly TileId[]): void {
    const wanted = new Set(tiles.map(tileKey));
    for (const [key, controller] of this.pending) {
      if (!wanted.has(key)) {
        controller.abort();
        this.pending.delete(key);
      }
    }
    this.queue = tiles.filter((t) => !this.cache.has(tileKey(t)) && !this.pending.has(tileKey(t)) && !this.failed.has(tileKey(t)));
    for (const t of tiles) if (this.cache.has(tileKey(t))) this.cache.get(tileKey(t)); // keep visible tiles fresh in the LRU
    this.pump();
  }

  /**
   * Asks again for the tiles in flight (they are re-requested at the next draw): after the
   * overview is built the engine answers them far faster than the scans already running.
   */
  restart(): void {
    for (const controller of this.pending.values()) controller.abort();
    this.pending.clear();
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    for (const controller of this.pending.values()) controller.abort();
    this.pending.clear();
    this.queue = [];
  }

  /** The tile's pixels for these colour settings (made once per settings). */
  bitmap(tile: TileData, colorKey: string, reduction: Reduction, lo: number, hi: number, lut: Uint8Array, missing: readonly [number, number, number]): HTMLCanvasElement | null {
    if (tile.bitmap?.key === colorKey) return tile.bitmap.canvas;
    const canvas = tile.bitmap?.canvas ?? document.createElement('canvas');
    canvas.width = tile.cols;
    canvas.height = tile.rows;
    const ctx = canvas.getContext('2d');
    if (!ctx || tile.cols === 0 || tile.rows === 0) return null;
    const image = ctx.createImageData(tile.cols, tile.rows);
    colorize(tile[reduction], lo, hi, lut, missing, image.data);
    ctx.putImageData(image, 0, 0);
    tile.bitmap = { key: colorKey, canvas };
    return canvas;
  }

  private pump(): void {
    while (this.pending.size < MAX_IN_FLIGHT && this.queue.length > 0) {
      const t = this.queue.shift()!;
      void this.fetch(t);
    }
  }

  private async fetch(t: TileId): Promise<void> {
    const key = tileKey(t);
    const controller = new AbortController();
    this.pending.set(key, controller);
    const rect = tileRect(t, this.rows, this.cols);
    const result = await longCall(
      this.client,
      'imageTile',
      { session: this.session, view: this.view, leaf: this.leaf, ...rect, blockRows: 2 ** t.level.rows, blockCols: 2 ** t.level.cols },
      { signal: controller.signal },
    );
    if (this.pending.get(key) === controller) this.pending.delete(key);
    if (controller.signal.aborted) return;
    if (result.ok) {
      this.cache.set(key, { ...result.value, bitmap: null });
      this.error = null;
    } else if (result.error.kind !== 'cancelled') {
      this.error = result.error;
      this.failed.add(key);
    }
    this.pump();
    for (const listener of this.listeners) listener();
  }
}

/** The value at fraction p (0..1) of a histogram's counts, interpolated inside its bin. */
export function percentile(edges: Float64Array, counts: Float64Array, p: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  const target = p * total;
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && cum + c >= target) {
      const f = Math.min(1, Math.max(0, (target - cum) / c));
      return edges[i]! + f * (edges[i + 1]! - edges[i]!);
    }
    cum += c;
  }
  return edges[edges.length - 1]!;
}
