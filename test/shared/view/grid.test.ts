import { describe, expect, it } from 'vitest';
import type { ArrayLayout } from '../../../src/shared/array.js';
import { scalar } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { parseIndexExpr } from '../../../src/shared/index-expr.js';
import {
  applyIndex,
  baseView,
  columnRegion,
  elementOffset,
  gridRegion,
  toGrid,
  type GridWindow,
  type StridedView,
} from '../../../src/shared/view.js';

function view(shape: number[], expr: string, fortranOrder = false, itemsize = 4): StridedView {
  const layout: ArrayLayout = { dtype: scalar('int', itemsize), shape, fortranOrder, dataOffset: 64 };
  return applyIndex(baseView(layout), parseIndexExpr(expr));
}

function cell(w: GridWindow, r: number, c: number): number {
  return w.offset + r * w.rowStride + c * w.colStride;
}

function thrown(fn: () => unknown): ArrayscopeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    return err as ArrayscopeError;
  }
  throw new Error('expected an error');
}

describe('toGrid', () => {
  it('shows a 0-d view as one cell', () => {
    const v = view([3, 4], '[1, 2]');
    const w = toGrid(v);
    expect(w).toMatchObject({ rows: 1, cols: 1, axes: { row: null, col: null } });
    expect(cell(w, 0, 0)).toBe(elementOffset(v, []));
  });

  it('shows a 1-d view as one column', () => {
    const v = view([6, 5], '[::-2, 3]', true);
    const w = toGrid(v);
    expect(w).toMatchObject({ rows: 3, cols: 1, axes: { row: 0, col: null } });
    for (let r = 0; r < 3; r++) expect(cell(w, r, 0)).toBe(elementOffset(v, [r]));
  });

  const cases: [number[], string, boolean][] = [
    [[5, 7], '', false],
    [[5, 7], '[::-1, 1::3]', true],
    [[4, 3, 6], '[..., 2, ::-2]', false],
    [[4, 3, 6], '[1, None, 2]', true],
  ];
  it.each(cases)('maps rows and columns of %j%s (fortran %s) onto view elements, plain and transposed', (shape, expr, fortran) => {
    const v = view(shape, expr, fortran);
    const plain = toGrid(v);
    const transposed = toGrid(v, 1, 0);
    expect([plain.rows, plain.cols]).toEqual([v.shape[0], v.shape[1]]);
    expect([transposed.rows, transposed.cols]).toEqual([v.shape[1], v.shape[0]]);
    expect(transposed.axes).toEqual({ row: 1, col: 0 });
    expect(toGrid(v, 1)).toEqual(transposed);
    expect(toGrid(v, undefined, 0)).toEqual(transposed);
    expect(toGrid(v, -2, -1)).toEqual(plain);
    for (let r = 0; r < plain.rows; r++) {
      for (let c = 0; c < plain.cols; c++) {
        expect(cell(plain, r, c)).toBe(elementOffset(v, [r, c]));
        expect(cell(transposed, c, r)).toBe(elementOffset(v, [r, c]));
      }
    }
  });

  it('asks for more integers when more than two dimensions remain', () => {
    const err = thrown(() => toGrid(view([2, 3, 4, 5], '[1]')));
    expect(err.kind).toBe('bad-index');
    expect(err.message).toContain('the view still has 3 dimensions (shape (3, 4, 5))');
    expect(err.message).toContain('must fix all but two axes with integers, e.g. [0, :, :]');
  });

  it('rejects bad axis choices', () => {
    const v2 = view([3, 4], '');
    expect(thrown(() => toGrid(v2, 0, 0)).message).toContain('must differ');
    expect(thrown(() => toGrid(v2, 2)).message).toContain('axis 2 is out of bounds for a 2-dimensional view');
    expect(thrown(() => toGrid(view([3], ''), 0, 0)).message).toContain('shown as one column');
    expect(thrown(() => toGrid(v2, 0.5)).kind).toBe('bad-index');
  });

  it('keeps empty views as empty grids', () => {
    expect(toGrid(view([3, 4], '[2:1]'))).toMatchObject({ rows: 0, cols: 4 });
  });
});

describe('gridRegion and columnRegion', () => {
  const v = view([9, 8], '[1::2, ::-1]', true, 8);
  const w = toGrid(v, 1, 0);

  it('cuts a strided region whose elements are the grid cells', () => {
    const region = gridRegion(w, 2, 3, 1, 2);
    expect(region.shape).toEqual([3, 2]);
    expect(region.strides).toEqual([w.rowStride, w.colStride]);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 2; c++) {
        expect(region.offset + r * region.strides[0] + c * region.strides[1]).toBe(cell(w, 2 + r, 1 + c));
      }
    }
  });

  it('cuts one column as a 1-d view, whole or in part', () => {
    const whole = columnRegion(w, 3);
    expect(whole.shape).toEqual([w.rows]);
    for (let r = 0; r < w.rows; r++) expect(elementOffset(whole, [r])).toBe(cell(w, r, 3));
    const part = columnRegion(w, 3, 2, 4);
    expect(part.shape).toEqual([4]);
    expect(elementOffset(part, [0])).toBe(cell(w, 2, 3));
  });

  it('allows the full grid and empty regions at the edge', () => {
    expect(gridRegion(w, 0, w.rows, 0, w.cols).shape).toEqual([w.rows, w.cols]);
    expect(gridRegion(w, w.rows, 0, w.cols, 0).shape).toEqual([0, 0]);
  });

  it('rejects regions outside the grid with bad-request', () => {
    const outside: [number, number, number, number][] = [
      [0, w.rows + 1, 0, 1],
      [-1, 1, 0, 1],
      [0, 1, w.cols, 1],
      [0.5, 1, 0, 1],
    ];
    for (const args of outside) {
      const err = thrown(() => gridRegion(w, ...args));
      expect(err.kind).toBe('bad-request');
      expect(err.message).toMatch(/outside the grid, which has \d+ (rows|columns)/);
    }
    expect(thrown(() => columnRegion(w, w.cols)).kind).toBe('bad-request');
    expect(thrown(() => columnRegion(w, 0, 1, w.rows)).kind).toBe('bad-request');
  });
});
