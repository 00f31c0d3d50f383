/**
 * numpy's text for float and complex scalars (`str(np.float32(x))`, `str(np.complex64(z))`),
 * following scalartypes.c.src of numpy 2.4:
 * - shortest round-trip digits in the value's own precision (Dragon4 unique mode);
 * - positional ("100.0", "0.0001") when 1e-4 <= |x| < max_positional, scientific otherwise
 *   ("1e+16", "1.5e-05"); max_positional is 1e16 for float64, 1e6 for float32, 1e3 for float16;
 * - complex parts drop a bare ".0" ("(1+2j)", "(1.5+0j)"); a +0 real part prints only "<imag>j".
 */
import { dragon4Format, floatParts, type FloatWidth, type Trim } from './float-text.js';

const MAX_POSITIONAL: Record<FloatWidth, number> = { 2: 1e3, 4: 1e6, 8: 1e16 };
const MIN_POSITIONAL = 1e-4;

/** numpy's `<type>type_str_either`: picks positional or scientific, then formats. */
function either(value: number, width: FloatWidth, trimPositional: Trim, trimScientific: Trim, sign: boolean): string {
  const a = Math.abs(value);
  // float16 tests NaN through the range comparison (false → scientific); the text is "nan" either way.
  const positional = value === 0 || Number.isNaN(value) || (a < MAX_POSITIONAL[width] && a >= MIN_POSITIONAL);
  const parts = floatParts(value, width);
  return positional
    ? dragon4Format(parts, { scientific: false, unique: true, trim: trimPositional, sign })
    : dragon4Format(parts, { scientific: true, unique: true, trim: trimScientific, sign });
}

/** `str()` of a numpy float16/float32/float64 scalar holding `value`. */
export function floatStr(value: number, width: FloatWidth): string {
  return either(value, width, '0', '-', false);
}

/** `str()` of a numpy complex64 (width 4) / complex128 (width 8) scalar. */
export function complexStr(re: number, im: number, width: FloatWidth): string {
  if (re === 0 && !Object.is(re, -0)) return `${either(im, width, '-', '-', false)}j`;
  const real = Number.isFinite(re) ? either(re, width, '-', '-', false) : Number.isNaN(re) ? 'nan' : re > 0 ? 'inf' : '-inf';
  const imag = Number.isFinite(im) ? either(im, width, '-', '-', true) : Number.isNaN(im) ? '+nan' : im > 0 ? '+inf' : '-inf';
  return `(${real}${imag}j)`;
}

/**
 * `np.format_float_positional(x, unique=False, precision=p)` ("1.500" for p=3); without a
 * precision, `np.format_float_positional(x)` (shortest digits, never scientific).
 */
export function floatFixed(value: number, width: FloatWidth, precision?: number, sign = false): string {
  const unique = precision === undefined;
  return dragon4Format(floatParts(value, width), {
    scientific: false,
    unique,
    fractional: true,
    precision: precision ?? -1,
    trim: 'k',
    sign,
  });
}

/** `np.format_float_scientific(x, unique=False, precision=p)`; shortest digits without a precision. */
export function floatScientific(value: number, width: FloatWidth, precision?: number, sign = false): string {
  const unique = precision === undefined;
  return dragon4Format(floatParts(value, width), { scientific: true, unique, precision: precision ?? -1, trim: 'k', sign });
}

/** The shortest round-trip digits of a float at its width, as a JavaScript number. */
export function shortestNumber(value: number, width: FloatWidth): number {
  if (width === 8 || !Number.isFinite(value)) return value;
  return Number(floatScientific(value, width));
}
