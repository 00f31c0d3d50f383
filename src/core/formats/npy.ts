/**
 * The .npy format, versions 1.0, 2.0 and 3.0 (numpy/lib/format.py):
 *
 *   \x93NUMPY <major> <minor> <header length: u16 LE (1.0) | u32 LE (2.0, 3.0)> <header> <data>
 *
 * The header is a Python dict literal (latin-1 text for 1.0/2.0, UTF-8 for 3.0) with exactly the
 * keys 'descr', 'fortran_order' and 'shape'. It is parsed by the strict literal parser, never
 * evaluated. Every size the file claims is checked against the real byte count before use, and
 * reads are bounded by MAX_HEADER_BYTES, so a hostile header cannot trigger a large allocation.
 */
import { type ArrayLayout } from '../../shared/array.js';
import { type DType, type Descr, toDescr } from '../../shared/dtype.js';
import { ArrayscopeError } from '../../shared/errors.js';
import { dtypeFromDescrValue, descrRepr, foldSubarray } from './descr.js';
import { located, readAt, withFile } from './fileio.js';
import { type PyValue, parsePyLiteral, pyRepr } from './pyliteral.js';

export const NPY_MAGIC: readonly number[] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Headers longer than this are refused (numpy's own default limit is 10 000 characters). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** numpy pads magic + length + header to a multiple of this. */
const ARRAY_ALIGN = 64;
/** numpy leaves room for the growing axis to reach this many digits (`GROWTH_AXIS_MAX_DIGITS`). */
const GROWTH_AXIS_MAX_DIGITS = 21;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export type NpyVersion = readonly [major: number, minor: number];

export interface NpyPreamble {
  readonly version: NpyVersion;
  /** Length of the header text that follows the preamble. */
  readonly headerLength: number;
  /** 10 for version 1.0, 12 for 2.0 and 3.0. */
  readonly preambleSize: number;
}

export interface NpyHeader {
  readonly version: NpyVersion;
  /** The array: a subarray descr is already folded into dtype and shape. */
  readonly layout: ArrayLayout;
  /** `np.lib.format.dtype_to_descr` of the array's dtype, as JSON. */
  readonly descr: Descr;
  /** Bytes from the magic to the first data byte (numpy's "len(header)"). */
  readonly headerSize: number;
  readonly nbytes: number;
  /** Bytes after the array data inside the bounds (numpy ignores them), or 0. */
  readonly trailingBytes: number;
}

/** Checks the magic and version in the first bytes and reads the header length. */
export function parseNpyPreamble(first: Uint8Array, where: string): NpyPreamble {
  if (first.length === 0) throw new ArrayscopeError('bad-magic', `${where}: not an .npy file (it is empty)`);
  const magicSeen = Math.min(first.length, NPY_MAGIC.length);
  for (let i = 0; i < magicSeen; i++) {
    if (first[i] !== NPY_MAGIC[i]) {
      throw new ArrayscopeError('bad-magic', `${where}: not an .npy file (it does not start with \\x93NUMPY)`);
    }
  }
  if (first.length < 8) throw new ArrayscopeError('truncated', `${where}: file ends inside the .npy magic string`);
  const major = first[6]!;
  const minor = first[7]!;
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    throw new ArrayscopeError('bad-version', `${where}: unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`);
  }
  const preambleSize = major === 1 ? 10 : 12;
  if (first.length < preambleSize) {
    throw new ArrayscopeError('truncated', `${where}: file ends inside the .npy header length field`);
  }
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  return { version: [major, minor], headerLength, preambleSize };
}

/**
 * Checks the header length against the bytes available (`available` counts from the magic) and
 * the size cap; returns how many header bytes to read.
 */
export function checkHeaderLength(pre: NpyPreamble, available: number, where: string): number {
  const end = pre.preambleSize + pre.headerLength;
  if (end > available) {
    throw new ArrayscopeError(
      'truncated',
      `${where}: the header claims ${pre.headerLength} bytes but only ${Math.max(0, available - pre.preambleSize)} bytes follow the header length field`,
    );
  }
  if (pre.headerLength > MAX_HEADER_BYTES) {
    throw new ArrayscopeError('bad-header', `${where}: header too large (${pre.headerLength} bytes, limit ${MAX_HEADER_BYTES})`);
  }
  return pre.headerLength;
}

interface HeaderFields {
  readonly dtype: DType;
  readonly shape: number[];
  readonly fortranOrder: boolean;
}

/** Decodes and validates the header dict text (the bytes after the preamble). */
export function decodeHeaderText(bytes: Uint8Array, version: NpyVersion, where: string): HeaderFields {
  let text: string;
  if (version[0] === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new ArrayscopeError('bad-header', `${where}: version 3.0 header is not valid UTF-8`);
    }
  } else {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  if (text.includes('\0')) throw new ArrayscopeError('bad-header', `${where}: header contains a NUL byte`);
  try {
    const value = parsePyLiteral(text, { allowLongSuffix: version[0] < 3 });
    return headerFields(value);
  } catch (err) {
    throw located(where, err);
  }
}

const EXPECTED_KEYS = ['descr', 'fortran_order', 'shape'] as const;

function headerFields(value: PyValue): HeaderFields {
  if (value.type !== 'dict') throw new ArrayscopeError('bad-header', `header is not a dictionary: ${clip(pyRepr(value))}`);
  // A Python dict keeps the last value of a repeated key; so do we.
  const byKey = new Map<string, PyValue>();
  const extra: string[] = [];
  for (const [key, v] of value.entries) {
    if (key.type === 'str' && (EXPECTED_KEYS as readonly string[]).includes(key.value)) byKey.set(key.value, v);
    else extra.push(clip(pyRepr(key)));
  }
  const missing = EXPECTED_KEYS.filter((k) => !byKey.has(k)).map((k) => `'${k}'`);
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''];
    throw new ArrayscopeError('bad-header', `header must have exactly the keys 'descr', 'fortran_order', 'shape' (${parts.filter(Boolean).join('; ')})`);
  }
  const shapeValue = byKey.get('shape')!;
  const fortranValue = byKey.get('fortran_order')!;
  if (fortranValue.type !== 'bool') {
    throw new ArrayscopeError('bad-header', `fortran_order is not a valid bool: ${clip(pyRepr(fortranValue))}`);
  }
  const shape = shapeFromValue(shapeValue);
  const dtype = dtypeFromDescrValue(byKey.get('descr')!);
  return { dtype, shape, fortranOrder: fortranValue.value };
}

function shapeFromValue(value: PyValue): number[] {
  const valid =
    value.type === 'tuple' && value.items.every((d) => d.type === 'int' && d.value >= 0n && d.value <= MAX_SAFE);
  if (!valid) {
    throw new ArrayscopeError('bad-header', `shape is not valid (a tuple of non-negative integers is required): ${clip(pyRepr(value))}`);
  }
  return value.items.map((d) => Number((d as { value: bigint }).value));
}

/** A shape as Python prints it: `()`, `(5,)`, `(3, 4)`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Bytes of an array of this shape and dtype; refuses sizes of 2^53 or more. Zero-length axes are
 * skipped in the overflow check (as numpy does), so strides over the other axes stay exact too.
 */
export function checkedNbytes(
  shape: readonly number[],
  dtype: DType,
  where: string,
  kind: 'bad-header' | 'bad-value' = 'bad-header',
): number {
  let product = BigInt(Math.max(dtype.itemsize, 1));
  let hasZero = dtype.itemsize === 0;
  for (const n of shape) {
    if (n === 0) hasZero = true;
    else product *= BigInt(n);
  }
  if (product > MAX_SAFE) {
    throw new ArrayscopeError(kind, `${where}: array of shape ${shapeText(shape)} with item size ${dtype.itemsize} is too large (2^53 bytes or more)`);
  }
  return hasZero ? 0 : Number(product);
}

/**
 * Completes a header: folds a subarray dtype into the shape, computes nbytes and checks that the
 * data fits in `available` bytes counted from the magic at `baseOffset`.
 */
export function finishHeader(
  pre: NpyPreamble,
  fields: HeaderFields,
  baseOffset: number,
  available: number,
  where: string,
): NpyHeader {
  const { dtype, shape } = foldSubarray(fields.dtype, fields.shape);
  const nbytes = checkedNbytes(shape, dtype, where);
  const headerSize = pre.preambleSize + pre.headerLength;
  const present = available - headerSize;
  if (nbytes > present) {
    throw new ArrayscopeError(
      'truncated',
      `${where}: data is truncated: shape ${shapeText(shape)} needs ${nbytes} bytes after the ${headerSize}-byte header, but only ${present} bytes are there`,
    );
  }
  const layout: ArrayLayout = { dtype, shape, fortranOrder: fields.fortranOrder, dataOffset: baseOffset + headerSize };
  return { version: pre.version, layout, descr: toDescr(dtype), headerSize, nbytes, trailingBytes: present - nbytes };
}

export interface NpyBounds {
  /** Absolute end of the .npy bytes (an npz member's end); defaults to the file size. */
  readonly end?: number;
  /** How errors name the data, e.g. `data.npz (member 'a.npy')`; defaults to the path. */
  readonly where?: string;
}

/** Reads and validates the header of an .npy file, or of .npy bytes stored at `offset` in a file. */
export async function readNpyHeader(path: string, offset = 0, bounds: NpyBounds = {}): Promise<NpyHeader> {
  const where = bounds.where ?? path;
  return withFile(path, async (handle, size) => {
    const end = bounds.end ?? size;
    if (end > size || offset > end) {
      throw new ArrayscopeError('truncated', `${where}: the data should end at byte ${end} but the file has only ${size} bytes`);
    }
    const available = end - offset;
    const first = await readAt(handle, offset, Math.min(12, available), path);
    const pre = parseNpyPreamble(first, where);
    const length = checkHeaderLength(pre, available, where);
    const text = await readAt(handle, offset + pre.preambleSize, length, path);
    const fields = decodeHeaderText(text, pre.version, where);
    return finishHeader(pre, fields, offset, available, where);
  });
}

/** Parses a complete in-memory .npy prefix (magic + header, data optional). */
export function parseNpyHeader(bytes: Uint8Array, available: number, where: string): NpyHeader {
  const pre = parseNpyPreamble(bytes.subarray(0, 12), where);
  const length = checkHeaderLength(pre, available, where);
  if (bytes.length < pre.preambleSize + length) throw new ArrayscopeError('truncated', `${where}: header is incomplete`);
  const fields = decodeHeaderText(bytes.subarray(pre.preambleSize, pre.preambleSize + length), pre.version, where);
  return finishHeader(pre, fields, 0, available, where);
}

/**
 * The header numpy writes for an array with this layout (`np.save`, `open_memmap`): the dict in
 * sorted key order with numpy's spacing, room for the growing axis, space padding and a newline
 * to a multiple of 64 bytes, as format 1.0 when it fits, 2.0 when it does not, 3.0 when the
 * text is not latin-1. A subarray dtype is folded into the shape first, as numpy does.
 */
export function encodeNpyHeader(layout: Pick<ArrayLayout, 'dtype' | 'shape' | 'fortranOrder'>): Uint8Array {
  for (const n of layout.shape) {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ArrayscopeError('bad-value', `shape entries must be non-negative integers, got ${n}`);
    }
  }
  const { dtype, shape } = foldSubarray(layout.dtype, layout.shape);
  let text = `{'descr': ${descrRepr(dtype)}, 'fortran_order': ${layout.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText(shape)}, }`;
  if (shape.length > 0) {
    const growing = shape[layout.fortranOrder ? shape.length - 1 : 0]!;
    text += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growing).length));
  }
  const isLatin1 = [...text].every((ch) => ch.charCodeAt(0) <= 0xff);
  if (isLatin1) {
    const body = Buffer.from(text, 'latin1');
    return wrapHeader(body, 1) ?? wrapHeader(body, 2) ?? tooLarge(body.length);
  }
  const body = Buffer.from(text, 'utf8');
  return wrapHeader(body, 3) ?? tooLarge(body.length);
}

function tooLarge(length: number): never {
  throw new ArrayscopeError('too-large', `an .npy header of ${length} bytes cannot be written`);
}

/** numpy's `_wrap_header`: null when the length does not fit the version's length field. */
function wrapHeader(body: Buffer, major: 1 | 2 | 3): Uint8Array | null {
  const preambleSize = major === 1 ? 10 : 12;
  const withNewline = body.length + 1;
  const padding = ARRAY_ALIGN - ((preambleSize + withNewline) % ARRAY_ALIGN);
  const headerLength = withNewline + padding;
  if (headerLength > (major === 1 ? 0xffff : 0xffffffff)) return null;
  const out = Buffer.alloc(preambleSize + headerLength, 0x20);
  out.set(NPY_MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) out.writeUInt16LE(headerLength, 8);
  else out.writeUInt32LE(headerLength, 8);
  body.copy(out, preambleSize);
  out[out.length - 1] = 0x0a;
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
