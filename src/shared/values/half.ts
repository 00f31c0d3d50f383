/**
 * IEEE 754 binary16 (numpy float16) conversions. JavaScript has no float16 type on Node 20, so
 * decoding and rounding are done here with exact double arithmetic: every float16 value and
 * every intermediate below (a double scaled by a power of two) is exactly representable.
 */

const TWO_POW_24 = 2 ** 24;
/** Doubles at or above this magnitude round to infinity in float16 (65504 + half an ulp). */
const HALF_OVERFLOW = 65520;
/** Smallest normal float16 magnitude, 2^-14. */
const HALF_MIN_NORMAL = 2 ** -14;

/** The exact value of a float16 bit pattern. NaN payloads collapse to NaN. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return (sign * fraction) / TWO_POW_24;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Rounds a non-negative double to the nearest integer, ties to even. */
function roundHalfEven(q: number): number {
  const floor = Math.floor(q);
  const rest = q - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** floor(log2(a)) for a positive finite double, exact (Math.log2 may be off by one near powers of two). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return e;
}

/**
 * Rounds a double to float16 bits with round-half-to-even, as numpy's double→half cast does
 * (directly from double, no intermediate float32). Overflow gives ±inf; NaN gives the quiet NaN
 * with the sign of the input, as numpy does for Python's float('nan') / float('-nan').
 */
export function numberToHalf(x: number, negativeNaN = false): number {
  if (Number.isNaN(x)) return negativeNaN ? 0xfe00 : 0x7e00;
  const signBit = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= HALF_OVERFLOW) return signBit | 0x7c00;
  if (a < HALF_MIN_NORMAL) {
    // Subnormal range: units of 2^-24. A result of 1024 is the smallest normal, encoded alike.
    return signBit | roundHalfEven(a * TWO_POW_24);
  }
  let e = exponentOf(a);
  let m = roundHalfEven(a * 2 ** (10 - e));
  if (m === 2048) {
    m = 1024;
    e += 1;
  }
  return signBit | ((e + 15) << 10) | (m - 1024);
}

/** True when rounding the finite double `x` to float16 overflows to infinity. */
export function overflowsHalf(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) >= HALF_OVERFLOW;
}
