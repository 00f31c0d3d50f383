/**
 * decodeScalar's value forms, integer display modes, and the record/JSON shapes for structured
 * dtypes (numpy's own texts for records are checked in reference.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseDTypeString, scalar, subarray, type DType, type ScalarDType } from '../../../src/shared/dtype.js';
import { decodeScalar, formatElement, formatScalar, jsonElement, jsonScalar, parseScalar } from '../../../src/shared/values/index.js';
import { viewOf } from './reference.js';

const dt = (s: string): ScalarDType => parseDTypeString(s) as ScalarDType;
const stored = (type: string, text: string): DataView => viewOf(parseScalar(dt(type), text));

describe('decodeScalar', () => {
  it('returns lossless JavaScript values, identical for both byte orders', () => {
    const cases: [string, string, unknown][] = [
      ['i8', '-9223372036854775808', -(2n ** 63n)],
      ['u8', '18446744073709551615', 2n ** 64n - 1n],
      ['i2', '-2', -2n],
      ['f2', '0.1', 0.0999755859375],
      ['f4', '0.1', Math.fround(0.1)],
      ['f8', '-0.0', -0],
      ['c8', '1.5-2j', { re: 1.5, im: -2 }],
      ['U3', 'a\u{1f600}', 'a\u{1f600}'],
      ['M8[ms]', '1969-12-31T23:59:59.999', -1n],
      ['m8[s]', 'NaT', -(2n ** 63n)],
    ];
    for (const [type, text, value] of cases) {
      for (const order of ['<', '>']) expect(decodeScalar(dt(order + type), stored(order + type, text), 0)).toEqual(value);
    }
    expect(decodeScalar(dt('|b1'), viewOf(Uint8Array.from([2])), 0)).toBe(true);
    expect(decodeScalar(dt('|S3'), stored('|S3', 'ab'), 0)).toEqual(Uint8Array.from([0x61, 0x62]));
    expect(decodeScalar(dt('|V3'), stored('|V3', '01'), 0)).toEqual(Uint8Array.from([1, 0, 0]));
  });
});

describe('integer display modes', () => {
  it('show two\'s complement bits of the item width, padded', () => {
    expect(formatScalar(dt('|i1'), stored('|i1', '-1'), 0, { mode: 'hex' })).toBe('0xff');
    expect(formatScalar(dt('>i2'), stored('>i2', '1'), 0, { mode: 'hex' })).toBe('0x0001');
    expect(formatScalar(dt('<i4'), stored('<i4', '-2'), 0, { mode: 'hex' })).toBe('0xfffffffe');
    expect(formatScalar(dt('<u8'), stored('<u8', '18446744073709551615'), 0, { mode: 'hex' })).toBe('0xffffffffffffffff');
    expect(formatScalar(dt('|u1'), stored('|u1', '5'), 0, { mode: 'binary' })).toBe('0b00000101');
    expect(formatScalar(dt('<i2'), stored('<i2', '-32768'), 0, { mode: 'binary' })).toBe('0b1000000000000000');
    expect(formatScalar(dt('<i2'), stored('<i2', '-32768'), 0, { mode: 'bytes' })).toBe('00 80');
  });
});

describe('datetime corner cases', () => {
  it('shows a generic-unit datetime that is not NaT (numpy refuses to print it) without failing', () => {
    const view = viewOf(Uint8Array.from([5, 0, 0, 0, 0, 0, 0, 0]));
    expect(formatScalar(dt('<M8'), view, 0)).toBe('<generic datetime64 5>');
    expect(formatScalar(dt('<m8'), view, 0)).toBe('5 generic time units');
    expect(jsonScalar(dt('<m8'), view, 0)).toBe(5);
  });
});

describe('records', () => {
  const point: DType = {
    kind: 'struct',
    itemsize: 24,
    fields: [
      { name: 'id', title: null, offset: 0, dtype: scalar('uint', 8, '<') },
      { name: 'xy', title: null, offset: 8, dtype: subarray(scalar('float', 4, '>'), [2]) },
      { name: 'tag', title: null, offset: 16, dtype: scalar('bytes', 2) },
      { name: 'when', title: null, offset: 18, dtype: scalar('int', 2, '<') },
    ],
  };
  const bytes = new Uint8Array(24);
  bytes.set(parseScalar(dt('<u8'), '9007199254740993'), 0);
  bytes.set(parseScalar(dt('>f4'), '0.1'), 8);
  bytes.set(parseScalar(dt('>f4'), '-inf'), 12);
  bytes.set(parseScalar(dt('|S2'), 'a'), 16);
  bytes.set(parseScalar(dt('<i2'), '-7'), 18);
  const view = viewOf(bytes);

  it('print like str(np.void) and nest in JSON as objects and arrays', () => {
    expect(formatElement(point, view, 0)).toBe("(9007199254740993, [0.1, -inf], b'a', -7)");
    expect(jsonElement(point, view, 0)).toEqual({ id: '9007199254740993', xy: [0.1, '-Infinity'], tag: 'a', when: -7 });
  });

  it('print a top-level subarray dtype as numpy prints a subarray field', () => {
    const grid = subarray(scalar('int', 2, '<'), [2, 2]);
    const data = new Uint8Array(8);
    ['1', '-20', '300', '4'].forEach((t, i) => data.set(parseScalar(dt('<i2'), t), 2 * i));
    expect(formatElement(grid, viewOf(data), 0)).toBe('[[  1, -20], [300,   4]]');
    expect(jsonElement(grid, viewOf(data), 0)).toEqual([[1, -20], [300, 4]]);
  });
});
