/**
 * Text → bytes for edits: the accepted grammars, exact storage, and a clear bad-value reason for
 * everything numpy would overflow, wrap or truncate. (The numpy comparison of stored bytes for a
 * corpus of texts lives in reference.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { parseDTypeString, type ScalarDType } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { datetimeText, formatScalar, parseScalar } from '../../../src/shared/values/index.js';
import { Mismatches, toHex, viewOf } from './reference.js';

const dt = (s: string): ScalarDType => parseDTypeString(s) as ScalarDType;
const hex = (type: string, text: string): string => toHex(parseScalar(dt(type), text));

function reason(type: string, text: string): string {
  try {
    parseScalar(dt(type), text);
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    expect((err as ArrayscopeError).kind).toBe('bad-value');
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(text)} into ${type} was accepted`);
}

describe('integers', () => {
  it('accept decimal, prefixed and underscored forms and store them in the dtype byte order', () => {
    expect(hex('<i2', '-2')).toBe('feff');
    expect(hex('>i2', '-2')).toBe('fffe');
    expect(hex('<u4', '0xff_ff')).toBe('ffff0000');
    expect(hex('|u1', ' 0b1010 ')).toBe('0a');
    expect(hex('<i8', '-0o17')).toBe('f1ffffffffffffff');
    expect(hex('>u8', '18446744073709551615')).toBe('ffffffffffffffff');
    expect(hex('|i1', '007')).toBe('07');
  });

  it('name the value, the type and its range when out of range, and refuse non-integers', () => {
    expect(reason('|i1', '300')).toBe('300 is out of range for int8 [-128, 127]');
    expect(reason('>u2', '-1')).toBe('-1 is out of range for uint16 [0, 65535]');
    expect(reason('<i8', '9223372036854775808')).toBe('9223372036854775808 is out of range for int64 [-9223372036854775808, 9223372036854775807]');
    expect(reason('<i4', '1.5')).toBe("'1.5' is not an integer (int32)");
    for (const bad of ['', '1e3', '_1', '1__0', '0x', '- 5', 'ten']) expect(reason('<i4', bad)).toContain('is not an integer');
  });
});

describe('bools', () => {
  it('accept True/False/1/0 in any case and nothing else', () => {
    expect(['True', 'false', ' TRUE ', '1', '0'].map((t) => hex('|b1', t))).toEqual(['01', '00', '01', '01', '00']);
    expect(reason('|b1', 'yes')).toBe("'yes' is not a bool (use True, False, 1 or 0)");
  });
});

describe('floats and complex', () => {
  it('round to nearest-even at the target width and keep signed zeros and NaN signs', () => {
    expect(hex('<f2', '2049')).toBe('0068'); // halfway between 2048 and 2050 → 2048 (even)
    expect(hex('<f2', '2051')).toBe('0268'); // halfway between 2050 and 2052 → 2052 (even)
    expect(hex('>f4', '-0')).toBe('80000000');
    expect(hex('<f8', '-nan')).toBe('000000000000f8ff');
    expect(hex('<f4', 'NaN')).toBe('0000c07f');
    expect(hex('<f2', '-inf')).toBe('00fc');
    expect(hex('<f4', '1e-46')).toBe('00000000');
  });

  it('refuse finite values that overflow the width instead of storing inf', () => {
    expect(reason('<f2', '65520')).toBe("'65520' is out of range for float16 (largest magnitude 65504)");
    expect(reason('<f4', '3.4028236e38')).toBe("'3.4028236e38' is out of range for float32 (largest magnitude 3.4028235e+38)");
    expect(reason('<f8', '1e309')).toBe("'1e309' is out of range for float64");
    expect(reason('<c8', '1+1e39j')).toBe("'1+1e39j': the imaginary part is out of range for complex64 (largest magnitude 3.4028235e+38)");
    expect(reason('<f8', '0x10')).toBe("'0x10' is not a number (float64)");
  });

  it('accept Python complex() forms', () => {
    const c16 = (text: string): string => formatScalar(dt('<c16'), viewOf(parseScalar(dt('<c16'), text)), 0);
    expect(['1+2j', '(1-2j)', '3j', '2', '-j', 'j', '1+j', 'nan+infj', ' ( 1.5e-3-2.5E+2J ) '].map(c16)).toEqual([
      '(1+2j)', '(1-2j)', '3j', '(2+0j)', '-1j', '1j', '(1+1j)', '(nan+infj)', '(0.0015-250j)',
    ]);
    for (const bad of ['1 + 2j', '(1+2j', '1j+2', '1+2', 'abc', '']) expect(reason('<c16', bad)).toContain('is not a complex number');
  });
});

describe('bytes, unicode and void', () => {
  it('take Python bytes literals (as str() prints them) or plain latin-1 text, padded with NULs', () => {
    expect(hex('|S4', "b'a\\x00b'")).toBe('61006200');
    expect(hex('|S4', 'b"it\'s"')).toBe('69742773');
    expect(hex('|S4', "b'\\101\\n'")).toBe('410a0000');
    expect(hex('|S4', 'caf\u00e9')).toBe('636166e9');
    expect(reason('|S2', 'abc')).toBe("'abc' is 3 bytes, longer than S2 (2 bytes)");
    expect(reason('|S4', '\u20ac')).toContain('above U+00FF');
    expect(reason('|S4', "b'\\x4'")).toContain('two hex digits');
  });

  it('store unicode as UTF-32 in the byte order, counting code points', () => {
    expect(hex('>U2', '\u{1f600}')).toBe('0001f60000000000');
    expect(hex('<U2', 'ab')).toBe('6100000062000000');
    expect(reason('<U2', 'abc')).toBe("'abc' is 3 characters, longer than U2 (2 characters)");
  });

  it('take void as a bytes literal or hex digits', () => {
    expect(hex('|V3', '00 0a ff')).toBe('000aff');
    expect(hex('|V3', '0x0102')).toBe('010200');
    expect(hex('|V3', "b'\\x01\\xFF'")).toBe('01ff00');
    expect(reason('|V3', 'zz')).toContain('neither a bytes literal');
    expect(reason('|V2', '000102')).toBe("'000102' is 3 bytes, longer than V2 (2 bytes)");
  });
});

describe('datetime64', () => {
  it('reads back every value it prints, in every unit and multiplier (no numpy needed)', () => {
    const m = new Mismatches();
    const counts = [0n, 1n, -1n, 59n, -1441n, 10n ** 6n + 7n, -(10n ** 9n), 123_456_789_012n, -(2n ** 40n)];
    for (const unit of ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']) {
      for (const multiplier of [1, 3, 10]) {
        const type = `<M8[${multiplier === 1 ? '' : multiplier}${unit}]`;
        for (const count of counts) {
          const text = datetimeText(count, unit as never, multiplier);
          const got = new DataView(parseScalar(dt(type), text).buffer).getBigInt64(0, true);
          if (got !== count) m.add(`${type} ${count} → ${text} → ${got}`);
        }
      }
    }
    expect(m.summary()).toEqual([]);
  });

  it('refuse what the unit cannot hold exactly, time zones, bad fields and int64 overflow', () => {
    expect(reason('<M8[s]', '2020-01-01T00:00:00.5')).toBe(
      "'2020-01-01T00:00:00.5' cannot be stored exactly in datetime64[s] (it is finer than the unit; numpy would truncate it)",
    );
    expect(reason('<M8[W]', '2020-01-01')).toContain('cannot be stored exactly');
    expect(reason('<M8[Y]', '2020-06-01')).toContain('cannot be stored exactly');
    expect(reason('<M8[m]', '2020-01-01T10:00Z')).toContain('time zones are not supported');
    expect(reason('<M8[D]', '2020-02-30')).toContain('day out of range');
    expect(reason('<M8[ns]', '2262-04-11T23:47:16.854775808')).toContain('out of range for datetime64[ns]');
    expect(reason('<M8', '2020-01-01')).toBe('datetime64 has no unit, so it can only hold NaT');
    expect(reason('<M8[D]', '')).toContain('is not an ISO date/time');
    expect(hex('<M8', 'NaT')).toBe('0000000000000080');
  });
});

describe('timedelta64', () => {
  it('take a stored count, the str() form with its unit word, or NaT', () => {
    const count = (type: string, text: string): bigint => new DataView(parseScalar(dt(type), text).buffer).getBigInt64(0, true);
    expect(count('<m8[10ms]', '5')).toBe(5n);
    expect(count('<m8[10ms]', '50 milliseconds')).toBe(5n);
    expect(count('<m8[s]', '1 second')).toBe(1n);
    expect(count('<m8[h]', '-3 h')).toBe(-3n);
    expect(count('<m8', '7 generic time units')).toBe(7n);
    expect(count('<m8[s]', 'nat')).toBe(-(2n ** 63n));
    expect(reason('<m8[10ms]', '55 milliseconds')).toContain('cannot be stored exactly');
    expect(reason('<m8[s]', '5 minutes')).toBe("'5 minutes': the unit must be seconds for timedelta64[s]");
    expect(reason('<m8[s]', '-9223372036854775808')).toContain('out of range');
  });
});
