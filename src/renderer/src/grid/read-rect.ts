/**
 * Reads a rectangle of the view straight from the engine (not through the display cache) for
 * copying: chunks of whole rows, each at most CHUNK_BYTES, then numpy-exact text per cell.
 */
import type { FormatOptions } from '../../../shared/values/index.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { type CachedPage, cachedPage, cellText } from './cells.js';
import { arrayColumnSpan, splitGridColumn } from './geometry.js';
import type { FetchPage } from './page-cache.js';
import { type Rect, rectToTsv } from './selection.js';

/** Copying more cells than this asks the user to export instead. */
export const MAX_COPY_CELLS = 500_000;
const CHUNK_BYTES = 4 << 20;

export interface ReadRectOptions {
  readonly session: string;
  readonly info: ViewInfo;
  readonly rect: Rect;
  readonly format: (gridCol: number) => FormatOptions;
  readonly signal: AbortSignal;
}

/** The rectangle as TSV; throws the engine's error (with its message) when a read fails. */
export async function readRectAsTsv(fetchPage: FetchPage, options: ReadRectOptions): Promise<string> {
  const { info, rect, signal } = options;
  const cols = arrayColumnSpan(info, { start: rect.c0, end: rect.c1 });
  const colCount = cols.end - cols.start;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, colCount * info.itemsize)));
  const chunks: CachedPage[] = [];
  for (let row0 = rect.r0; row0 < rect.r1; row0 += rowsPerChunk) {
    const rowCount = Math.min(rowsPerChunk, rect.r1 - row0);
    const result = await fetchPage({ session: options.session, view: info.spec, row0, rowCount, col0: cols.start, colCount }, signal);
    if (!result.ok) throw new Error(result.error.message);
    chunks.push(cachedPage(result.value));
  }
  return rectToTsv(rect, (row, gridCol) => {
    const chunk = chunks[Math.floor((row - rect.r0) / rowsPerChunk)]!;
    const { col, leaf } = splitGridColumn(info, gridCol);
    return cellText(chunk, info, row, col, leaf, options.format(gridCol));
  });
}
