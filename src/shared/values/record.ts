/**
 * Text of a whole element: for a structured dtype, numpy's `str(np.void record)` —
 * `(1, 2.5, b'ab')`, `(7,)` for one field — which numpy builds with its array-printing
 * formatters (arrayprint.StructuredVoidFormat / SubArrayFormat, default print options):
 * - float fields print as `str()` of the scalar; complex fields through ComplexFloatingFormat;
 * - ints are right-aligned to the widest value of the same field, bools are ' True' inside
 *   arrays, bytes/unicode print as Python reprs (`b'ab'`, `'xy'`), datetimes as quoted ISO text,
 *   timedeltas as the bare count, NaT as `'NaT'`, all right-aligned within the field;
 * - subarray fields print as nested lists, summarised with "..." (3 edge items per dimension)
 *   when a subarray has more than 1000 elements.
 * A formatter is built from every value it will print (numpy's `data`), so alignment is shared
 * by the elements of a subarray exactly as numpy shares it.
 */
import { isScalar, type DType, type ScalarDType, type SubarrayDType } from '../dtype.js';
import { complexFormatter } from './array-float.js';
import { datetimeText, NAT } from './datetime.js';
import { isLittleEndian, readBytes, readFloat, readInteger, type Complex } from './decode.js';
import type { FloatWidth } from './float-text.js';
import { scalarText } from './format.js';
import { bytesRepr, decodeUtf32, strippedLength, stringRepr, voidText } from './text.js';

type Formatter = (off: number) => string;

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** numpy's `str()` of the element at `byteOffset`: the scalar's text, or the record's. */
export function formatElement(dtype: DType, view: DataView, byteOffset: number): string {
  if (isScalar(dtype)) return scalarText(dtype, view, byteOffset);
  return formatterFor(dtype, view, [byteOffset], true)(byteOffset);
}

/** numpy's `_get_format_function(data)` where `data` is the values of `dt` at `offsets`. */
function formatterFor(dt: DType, view: DataView, offsets: readonly number[], zeroDim: boolean): Formatter {
  if (dt.kind === 'struct') {
    const fields = dt.fields.map((f) => formatterFor(f.dtype, view, offsets.map((o) => o + f.offset), zeroDim));
    return (off) => {
      const parts = dt.fields.map((f, i) => fields[i]!(off + f.offset));
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    };
  }
  if (dt.kind === 'subarray') return subarrayFormatter(dt, view, offsets);
  return scalarFormatter(dt, view, offsets, zeroDim);
}

/** Nested subarrays print as one array of the combined shape, as numpy merges them. */
function flatten(dt: SubarrayDType): { shape: number[]; base: DType } {
  const shape = [...dt.shape];
  let base = dt.base;
  while (base.kind === 'subarray') {
    shape.push(...base.shape);
    base = base.base;
  }
  return { shape, base };
}

function subarrayFormatter(dt: SubarrayDType, view: DataView, offsets: readonly number[]): Formatter {
  const { shape, base } = flatten(dt);
  const count = shape.reduce((a, b) => a * b, 1);
  const all: number[] = [];
  for (const o of offsets) for (let i = 0; i < count; i++) all.push(o + i * base.itemsize);
  const element = formatterFor(base, view, all, false);
  const strides = shape.map((_, d) => base.itemsize * shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const summarize = count > SUMMARY_THRESHOLD;
  const nested = (off: number, dim: number): string => {
    if (dim === shape.length) return element(off);
    const n = shape[dim]!;
    const item = (i: number): string => nested(off + i * strides[dim]!, dim + 1);
    const parts: string[] = [];
    if (summarize && n > 2 * EDGE_ITEMS) {
      for (let i = 0; i < EDGE_ITEMS; i++) parts.push(item(i));
      parts.push('...');
      for (let i = n - EDGE_ITEMS; i < n; i++) parts.push(item(i));
    } else {
      for (let i = 0; i < n; i++) parts.push(item(i));
    }
    return `[${parts.join(', ')}]`;
  };
  return (off) => nested(off, 0);
}

function scalarFormatter(dt: ScalarDType, view: DataView, offsets: readonly number[], zeroDim: boolean): Formatter {
  const le = isLittleEndian(dt);
  switch (dt.kind) {
    case 'bool': {
      const trueText = zeroDim ? 'True' : ' True';
      return (off) => (view.getUint8(off) !== 0 ? trueText : 'False');
    }
    case 'int':
    case 'uint': {
      const width = offsets.reduce((m, o) => Math.max(m, readInteger(dt, view, o).toString().length), 0);
      return (off) => readInteger(dt, view, off).toString().padStart(width);
    }
    case 'complex': {
      const half = dt.itemsize / 2;
      const read = (off: number): Complex => ({ re: readFloat(half, le, view, off), im: readFloat(half, le, view, off + half) });
      const format = complexFormatter(offsets.map(read), half as FloatWidth);
      return (off) => format(read(off));
    }
    case 'bytes':
      return (off) => {
        const data = readBytes(dt, view, off);
        return bytesRepr(data, strippedLength(data));
      };
    case 'unicode':
      return (off) => stringRepr(decodeUtf32(view, off, dt.itemsize / 4, le));
    case 'void':
      return (off) => voidText(readBytes(dt, view, off));
    case 'datetime':
    case 'timedelta':
      return timelikeFormatter(dt, view, offsets);
    default:
      return (off) => scalarText(dt, view, off);
  }
}

/** numpy's _TimelikeFormat: quoted ISO text (datetime) or bare count (timedelta), right-aligned. */
function timelikeFormatter(dt: ScalarDType, view: DataView, offsets: readonly number[]): Formatter {
  const unit = dt.unit ?? null;
  const text = (v: bigint): string => (dt.kind === 'datetime' ? `'${datetimeText(v, unit, dt.unitCount ?? 1)}'` : v.toString());
  const values = offsets.map((o) => readInteger(dt, view, o));
  const present = values.filter((v) => v !== NAT);
  let width = 0;
  if (present.length > 0) {
    const max = present.reduce((a, b) => (b > a ? b : a));
    const min = present.reduce((a, b) => (b < a ? b : a));
    width = Math.max(text(max).length, text(min).length);
  }
  if (present.length < values.length) width = Math.max(width, 5);
  return (off) => {
    const v = readInteger(dt, view, off);
    return (v === NAT ? "'NaT'" : text(v)).padStart(width);
  };
}
