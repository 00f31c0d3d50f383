/**
 * One scalar as text: numpy's `str(np_scalar)` by default ('auto'), or a per-column display
 * format chosen in the grid:
 * - 'fixed' / 'scientific' (floats, complex): `np.format_float_positional(x, unique=False,
 *   precision=p)` / `np.format_float_scientific(x, unique=False, precision=p)`; without a
 *   precision, the same functions in shortest-digits mode;
 * - 'hex' / 'binary' (int, uint): the item's two's-complement bits, zero-padded to the item width
 *   (int8 −1 → 0xff, int16 1 → 0x0001);
 * - 'bytes' (any dtype): the raw item bytes in file order as hex pairs, e.g. "00 00 80 3f".
 * A mode that does not apply to the dtype (hex for a float, fixed for an int) falls back to 'auto'.
 */
import type { ScalarDType } from '../dtype.js';
import { datetimeText, timedeltaText } from './datetime.js';
import { isLittleEndian, readBytes, readFloat, readInteger } from './decode.js';
import { complexStr, floatFixed, floatScientific, floatStr } from './float-repr.js';
import type { FloatWidth } from './float-text.js';
import { bytesRepr, decodeUtf32, strippedLength, voidText } from './text.js';

export type FormatMode = 'auto' | 'fixed' | 'scientific' | 'hex' | 'binary' | 'bytes';

export interface FormatOptions {
  readonly mode: FormatMode;
  /** Digits after the point ('fixed') or after the first digit ('scientific'); clamped to [0, 100]. */
  readonly precision?: number;
}

export const MAX_PRECISION = 100;

/** numpy's `str()` of the scalar of type `dt` stored at `off`. */
export function scalarText(dt: ScalarDType, view: DataView, off: number): string {
  const le = isLittleEndian(dt);
  switch (dt.kind) {
    case 'bool':
      return view.getUint8(off) !== 0 ? 'True' : 'False';
    case 'int':
    case 'uint':
      return readInteger(dt, view, off).toString();
    case 'float':
      return floatStr(readFloat(dt.itemsize, le, view, off), dt.itemsize as FloatWidth);
    case 'complex': {
      const half = dt.itemsize / 2;
      return complexStr(readFloat(half, le, view, off), readFloat(half, le, view, off + half), half as FloatWidth);
    }
    case 'bytes': {
      const data = readBytes(dt, view, off);
      return bytesRepr(data, strippedLength(data));
    }
    case 'void':
      return voidText(readBytes(dt, view, off));
    case 'unicode':
      return decodeUtf32(view, off, dt.itemsize / 4, le);
    case 'datetime':
      return datetimeText(readInteger(dt, view, off), dt.unit ?? null, dt.unitCount ?? 1);
    case 'timedelta':
      return timedeltaText(readInteger(dt, view, off), dt.unit ?? null, dt.unitCount ?? 1);
  }
}

/** The scalar's text under `options` (numpy's `str()` when no options are given). */
export function formatScalar(dt: ScalarDType, view: DataView, byteOffset: number, options?: FormatOptions): string {
  const mode = options?.mode ?? 'auto';
  if (mode === 'bytes') return hexBytes(readBytes(dt, view, byteOffset));
  const isInteger = dt.kind === 'int' || dt.kind === 'uint';
  if ((mode === 'hex' || mode === 'binary') && isInteger) {
    return radixText(readInteger(dt, view, byteOffset), dt.itemsize, mode === 'hex' ? 16 : 2);
  }
  const isFloating = dt.kind === 'float' || dt.kind === 'complex';
  if ((mode === 'fixed' || mode === 'scientific') && isFloating) {
    return floatingText(dt, view, byteOffset, mode, clampPrecision(options?.precision));
  }
  return scalarText(dt, view, byteOffset);
}

function clampPrecision(precision: number | undefined): number | undefined {
  if (precision === undefined || !Number.isFinite(precision)) return undefined;
  return Math.min(Math.max(Math.trunc(precision), 0), MAX_PRECISION);
}

/** Two's complement bits of the item width, "0x"/"0b" prefixed, zero-padded. */
export function radixText(value: bigint, itemsize: number, radix: 16 | 2): string {
  const bits = BigInt(8 * itemsize);
  const unsigned = value < 0n ? value + (1n << bits) : value;
  const width = radix === 16 ? 2 * itemsize : 8 * itemsize;
  return (radix === 16 ? '0x' : '0b') + unsigned.toString(radix).padStart(width, '0');
}

/** Bytes as lowercase hex pairs separated by spaces, in the given (file) order. */
export function hexBytes(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function floatingText(dt: ScalarDType, view: DataView, off: number, mode: 'fixed' | 'scientific', precision?: number): string {
  const le = isLittleEndian(dt);
  const render = mode === 'fixed' ? floatFixed : floatScientific;
  if (dt.kind === 'float') return render(readFloat(dt.itemsize, le, view, off), dt.itemsize as FloatWidth, precision);
  const half = dt.itemsize / 2;
  const width = half as FloatWidth;
  const re = readFloat(half, le, view, off);
  const im = readFloat(half, le, view, off + half);
  // numpy never signs a NaN, so the imaginary part's '+' is added by hand as numpy's str does.
  const imag = Number.isNaN(im) ? '+nan' : render(im, width, precision, true);
  return `(${render(re, width, precision)}${imag}j)`;
}
