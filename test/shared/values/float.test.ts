/**
 * Float properties that hold without numpy: the float64 fast path gives Dragon4's digits, every
 * printed float parses back to the same bits, float16 rounding is round-half-even, and the
 * display modes behave as documented.
 */
import { describe, expect, it } from 'vitest';
import { scalar, type ScalarDType } from '../../../src/shared/dtype.js';
import { dragon4 } from '../../../src/shared/values/dragon4.js';
import { floatParts, shortestFloat64Digits } from '../../../src/shared/values/float-text.js';
import { halfToNumber, numberToHalf } from '../../../src/shared/values/half.js';
import { complexStr, floatStr, formatScalar, parseScalar } from '../../../src/shared/values/index.js';
import { Mismatches, toHex, viewOf } from './reference.js';
import { mulberry32 } from '../../../src/shared/random.js';


function randomDoubles(count: number, seed: number): number[] {
  const next = mulberry32(seed);
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  while (out.length < count) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

function bytesOf(dt: ScalarDType, write: (v: DataView) => void): DataView {
  const view = new DataView(new ArrayBuffer(dt.itemsize));
  write(view);
  return view;
}

describe('float64 shortest digits', () => {
  it('take the same digits from JavaScript as from Dragon4 (random doubles, powers of two, subnormals)', () => {
    const values = [...randomDoubles(50_000, 7), 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e23, 2 ** 53 + 2];
    for (let e = -1074; e <= 1023; e++) values.push(2 ** e);
    const m = new Mismatches();
    for (const x of values) {
      const a = Math.abs(x);
      if (a === 0) continue;
      const parts = floatParts(a, 8);
      if (parts.kind !== 'finite') continue;
      const slow = dragon4(parts.float, { unique: true, fractional: false, precision: -1, minDigits: -1 });
      const fast = shortestFloat64Digits(a);
      if (slow.digits !== fast.digits || slow.exponent !== fast.exponent) m.add(`${x}: ${JSON.stringify(fast)} vs ${JSON.stringify(slow)}`);
    }
    expect(m.summary()).toEqual([]);
  });
});

describe('round trip: parseScalar(formatScalar(x)) gives back the bytes', () => {
  const roundTrip = (dt: ScalarDType, view: DataView): string => toHex(parseScalar(dt, formatScalar(dt, view, 0)));

  it('for every non-NaN float16 pattern, in both byte orders', () => {
    const m = new Mismatches();
    for (const order of ['<', '>'] as const) {
      const dt = scalar('float', 2, order);
      for (let bits = 0; bits < 65536; bits++) {
        if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue;
        const view = bytesOf(dt, (v) => v.setUint16(0, bits, order === '<'));
        const hex = toHex(new Uint8Array(view.buffer));
        const back = roundTrip(dt, view);
        if (back !== hex) m.add(`${order}f2 ${hex} → ${formatScalar(dt, view, 0)} → ${back}`);
      }
    }
    expect(m.summary()).toEqual([]);
  });

  it('for float32 (random patterns and every power of two) and float64 (random doubles)', () => {
    const m = new Mismatches();
    const next = mulberry32(11);
    const f4 = scalar('float', 4, '>');
    const patterns = Array.from({ length: 100_000 }, () => next());
    for (let e = 0; e < 255; e++) patterns.push(e << 23, (e << 23) | 1, ((e << 23) | 0x80000000) >>> 0);
    for (const bits of patterns) {
      if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) continue;
      const view = bytesOf(f4, (v) => v.setUint32(0, bits));
      if (roundTrip(f4, view) !== toHex(new Uint8Array(view.buffer))) m.add(`f4 ${bits.toString(16)}: ${formatScalar(f4, view, 0)}`);
    }
    const f8 = scalar('float', 8, '<');
    for (const x of [...randomDoubles(50_000, 3), -0, Infinity, -Infinity, 5e-324]) {
      const view = bytesOf(f8, (v) => v.setFloat64(0, x, true));
      if (roundTrip(f8, view) !== toHex(new Uint8Array(view.buffer))) m.add(`f8 ${x}: ${formatScalar(f8, view, 0)}`);
    }
    expect(m.summary()).toEqual([]);
  });

  it('for complex numbers, including signed zeros and infinities', () => {
    const parts = [0, -0, 1.5, -2, 1e-20, 1e20, 0.1, Infinity, -Infinity, 3.4028234663852886e38];
    for (const itemsize of [8, 16]) {
      const dt = scalar('complex', itemsize, '<');
      const half = itemsize / 2;
      for (const re of parts) {
        for (const im of parts) {
          const view = bytesOf(dt, (v) => {
            if (half === 4) {
              v.setFloat32(0, re, true);
              v.setFloat32(4, im, true);
            } else {
              v.setFloat64(0, re, true);
              v.setFloat64(8, im, true);
            }
          });
          expect(roundTrip(dt, view), formatScalar(dt, view, 0)).toBe(toHex(new Uint8Array(view.buffer)));
        }
      }
    }
  });
});

describe('float16 rounding', () => {
  it('rounds every midpoint between neighbouring float16 values to the even one', () => {
    for (let bits = 0; bits < 0x7bff; bits++) {
      const lo = halfToNumber(bits);
      const mid = (lo + halfToNumber(bits + 1)) / 2;
      expect(numberToHalf(mid)).toBe(bits % 2 === 0 ? bits : bits + 1);
      expect(numberToHalf(-mid)).toBe((bits % 2 === 0 ? bits : bits + 1) | 0x8000);
    }
  });

  it('overflows at 65520 (the midpoint above 65504) and keeps the sign of zero', () => {
    expect(numberToHalf(65519.99)).toBe(0x7bff);
    expect(numberToHalf(65520)).toBe(0x7c00);
    expect(numberToHalf(-0)).toBe(0x8000);
    expect(numberToHalf(2 ** -25)).toBe(0);
    expect(numberToHalf(2 ** -25 + 2 ** -40)).toBe(1);
  });
});

describe('numpy str() rules that matter most', () => {
  it('uses each width\'s own scientific threshold and shortest digits', () => {
    expect([floatStr(0.1, 8), floatStr(Math.fround(0.1), 4), floatStr(halfToNumber(numberToHalf(0.1)), 2)]).toEqual(['0.1', '0.1', '0.1']);
    expect([floatStr(1e16, 8), floatStr(9999999999999998, 8), floatStr(1e6, 4), floatStr(999936, 4), floatStr(1000, 2), floatStr(992, 2)]).toEqual(
      ['1e+16', '9999999999999998.0', '1e+06', '999936.0', '1e+03', '992.0'],
    );
    expect([floatStr(Math.fround(1e-4), 4), floatStr(1e-4, 8), floatStr(-0, 8), floatStr(NaN, 4), floatStr(-Infinity, 2)]).toEqual(
      ['1e-04', '0.0001', '-0.0', 'nan', '-inf'],
    );
  });

  it('prints complex parts without a bare ".0" and drops a +0 real part', () => {
    expect(complexStr(1, 2, 8)).toBe('(1+2j)');
    expect(complexStr(0, 1, 8)).toBe('1j');
    expect(complexStr(-0, -1, 8)).toBe('(-0-1j)');
    expect(complexStr(NaN, NaN, 4)).toBe('(nan+nanj)');
    expect(complexStr(Infinity, -Infinity, 8)).toBe('(inf-infj)');
    expect(complexStr(1.5, 0, 8)).toBe('(1.5+0j)');
    expect(complexStr(1e7, 1, 4)).toBe('(1e+07+1j)');
  });
});

describe('display modes', () => {
  const f4 = scalar('float', 4, '<');
  const one = bytesOf(f4, (v) => v.setFloat32(0, 1.5, true));

  it('shows floats fixed or scientific, with or without a precision, and clamps the precision', () => {
    expect(formatScalar(f4, one, 0, { mode: 'fixed', precision: 3 })).toBe('1.500');
    expect(formatScalar(f4, one, 0, { mode: 'scientific', precision: 2 })).toBe('1.50e+00');
    expect(formatScalar(f4, one, 0, { mode: 'fixed' })).toBe('1.5');
    expect(formatScalar(f4, one, 0, { mode: 'fixed', precision: -4 })).toBe('2.');
    expect(formatScalar(f4, one, 0, { mode: 'fixed', precision: 1e9 })).toBe(`1.5${'0'.repeat(99)}`);
  });

  it('formats complex parts with the same rule and keeps the sign of the imaginary part', () => {
    const c8 = scalar('complex', 8, '<');
    const z = bytesOf(c8, (v) => (v.setFloat32(0, -1.25, true), v.setFloat32(4, NaN, true)));
    expect(formatScalar(c8, z, 0, { mode: 'fixed', precision: 1 })).toBe('(-1.2+nanj)');
    const w = bytesOf(c8, (v) => (v.setFloat32(0, 2, true), v.setFloat32(4, -0.5, true)));
    expect(formatScalar(c8, w, 0, { mode: 'scientific', precision: 1 })).toBe('(2.0e+00-5.0e-01j)');
  });

  it('shows raw bytes in file order and falls back to str() where a mode does not apply', () => {
    expect(formatScalar(f4, one, 0, { mode: 'bytes' })).toBe('00 00 c0 3f');
    expect(formatScalar(f4, one, 0, { mode: 'hex' })).toBe('1.5');
    const i2 = scalar('int', 2, '>');
    const v = viewOf(Uint8Array.from([0x00, 0x2a]));
    expect(formatScalar(i2, v, 0, { mode: 'fixed', precision: 2 })).toBe('42');
    expect(formatScalar(i2, v, 0, { mode: 'bytes' })).toBe('00 2a');
  });
});
