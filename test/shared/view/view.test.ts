import { describe, expect, it } from 'vitest';
import type { ArrayLayout } from '../../../src/shared/array.js';
import { scalar } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { parseIndexExpr, type IndexItem } from '../../../src/shared/index-expr.js';
import { applyIndex, baseView, elementOffset, sliceIndices } from '../../../src/shared/view.js';

function layout(shape: number[], fortranOrder = false, itemsize = 8, dataOffset = 128): ArrayLayout {
  return { dtype: scalar('float', itemsize), shape, fortranOrder, dataOffset };
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

describe('baseView', () => {
  it('lays out C order with the last axis fastest', () => {
    expect(baseView(layout([2, 3, 4]))).toEqual({ offset: 128, shape: [2, 3, 4], strides: [96, 32, 8] });
  });

  it('lays out Fortran order with the first axis fastest', () => {
    expect(baseView(layout([2, 3, 4], true, 4, 0))).toEqual({ offset: 0, shape: [2, 3, 4], strides: [4, 8, 24] });
  });

  it('handles 0-d arrays and zero-length axes', () => {
    expect(baseView(layout([]))).toEqual({ offset: 128, shape: [], strides: [] });
    expect(baseView(layout([0, 5])).shape).toEqual([0, 5]);
  });

  it('addresses every element of a C array exactly once, in order', () => {
    const view = baseView(layout([3, 2, 5], false, 2, 10));
    const offsets: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 5; k++) offsets.push(elementOffset(view, [i, j, k]));
    expect(offsets).toEqual(Array.from({ length: 30 }, (_, n) => 10 + 2 * n));
  });
});

describe('applyIndex', () => {
  const view = baseView(layout([10, 4]));

  it('drops integer axes and clamps slices', () => {
    expect(applyIndex(view, parseIndexExpr('[2]'))).toEqual({ offset: 128 + 2 * 32, shape: [4], strides: [8] });
    expect(applyIndex(view, parseIndexExpr('[-1, 1:100]'))).toEqual({ offset: 128 + 9 * 32 + 8, shape: [3], strides: [8] });
  });

  it('walks backwards for negative steps, starting at the last element', () => {
    expect(applyIndex(view, parseIndexExpr('[::-3, 0]'))).toEqual({ offset: 128 + 9 * 32, shape: [4], strides: [-96] });
  });

  it('gives newaxis a length-1 axis with stride 0', () => {
    expect(applyIndex(view, parseIndexExpr('[None, 0, None]'))).toEqual({ offset: 128, shape: [1, 1, 4], strides: [0, 0, 8] });
  });

  it('reports numpy\'s messages for out-of-range integers and too many indices', () => {
    const oob = thrown(() => applyIndex(baseView(layout([10])), parseIndexExpr('[10]')));
    expect(oob.kind).toBe('bad-index');
    expect(oob.message).toBe('index 10 is out of bounds for axis 0 with size 10');
    expect(thrown(() => applyIndex(view, parseIndexExpr('[..., -5]'))).message).toBe(
      'index -5 is out of bounds for axis 1 with size 4',
    );
    expect(thrown(() => applyIndex(view, parseIndexExpr('[1, None, 2, 3]'))).message).toBe(
      'too many indices for array: array is 2-dimensional, but 3 were indexed',
    );
  });

  it('returns empty views for empty slices', () => {
    expect(applyIndex(view, parseIndexExpr('[5:2, :]')).shape).toEqual([0, 4]);
  });

  it('validates items built by code, not only parsed ones', () => {
    const cases: [IndexItem[], string][] = [
      [[{ kind: 'slice', start: null, stop: null, step: 0 }], 'slice step cannot be zero'],
      [[{ kind: 'ellipsis' }, { kind: 'ellipsis' }], 'single ellipsis'],
      [[{ kind: 'int', index: 1.5 }], 'index 1.5 is not an integer'],
      [[{ kind: 'slice', start: 0.5, stop: null, step: null }], 'slice bound 0.5 is not an integer'],
    ];
    for (const [items, fragment] of cases) {
      const err = thrown(() => applyIndex(view, items));
      expect(err.kind).toBe('bad-index');
      expect(err.message).toContain(fragment);
    }
  });

  it('composes: indexing a view again equals one combined index', () => {
    const base = baseView(layout([20, 6], true, 4, 0));
    const twice = applyIndex(applyIndex(base, parseIndexExpr('[::2]')), parseIndexExpr('[1:4, ::-1]'));
    expect(twice).toEqual(applyIndex(base, parseIndexExpr('[2:8:2, ::-1]')));
  });
});

describe('sliceIndices (Python slice.indices)', () => {
  it.each<[number | null, number | null, number | null, number, [number, number, number, number]]>([
    [null, null, null, 5, [0, 5, 1, 5]],
    [null, null, -1, 5, [4, -1, -1, 5]],
    [-100, 100, null, 5, [0, 5, 1, 5]],
    [100, -100, -1, 5, [4, -1, -1, 5]],
    [1, 4, 2, 5, [1, 4, 2, 2]],
    [3, 0, -2, 5, [3, 0, -2, 2]],
    [null, null, -1, 0, [-1, -1, -1, 0]],
  ])('slice(%j, %j, %j).indices(%i)', (start, stop, step, size, [s, e, st, length]) => {
    expect(sliceIndices({ start, stop, step }, size)).toEqual({ start: s, stop: e, step: st, length });
  });
});

describe('elementOffset', () => {
  const view = applyIndex(baseView(layout([4, 5])), parseIndexExpr('[::-1, 1::2]'));

  it('accepts negative indices', () => {
    expect(elementOffset(view, [-1, -1])).toBe(elementOffset(view, [3, 1]));
    expect(elementOffset(view, [0, 0])).toBe(128 + 3 * 40 + 8);
  });

  it('rejects out-of-range indices and wrong counts', () => {
    expect(thrown(() => elementOffset(view, [4, 0])).message).toBe('index 4 is out of bounds for axis 0 with size 4');
    expect(thrown(() => elementOffset(view, [0, -3])).message).toBe('index -3 is out of bounds for axis 1 with size 2');
    expect(thrown(() => elementOffset(view, [0])).message).toContain('expected 2 indices for a 2-dimensional view, got 1');
    expect(thrown(() => elementOffset(view, [0, 0.5])).kind).toBe('bad-index');
  });

  it('addresses the single element of a 0-d view', () => {
    expect(elementOffset(baseView(layout([])), [])).toBe(128);
  });
});
