/**
 * Reads one scalar of a dtype from bytes. Every value comes back in a lossless JavaScript form:
 * integers (and datetime/timedelta counts) as bigint, floats as number (float16/float32 values
 * are exact as doubles), complex as {re, im}, bytes/void as a copy of their bytes, unicode as a
 * string. Big-endian dtypes decode to the same values as little-endian ones.
 */
import type { ScalarDType } from '../dtype.js';
import { ArrayscopeError } from '../errors.js';
import { halfToNumber } from './half.js';
import { decodeUtf32, strippedLength } from './text.js';

export interface Complex {
  readonly re: number;
  readonly im: number;
}

/**
 * boolean (bool) | bigint (int, uint, datetime and timedelta counts; NaT is -2^63) | number
 * (float) | Complex | Uint8Array (bytes without trailing NULs, as numpy's value; void: all bytes)
 * | string (unicode without trailing NULs).
 */
export type ScalarValue = boolean | bigint | number | Complex | Uint8Array | string;

export function isLittleEndian(dt: ScalarDType): boolean {
  return dt.byteorder !== '>';
}

/** Reads an integer of `dt` (int or uint, any width; datetime/timedelta as int64). */
export function readInteger(dt: ScalarDType, view: DataView, off: number): bigint {
  const le = isLittleEndian(dt);
  const signed = dt.kind !== 'uint';
  switch (dt.itemsize) {
    case 1:
      return BigInt(signed ? view.getInt8(off) : view.getUint8(off));
    case 2:
      return BigInt(signed ? view.getInt16(off, le) : view.getUint16(off, le));
    case 4:
      return BigInt(signed ? view.getInt32(off, le) : view.getUint32(off, le));
    case 8:
      return signed ? view.getBigInt64(off, le) : view.getBigUint64(off, le);
    default:
      throw new ArrayscopeError('bad-dtype', `an integer of ${dt.itemsize} bytes is not supported`);
  }
}

/** Reads a float of `width` bytes (2, 4 or 8) as its exact value. */
export function readFloat(width: number, little: boolean, view: DataView, off: number): number {
  if (width === 2) return halfToNumber(view.getUint16(off, little));
  if (width === 4) return view.getFloat32(off, little);
  if (width === 8) return view.getFloat64(off, little);
  throw new ArrayscopeError('unsupported', `a float of ${width} bytes is not supported`);
}

/** A copy of the item's bytes in file order. */
export function readBytes(dt: ScalarDType, view: DataView, off: number): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset + off, view.byteOffset + off + dt.itemsize));
}

/** Decodes the scalar of type `dt` stored at `byteOffset` of `view`. */
export function decodeScalar(dt: ScalarDType, view: DataView, byteOffset: number): ScalarValue {
  const le = isLittleEndian(dt);
  switch (dt.kind) {
    case 'bool':
      return view.getUint8(byteOffset) !== 0;
    case 'int':
    case 'uint':
    case 'datetime':
    case 'timedelta':
      return readInteger(dt, view, byteOffset);
    case 'float':
      return readFloat(dt.itemsize, le, view, byteOffset);
    case 'complex': {
      const half = dt.itemsize / 2;
      return { re: readFloat(half, le, view, byteOffset), im: readFloat(half, le, view, byteOffset + half) };
    }
    case 'bytes': {
      const data = readBytes(dt, view, byteOffset);
      return data.slice(0, strippedLength(data));
    }
    case 'void':
      return readBytes(dt, view, byteOffset);
    case 'unicode':
      return decodeUtf32(view, byteOffset, dt.itemsize / 4, le);
  }
}
