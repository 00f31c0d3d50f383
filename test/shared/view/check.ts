/**
 * Checks one reference case: the parser against numpy's own parse, and the view (shape, every
 * element's byte offset, strides along axes longer than 1) or the error against numpy's result.
 */
import { expect } from 'vitest';
import type { ArrayLayout } from '../../../src/shared/array.js';
import { scalar } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { parseIndexExpr } from '../../../src/shared/index-expr.js';
import { applyIndex, baseView, elementOffset, type StridedView } from '../../../src/shared/view.js';
import { multiIndices, type ReferenceCase, type ViewCase } from './corpus.js';

export function layoutOf(c: ViewCase): ArrayLayout {
  return { dtype: scalar('void', c.itemsize), shape: c.shape, fortranOrder: c.order === 'F', dataOffset: c.dataOffset };
}

/** A readable label for failures: the layout and the expression. */
export function label(c: ViewCase): string {
  return `shape (${c.shape.join(',')}) ${c.order} itemsize ${c.itemsize} @${c.dataOffset}: ${JSON.stringify(c.expr)}`;
}

/** Returns the number of element offsets compared, so callers can assert the corpus is not empty. */
export function checkCase(c: ReferenceCase): number {
  const where = label(c);
  const items = parseIndexExpr(c.expr);
  expect(items, where).toEqual(c.items);
  let view: StridedView;
  try {
    view = applyIndex(baseView(layoutOf(c)), items);
  } catch (err) {
    expect('error' in c.expected, `${where}: unexpected error ${String(err)}`).toBe(true);
    expect(err, where).toBeInstanceOf(ArrayscopeError);
    expect((err as ArrayscopeError).kind, where).toBe('bad-index');
    if ('error' in c.expected) expect((err as ArrayscopeError).message, where).toBe(c.expected.message);
    return 0;
  }
  if ('error' in c.expected) {
    throw new Error(`${where}: numpy raised ${c.expected.error}: ${c.expected.message}, but applyIndex gave shape (${view.shape.join(',')})`);
  }
  const expected = c.expected;
  expect(view.shape, where).toEqual(expected.shape);
  const offsets: number[] = [];
  for (const idx of multiIndices(view.shape)) offsets.push(elementOffset(view, idx));
  expect(offsets, where).toEqual(expected.values.map((v) => c.dataOffset + v * c.itemsize));
  // Negative indices address the same elements from the end.
  let k = 0;
  for (const idx of multiIndices(view.shape)) {
    const negative = idx.map((i, d) => i - view.shape[d]!);
    expect(elementOffset(view, negative), where).toBe(offsets[k++]);
  }
  // Strides are only meaningful along axes that step between distinct elements of a non-empty view.
  view.shape.forEach((n, d) => {
    if (n > 1 && offsets.length > 0) expect(view.strides[d], `${where} stride ${d}`).toBe(expected.strides[d]! * c.itemsize);
  });
  return offsets.length;
}
