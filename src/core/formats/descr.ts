/**
 * The `descr` entry of an .npy header ⇄ the DType model, with the semantics of numpy's
 * `np.lib.format.descr_to_dtype` and `dtype_to_descr`.
 *
 * Reading: a typestr goes through `parseDTypeString`; a list of `(name, descr[, shape])` fields
 * becomes a struct whose offsets are the running sum of item sizes, where `('', <void>)` entries
 * (including void subarrays) are padding that advances the offset without being a field; a
 * tuple `(descr, shape)` is a subarray. Object dtypes anywhere fail with `unsafe-dtype`.
 *
 * Nested subarrays (`(('<f8', (2,)), (3,))`) are merged into one subarray of shape (3, 2): the
 * bytes and the C-order element sequence are identical, and the model has one subarray level.
 */
import {
  type DType,
  type Descr,
  type DescrField,
  type StructField,
  parseDTypeString,
  subarray,
  toDescr,
} from '../../shared/dtype.js';
import { ArrayscopeError } from '../../shared/errors.js';
import { type PyValue, py, pyRepr } from './pyliteral.js';

/** numpy stores subarray dimensions as C ints. */
const MAX_SUBARRAY_DIM = 2 ** 31 - 1;

/** A value for an error message, cut short: headers can be megabytes long. */
function show(value: PyValue): string {
  const text = pyRepr(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function badDescr(problem: string): never {
  throw new ArrayscopeError('bad-dtype', `descr is not a valid dtype descriptor: ${problem}`);
}

/** numpy's `descr_to_dtype` for a parsed header value. May return a top-level SubarrayDType. */
export function dtypeFromDescrValue(value: PyValue, depth = 0): DType {
  if (depth > 64) badDescr('nested more than 64 levels deep');
  switch (value.type) {
    case 'str':
      return parseDTypeString(value.value);
    case 'tuple': {
      if (value.items.length !== 2) badDescr(`a subarray must be (descr, shape), got ${show(value)}`);
      return withShape(dtypeFromDescrValue(value.items[0]!, depth + 1), value.items[1]!);
    }
    case 'list':
      return structFromFields(value.items, depth);
    default:
      return badDescr(`expected a string, list or tuple, got ${show(value)}`);
  }
}

/** The same for numpy's `descr` in JSON form (as `toDescr` produces it). */
export function dtypeFromDescr(descr: Descr): DType {
  return dtypeFromDescrValue(descrToPy(descr));
}

/** JSON descr → Python value, checking its structure since JSON may come from outside. */
function descrToPy(descr: Descr): PyValue {
  if (typeof descr === 'string') return py.str(descr);
  if (!Array.isArray(descr)) badDescr(`expected a string or a list, got ${JSON.stringify(descr)}`);
  return py.list(descr.map((field: DescrField) => fieldToPy(field)));
}

function fieldToPy(field: DescrField): PyValue {
  const [name, sub, shape] = Array.isArray(field) ? field : [];
  const validName = typeof name === 'string' || (Array.isArray(name) && name.length === 2 && name.every((n) => typeof n === 'string'));
  const validShape = shape === undefined || (Array.isArray(shape) && shape.every((n) => Number.isSafeInteger(n) && n >= 0));
  if (!Array.isArray(field) || field.length < 2 || field.length > 3 || !validName || !validShape) {
    badDescr(`field ${JSON.stringify(field)} is not [name, descr] or [name, descr, shape]`);
  }
  const items: PyValue[] = [Array.isArray(name) ? py.tuple(name.map((n) => py.str(n))) : py.str(name!), descrToPy(sub!)];
  if (shape !== undefined) items.push(py.tuple(shape.map((n) => py.int(n))));
  return py.tuple(items);
}

/** `np.dtype((base, shape))`: shape is an int or a tuple of ints; `()` means base itself. */
function withShape(base: DType, shapeValue: PyValue): DType {
  const dims: PyValue[] =
    shapeValue.type === 'int' ? [shapeValue] : shapeValue.type === 'tuple' ? [...shapeValue.items] : [];
  if (shapeValue.type !== 'int' && shapeValue.type !== 'tuple') badDescr(`invalid subarray shape ${show(shapeValue)}`);
  const shape = dims.map((d) => {
    if (d.type !== 'int' || d.value < 0n || d.value > BigInt(MAX_SUBARRAY_DIM)) {
      badDescr(`invalid subarray dimension ${show(d)} in ${show(shapeValue)}`);
    }
    return Number(d.value);
  });
  return makeSubarray(base, shape);
}

/** A subarray, merged with a subarray base and checked to have a safe item size. */
export function makeSubarray(base: DType, shape: readonly number[]): DType {
  if (shape.length === 0) return base;
  if (base.kind === 'subarray') return makeSubarray(base.base, [...shape, ...base.shape]);
  const total = shape.reduce((a, n) => a * BigInt(n), BigInt(base.itemsize));
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) badDescr(`subarray of shape (${shape.join(', ')}) is too large`);
  return subarray(base, shape);
}

function structFromFields(items: readonly PyValue[], depth: number): DType {
  const fields: StructField[] = [];
  const used = new Set<string>();
  let offset = 0;
  for (const item of items) {
    if ((item.type !== 'tuple' && item.type !== 'list') || item.items.length < 2 || item.items.length > 3) {
      badDescr(`field ${show(item)} is not (name, descr) or (name, descr, shape)`);
    }
    const [nameValue, subValue, shapeValue] = item.items as [PyValue, PyValue, PyValue | undefined];
    let dtype = dtypeFromDescrValue(subValue, depth + 1);
    if (shapeValue !== undefined) dtype = withShape(dtype, shapeValue);
    const { name, title } = fieldName(nameValue);
    // numpy: `name == '' and dt.type is np.void and dt.names is None` is padding.
    const isPadding = nameValue.type === 'str' && name === '' && (dtype.kind === 'void' || dtype.kind === 'subarray');
    if (!isPadding) {
      for (const label of title === null ? [name] : [title, name]) {
        if (used.has(label)) badDescr(`field name or title '${label}' is used twice`);
        used.add(label);
      }
      fields.push({ name, title, offset, dtype });
    }
    offset += dtype.itemsize;
    if (offset > Number.MAX_SAFE_INTEGER) badDescr('structured item size is too large');
  }
  return { kind: 'struct', itemsize: offset, fields };
}

function fieldName(value: PyValue): { name: string; title: string | null } {
  if (value.type === 'str') return { name: value.value, title: null };
  if (value.type === 'tuple' && value.items.length === 2) {
    const [title, name] = value.items as [PyValue, PyValue];
    if (title.type === 'str' && name.type === 'str') return { name: name.value, title: title.value };
  }
  return badDescr(`field name ${show(value)} is not a string or a (title, name) pair of strings`);
}

/**
 * numpy's `dtype_to_descr` as a Python value (a typestr, or a list of field tuples with
 * `('', '|Vn')` padding entries). A top-level subarray must be folded into the shape first.
 */
export function descrValue(dtype: DType): PyValue {
  return descrToPy(toDescr(dtype));
}

/** `repr(np.lib.format.dtype_to_descr(dtype))`, the text numpy writes into a header. */
export function descrRepr(dtype: DType): string {
  return pyRepr(descrValue(dtype));
}

/**
 * numpy folds a subarray dtype into the array: shape (3, 4) of `('<i2', (2,))` is a (3, 4, 2)
 * array of `<i2` (C or Fortran order over the combined shape, as `np.load(mmap_mode=...)` does).
 */
export function foldSubarray(dtype: DType, shape: readonly number[]): { dtype: DType; shape: number[] } {
  if (dtype.kind !== 'subarray') return { dtype, shape: [...shape] };
  return { dtype: dtype.base, shape: [...shape, ...dtype.shape] };
}
