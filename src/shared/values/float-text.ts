/**
 * numpy's Dragon4 text layouts for one float (FormatPositional / FormatScientific in
 * numpy/_core/src/multiarray/dragon4.c): sign, digits, decimal point, trimming, padding and
 * exponent. The digits themselves come from dragon4.ts.
 */
import { dragon4, type BinaryFloat, type DecimalDigits, type DigitRequest } from './dragon4.js';
import { numberToHalf } from './half.js';

export type FloatWidth = 2 | 4 | 8;

/** numpy's TrimMode: 'k' keep everything, '.' trim zeros keep point, '0' keep one zero, '-' trim point too. */
export type Trim = 'k' | '.' | '0' | '-';

export interface Dragon4Options {
  readonly scientific: boolean;
  readonly unique: boolean;
  /** Positional only: precision/minDigits count fraction digits (true) or total digits. */
  readonly fractional?: boolean;
  readonly precision?: number;
  readonly minDigits?: number;
  /** Always print a sign ('+' for positive values). */
  readonly sign?: boolean;
  readonly trim: Trim;
  readonly padLeft?: number;
  readonly padRight?: number;
  readonly expDigits?: number;
}

/** A float split into sign and magnitude, or a special value. */
export type FloatParts =
  | { readonly kind: 'finite'; readonly negative: boolean; readonly float: BinaryFloat; readonly value: number; readonly width: FloatWidth }
  | { readonly kind: 'inf'; readonly negative: boolean }
  | { readonly kind: 'nan'; readonly negative: boolean };

const FORMAT_BITS: Record<FloatWidth, { fraction: number; exponent: number; bias: number }> = {
  2: { fraction: 10, exponent: 5, bias: 15 },
  4: { fraction: 23, exponent: 8, bias: 127 },
  8: { fraction: 52, exponent: 11, bias: 1023 },
};

const scratch = new DataView(new ArrayBuffer(8));

/** The bit pattern of `value` stored at `width`; `value` must be exactly representable there. */
function bitsOf(value: number, width: FloatWidth): bigint {
  if (width === 8) {
    scratch.setFloat64(0, value);
    return scratch.getBigUint64(0);
  }
  if (width === 4) {
    scratch.setFloat32(0, value);
    return BigInt(scratch.getUint32(0));
  }
  return BigInt(numberToHalf(value));
}

/**
 * Splits a float of the given width into Dragon4's integer form. `value` must be exactly
 * representable at that width (a decoded float16/float32 value always is).
 */
export function floatParts(value: number, width: FloatWidth): FloatParts {
  const { fraction, exponent: expBits, bias } = FORMAT_BITS[width];
  const bits = bitsOf(value, width);
  const totalBits = BigInt(fraction + expBits);
  const negative = (bits >> totalBits) & 1n ? true : false;
  const frac = bits & ((1n << BigInt(fraction)) - 1n);
  const exp = Number((bits >> BigInt(fraction)) & ((1n << BigInt(expBits)) - 1n));
  if (exp === (1 << expBits) - 1) {
    return frac === 0n ? { kind: 'inf', negative } : { kind: 'nan', negative };
  }
  if (exp === 0) {
    const mantissaBit = frac === 0n ? 0 : frac.toString(2).length - 1;
    const float = { mantissa: frac, exponent: 1 - bias - fraction, mantissaBit, unequalMargins: false };
    return { kind: 'finite', negative, float, value, width };
  }
  const mantissa = (1n << BigInt(fraction)) | frac;
  const float = { mantissa, exponent: exp - bias - fraction, mantissaBit: fraction, unequalMargins: exp !== 1 && frac === 0n };
  return { kind: 'finite', negative, float, value, width };
}

/**
 * Digits for a finite float. Shortest float64 digits come from JavaScript's own Number→string
 * conversion, which is specified as the shortest round-trip digits closest to the value (ties
 * to even) — the same digits numpy's Dragon4 produces (the tests compare both paths); every
 * other request runs Dragon4.
 */
function digitsOf(parts: Finite, req: DigitRequest): DecimalDigits {
  if (parts.width === 8 && req.unique && req.precision < 0 && req.minDigits < 0 && parts.value !== 0) {
    return shortestFloat64Digits(Math.abs(parts.value));
  }
  return dragon4(parts.float, req);
}

/** Splits JavaScript's shortest text for a positive finite double ("1.5e-7", "120") into digits. */
export function shortestFloat64Digits(a: number): DecimalDigits {
  const text = String(a);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const intPart = point < 0 ? mantissa : mantissa.slice(0, point);
  let digits = point < 0 ? mantissa : intPart + mantissa.slice(point + 1);
  exponent += intPart.length - 1;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  return { digits, exponent: exponent - lead };
}

function signText(negative: boolean, always: boolean | undefined): string {
  return negative ? '-' : always ? '+' : '';
}

/** numpy's Dragon4_Positional / Dragon4_Scientific for any float width. */
export function dragon4Format(parts: FloatParts, opts: Dragon4Options): string {
  const sign = signText(parts.negative, opts.sign);
  // numpy prints a sign for inf but never for nan (even when its sign bit is set).
  if (parts.kind === 'inf') return `${sign}inf`;
  if (parts.kind === 'nan') return 'nan';
  return opts.scientific ? formatScientific(parts, sign, opts) : formatPositional(parts, sign, opts);
}

type Finite = Extract<FloatParts, { kind: 'finite' }>;

function formatPositional(f: Finite, sign: string, o: Dragon4Options): string {
  const precision = o.precision ?? -1;
  const minDigits = o.minDigits ?? -1;
  const fractional = o.fractional ?? false;
  const { digits, exponent } = digitsOf(f, { unique: o.unique, fractional, precision, minDigits });
  let body: string;
  let whole: number;
  let fracCount = 0;
  if (exponent >= 0) {
    whole = exponent + 1;
    if (digits.length <= whole) body = digits + '0'.repeat(whole - digits.length);
    else {
      body = `${digits.slice(0, whole)}.${digits.slice(whole)}`;
      fracCount = digits.length - whole;
    }
  } else {
    const zeros = -(exponent + 1);
    body = `0.${'0'.repeat(zeros)}${digits}`;
    whole = 1;
    fracCount = zeros + digits.length;
  }
  if (o.trim !== '-' && fracCount === 0) body += '.';
  const addDigits = o.unique ? minDigits : precision;
  const desiredFraction = fractional ? Math.max(addDigits, 0) : addDigits - whole;
  if (o.trim === '0' && fracCount === 0) {
    body += '0';
    fracCount = 1;
  } else if (o.trim === 'k' && desiredFraction > fracCount) {
    body += '0'.repeat(desiredFraction - fracCount);
    fracCount = desiredFraction;
  }
  ({ body, fracCount } = trimFraction(body, fracCount, o.trim, true));
  const padRight = o.padRight ?? -1;
  if (padRight >= fracCount) {
    if (o.trim === '-' && fracCount === 0) body += ' ';
    body += ' '.repeat(padRight - fracCount);
  }
  const text = sign + body;
  const padLeft = o.padLeft ?? -1;
  const shift = padLeft - (whole + sign.length);
  return shift > 0 ? ' '.repeat(shift) + text : text;
}

/**
 * Removes trailing fraction zeros unless trim is 'k'. With '0' a bare point gets its zero back;
 * with '-' the bare point goes too — numpy's positional layout only (scientific keeps it).
 */
function trimFraction(body: string, fracCount: number, trim: Trim, dropPoint: boolean): { body: string; fracCount: number } {
  if (trim === 'k' || fracCount === 0) return { body, fracCount };
  let end = body.length;
  while (body[end - 1] === '0') {
    end--;
    fracCount--;
  }
  body = body.slice(0, end);
  if (body.endsWith('.')) {
    if (trim === '0') {
      body += '0';
      fracCount++;
    } else if (trim === '-' && dropPoint) body = body.slice(0, -1);
  }
  return { body, fracCount };
}

function formatScientific(f: Finite, sign: string, o: Dragon4Options): string {
  const precision = o.precision ?? -1;
  const minDigits = o.minDigits ?? -1;
  const padLeft = o.padLeft ?? -1;
  const leftChars = 1 + sign.length;
  const lead = padLeft > leftChars ? ' '.repeat(padLeft - leftChars) : '';
  const { digits, exponent } = digitsOf(f, {
    unique: o.unique,
    fractional: false,
    precision: precision < 0 ? -1 : precision + 1,
    minDigits: minDigits < 0 ? -1 : minDigits + 1,
  });
  let body = digits[0]!;
  let fracCount = digits.length - 1;
  if (fracCount > 0) body += `.${digits.slice(1)}`;
  if (o.trim !== '-' && fracCount === 0) body += '.';
  const addDigits = Math.max(o.unique ? minDigits : precision, 0);
  if (o.trim === '0' && fracCount === 0) {
    body += '0';
    fracCount = 1;
  } else if (o.trim === 'k' && addDigits > fracCount) {
    body += '0'.repeat(addDigits - fracCount);
    fracCount = addDigits;
  }
  ({ body } = trimFraction(body, fracCount, o.trim, false));
  return `${lead}${sign}${body}${exponentText(exponent, o.expDigits ?? -1)}`;
}

function exponentText(exponent: number, expDigits: number): string {
  const width = expDigits < 0 ? 2 : Math.min(expDigits, 5);
  return `e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(width, '0')}`;
}
