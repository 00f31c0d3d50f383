import { describe, expect, it } from 'vitest';
import { parseIndexExpr } from '../../../src/shared/index-expr.js';
import { applyIndex, toGrid } from '../../../src/shared/view.js';
import { type DType, parseDTypeString, subarray } from '../../../src/shared/dtype.js';
import { assignAxis, bareIndex, defaultPlan, fieldPaths, planFromSpec, setFixedIndex, specFromPlan } from '../../../src/renderer/src/view/view-model.js';
import type { ViewSpec } from '../../../src/shared/schemas.js';

const SHAPE = [4, 5, 6];
/** The grid a spec gives on a C-order (4, 5, 6) array of itemsize 1: rows, cols and their strides. */
function gridOf(spec: ViewSpec) {
  const base = { offset: 0, shape: SHAPE, strides: [30, 6, 1] };
  const g = toGrid(applyIndex(base, parseIndexExpr(spec.index ?? '')), spec.rowAxis, spec.colAxis);
  return { rows: g.rows, cols: g.cols, offset: g.offset, rowStride: g.rowStride, colStride: g.colStride };
}

describe('view model', () => {
  it("opens N-D arrays the way numpy prints them (a[0, :, :])", () => {
    const spec = specFromPlan(defaultPlan(SHAPE), undefined);
    expect(spec).toEqual({ index: '0, :, :' });
    expect(gridOf(spec)).toEqual({ rows: 5, cols: 6, offset: 0, rowStride: 6, colStride: 1 });
  });

  it('reads expressions per axis, with ellipsis, negative indices and slices', () => {
    expect(planFromSpec({ index: '[2, ..., ::2]' }, SHAPE)).toEqual({
      roles: [{ kind: 'fixed', index: 2 }, { kind: 'kept', slice: ':' }, { kind: 'kept', slice: '::2' }],
      rowAxis: 1,
      colAxis: 2,
    });
    expect(planFromSpec({ index: 'a[-1, 3]' }, SHAPE)).toEqual({
      roles: [{ kind: 'fixed', index: 3 }, { kind: 'fixed', index: 3 }, { kind: 'kept', slice: ':' }],
      rowAxis: 2,
      colAxis: null,
    });
    expect(planFromSpec({ index: '1, :, :', rowAxis: 1 }, SHAPE)?.rowAxis).toBe(2);
    expect(planFromSpec({ index: 'None, 1' }, SHAPE)).toBeNull();
    expect(planFromSpec({ index: '1, 2, 3, 4' }, SHAPE)).toBeNull();
  });

  it('moves the row axis, fixing the axis it replaces, and swaps with the column axis', () => {
    const start = defaultPlan(SHAPE); // rows axis 1, columns axis 2, axis 0 fixed at 0
    const swapped = assignAxis(start, 'row', 2, () => 0);
    expect(swapped).toMatchObject({ rowAxis: 2, colAxis: 1 });
    const spec = specFromPlan(swapped, undefined);
    expect(spec).toEqual({ index: '0, :, :', rowAxis: 1 });
    expect(gridOf(spec)).toEqual({ rows: 6, cols: 5, offset: 0, rowStride: 1, colStride: 6 });

    const replaced = assignAxis(setFixedIndex(start, 0, 3), 'row', 0, (d) => (d === 1 ? 4 : 0));
    expect(specFromPlan(replaced, 'pos')).toEqual({ index: ':, 4, :', field: 'pos' });
    expect(gridOf(specFromPlan(replaced, undefined))).toEqual({ rows: 4, cols: 6, offset: 24, rowStride: 30, colStride: 1 });

    const oneColumn = assignAxis(start, 'col', null, () => 2);
    expect(specFromPlan(oneColumn, undefined)).toEqual({ index: '0, :, 2' });
  });

  it('strips the brackets the bar draws itself and lists every field path', () => {
    expect(bareIndex('[0, :, :]')).toBe('0, :, :');
    expect(bareIndex('arr[1:2]')).toBe('1:2');
    expect(bareIndex(' 3 ')).toBe('3');
    const field = (name: string, offset: number, dtype: DType) => ({ name, title: null, offset, dtype });
    const pos: DType = { kind: 'struct', itemsize: 10, fields: [field('a', 0, parseDTypeString('<i2')), field('b', 2, parseDTypeString('<f8'))] };
    const dt: DType = { kind: 'struct', itemsize: 16, fields: [field('x', 0, parseDTypeString('<f4')), field('pos', 4, pos), field('v', 14, subarray(parseDTypeString('u1'), [2]))] };
    expect(fieldPaths(dt)).toEqual(['x', 'pos', 'pos.a', 'pos.b', 'v']);
  });
});
