/**
 * The CLI's JSON form of values:
 * - integers: JSON numbers when |v| ≤ 2^53−1, otherwise decimal strings (exact);
 * - floats: JSON numbers carrying the type's shortest round-trip digits (float32 0.1 → 0.1, and
 *   converting that number back to float32 gives the same bits), or the strings "NaN",
 *   "Infinity", "-Infinity", "-0.0";
 * - complex: [re, im], each by the float rule; bool: true/false;
 * - bytes: latin-1 string without trailing NULs; void: latin-1 string of all its bytes;
 * - unicode: the string without trailing NULs;
 * - datetime: np.datetime_as_string text or "NaT"; timedelta: the stored count (integer rule) or "NaT";
 * - structured: {field: value} in declared order (nested); subarray fields: nested arrays.
 */
import { isScalar, type DType, type ScalarDType, type SubarrayDType } from '../dtype.js';
import { datetimeText, NAT } from './datetime.js';
import { isLittleEndian, readBytes, readFloat, readInteger } from './decode.js';
import { shortestNumber } from './float-repr.js';
import type { FloatWidth } from './float-text.js';
import { decodeUtf32, latin1, strippedLength } from './text.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as a JSON number when exactly representable, else as its decimal string. */
export function jsonInteger(v: bigint): number | string {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
}

/** A float by the JSON rule, `value` being exactly representable at `width`. */
export function jsonFloat(value: number, width: FloatWidth): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  return shortestNumber(value, width);
}

/** The JSON form of the scalar of type `dt` at `byteOffset`. */
export function jsonScalar(dt: ScalarDType, view: DataView, byteOffset: number): JsonValue {
  const le = isLittleEndian(dt);
  switch (dt.kind) {
    case 'bool':
      return view.getUint8(byteOffset) !== 0;
    case 'int':
    case 'uint':
      return jsonInteger(readInteger(dt, view, byteOffset));
    case 'float':
      return jsonFloat(readFloat(dt.itemsize, le, view, byteOffset), dt.itemsize as FloatWidth);
    case 'complex': {
      const half = dt.itemsize / 2;
      const width = half as FloatWidth;
      return [jsonFloat(readFloat(half, le, view, byteOffset), width), jsonFloat(readFloat(half, le, view, byteOffset + half), width)];
    }
    case 'bytes': {
      const data = readBytes(dt, view, byteOffset);
      return latin1(data, strippedLength(data));
    }
    case 'void':
      return latin1(readBytes(dt, view, byteOffset));
    case 'unicode':
      return decodeUtf32(view, byteOffset, dt.itemsize / 4, le);
    case 'datetime':
      return datetimeText(readInteger(dt, view, byteOffset), dt.unit ?? null, dt.unitCount ?? 1);
    case 'timedelta': {
      const count = readInteger(dt, view, byteOffset);
      return count === NAT ? 'NaT' : jsonInteger(count);
    }
  }
}

/** The JSON form of a whole element: scalars by jsonScalar, records as objects, subarrays as arrays. */
export function jsonElement(dtype: DType, view: DataView, byteOffset: number): JsonValue {
  if (isScalar(dtype)) return jsonScalar(dtype, view, byteOffset);
  if (dtype.kind === 'subarray') return jsonSubarray(dtype, view, byteOffset, 0);
  const out: { [key: string]: JsonValue } = {};
  for (const field of dtype.fields) out[field.name] = jsonElement(field.dtype, view, byteOffset + field.offset);
  return out;
}

function jsonSubarray(dt: SubarrayDType, view: DataView, off: number, dim: number): JsonValue {
  if (dim === dt.shape.length) return jsonElement(dt.base, view, off);
  const stride = dt.base.itemsize * dt.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const out: JsonValue[] = [];
  for (let i = 0; i < dt.shape[dim]!; i++) out.push(jsonSubarray(dt, view, off + i * stride, dim + 1));
  return out;
}
