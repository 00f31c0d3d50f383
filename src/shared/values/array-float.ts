/**
 * numpy's array-printing formatter for floats and complex numbers (FloatingFormat and
 * ComplexFloatingFormat in numpy/_core/arrayprint.py) with the default print options
 * (precision 8, floatmode 'maxprec', suppress False, sign '-'). Records need it because
 * `str(np.void)` prints complex fields through it ("1.+2.j"), with one layout shared by all
 * the values it was built from (a subarray's elements line up: "[1. +2.e+00j, 3.5-1.e-05j]").
 */
import type { Complex } from './decode.js';
import { dragon4Format, floatParts, type FloatWidth } from './float-text.js';
import { numberToHalf, halfToNumber } from './half.js';

const PRECISION = 8;
/** 10 ** min(8, np.finfo(dtype).precision) */
const EXP_CUTOFF: Record<FloatWidth, number> = { 2: 1e3, 4: 1e6, 8: 1e8 };

/** Rounds a double to the float type of `width` (numpy compares and divides in that type). */
function toWidth(x: number, width: FloatWidth): number {
  if (width === 8) return x;
  if (width === 4) return Math.fround(x);
  return halfToNumber(numberToHalf(x));
}

interface Layout {
  expFormat: boolean;
  precision: number;
  minDigits: number;
  trim: '.' | 'k';
  padLeft: number;
  padRight: number;
  expSize: number;
}

/** numpy's choice of scientific notation for a set of finite values. */
function wantsExponent(finite: readonly number[], width: FloatWidth): boolean {
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs);
  if (magnitudes.length === 0) return false;
  const max = magnitudes.reduce((a, b) => Math.max(a, b));
  const min = magnitudes.reduce((a, b) => Math.min(a, b));
  const ratio = toWidth(max / min, width);
  return max >= EXP_CUTOFF[width] || min < toWidth(0.0001, width) || ratio > 1000;
}

function maxLength(parts: readonly string[]): number {
  return parts.reduce((m, s) => Math.max(m, s.length), 0);
}

/** FloatingFormat.fillFormat: one layout for all `values`. */
function fillLayout(values: readonly number[], width: FloatWidth, sign: boolean): Layout {
  const finite = values.filter(Number.isFinite);
  const layout: Layout = { expFormat: false, precision: PRECISION, minDigits: -1, trim: '.', padLeft: 0, padRight: 0, expSize: -1 };
  if (finite.length > 0 && wantsExponent(finite, width)) {
    const texts = finite.map((x) => dragon4Format(floatParts(x, width), { scientific: true, unique: true, precision: PRECISION, trim: '.', sign }));
    const mantissas = texts.map((t) => t.slice(0, t.indexOf('e')));
    const exponents = texts.map((t) => t.slice(t.indexOf('e') + 1));
    layout.expFormat = true;
    layout.expSize = maxLength(exponents) - 1;
    layout.trim = 'k';
    layout.precision = maxLength(mantissas.map((m) => m.split('.')[1] ?? ''));
    layout.minDigits = layout.precision;
    layout.padLeft = maxLength(mantissas.map((m) => m.split('.')[0]!));
    layout.padRight = layout.expSize + 2 + layout.precision;
  } else if (finite.length > 0) {
    const texts = finite.map((x) =>
      dragon4Format(floatParts(x, width), { scientific: false, unique: true, fractional: true, precision: PRECISION, trim: '.', sign }),
    );
    layout.padLeft = maxLength(texts.map((t) => t.split('.')[0]!));
    layout.padRight = maxLength(texts.map((t) => t.split('.')[1] ?? ''));
    layout.minDigits = 0;
  }
  if (finite.length < values.length) {
    const negativeInf = sign || values.some((v) => v === -Infinity);
    const offset = layout.padRight + 1;
    layout.padLeft = Math.max(layout.padLeft, 3 - offset, 3 + (negativeInf ? 1 : 0) - offset);
  }
  return layout;
}

/** FloatingFormat: a formatter for values of one float width, laid out from `values`. */
export function floatingFormatter(values: readonly number[], width: FloatWidth, sign = false): (x: number) => string {
  const layout = fillLayout(values, width, sign);
  return (x) => {
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? `${sign ? '+' : ''}nan` : `${x < 0 ? '-' : sign ? '+' : ''}inf`;
      return text.padStart(layout.padLeft + layout.padRight + 1);
    }
    const common = { unique: true, precision: layout.precision, minDigits: layout.minDigits, trim: layout.trim, sign, padLeft: layout.padLeft };
    return layout.expFormat
      ? dragon4Format(floatParts(x, width), { ...common, scientific: true, expDigits: layout.expSize })
      : dragon4Format(floatParts(x, width), { ...common, scientific: false, fractional: true, padRight: layout.padRight });
  };
}

/** ComplexFloatingFormat: real part signed only when negative, imaginary always signed, 'j' before padding. */
export function complexFormatter(values: readonly Complex[], width: FloatWidth): (z: Complex) => string {
  const real = floatingFormatter(values.map((z) => z.re), width);
  const imag = floatingFormatter(values.map((z) => z.im), width, true);
  return (z) => {
    const i = imag(z.im);
    const end = i.trimEnd().length;
    return `${real(z.re)}${i.slice(0, end)}j${i.slice(end)}`;
  };
}
