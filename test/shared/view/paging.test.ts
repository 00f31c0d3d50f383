import { describe, expect, it } from 'vitest';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import {
  DEFAULT_MAX_PAGE_COLS,
  DEFAULT_PAGE_BYTES,
  MAX_PAGE_BYTES,
  pageAt,
  pageGeometry,
  pageKey,
  pagesFor,
  validatePageRequest,
  type PageGeometry,
  type PageSpec,
} from '../../../src/shared/paging.js';

function thrown(fn: () => unknown): ArrayscopeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    return err as ArrayscopeError;
  }
  throw new Error('expected an error');
}

function allPages(g: PageGeometry): PageSpec[] {
  const out: PageSpec[] = [];
  for (let r = 0; r < g.pageRowCount; r++) for (let c = 0; c < g.pageColCount; c++) out.push(pageAt(g, r, c));
  return out;
}

function intersects(p: PageSpec, rows: [number, number], cols: [number, number]): boolean {
  return p.row0 < rows[1] && rows[0] < p.row0 + p.rowCount && p.col0 < cols[1] && cols[0] < p.col0 + p.colCount;
}

describe('pageGeometry', () => {
  it('fills the default 1 MiB with 64-column pages of float64', () => {
    const g = pageGeometry({ rows: 1e9, cols: 1000 }, 8);
    expect([g.pageRows, g.pageCols]).toEqual([DEFAULT_PAGE_BYTES / (8 * DEFAULT_MAX_PAGE_COLS), DEFAULT_MAX_PAGE_COLS]);
    expect(g.pageRowCount).toBe(Math.ceil(1e9 / g.pageRows));
    expect(g.pageColCount).toBe(Math.ceil(1000 / 64));
  });

  it('keeps every page within the byte cap and the grid, for many grids and element sizes', () => {
    for (const itemsize of [0, 1, 3, 8, 16, 1000, 65536]) {
      for (const [rows, cols] of [[0, 0], [1, 1], [7, 1], [1, 7], [1000, 3], [3, 1000], [123457, 777], [2 ** 40, 2 ** 20]]) {
        for (const maxPageBytes of [65536, DEFAULT_PAGE_BYTES, MAX_PAGE_BYTES]) {
          const g = pageGeometry({ rows: rows!, cols: cols! }, itemsize, { maxPageBytes });
          const where = `${rows}×${cols} of ${itemsize} bytes, cap ${maxPageBytes}`;
          expect(g.pageRows * g.pageCols * Math.max(1, itemsize), where).toBeLessThanOrEqual(maxPageBytes);
          expect(g.pageRows, where).toBeGreaterThanOrEqual(1);
          expect(g.pageCols, where).toBeLessThanOrEqual(Math.max(1, Math.min(cols!, DEFAULT_MAX_PAGE_COLS)));
          expect(g.pageRows, where).toBeLessThanOrEqual(Math.max(1, rows!));
          expect(g.pageRowCount * g.pageRows, where).toBeGreaterThanOrEqual(rows!);
          expect((g.pageRowCount - 1) * g.pageRows, where).toBeLessThan(Math.max(1, rows!));
        }
      }
    }
  });

  it('tiles a grid exactly: pages never overlap and cover every cell', () => {
    const g = pageGeometry({ rows: 37, cols: 11 }, 8, { maxPageBytes: 8 * 5 * 4, maxPageCols: 4 });
    expect([g.pageRows, g.pageCols]).toEqual([5, 4]);
    const seen = new Uint8Array(37 * 11);
    for (const p of allPages(g)) {
      for (let r = p.row0; r < p.row0 + p.rowCount; r++) for (let c = p.col0; c < p.col0 + p.colCount; c++) seen[r * 11 + c]! += 1;
    }
    expect([...seen].every((n) => n === 1)).toBe(true);
  });

  it('gives a one-column grid tall pages', () => {
    const g = pageGeometry({ rows: 1e7, cols: 1 }, 4);
    expect([g.pageRows, g.pageCols]).toEqual([DEFAULT_PAGE_BYTES / 4, 1]);
  });

  it('has no pages for an empty grid', () => {
    expect(pageGeometry({ rows: 0, cols: 5 }, 8)).toMatchObject({ pageRowCount: 0 });
  });

  it('refuses an element larger than the page cap, and bad options', () => {
    expect(thrown(() => pageGeometry({ rows: 2, cols: 2 }, DEFAULT_PAGE_BYTES + 1)).kind).toBe('too-large');
    expect(thrown(() => pageGeometry({ rows: 2, cols: 2 }, 8, { maxPageBytes: MAX_PAGE_BYTES + 1 })).kind).toBe('bad-request');
    expect(thrown(() => pageGeometry({ rows: 2, cols: 2 }, 8, { maxPageCols: 0 })).kind).toBe('bad-request');
    expect(thrown(() => pageGeometry({ rows: -1, cols: 2 }, 8)).kind).toBe('bad-request');
  });
});

describe('pageAt and pageKey', () => {
  const g = pageGeometry({ rows: 10, cols: 7 }, 1, { maxPageBytes: 12, maxPageCols: 3 });

  it('clips the last page at the grid edge', () => {
    expect([g.pageRows, g.pageCols]).toEqual([4, 3]);
    expect(pageAt(g, 2, 2)).toEqual({ pageRow: 2, pageCol: 2, key: pageKey(2, 2), row0: 8, rowCount: 2, col0: 6, colCount: 1 });
  });

  it('keys are distinct per page and per prefix', () => {
    const keys = allPages(g).map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pageKey(1, 2, 'view7/')).not.toBe(pageKey(1, 2, 'view8/'));
    expect(pageKey(12, 3)).not.toBe(pageKey(1, 23));
  });

  it('rejects pages that do not exist', () => {
    for (const [r, c] of [[3, 0], [0, 3], [-1, 0], [0.5, 0]]) expect(thrown(() => pageAt(g, r!, c!)).kind).toBe('bad-request');
  });
});

describe('pagesFor', () => {
  const g = pageGeometry({ rows: 100, cols: 50 }, 8, { maxPageBytes: 8 * 10 * 8, maxPageCols: 8 });

  it('returns exactly the pages a viewport intersects', () => {
    expect([g.pageRows, g.pageCols]).toEqual([10, 8]);
    for (const [rows, cols] of [[[0, 1], [0, 1]], [[9, 11], [7, 9]], [[15.5, 42.2], [3, 50]], [[-5, 500], [-1, 2]]] as [number, number][][]) {
      const plan = pagesFor({ start: rows![0], end: rows![1] }, { start: cols![0], end: cols![1] }, g);
      const expected = allPages(g).filter((p) => intersects(p, [Math.floor(rows![0]), Math.ceil(rows![1])], [Math.floor(cols![0]), Math.ceil(cols![1])]));
      expect(plan.visible.map((p) => p.key)).toEqual(expected.map((p) => p.key));
      expect(plan.prefetch).toEqual([]);
    }
  });

  it('prefetches ahead of the scroll, nearest first, never visible pages or pages beyond the edge', () => {
    const down = pagesFor({ start: 25, end: 45 }, { start: 0, end: 10 }, g, { direction: { rows: 1 }, prefetch: 2 });
    expect(down.visible.map((p) => [p.pageRow, p.pageCol])).toEqual([[2, 0], [2, 1], [3, 0], [3, 1], [4, 0], [4, 1]]);
    expect(down.prefetch.map((p) => [p.pageRow, p.pageCol])).toEqual([[5, 0], [5, 1], [6, 0], [6, 1]]);
    const left = pagesFor({ start: 0, end: 5 }, { start: 20, end: 30 }, g, { direction: { cols: -1 } });
    expect(left.prefetch.map((p) => [p.pageRow, p.pageCol])).toEqual([[0, 1]]);
    const atBottom = pagesFor({ start: 95, end: 100 }, { start: 0, end: 5 }, g, { direction: { rows: 1 } });
    expect(atBottom.prefetch).toEqual([]);
    const both = pagesFor({ start: 0, end: 5 }, { start: 0, end: 5 }, g, { direction: { rows: 1, cols: 1 } });
    expect(both.prefetch.map((p) => [p.pageRow, p.pageCol])).toEqual([[1, 0], [0, 1]]);
  });

  it('returns nothing for an empty or off-grid viewport', () => {
    expect(pagesFor({ start: 5, end: 5 }, { start: 0, end: 10 }, g, { direction: { rows: 1 } })).toEqual({ visible: [], prefetch: [] });
    expect(pagesFor({ start: 200, end: 300 }, { start: 0, end: 10 }, g).visible).toEqual([]);
  });

  it('rejects non-finite spans and unreasonable prefetch depths', () => {
    expect(thrown(() => pagesFor({ start: NaN, end: 5 }, { start: 0, end: 1 }, g)).kind).toBe('bad-request');
    expect(thrown(() => pagesFor({ start: 0, end: 5 }, { start: 0, end: 1 }, g, { prefetch: 100 })).kind).toBe('bad-request');
  });
});

describe('validatePageRequest', () => {
  const grid = { rows: 1e6, cols: 20 };

  it('accepts requests inside the grid and returns their bytes', () => {
    expect(validatePageRequest(grid, { row0: 10, rowCount: 100, col0: 5, colCount: 15 }, 8)).toBe(100 * 15 * 8);
    expect(validatePageRequest(grid, { row0: 1e6, rowCount: 0, col0: 0, colCount: 0 }, 8)).toBe(0);
  });

  it('accepts every page the geometry produces', () => {
    const g = pageGeometry(grid, 16);
    for (const p of [pageAt(g, 0, 0), pageAt(g, g.pageRowCount - 1, g.pageColCount - 1)]) {
      expect(validatePageRequest(grid, p, 16, DEFAULT_PAGE_BYTES)).toBe(p.rowCount * p.colCount * 16);
    }
  });

  it('rejects requests outside the grid or malformed with bad-request', () => {
    const bad: Record<string, unknown>[] = [
      { row0: 0, rowCount: 1, col0: 19, colCount: 2 },
      { row0: 999_999, rowCount: 2, col0: 0, colCount: 1 },
      { row0: -1, rowCount: 1, col0: 0, colCount: 1 },
      { row0: 0.5, rowCount: 1, col0: 0, colCount: 1 },
      { row0: 0, rowCount: 1, col0: 0 },
      { row0: '0', rowCount: 1, col0: 0, colCount: 1 },
    ];
    for (const request of bad) {
      const err = thrown(() => validatePageRequest(grid, request as never, 8));
      expect(err.kind, JSON.stringify(request)).toBe('bad-request');
    }
  });

  it('rejects pages above the cap with too-large, and never allows more than MAX_PAGE_BYTES', () => {
    const big = { row0: 0, rowCount: MAX_PAGE_BYTES / (8 * 16) + 1, col0: 0, colCount: 16 };
    const err = thrown(() => validatePageRequest(grid, big, 8, MAX_PAGE_BYTES * 4));
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain(`more than the cap of ${MAX_PAGE_BYTES} bytes`);
    expect(thrown(() => validatePageRequest(grid, { row0: 0, rowCount: 2, col0: 0, colCount: 2 }, 8, 31)).kind).toBe('too-large');
  });
});
