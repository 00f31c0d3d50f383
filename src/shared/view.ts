/**
 * Strided views over an on-disk array, and the 2-D grid window the table shows.
 *
 * A `StridedView` is numpy's (data pointer, shape, strides) triple with the pointer replaced by
 * an absolute byte offset in the file. Invariants: shape entries are non-negative integers;
 * for a non-empty view every element `offset + Σ index[d]·strides[d]` lies inside the array's
 * bytes in the file (strides may be negative or 0). For an empty view (a 0 in shape) no byte
 * is ever read, and `offset` is only guaranteed to be a safe integer.
 */
import type { ArrayLayout } from './array.js';
import { ArrayscopeError } from './errors.js';
import type { IndexItem } from './index-expr.js';

export interface StridedView {
  /** Absolute byte offset of element [0, 0, …] in the file. */
  readonly offset: number;
  readonly shape: readonly number[];
  /** Byte distance between neighbours along each axis; may be negative or 0. */
  readonly strides: readonly number[];
}

/** The C-order (or Fortran-order) view of a whole array, as numpy lays it out. */
export function baseView(layout: ArrayLayout): StridedView {
  const { shape } = layout;
  const strides = new Array<number>(shape.length);
  let step = layout.dtype.itemsize;
  const axes = shape.map((_, d) => d);
  if (!layout.fortranOrder) axes.reverse();
  for (const d of axes) {
    strides[d] = step;
    step *= shape[d]!;
  }
  return { offset: layout.dataOffset, shape: [...shape], strides };
}

/**
 * Applies a basic index exactly as numpy does: integers drop their axis (negative counts from
 * the end, out of range fails), slices clamp like Python's `slice.indices`, `...` stands for
 * as many full slices as needed, `None` inserts an axis of length 1, and missing trailing
 * indices mean full slices.
 */
export function applyIndex(view: StridedView, items: readonly IndexItem[]): StridedView {
  const ndim = view.shape.length;
  checkItems(items);
  const consumed = items.filter((it) => it.kind === 'int' || it.kind === 'slice').length;
  if (consumed > ndim) {
    throw new ArrayscopeError(
      'bad-index',
      `too many indices for array: array is ${ndim}-dimensional, but ${consumed} were indexed`,
    );
  }
  let offset = view.offset;
  const shape: number[] = [];
  const strides: number[] = [];
  let axis = 0;
  const takeFullAxes = (count: number): void => {
    for (let k = 0; k < count; k++, axis++) {
      shape.push(view.shape[axis]!);
      strides.push(view.strides[axis]!);
    }
  };
  for (const item of items) {
    if (item.kind === 'ellipsis') {
      takeFullAxes(ndim - consumed);
    } else if (item.kind === 'newaxis') {
      shape.push(1);
      strides.push(0);
    } else if (item.kind === 'int') {
      offset += normaliseIndex(item.index, view.shape[axis]!, axis) * view.strides[axis]!;
      axis++;
    } else {
      const s = sliceIndices(item, view.shape[axis]!);
      if (s.length > 0) offset += s.start * view.strides[axis]!;
      shape.push(s.length);
      strides.push(s.step * view.strides[axis]!);
      axis++;
    }
  }
  takeFullAxes(ndim - axis);
  return { offset, shape, strides };
}

function checkItems(items: readonly IndexItem[]): void {
  let ellipses = 0;
  for (const item of items) {
    if (item.kind === 'ellipsis' && ++ellipses > 1) {
      throw new ArrayscopeError('bad-index', "an index can only have a single ellipsis ('...')");
    }
    if (item.kind === 'int' && !Number.isSafeInteger(item.index)) {
      throw new ArrayscopeError('bad-index', `index ${item.index} is not an integer of at most 2^53`);
    }
    if (item.kind === 'slice') {
      for (const n of [item.start, item.stop, item.step]) {
        if (n !== null && !Number.isInteger(n)) {
          throw new ArrayscopeError('bad-index', `slice bound ${n} is not an integer`);
        }
      }
      if (item.step === 0) throw new ArrayscopeError('bad-index', 'slice step cannot be zero');
    }
  }
}

/** Turns a possibly negative index into 0..size-1, or fails with numpy's message. */
function normaliseIndex(index: number, size: number, axis: number): number {
  const i = index < 0 ? index + size : index;
  if (i < 0 || i >= size) {
    throw new ArrayscopeError('bad-index', `index ${index} is out of bounds for axis ${axis} with size ${size}`);
  }
  return i;
}

/**
 * Python's `slice.indices(size)` plus the resulting length. For negative steps the defaults
 * are start = size-1 and stop = "before 0" (-1), and clamping keeps start ≤ size-1.
 */
export function sliceIndices(
  slice: { readonly start: number | null; readonly stop: number | null; readonly step: number | null },
  size: number,
): { start: number; stop: number; step: number; length: number } {
  const step = slice.step ?? 1;
  if (step === 0) throw new ArrayscopeError('bad-index', 'slice step cannot be zero');
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? size - 1 : size;
  const clamp = (n: number | null, fallback: number): number => {
    if (n === null) return fallback;
    if (n < 0) return Math.max(n + size, lower);
    return Math.min(n, upper);
  };
  const start = clamp(slice.start, step < 0 ? upper : lower);
  const stop = clamp(slice.stop, step < 0 ? lower : upper);
  let length = 0;
  if (step > 0 && start < stop) length = Math.floor((stop - start - 1) / step) + 1;
  if (step < 0 && stop < start) length = Math.floor((start - stop - 1) / -step) + 1;
  return { start, stop, step, length };
}

/** Byte offset of one element; negative indices count from the end; out of range fails. */
export function elementOffset(view: StridedView, index: readonly number[]): number {
  if (index.length !== view.shape.length) {
    throw new ArrayscopeError(
      'bad-index',
      `expected ${view.shape.length} indices for a ${view.shape.length}-dimensional view, got ${index.length}`,
    );
  }
  let offset = view.offset;
  index.forEach((raw, axis) => {
    if (!Number.isSafeInteger(raw)) throw new ArrayscopeError('bad-index', `index ${raw} is not an integer`);
    offset += normaliseIndex(raw, view.shape[axis]!, axis) * view.strides[axis]!;
  });
  return offset;
}

/** The 2-D window the table shows: rows × cols elements starting at `offset`. */
export interface GridWindow {
  readonly rows: number;
  readonly cols: number;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
  /** The view axes shown as rows and as columns; null when that direction has length 1 by construction. */
  readonly axes: { readonly row: number | null; readonly col: number | null };
}

/**
 * Maps a view of at most two dimensions onto the grid: 0-d → 1×1, 1-d → n×1, 2-d → rows × cols,
 * transposed when `rowAxis` is 1. Views with more dimensions must be indexed further first.
 */
export function toGrid(view: StridedView, rowAxis?: number, colAxis?: number): GridWindow {
  const ndim = view.shape.length;
  if (ndim > 2) {
    throw new ArrayscopeError(
      'bad-index',
      `the view still has ${ndim} dimensions (shape (${view.shape.join(', ')})); ` +
        `the grid shows two, so the index must fix all but two axes with integers, e.g. [${exampleFix(ndim)}]`,
    );
  }
  const given = [rowAxis, colAxis].filter((a) => a !== undefined);
  for (const a of given) checkAxis(a, ndim);
  if (ndim === 0) {
    return { rows: 1, cols: 1, offset: view.offset, rowStride: 0, colStride: 0, axes: { row: null, col: null } };
  }
  if (ndim === 1) {
    if (colAxis !== undefined) {
      throw new ArrayscopeError('bad-index', 'a 1-dimensional view is shown as one column; it has no column axis to choose');
    }
    return { rows: view.shape[0]!, cols: 1, offset: view.offset, rowStride: view.strides[0]!, colStride: 0, axes: { row: 0, col: null } };
  }
  const row = rowAxis !== undefined ? normaliseAxis(rowAxis, 2) : colAxis !== undefined ? 1 - normaliseAxis(colAxis, 2) : 0;
  const col = colAxis !== undefined ? normaliseAxis(colAxis, 2) : 1 - row;
  if (row === col) throw new ArrayscopeError('bad-index', `the row axis and the column axis must differ (both are ${row})`);
  return {
    rows: view.shape[row]!,
    cols: view.shape[col]!,
    offset: view.offset,
    rowStride: view.strides[row]!,
    colStride: view.strides[col]!,
    axes: { row, col },
  };
}

function exampleFix(ndim: number): string {
  return [...Array<string>(ndim - 2).fill('0'), ':', ':'].join(', ');
}

function checkAxis(axis: number, ndim: number): void {
  if (!Number.isInteger(axis) || axis < -Math.max(ndim, 1) || axis >= Math.max(ndim, 1)) {
    throw new ArrayscopeError('bad-index', `axis ${axis} is out of bounds for a ${ndim}-dimensional view`);
  }
}

function normaliseAxis(axis: number, ndim: number): number {
  return axis < 0 ? axis + ndim : axis;
}

/** A 2-D strided region of the file: what one page read hands to the native gather. */
export interface GridRegion {
  readonly offset: number;
  readonly shape: readonly [number, number];
  readonly strides: readonly [number, number];
}

/** The region of rows row0..row0+rowCount-1 × cols col0..col0+colCount-1 of the window. */
export function gridRegion(window: GridWindow, row0: number, rowCount: number, col0: number, colCount: number): GridRegion {
  checkRange('row', row0, rowCount, window.rows);
  checkRange('column', col0, colCount, window.cols);
  return {
    offset: window.offset + row0 * window.rowStride + col0 * window.colStride,
    shape: [rowCount, colCount],
    strides: [window.rowStride, window.colStride],
  };
}

/** One column (or part of it) as a 1-D strided view, for scans and column statistics. */
export function columnRegion(window: GridWindow, col: number, row0 = 0, rowCount = window.rows - row0): StridedView {
  checkRange('column', col, 1, window.cols);
  checkRange('row', row0, rowCount, window.rows);
  return { offset: window.offset + row0 * window.rowStride + col * window.colStride, shape: [rowCount], strides: [window.rowStride] };
}

function checkRange(what: string, start: number, count: number, size: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || start < 0 || count < 0 || start + count > size) {
    throw new ArrayscopeError(
      'bad-request',
      `${what} range [${start}, ${start + count}) is outside the grid, which has ${size} ${what}s`,
    );
  }
}
