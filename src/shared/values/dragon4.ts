/**
 * Decimal digit generation for binary floats with the exact semantics of numpy's Dragon4
 * (numpy/_core/src/multiarray/dragon4.c): Burger & Dybvig free-format generation with exact
 * integer arithmetic (BigInt here), IEEE unbiased rounding, and numpy's cutoff rules.
 *
 * Properties numpy relies on and that this file keeps:
 * - In unique mode the digits are the shortest that round-trip in the float's own precision;
 *   interval ends are included only when the significand is even (round-half-even reading).
 * - When both rounding directions are allowed, the last digit goes to the closer one and an
 *   exact tie goes to the even digit.
 * - Cutoffs (`precision`, `minDigits`) count total significant digits or digits after the
 *   decimal point, as numpy's CutoffMode_TotalLength / CutoffMode_FractionLength.
 */

/** A finite non-negative binary float: value = mantissa · 2^exponent. */
export interface BinaryFloat {
  readonly mantissa: bigint;
  readonly exponent: number;
  /** Index of the highest set bit of `mantissa` (0 for mantissa 1). */
  readonly mantissaBit: number;
  /** True at a power of two above the smallest normal: the gap below is half the gap above. */
  readonly unequalMargins: boolean;
}

export interface DigitRequest {
  /** Unique (shortest round-trip) digits, or exact digits of the binary value. */
  readonly unique: boolean;
  /** How `precision` and `minDigits` count: total significant digits or fraction digits. */
  readonly fractional: boolean;
  /** Maximum digits (−1: none). Required (≥ 0) when `unique` is false. */
  readonly precision: number;
  /** Minimum digits (−1: none); only meaningful in unique mode. */
  readonly minDigits: number;
}

export interface DecimalDigits {
  /** Significant digits, at least one; may start with '0' when a fraction cutoff forced it. */
  readonly digits: string;
  /** Power of ten of the first digit. */
  readonly exponent: number;
}

const LOG10_2 = Math.LOG10E * Math.LN2; // log10(2)
/** numpy's output buffer bounds digit generation; unique mode never gets near it. */
const BUFFER_DIGITS = 16383;

interface Scaled {
  value: bigint;
  scale: bigint;
  marginLow: bigint;
}

/** value/scale = v; marginLow/scale = half the gap to the next float below (numpy's scaling). */
function initialScaling(f: BinaryFloat): Scaled {
  const extra = f.unequalMargins ? 2n : 1n;
  if (f.exponent > 0) {
    const e = BigInt(f.exponent);
    return { value: f.mantissa << (e + extra), scale: 1n << extra, marginLow: 1n << e };
  }
  return { value: f.mantissa << extra, scale: 1n << (BigInt(-f.exponent) + extra), marginLow: 1n };
}

const POW10_CACHE: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = POW10_CACHE.length; i <= n; i++) POW10_CACHE.push(POW10_CACHE[i - 1]! * 10n);
  return POW10_CACHE[n]!;
}

/** Generates decimal digits for `f` under `req`, exactly as numpy's Dragon4 would. */
export function dragon4(f: BinaryFloat, req: DigitRequest): DecimalDigits {
  if (f.mantissa === 0n) return { digits: '0', exponent: 0 };
  const s = initialScaling(f);
  const highFactor = f.unequalMargins ? 2n : 1n;
  // Estimate of floor(log10(v)) + 1: correct or one too small (numpy's formula, same doubles).
  let k = Math.ceil((f.mantissaBit + f.exponent) * LOG10_2 - 0.69);
  if (req.precision >= 0 && req.fractional && k <= -req.precision) k = -req.precision + 1;
  if (k > 0) s.scale *= pow10(k);
  else if (k < 0) {
    const p = pow10(-k);
    s.value *= p;
    s.marginLow *= p;
  }
  if (s.value >= s.scale) k += 1;
  else {
    s.value *= 10n;
    s.marginLow *= 10n;
  }
  let cutoffMax = k - BUFFER_DIGITS;
  if (req.precision >= 0) cutoffMax = Math.max(cutoffMax, req.fractional ? -req.precision : k - req.precision);
  let cutoffMin = k;
  if (req.minDigits >= 0) cutoffMin = Math.min(cutoffMin, req.fractional ? -req.minDigits : k - req.minDigits);
  return generate(s, highFactor, k, cutoffMax, cutoffMin, req.unique, isEven(f.mantissa));
}

function isEven(n: bigint): boolean {
  return (n & 1n) === 0n;
}

function generate(
  s: Scaled,
  highFactor: bigint,
  k: number,
  cutoffMax: number,
  cutoffMin: number,
  unique: boolean,
  even: boolean,
): DecimalDigits {
  const firstExponent = k - 1;
  let out = '';
  let digit = 0;
  let low = false;
  let high = false;
  let exp = k;
  for (;;) {
    exp -= 1;
    digit = Number(s.value / s.scale);
    s.value %= s.scale;
    if (unique) {
      const cmpLow = compare(s.value, s.marginLow);
      const cmpHigh = compare(s.value + s.marginLow * highFactor, s.scale);
      low = even ? cmpLow <= 0 : cmpLow < 0;
      high = even ? cmpHigh >= 0 : cmpHigh > 0;
      if (((low || high) && exp <= cutoffMin) || exp === cutoffMax) break;
      s.marginLow *= 10n;
    } else if (s.value === 0n || exp === cutoffMax) {
      break;
    }
    out += String(digit);
    s.value *= 10n;
  }
  let roundDown = low;
  if (low === high) {
    const c = compare(s.value * 2n, s.scale);
    roundDown = c < 0 || (c === 0 && digit % 2 === 0);
  }
  if (roundDown) return { digits: out + String(digit), exponent: firstExponent };
  return roundUp(out, digit, firstExponent);
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Appends `digit + 1`, carrying through trailing nines (all nines become "1" one decade up). */
function roundUp(prefix: string, digit: number, exponent: number): DecimalDigits {
  if (digit < 9) return { digits: prefix + String(digit + 1), exponent };
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === '9') i--;
  if (i < 0) return { digits: '1', exponent: exponent + 1 };
  return { digits: prefix.slice(0, i) + String(Number(prefix[i]) + 1), exponent };
}
