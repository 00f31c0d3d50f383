/**
 * numpy reference data for the value layer, produced by test/fixtures/values/make_value_reference.py:
 * the committed 'small' set (always available) and, when numpy is installed, the 'full' set
 * generated live (all float16 patterns, ~260k float32 patterns, ...).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDTypeString, subarray, type DType } from '../../../src/shared/dtype.js';
import type { JsonValue } from '../../../src/shared/values/index.js';
import { hasNumpy, NO_NUMPY_REASON, python } from '../../helpers/python.js';

/** A test title that says why it is skipped when numpy is missing. */
export function numpyTitle(title: string): string {
  return hasNumpy ? title : `${title} (skipped: ${NO_NUMPY_REASON})`;
}

export type DTypeJson =
  | string
  | { kind: 'struct'; itemsize: number; fields: { name: string; offset: number; dtype: DTypeJson }[] }
  | { kind: 'subarray'; shape: number[]; base: DTypeJson };

export interface ReferenceGroup {
  dtype: DTypeJson;
  /** [item bytes as hex, str(x), JSON form] */
  cases: [string, string, JsonValue][];
  /** [item hex, precision or null, np.format_float_positional text, np.format_float_scientific text] */
  formats?: [string, number | null, string, string][];
  /** [user text, stored bytes as hex, or null when an error is expected] */
  parse?: [string, string | null][];
}

export interface Reference {
  numpy: string;
  size: 'small' | 'full';
  groups: ReferenceGroup[];
}

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/values');
export const FIXTURE_FILE = path.join(FIXTURE_DIR, 'values-reference.json');

export function committedReference(): Reference {
  return JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as Reference;
}

const live = new Map<string, Reference>();

/** Runs the committed generator with numpy ('full' for the live tests, 'small' to check the fixture); cached. */
export function liveReference(size: 'small' | 'full'): Reference {
  const cached = live.get(size);
  if (cached) return cached;
  const script = `sys.dont_write_bytecode = True\nsys.path.insert(0, ${JSON.stringify(FIXTURE_DIR)})\nimport make_value_reference\nmake_value_reference.main(sys.argv[1])\n`;
  const ref = JSON.parse(python(script, [size])) as Reference;
  live.set(size, ref);
  return ref;
}

export function toDType(j: DTypeJson): DType {
  if (typeof j === 'string') return parseDTypeString(j);
  if (j.kind === 'struct') {
    const fields = j.fields.map((f) => ({ name: f.name, title: null, offset: f.offset, dtype: toDType(f.dtype) }));
    return { kind: 'struct', itemsize: j.itemsize, fields };
  }
  return subarray(toDType(j.base), j.shape);
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A view holding the item at a non-zero, odd offset inside a larger buffer, so that tests also
 * cover unaligned reads and views that do not start at their buffer's start.
 */
export function embedded(hex: string): { view: DataView; offset: number } {
  const item = fromHex(hex);
  const buffer = new Uint8Array(item.length + 11);
  buffer.set(item, 7);
  return { view: new DataView(buffer.buffer, 2, item.length + 8), offset: 5 };
}

/** A short label for messages: the dtype's typestr or "struct". */
export function label(j: DTypeJson): string {
  return typeof j === 'string' ? j : j.kind;
}

/** Collects at most `limit` mismatch descriptions, counting all of them. */
export class Mismatches {
  readonly shown: string[] = [];
  count = 0;
  constructor(private readonly limit = 12) {}
  add(description: string): void {
    this.count++;
    if (this.shown.length < this.limit) this.shown.push(description);
  }
  summary(): string[] {
    return this.count > this.shown.length ? [...this.shown, `… ${this.count - this.shown.length} more`] : this.shown;
  }
}
