/**
 * Raw binary files described by `numpy.memmap`'s parameters (dtype, shape, offset, order).
 *
 * As with numpy.memmap: without a shape the file (after the offset) is a 1-D array whose length
 * is inferred, and must then be a whole number of items; a file smaller than the shape needs is
 * an error; a larger one is allowed (the rest is ignored) but reported as a warning. One `-1`
 * in the shape is inferred the same way (numpy.reshape's convention).
 */
import { type ArrayLayout } from '../../shared/array.js';
import { type DType, parseDTypeString } from '../../shared/dtype.js';
import { ArrayscopeError } from '../../shared/errors.js';
import { foldSubarray } from './descr.js';
import { checkedNbytes, shapeText } from './npy.js';

export type MemoryOrder = 'C' | 'F';

export interface RawParams {
  readonly dtype: string | DType;
  /** Omitted/null: 1-D, inferred from the file size. A number means a 1-D shape. */
  readonly shape?: readonly number[] | number | null;
  /** Byte offset of the first element; default 0. */
  readonly offset?: number;
  /** Default 'C'. */
  readonly order?: MemoryOrder;
}

export interface RawLayout {
  readonly layout: ArrayLayout;
  readonly nbytes: number;
  /** Set when the file has bytes beyond the array (allowed, as numpy.memmap allows it). */
  readonly warning: string | null;
}

function badValue(where: string, problem: string): never {
  throw new ArrayscopeError('bad-value', `${where}: ${problem}`);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function resolveDType(dtype: string | DType, where: string): DType {
  if (typeof dtype !== 'string') return dtype;
  try {
    return parseDTypeString(dtype);
  } catch (err) {
    if (err instanceof ArrayscopeError) throw new ArrayscopeError(err.kind, `${where}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The layout of a raw file of `fileSize` bytes under numpy.memmap's parameters. */
export function rawLayout(fileSize: number, params: RawParams, where: string): RawLayout {
  const offset = params.offset ?? 0;
  if (!isCount(offset)) badValue(where, `offset must be a non-negative integer, got ${String(offset)}`);
  const order = params.order ?? 'C';
  if (order !== 'C' && order !== 'F') badValue(where, `order must be 'C' or 'F', got ${String(order)}`);
  if (offset > fileSize) {
    throw new ArrayscopeError('size-mismatch', `${where}: offset ${offset} is beyond the end of the file (${fileSize} bytes)`);
  }
  const requested = params.shape === undefined || params.shape === null ? [-1] : typeof params.shape === 'number' ? [params.shape] : [...params.shape];
  const declared = resolveDType(params.dtype, where);
  const shape = inferShape(requested, declared.itemsize, fileSize - offset, where);
  const folded = foldSubarray(declared, shape);
  const nbytes = checkedNbytes(folded.shape, folded.dtype, where, 'bad-value');
  const available = fileSize - offset;
  if (nbytes > available) {
    throw new ArrayscopeError(
      'size-mismatch',
      `${where}: file is too small for shape ${shapeText(shape)}: it needs ${nbytes} bytes after offset ${offset}, but the file has only ${available} bytes there (${fileSize} bytes in all)`,
    );
  }
  const extra = available - nbytes;
  const warning = extra > 0 ? `${where}: ${extra} bytes after the array (of ${nbytes} bytes from offset ${offset}) are ignored` : null;
  return { layout: { dtype: folded.dtype, shape: folded.shape, fortranOrder: order === 'F', dataOffset: offset }, nbytes, warning };
}

/** Validates the shape and replaces one `-1` with the length the remaining bytes allow. */
function inferShape(requested: number[], itemsize: number, available: number, where: string): number[] {
  const unknown = requested.filter((n) => n === -1).length;
  if (unknown > 1) badValue(where, `only one dimension of the shape can be -1, got ${shapeText(requested)}`);
  for (const n of requested) {
    if (n !== -1 && !isCount(n)) badValue(where, `shape entries must be non-negative integers (or one -1), got ${String(n)}`);
  }
  if (unknown === 0) return requested;
  if (itemsize === 0) badValue(where, 'cannot infer the shape for a dtype of item size 0');
  if (available % itemsize !== 0) {
    throw new ArrayscopeError(
      'size-mismatch',
      `${where}: cannot infer the shape: ${available} bytes after offset is not a multiple of the item size ${itemsize}`,
    );
  }
  const items = available / itemsize;
  const known = requested.reduce((a, n) => (n === -1 ? a : a * n), 1);
  if (known === 0 || items % known !== 0) {
    throw new ArrayscopeError(
      'size-mismatch',
      `${where}: cannot infer the -1 in shape ${shapeText(requested)}: ${items} items of ${itemsize} bytes do not divide into it`,
    );
  }
  return requested.map((n) => (n === -1 ? items / known : n));
}
