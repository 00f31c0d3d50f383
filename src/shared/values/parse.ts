/**
 * User text → the bytes numpy would store for it, in the dtype's byte order (`parseScalar`).
 * Range and fit are checked, never wrapped or truncated: "300" into int8, 1e39 into float32,
 * "abc" into S2 and '2020-01-01T00:00:00.5' into M8[s] are all bad-value errors with a reason.
 *
 * Accepted text per kind (see parse-number.ts and datetime-parse.ts for the number and time
 * grammars):
 * - bool: True / False / 1 / 0, case-insensitive;
 * - bytes S<n>: a Python bytes literal as `str()` prints it (b'a\x00b', escapes decoded), or
 *   plain text stored as latin-1 (characters above U+00FF are refused); at most n bytes;
 * - unicode U<n>: the text itself, at most n code points;
 * - void V<n>: a Python bytes literal, or hex digits ("00 01 ff", "0x0001ff"); at most n bytes.
 * Shorter bytes / unicode / void values are padded with zeros, as numpy pads them.
 */
import { dtypeName, type ScalarDType } from '../dtype.js';
import { parseDatetimeText, parseTimedeltaText } from './datetime-parse.js';
import { numberToHalf, overflowsHalf } from './half.js';
import { badValue, parseBoolText, parseFloatText, parseIntegerText, quote, splitComplexText } from './parse-number.js';

/** A dtype's name for messages, without a byte-order mark: "int8", "float32", "S4". */
function typeName(dt: ScalarDType): string {
  return dtypeName(dt).replace(/^>/, '');
}

/** Parses `text` as a value of `dt` and returns its item bytes. Throws ArrayscopeError('bad-value'). */
export function parseScalar(dt: ScalarDType, text: string): Uint8Array {
  const out = new Uint8Array(dt.itemsize);
  const view = new DataView(out.buffer);
  const le = dt.byteorder !== '>';
  const name = typeName(dt);
  switch (dt.kind) {
    case 'bool':
      out[0] = parseBoolText(text) ? 1 : 0;
      break;
    case 'int':
    case 'uint':
      writeInteger(view, dt, checkRange(parseIntegerText(text, name), dt, name), le);
      break;
    case 'float':
      writeFloat(view, 0, dt.itemsize, text, name, le);
      break;
    case 'complex': {
      const [re, im] = splitComplexText(text, name);
      writeFloat(view, 0, dt.itemsize / 2, re, name, le, { whole: text, part: 'real' });
      writeFloat(view, dt.itemsize / 2, dt.itemsize / 2, im, name, le, { whole: text, part: 'imaginary' });
      break;
    }
    case 'datetime':
      view.setBigInt64(0, parseDatetimeText(text, dt.unit ?? null, dt.unitCount ?? 1, name), le);
      break;
    case 'timedelta':
      view.setBigInt64(0, parseTimedeltaText(text, dt.unit ?? null, dt.unitCount ?? 1, name), le);
      break;
    case 'bytes':
      out.set(fit(parseBytesText(text), dt.itemsize, text, name));
      break;
    case 'void':
      out.set(fit(parseVoidText(text), dt.itemsize, text, name));
      break;
    case 'unicode':
      writeUnicode(view, text, dt.itemsize / 4, name, le);
      break;
  }
  return out;
}

/** The inclusive range of an integer dtype. */
export function integerRange(dt: ScalarDType): [bigint, bigint] {
  const bits = BigInt(8 * dt.itemsize);
  return dt.kind === 'uint' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

function checkRange(value: bigint, dt: ScalarDType, name: string): bigint {
  const [min, max] = integerRange(dt);
  if (value < min || value > max) throw badValue(`${value} is out of range for ${name} [${min}, ${max}]`);
  return value;
}

function writeInteger(view: DataView, dt: ScalarDType, value: bigint, le: boolean): void {
  if (dt.itemsize === 8) view.setBigUint64(0, BigInt.asUintN(64, value), le);
  else if (dt.itemsize === 4) view.setUint32(0, Number(BigInt.asUintN(32, value)), le);
  else if (dt.itemsize === 2) view.setUint16(0, Number(BigInt.asUintN(16, value)), le);
  else view.setUint8(0, Number(BigInt.asUintN(8, value)));
}

const FLOAT_MAX: Record<number, string> = { 2: '65504', 4: '3.4028235e+38', 8: '1.7976931348623157e+308' };

/**
 * Writes `text` as a float of `width` bytes at `off`: NaN keeps its sign, overflow is refused.
 * `complexPart` names the part of a complex literal for messages.
 */
function writeFloat(
  view: DataView,
  off: number,
  width: number,
  text: string,
  name: string,
  le: boolean,
  complexPart?: { whole: string; part: string },
): void {
  const { value, negativeNaN } = parseFloatText(text, name);
  const overflow = (): never => {
    const limit = `largest magnitude ${FLOAT_MAX[width]}`;
    if (complexPart) throw badValue(`${quote(complexPart.whole)}: the ${complexPart.part} part is out of range for ${name} (${limit})`);
    throw badValue(`${quote(text.trim())} is out of range for ${name} (${limit})`);
  };
  if (width === 8) {
    if (Number.isNaN(value)) view.setBigUint64(off, negativeNaN ? 0xfff8000000000000n : 0x7ff8000000000000n, le);
    else view.setFloat64(off, value, le);
  } else if (width === 4) {
    const rounded = Math.fround(value);
    if (Number.isFinite(value) && !Number.isFinite(rounded)) overflow();
    if (Number.isNaN(value)) view.setUint32(off, negativeNaN ? 0xffc00000 : 0x7fc00000, le);
    else view.setFloat32(off, rounded, le);
  } else {
    if (overflowsHalf(value)) overflow();
    view.setUint16(off, numberToHalf(value, negativeNaN), le);
  }
}

function fit(data: Uint8Array, size: number, text: string, name: string): Uint8Array {
  if (data.length > size) throw badValue(`${quote(text)} is ${data.length} bytes, longer than ${name} (${size} bytes)`);
  return data;
}

function writeUnicode(view: DataView, text: string, length: number, name: string, le: boolean): void {
  const codePoints = Array.from(text, (ch) => ch.codePointAt(0)!);
  if (codePoints.length > length) {
    throw badValue(`${quote(text)} is ${codePoints.length} characters, longer than ${name} (${length} characters)`);
  }
  codePoints.forEach((cp, i) => view.setUint32(4 * i, cp, le));
}

const BYTES_LITERAL_RE = /^b(['"])([\s\S]*)\1$/;

/** A Python bytes literal's content, or plain text as latin-1. */
export function parseBytesText(text: string): Uint8Array {
  const literal = BYTES_LITERAL_RE.exec(text.trim());
  return literal ? decodeBytesLiteral(literal[2]!, text) : latin1Bytes(text, text);
}

function latin1Bytes(chars: string, text: string): Uint8Array {
  const out = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (c > 0xff) throw badValue(`${quote(text)} has a character above U+00FF, which a bytes value cannot hold`);
    out[i] = c;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Python bytes-literal escapes: \\ \' \" \a \b \f \n \r \t \v \xhh \ooo and backslash-newline. */
function decodeBytesLiteral(body: string, text: string): Uint8Array {
  const bytes: number[] = [];
  const re = /\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|\n|[\s\S])|([\s\S])/g;
  for (const m of body.matchAll(re)) {
    const [, escape, plain] = m;
    if (plain !== undefined) bytes.push(...latin1Bytes(plain, text));
    else if (escape === '\n') continue;
    else if (escape!.startsWith('x') && escape!.length === 3) bytes.push(parseInt(escape!.slice(1), 16));
    else if (/^[0-7]+$/.test(escape!)) bytes.push(parseInt(escape!, 8) & 0xff);
    else if (escape === 'x') throw badValue(`${quote(text)} has a \\x escape without two hex digits`);
    else if (SIMPLE_ESCAPES[escape!] !== undefined) bytes.push(SIMPLE_ESCAPES[escape!]!);
    else bytes.push(0x5c, ...latin1Bytes(escape!, text));
  }
  return Uint8Array.from(bytes);
}

/** Void text: a bytes literal, or hex digits (spaces allowed, optional 0x prefix). */
export function parseVoidText(text: string): Uint8Array {
  const s = text.trim();
  if (BYTES_LITERAL_RE.test(s)) return parseBytesText(s);
  const hex = s.replace(/^0x/i, '').replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw badValue(`${quote(text)} is neither a bytes literal (b'\\x00\\x01') nor hex bytes ("00 01")`);
  }
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
