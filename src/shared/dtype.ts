/**
 * The dtype model shared by every layer: a faithful, serialisable description of a numpy dtype.
 *
 * Invariants:
 * - `itemsize` is always the number of bytes one element occupies (for `U<n>`, 4·n).
 * - `byteorder` is `'|'` exactly when byte order is meaningless (itemsize-1 numbers, bool,
 *   bytes, void); otherwise `'<'` or `'>'` (numpy's `'='` is resolved to little-endian: every
 *   platform Arrayscope runs on is little-endian).
 * - Struct fields keep numpy's declared order; offsets are explicit, so aligned padding,
 *   explicit offsets and trailing padding are all represented by `offset`/`itemsize` alone.
 * - Object dtype never enters the model: parsing it fails with `unsafe-dtype`.
 */
import { ArrayscopeError } from './errors.js';

export type ByteOrder = '<' | '>' | '|';
export type DateUnit = 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's' | 'ms' | 'us' | 'ns' | 'ps' | 'fs' | 'as';
export const DATE_UNITS: readonly DateUnit[] = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'];

export type ScalarKind =
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'complex'
  | 'bytes'
  | 'unicode'
  | 'datetime'
  | 'timedelta'
  | 'void';

export interface ScalarDType {
  readonly kind: ScalarKind;
  readonly itemsize: number;
  readonly byteorder: ByteOrder;
  /** datetime/timedelta: the unit, or null for numpy's generic unit (`M8`). */
  readonly unit?: DateUnit | null;
  /** datetime/timedelta: the unit multiplier (`M8[10ms]` → 10). */
  readonly unitCount?: number;
}

export interface StructField {
  readonly name: string;
  readonly title: string | null;
  readonly offset: number;
  readonly dtype: DType;
}

export interface StructDType {
  readonly kind: 'struct';
  readonly itemsize: number;
  readonly fields: readonly StructField[];
}

export interface SubarrayDType {
  readonly kind: 'subarray';
  readonly itemsize: number;
  readonly base: DType;
  readonly shape: readonly number[];
}

export type DType = ScalarDType | StructDType | SubarrayDType;

/** numpy's `dtype.descr` as JSON: a typestr, or a list of `[name, descr]` / `[name, descr, shape]`. */
export type Descr = string | DescrField[];
export type DescrField = [DescrName, Descr] | [DescrName, Descr, number[]];
export type DescrName = string | [string, string];

export function isScalar(dtype: DType): dtype is ScalarDType {
  return dtype.kind !== 'struct' && dtype.kind !== 'subarray';
}

const KIND_CHAR: Record<ScalarKind, string> = {
  bool: 'b',
  int: 'i',
  uint: 'u',
  float: 'f',
  complex: 'c',
  bytes: 'S',
  unicode: 'U',
  datetime: 'M',
  timedelta: 'm',
  void: 'V',
};

/** numpy's `dtype.str` for a scalar dtype: `<f8`, `|b1`, `|S8`, `>U3`, `<M8[10ms]`. */
export function typestr(dt: ScalarDType): string {
  const size = dt.kind === 'unicode' ? dt.itemsize / 4 : dt.itemsize;
  let s = `${dt.byteorder}${KIND_CHAR[dt.kind]}${size}`;
  if (dt.kind === 'datetime' || dt.kind === 'timedelta') {
    if (dt.unit) s += `[${dt.unitCount && dt.unitCount !== 1 ? dt.unitCount : ''}${dt.unit}]`;
  }
  return s;
}

/** numpy's `dtype.descr` (with `('', '|Vn')` padding entries, as `np.save` writes it). */
export function toDescr(dtype: DType): Descr {
  if (isScalar(dtype)) return typestr(dtype);
  if (dtype.kind === 'subarray') {
    // A top-level subarray has no list form; numpy folds it into the shape before saving.
    throw new ArrayscopeError('bad-dtype', 'a subarray dtype has no descr of its own');
  }
  const out: DescrField[] = [];
  let offset = 0;
  for (const field of dtype.fields) {
    if (field.offset > offset) out.push(['', `|V${field.offset - offset}`]);
    else if (field.offset < offset) {
      throw new ArrayscopeError('unsupported', 'dtype.descr is not defined for overlapping or out-of-order fields');
    }
    const name: DescrName = field.title === null ? field.name : [field.title, field.name];
    if (field.dtype.kind === 'subarray') {
      out.push([name, toDescr(field.dtype.base), [...field.dtype.shape]]);
    } else {
      out.push([name, toDescr(field.dtype)]);
    }
    offset = field.offset + field.dtype.itemsize;
  }
  if (dtype.itemsize > offset) out.push(['', `|V${dtype.itemsize - offset}`]);
  return out;
}

/** One displayable scalar inside an element: a column of the grid for structured dtypes. */
export interface Leaf {
  /** `''` for a plain scalar dtype; `outer.inner` for nested fields; `b[1,2]` for subarray items. */
  readonly path: string;
  /** Byte offset of the scalar inside one element. */
  readonly offset: number;
  readonly dtype: ScalarDType;
}

/**
 * Flattens a dtype into its scalar leaves in declared order, expanding nested structs and
 * subarrays (C order). `limit` bounds the work for pathological dtypes (huge subarrays).
 */
export function leaves(dtype: DType, limit = 1_000_000): Leaf[] {
  const out: Leaf[] = [];
  const visit = (dt: DType, path: string, offset: number): void => {
    if (out.length > limit) throw new ArrayscopeError('too-large', `dtype has more than ${limit} scalar fields`);
    if (isScalar(dt)) {
      out.push({ path, offset, dtype: dt });
    } else if (dt.kind === 'struct') {
      for (const f of dt.fields) visit(f.dtype, path ? `${path}.${f.name}` : f.name, offset + f.offset);
    } else {
      const count = dt.shape.reduce((a, b) => a * b, 1);
      for (let i = 0; i < count; i++) {
        visit(dt.base, `${path}[${unravel(i, dt.shape).join(',')}]`, offset + i * dt.base.itemsize);
      }
    }
  };
  visit(dtype, '', 0);
  return out;
}

function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    out[d] = index % n;
    index = Math.floor(index / n);
  }
  return out;
}

/** Creates a scalar dtype, checking the invariants above. */
export function scalar(
  kind: ScalarKind,
  itemsize: number,
  byteorder: ByteOrder = '<',
  unit: DateUnit | null = null,
  unitCount = 1,
): ScalarDType {
  const orderless = itemsize <= 1 || kind === 'bytes' || kind === 'void' || kind === 'bool';
  const bo: ByteOrder = orderless ? '|' : byteorder === '|' ? '<' : byteorder;
  if (kind === 'datetime' || kind === 'timedelta') return { kind, itemsize, byteorder: bo, unit, unitCount };
  return { kind, itemsize, byteorder: bo };
}

const NAMED: Record<string, string> = {
  bool: '?',
  bool_: '?',
  int8: 'i1',
  int16: 'i2',
  int32: 'i4',
  int64: 'i8',
  uint8: 'u1',
  uint16: 'u2',
  uint32: 'u4',
  uint64: 'u8',
  float16: 'f2',
  float32: 'f4',
  float64: 'f8',
  complex64: 'c8',
  complex128: 'c16',
  half: 'f2',
  single: 'f4',
  double: 'f8',
  float: 'f8',
  int: 'i8',
  intp: 'i8',
  uintp: 'u8',
  uint: 'u8',
  long: 'i8',
  ulong: 'u8',
  longlong: 'i8',
  ulonglong: 'u8',
  short: 'i2',
  ushort: 'u2',
  intc: 'i4',
  uintc: 'u4',
  byte: 'i1',
  ubyte: 'u1',
  csingle: 'c8',
  cdouble: 'c16',
  complex: 'c16',
  bytes: 'S',
  bytes_: 'S',
  str: 'U',
  str_: 'U',
  unicode: 'U',
  void: 'V',
  datetime64: 'M8',
  timedelta64: 'm8',
};

/** Single-character codes (`np.dtype('d')`) mapped to explicit typestrs (Linux/macOS LP64). */
const CHAR_CODES: Record<string, string> = {
  '?': 'b1',
  b: 'i1',
  B: 'u1',
  h: 'i2',
  H: 'u2',
  i: 'i4',
  I: 'u4',
  l: 'i8',
  L: 'u8',
  q: 'i8',
  Q: 'u8',
  p: 'i8',
  P: 'u8',
  e: 'f2',
  f: 'f4',
  d: 'f8',
  F: 'c8',
  D: 'c16',
  // long double: resolves to f16/c32, which parseScalarString reports as `unsupported`.
  g: 'f16',
  G: 'c32',
  c: 'S1',
  S: 'S0',
  a: 'S0',
  U: 'U0',
  V: 'V0',
  M: 'M8',
  m: 'm8',
};

const VALID_SIZES: Partial<Record<ScalarKind, readonly number[]>> = {
  bool: [1],
  int: [1, 2, 4, 8],
  uint: [1, 2, 4, 8],
  float: [2, 4, 8],
  complex: [8, 16],
  datetime: [8],
  timedelta: [8],
};

const TYPESTR_RE = /^([<>|=!]?)([a-zA-Z?])(\d*)(?:\[(\d*)([A-Za-z]+)\])?$/;

/**
 * Parses a numpy dtype string as `np.dtype(s)` would for the types Arrayscope supports:
 * typestrs (`<f8`, `|S8`, `>U3`, `M8[10ms]`), single-character codes (`d`, `?`), names
 * (`float32`, `datetime64[ns]`) and comma-separated struct shorthands (`i4,f8` → f0, f1).
 * Object dtypes fail with `unsafe-dtype`; anything else unknown with `bad-dtype`.
 */
export function parseDTypeString(input: string): DType {
  const s = input.trim();
  if (s.includes(',')) return parseCommaStruct(s);
  return parseScalarString(s);
}

function parseScalarString(s: string): ScalarDType {
  if (/^(\|?O\d*|object_?)$/.test(s)) {
    throw new ArrayscopeError('unsafe-dtype', `object dtype '${s}' is refused: its data would be a Python pickle`);
  }
  const named = /^([a-z_]+\d*)(\[.*\])?$/.exec(s);
  if (named && NAMED[named[1]!] !== undefined) return parseScalarString(`${NAMED[named[1]!]}${named[2] ?? ''}`);
  const m = TYPESTR_RE.exec(s);
  if (!m) throw new ArrayscopeError('bad-dtype', `data type '${s}' not understood`);
  const [, orderChar = '', code = '', sizeText = '', unitCount = '', unitText = ''] = m;
  let typeChar = code;
  let size = sizeText;
  if (size === '' && CHAR_CODES[code] !== undefined && !'SaUVMm'.includes(code)) {
    const expanded = CHAR_CODES[code]!;
    typeChar = expanded[0]!;
    size = expanded.slice(1);
  }
  if (typeChar === 'O') {
    throw new ArrayscopeError('unsafe-dtype', `object dtype '${s}' is refused: its data would be a Python pickle`);
  }
  const kind = kindOf(typeChar, s);
  const byteorder: ByteOrder = orderChar === '>' || orderChar === '!' ? '>' : '<';
  if (kind === 'datetime' || kind === 'timedelta') {
    if (size !== '' && size !== '8') throw new ArrayscopeError('bad-dtype', `data type '${s}' not understood`);
    return scalar(kind, 8, byteorder, parseUnit(unitText, s), unitCount === '' ? 1 : Number(unitCount));
  }
  if (unitText !== '') throw new ArrayscopeError('bad-dtype', `data type '${s}' not understood`);
  let itemsize = size === '' ? 0 : Number(size);
  if (kind === 'unicode') itemsize *= 4;
  const valid = VALID_SIZES[kind];
  if (valid && !valid.includes(itemsize)) {
    if (kind === 'float' && (itemsize === 12 || itemsize === 16)) {
      throw new ArrayscopeError('unsupported', `long double '${s}' is platform-specific and not supported`);
    }
    if (kind === 'complex' && (itemsize === 24 || itemsize === 32)) {
      throw new ArrayscopeError('unsupported', `long double complex '${s}' is platform-specific and not supported`);
    }
    throw new ArrayscopeError('bad-dtype', `data type '${s}' not understood`);
  }
  return scalar(kind, itemsize, byteorder);
}

function kindOf(typeChar: string, original: string): ScalarKind {
  switch (typeChar) {
    case 'b':
      return 'bool';
    case 'i':
      return 'int';
    case 'u':
      return 'uint';
    case 'f':
      return 'float';
    case 'c':
      return 'complex';
    case 'S':
    case 'a':
      return 'bytes';
    case 'U':
      return 'unicode';
    case 'V':
      return 'void';
    case 'M':
      return 'datetime';
    case 'm':
      return 'timedelta';
    default:
      throw new ArrayscopeError('bad-dtype', `data type '${original}' not understood`);
  }
}

function parseUnit(text: string, original: string): DateUnit | null {
  if (text === '') return null;
  if (!(DATE_UNITS as readonly string[]).includes(text)) {
    throw new ArrayscopeError('bad-dtype', `data type '${original}' has an unknown datetime unit '${text}'`);
  }
  return text as DateUnit;
}

function parseCommaStruct(s: string): StructDType {
  const parts = s.split(',').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  const fields: StructField[] = [];
  let offset = 0;
  parts.forEach((part, i) => {
    const sub = /^\((\d+(?:\s*,\s*\d+)*)\)(.+)$/.exec(part);
    let dtype: DType = parseScalarString(sub ? sub[2]! : part);
    if (sub) {
      const shape = sub[1]!.split(',').map((x) => Number(x));
      dtype = subarray(dtype, shape);
    }
    fields.push({ name: `f${i}`, title: null, offset, dtype });
    offset += dtype.itemsize;
  });
  return { kind: 'struct', itemsize: offset, fields };
}

export function subarray(base: DType, shape: readonly number[]): SubarrayDType {
  const count = shape.reduce((a, b) => a * b, 1);
  return { kind: 'subarray', itemsize: base.itemsize * count, base, shape: [...shape] };
}

/** A short human name: `float64`, `>int32`, `S8`, `datetime64[ns]`, `struct{a,b}`. */
export function dtypeName(dtype: DType): string {
  if (dtype.kind === 'struct') return `struct{${dtype.fields.map((f) => f.name).join(',')}}`;
  if (dtype.kind === 'subarray') return `(${dtype.shape.join(',')})${dtypeName(dtype.base)}`;
  const prefix = dtype.byteorder === '>' ? '>' : '';
  switch (dtype.kind) {
    case 'bool':
      return 'bool';
    case 'bytes':
      return `S${dtype.itemsize}`;
    case 'unicode':
      return `${prefix}U${dtype.itemsize / 4}`;
    case 'void':
      return `V${dtype.itemsize}`;
    case 'datetime':
    case 'timedelta': {
      const base = dtype.kind === 'datetime' ? 'datetime64' : 'timedelta64';
      const unit = dtype.unit ? `[${dtype.unitCount && dtype.unitCount !== 1 ? dtype.unitCount : ''}${dtype.unit}]` : '';
      return `${prefix}${base}${unit}`;
    }
    default:
      return `${prefix}${dtype.kind}${dtype.itemsize * 8}`;
  }
}

/** True when the dtype or any nested field contains a scalar of the given kind. */
export function containsKind(dtype: DType, kind: ScalarKind): boolean {
  if (isScalar(dtype)) return dtype.kind === kind;
  if (dtype.kind === 'subarray') return containsKind(dtype.base, kind);
  return dtype.fields.some((f) => containsKind(f.dtype, kind));
}
