/**
 * Character data: Python's bytes/str reprs (checked against Python for every byte and for every
 * assigned code point), invalid UTF-32 shown as U+FFFD, and void text.
 */
import { describe, expect, it } from 'vitest';
import { scalar } from '../../../src/shared/dtype.js';
import { decodeScalar, formatElement, formatScalar, jsonScalar } from '../../../src/shared/values/index.js';
import { bytesRepr, stringRepr, voidText } from '../../../src/shared/values/text.js';
import { hasNumpy, pythonJson } from '../../helpers/python.js';
import { Mismatches, numpyTitle, viewOf } from './reference.js';

function utf32(codePoints: number[], littleEndian: boolean): DataView {
  const view = new DataView(new ArrayBuffer(4 * codePoints.length));
  codePoints.forEach((cp, i) => view.setUint32(4 * i, cp, littleEndian));
  return view;
}

describe('Python reprs', () => {
  it('escape bytes as Python does, choosing the quote like Python', () => {
    expect(bytesRepr(Uint8Array.from([0x61, 0x27, 0x62]))).toBe(`b"a'b"`);
    expect(bytesRepr(Uint8Array.from([0x61, 0x27, 0x22]))).toBe(`b'a\\'"'`);
    expect(bytesRepr(Uint8Array.from([0x5c, 0x09, 0x0a, 0x0d, 0x00, 0x7f, 0x80, 0xff]))).toBe(`b'\\\\\\t\\n\\r\\x00\\x7f\\x80\\xff'`);
    expect(stringRepr("it's")).toBe(`"it's"`);
    expect(stringRepr('a\u0085\u00a0\u00e9\ud800\u{1f600}\u{e000}')).toBe(`'a\\x85\\xa0é\\ud800😀\\ue000'`);
  });

  it.skipIf(!hasNumpy)(numpyTitle("match Python's repr for all 256 single bytes"), () => {
    const expected = pythonJson<string[]>('print(json.dumps([repr(bytes([b])) for b in range(256)]))');
    expect(Array.from({ length: 256 }, (_, b) => bytesRepr(Uint8Array.from([b])))).toEqual(expected);
  });

  it.skipIf(!hasNumpy)(numpyTitle("match Python's str repr for every code point both Unicode databases agree on"), () => {
    // Python reports which code points its (older or newer) Unicode database leaves unassigned;
    // where the JavaScript engine's database assigns them, the two legitimately differ.
    const rows = pythonJson<[number, string, boolean][]>(
      'import unicodedata\n' +
        'print(json.dumps([[cp, repr(chr(cp)), unicodedata.category(chr(cp)) == "Cn"] for cp in range(0x110000) if not 0xd800 <= cp < 0xe000]))',
    );
    const unassignedHere = /\p{Cn}/u;
    const m = new Mismatches();
    let compared = 0;
    for (const [cp, repr, unassignedInPython] of rows) {
      const ch = String.fromCodePoint(cp);
      if (unassignedInPython !== unassignedHere.test(ch)) continue;
      compared++;
      if (stringRepr(ch) !== repr) m.add(`U+${cp.toString(16)}: ${stringRepr(ch)} vs ${repr}`);
    }
    expect(m.summary()).toEqual([]);
    expect(compared).toBeGreaterThan(1_000_000);
  });
});

describe('unicode U<n>', () => {
  it('decodes both byte orders alike and strips trailing NULs only', () => {
    const cps = [0x61, 0, 0x1f600, 0x62, 0, 0];
    for (const le of [true, false]) {
      const dt = scalar('unicode', 24, le ? '<' : '>');
      expect(decodeScalar(dt, utf32(cps, le), 0)).toBe('a\u0000\u{1f600}b');
    }
  });

  it('shows code points that are not Unicode scalar values as U+FFFD instead of failing', () => {
    const dt = scalar('unicode', 16, '<');
    const view = utf32([0x61, 0xd800, 0x110000, 0xffffffff], true);
    expect(formatScalar(dt, view, 0)).toBe('a\ufffd\ufffd\ufffd');
    expect(jsonScalar(dt, view, 0)).toBe('a\ufffd\ufffd\ufffd');
    const record = { kind: 'struct' as const, itemsize: 16, fields: [{ name: 'u', title: null, offset: 0, dtype: dt }] };
    expect(formatElement(record, view, 0)).toBe("('a\ufffd\ufffd\ufffd',)");
  });
});

describe('bytes S<n> and void V<n>', () => {
  it('strips trailing NULs from bytes but keeps inner ones; void keeps every byte', () => {
    const data = viewOf(Uint8Array.from([0x61, 0x00, 0x62, 0x00, 0x00]));
    expect(formatScalar(scalar('bytes', 5), data, 0)).toBe(`b'a\\x00b'`);
    expect(decodeScalar(scalar('bytes', 5), data, 0)).toEqual(Uint8Array.from([0x61, 0x00, 0x62]));
    expect(jsonScalar(scalar('bytes', 5), data, 0)).toBe('a\u0000b');
    expect(formatScalar(scalar('void', 5), data, 0)).toBe(`b'\\x61\\x00\\x62\\x00\\x00'`);
    expect(jsonScalar(scalar('void', 5), data, 0)).toBe('a\u0000b\u0000\u0000');
    expect(voidText(Uint8Array.from([0xab, 0x0f]))).toBe(`b'\\xAB\\x0F'`);
  });
});
