import { describe, expect, it } from 'vitest';
import { defaultChars, MAX_WIDTH, MIN_WIDTH, clampWidth } from '../../../src/renderer/src/grid/column-widths.js';
import {
  arrayColumnSpan,
  arrayElementOffset,
  cellElementOffset,
  columnLabel,
  gridColumnCount,
  gridPageGeometry,
  locateElement,
  splitGridColumn,
} from '../../../src/renderer/src/grid/geometry.js';
import type { SessionInfo, ViewInfo } from '../../../src/shared/schemas.js';

const f8 = { kind: 'float', itemsize: 8, byteorder: '<' } as const;
const i2 = { kind: 'int', itemsize: 2, byteorder: '<' } as const;

function view(partial: Partial<ViewInfo>): ViewInfo {
  return {
    spec: { index: '' },
    shape: [10, 4],
    rows: 10,
    cols: 4,
    leaves: [{ path: '', offset: 0, dtype: f8 }],
    itemsize: 8,
    axes: [0, 1],
    offset: 128,
    rowStride: 32,
    colStride: 8,
    ...partial,
  };
}

function session(partial: Partial<SessionInfo>): SessionInfo {
  return {
    id: 's1', path: '/x.npy', fileName: 'x.npy', fileSize: 0, format: 'npy', member: null, version: [1, 0],
    dtype: f8, descr: '<f8', dtypeName: 'float64', shape: [10, 4], fortranOrder: false, dataOffset: 128, nbytes: 320,
    mode: 'r', warning: null, editable: false, dirty: false, canUndo: false, canRedo: false, editCount: 0, revision: 0,
    ...partial,
  };
}

describe('grid columns and leaves', () => {
  const rec = view({ cols: 3, leaves: [{ path: 'x', offset: 0, dtype: f8 }, { path: 'pos.a', offset: 8, dtype: i2 }], itemsize: 10 });
  it('maps grid columns to array columns and leaves', () => {
    expect(gridColumnCount(rec)).toBe(6);
    expect(splitGridColumn(rec, 5)).toEqual({ col: 2, leaf: 1 });
    expect(arrayColumnSpan(rec, { start: 1, end: 4 })).toEqual({ start: 0, end: 2 });
    expect(arrayColumnSpan(rec, { start: 2, end: 2 })).toEqual({ start: 1, end: 1 });
  });
  it('labels columns by leaf path, by number, or by dtype for one plain column', () => {
    const s = session({});
    expect(columnLabel(rec, s, 3)).toBe('1.pos.a');
    expect(columnLabel({ ...rec, axes: [0, null] }, s, 1)).toBe('pos.a');
    expect(columnLabel(view({}), s, 2)).toBe('2');
    expect(columnLabel(view({ axes: [0, null], cols: 1 }), s, 0)).toBe('float64');
  });
  it('chooses small pages that are at least 32 rows tall and within the cap', () => {
    const g = gridPageGeometry(view({ rows: 1e12, cols: 1e6, itemsize: 8 }))!;
    expect(g.pageRows * g.pageCols * 8).toBeLessThanOrEqual(64 << 10);
    expect(g.pageRows).toBeGreaterThanOrEqual(32);
    const wide = gridPageGeometry(view({ rows: 1000, cols: 1000, itemsize: 100_000 }))!;
    expect(wide.pageCols).toBe(1);
    expect(gridPageGeometry(view({ itemsize: 9 << 20 }))).toBeNull();
  });
  it('sizes columns from the dtype within bounds', () => {
    expect(defaultChars(f8)).toBe(10);
    expect(defaultChars(i2)).toBe(6);
    expect(clampWidth(1)).toBe(MIN_WIDTH);
    expect(clampWidth(1e9)).toBe(MAX_WIDTH);
  });
});

describe('file offsets of cells and of array indices', () => {
  it('follows C and Fortran order like numpy', () => {
    const c = session({ shape: [2, 3, 4], dtype: f8 });
    expect(arrayElementOffset(c, [1, 2, 3])).toBe(128 + (1 * 12 + 2 * 4 + 3) * 8);
    const f = session({ shape: [2, 3, 4], dtype: f8, fortranOrder: true });
    expect(arrayElementOffset(f, [1, 2, 3])).toBe(128 + (1 + 2 * 2 + 3 * 6) * 8);
  });

  it('locates the view cell of an element exactly, for any strides (brute force as reference)', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + rand(9);
      const cols = 1 + rand(9);
      const sign = () => (rand(2) ? 1 : -1);
      const info = view({ rows, cols, rowStride: sign() * 8 * rand(40), colStride: sign() * 8 * rand(12), offset: 100_000 });
      const offsets = new Map<number, { row: number; col: number }>();
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
        const o = cellElementOffset(info, r, c);
        if (!offsets.has(o)) offsets.set(o, { row: r, col: c });
      }
      for (let probe = -50; probe < 50; probe++) {
        const target = info.offset + probe * 8;
        const found = locateElement(info, target);
        if (!offsets.has(target)) expect(found, `offset ${target} is not in the view`).toBeNull();
        else expect(cellElementOffset(info, found!.row, found!.col)).toBe(target);
      }
    }
  });

  it('locates elements far beyond 2^31 rows', () => {
    const info = view({ rows: 2 ** 33, cols: 1, rowStride: 8, colStride: 0, offset: 128, axes: [0, null] });
    expect(locateElement(info, 128 + (2 ** 33 - 1) * 8)).toEqual({ row: 2 ** 33 - 1, col: 0 });
    expect(locateElement(info, 128 + 2 ** 33 * 8)).toBeNull();
  });
});
