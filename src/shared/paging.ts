/**
 * Page geometry for the virtualised grid. The grid (a `GridWindow`'s rows × cols) is cut into
 * fixed-size pages of `pageRows × pageCols` elements; the last page row/column is clipped at
 * the grid's edge. Invariants: pageRows, pageCols ≥ 1; one full page is at most the chosen
 * byte cap, which is never above MAX_PAGE_BYTES; page (r, c) covers rows
 * [r·pageRows, min(rows, (r+1)·pageRows)) and the matching columns.
 */
import { ArrayscopeError } from './errors.js';

export const DEFAULT_PAGE_BYTES = 1 << 20;
/** Hard cap on one page read: a request above it fails with `too-large`. */
export const MAX_PAGE_BYTES = 8 << 20;
/** Widest page by default: a screen shows far fewer columns, and narrow pages stay tall. */
export const DEFAULT_MAX_PAGE_COLS = 64;
/** Upper bound on prefetch depth, so a bad option cannot queue unbounded reads. */
export const MAX_PREFETCH_PAGES = 8;

export interface GridSize {
  readonly rows: number;
  readonly cols: number;
}

export interface PageGeometry extends GridSize {
  readonly itemsize: number;
  readonly pageRows: number;
  readonly pageCols: number;
  /** Number of pages down and across (0 for an empty grid). */
  readonly pageRowCount: number;
  readonly pageColCount: number;
}

export interface PageGeometryOptions {
  /** Byte cap for one page; default DEFAULT_PAGE_BYTES, at most MAX_PAGE_BYTES. */
  readonly maxPageBytes?: number;
  readonly maxPageCols?: number;
}

/** Chooses the page shape for a grid of `itemsize`-byte elements. */
export function pageGeometry(grid: GridSize, itemsize: number, options: PageGeometryOptions = {}): PageGeometry {
  checkCount('grid rows', grid.rows);
  checkCount('grid columns', grid.cols);
  checkCount('itemsize', itemsize);
  const maxBytes = options.maxPageBytes ?? DEFAULT_PAGE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_PAGE_BYTES) {
    throw new ArrayscopeError('bad-request', `page byte cap ${maxBytes} must be an integer from 1 to ${MAX_PAGE_BYTES}`);
  }
  const maxCols = options.maxPageCols ?? DEFAULT_MAX_PAGE_COLS;
  if (!Number.isSafeInteger(maxCols) || maxCols < 1) {
    throw new ArrayscopeError('bad-request', `maximum page width ${maxCols} must be a positive integer`);
  }
  if (itemsize > maxBytes) {
    throw new ArrayscopeError('too-large', `one element is ${itemsize} bytes, more than the page cap of ${maxBytes} bytes`);
  }
  // Zero-size elements (e.g. V0) still occupy a grid cell; size pages as if they had one byte.
  const cell = Math.max(1, itemsize);
  const pageCols = Math.max(1, Math.min(grid.cols, maxCols, Math.floor(maxBytes / cell)));
  const pageRows = Math.max(1, Math.min(grid.rows, Math.floor(maxBytes / (cell * pageCols))));
  return {
    rows: grid.rows,
    cols: grid.cols,
    itemsize,
    pageRows,
    pageCols,
    pageRowCount: Math.ceil(grid.rows / pageRows),
    pageColCount: Math.ceil(grid.cols / pageCols),
  };
}

export interface PageSpec {
  readonly pageRow: number;
  readonly pageCol: number;
  readonly key: string;
  readonly row0: number;
  readonly rowCount: number;
  readonly col0: number;
  readonly colCount: number;
}

/** A stable cache key for a page; `prefix` separates views (e.g. a view id). */
export function pageKey(pageRow: number, pageCol: number, prefix = ''): string {
  return `${prefix}${pageRow}:${pageCol}`;
}

/** The rows and columns page (pageRow, pageCol) covers, clipped at the grid's edge. */
export function pageAt(geometry: PageGeometry, pageRow: number, pageCol: number): PageSpec {
  if (!isIndexBelow(pageRow, geometry.pageRowCount) || !isIndexBelow(pageCol, geometry.pageColCount)) {
    throw new ArrayscopeError(
      'bad-request',
      `page (${pageRow}, ${pageCol}) does not exist; the grid has ${geometry.pageRowCount} × ${geometry.pageColCount} pages`,
    );
  }
  const row0 = pageRow * geometry.pageRows;
  const col0 = pageCol * geometry.pageCols;
  return {
    pageRow,
    pageCol,
    key: pageKey(pageRow, pageCol),
    row0,
    rowCount: Math.min(geometry.pageRows, geometry.rows - row0),
    col0,
    colCount: Math.min(geometry.pageCols, geometry.cols - col0),
  };
}

/** A half-open range of rows or columns; fractional bounds are widened to whole cells. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ScrollDirection = -1 | 0 | 1;

export interface PagesForOptions {
  /** The direction of the latest scroll along rows and along columns (0: not moving). */
  readonly direction?: { readonly rows?: ScrollDirection; readonly cols?: ScrollDirection };
  /** How many pages ahead to prefetch in each moving direction (default 1, at most MAX_PREFETCH_PAGES). */
  readonly prefetch?: number;
}

export interface PagePlan {
  /** Pages that intersect the viewport, row-major. */
  readonly visible: PageSpec[];
  /** Pages just beyond the viewport in the scroll direction, nearest first; none visible. */
  readonly prefetch: PageSpec[];
}

/** The pages needed to draw a viewport, plus the pages to read ahead of the scroll. */
export function pagesFor(visibleRows: Span, visibleCols: Span, geometry: PageGeometry, options: PagesForOptions = {}): PagePlan {
  const depth = options.prefetch ?? 1;
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_PREFETCH_PAGES) {
    throw new ArrayscopeError('bad-request', `prefetch depth ${depth} must be an integer from 0 to ${MAX_PREFETCH_PAGES}`);
  }
  const rowPages = pageSpan(visibleRows, geometry.rows, geometry.pageRows, 'rows');
  const colPages = pageSpan(visibleCols, geometry.cols, geometry.pageCols, 'columns');
  const visible: PageSpec[] = [];
  if (rowPages === null || colPages === null) return { visible, prefetch: [] };
  for (let r = rowPages.first; r <= rowPages.last; r++) {
    for (let c = colPages.first; c <= colPages.last; c++) visible.push(pageAt(geometry, r, c));
  }
  const prefetch: PageSpec[] = [];
  const dir = options.direction ?? {};
  for (let k = 1; k <= depth; k++) {
    if (dir.rows) {
      const r = dir.rows > 0 ? rowPages.last + k : rowPages.first - k;
      if (r >= 0 && r < geometry.pageRowCount) {
        for (let c = colPages.first; c <= colPages.last; c++) prefetch.push(pageAt(geometry, r, c));
      }
    }
    if (dir.cols) {
      const c = dir.cols > 0 ? colPages.last + k : colPages.first - k;
      if (c >= 0 && c < geometry.pageColCount) {
        for (let r = rowPages.first; r <= rowPages.last; r++) prefetch.push(pageAt(geometry, r, c));
      }
    }
  }
  return { visible, prefetch };
}

/** The first and last page index a span touches after clipping to the grid; null if none. */
function pageSpan(span: Span, size: number, pageSize: number, what: string): { first: number; last: number } | null {
  if (!Number.isFinite(span.start) || !Number.isFinite(span.end)) {
    throw new ArrayscopeError('bad-request', `visible ${what} [${span.start}, ${span.end}) must be finite numbers`);
  }
  const start = Math.max(0, Math.floor(span.start));
  const end = Math.min(size, Math.ceil(span.end));
  if (end <= start) return null;
  return { first: Math.floor(start / pageSize), last: Math.floor((end - 1) / pageSize) };
}

export interface PageRequest {
  readonly row0: number;
  readonly rowCount: number;
  readonly col0: number;
  readonly colCount: number;
}

/**
 * Checks a page read against the grid before any byte is touched: whole non-negative numbers,
 * inside the grid (`bad-request`), and at most `maxBytes` (never above MAX_PAGE_BYTES) in total
 * (`too-large`). Returns the number of bytes the page holds.
 */
export function validatePageRequest(grid: GridSize, request: PageRequest, itemsize: number, maxBytes = MAX_PAGE_BYTES): number {
  const fields: (keyof PageRequest)[] = ['row0', 'rowCount', 'col0', 'colCount'];
  for (const name of fields) {
    const value: unknown = request[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new ArrayscopeError('bad-request', `page request field ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  const { row0, rowCount, col0, colCount } = request;
  if (row0 + rowCount > grid.rows || col0 + colCount > grid.cols) {
    throw new ArrayscopeError(
      'bad-request',
      `page rows [${row0}, ${row0 + rowCount}) × columns [${col0}, ${col0 + colCount}) ` +
        `are outside the grid of ${grid.rows} rows × ${grid.cols} columns`,
    );
  }
  const cap = Math.min(maxBytes, MAX_PAGE_BYTES);
  const bytes = rowCount * colCount * itemsize;
  if (bytes > cap) {
    throw new ArrayscopeError(
      'too-large',
      `a page of ${rowCount} × ${colCount} elements of ${itemsize} bytes is ${bytes} bytes, more than the cap of ${cap} bytes`,
    );
  }
  return bytes;
}

function checkCount(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new ArrayscopeError('bad-request', `${what} ${n} must be a non-negative integer`);
}

function isIndexBelow(n: number, limit: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n < limit;
}
