import { describe, expect, it } from 'vitest';
import { descrRepr, dtypeFromDescr, dtypeFromDescrValue } from '../../../src/core/formats/descr.js';
import { parsePyLiteral } from '../../../src/core/formats/pyliteral.js';
import { type DType, type Descr, type StructDType, parseDTypeString, toDescr } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson } from '../../helpers/python.js';

const fromText = (text: string): DType => dtypeFromDescrValue(parsePyLiteral(text));

function kindOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof ArrayscopeError ? err.kind : `not an ArrayscopeError: ${String(err)}`;
  }
}

/** Descr texts with numpy's descr_to_dtype semantics worth pinning down. */
const CASES = [
  "'<f8'",
  "'>M8[10ms]'",
  "'|b1'",
  "'i4,f8'",
  "'c'",
  "[('a', '<i4'), ('b', '<f8')]",
  "[('', '|V4'), ('a', '<i4'), ('', '|V2')]",
  "[('', '<f8', (2,)), ('b', '<i4')]",
  "[('', [('x', '<i4')], (2,)), ('b', '<i4')]",
  "[('', [('x', '<i4')]), ('b', '<i4')]",
  "[('', '<i4'), ('b', '<f8')]",
  "[(('Alpha', 'a'), '<i4'), (('Beta', 'b'), '<f8')]",
  "[('p', [('x', '<f4'), ('y', '>f4')]), ('id', '<u2')]",
  "[('v', '<f8', (3,)), ('m', '<i2', (2, 2)), ('n', '<i2', 3), ('z', '<u1', ())]",
  "[('a', ('<f8', (2,)), (3,))]",
  "[['a', '<f8'], ('b', 'S3')]",
  "[('a', '<U2'), ('b', '>m8[us]'), ('c', '<M8')]",
  '[]',
  "[('a', '|V4'), ('b', '<f8', (0,))]",
];

describe('dtypeFromDescrValue (numpy descr_to_dtype semantics)', () => {
  it('drops padding entries but keeps their bytes', () => {
    const dt = fromText("[('', '|V4'), ('a', '<i4'), ('', '|V2')]") as StructDType;
    expect(dt.itemsize).toBe(10);
    expect(dt.fields.map((f) => [f.name, f.offset])).toEqual([['a', 4]]);
    expect(toDescr(dt)).toEqual([['', '|V4'], ['a', '<i4'], ['', '|V2']]);
  });

  it('treats void subarrays with an empty name as padding, but not other empty-named fields', () => {
    const pad = fromText("[('', '<f8', (2,)), ('b', '<i4')]") as StructDType;
    expect(pad.fields.map((f) => [f.name, f.offset])).toEqual([['b', 16]]);
    const named = fromText("[('', '<i4'), ('b', '<f8')]") as StructDType;
    expect(named.fields.map((f) => [f.name, f.offset])).toEqual([['', 0], ['b', 4]]);
  });

  it('keeps titles and nested structs, and merges nested subarrays', () => {
    const titled = fromText("[(('Alpha', 'a'), '<i4')]") as StructDType;
    expect(titled.fields[0]).toMatchObject({ name: 'a', title: 'Alpha', offset: 0 });
    const nested = fromText("[('a', ('<f8', (2,)), (3,))]") as StructDType;
    expect(nested.fields[0]!.dtype).toMatchObject({ kind: 'subarray', shape: [3, 2], itemsize: 48 });
    expect(fromText("(('<f8', (2,)), (3,))")).toMatchObject({ kind: 'subarray', shape: [3, 2] });
    expect(fromText("('<i2', 4)")).toMatchObject({ kind: 'subarray', shape: [4], itemsize: 8 });
    expect(fromText("('<i2', ())")).toEqual(parseDTypeString('<i2'));
  });

  it('refuses object dtypes anywhere with unsafe-dtype', () => {
    expect(kindOf(() => fromText("'|O'"))).toBe('unsafe-dtype');
    expect(kindOf(() => fromText("'O'"))).toBe('unsafe-dtype');
    expect(kindOf(() => fromText("[('a', '<i4'), ('s', [('t', [('u', '|O')])])]"))).toBe('unsafe-dtype');
    expect(kindOf(() => fromText("[('a', '|O', (2,))]"))).toBe('unsafe-dtype');
    expect(kindOf(() => fromText("('|O8', (2,))"))).toBe('unsafe-dtype');
  });

  it('classifies bad descrs', () => {
    expect(kindOf(() => fromText("'<x4'"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("'<f16'"))).toBe('unsupported');
    expect(kindOf(() => fromText("'g'"))).toBe('unsupported');
    expect(kindOf(() => fromText("'G'"))).toBe('unsupported');
    expect(kindOf(() => fromText('3'))).toBe('bad-dtype');
    expect(kindOf(() => fromText('None'))).toBe('bad-dtype');
    expect(kindOf(() => fromText("{'names': ['a']}"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[('a', '<i4'), ('a', '<f8')]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[(('a', 'a'), '<i4')]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[(('t', 'a'), '<i4'), ('t', '<f8')]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[(1, '<f8')]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[('a', '<f8', (2,), 5)]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[('a', '<f8', -1)]"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("('<f8', (2147483648,))"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("('<f8', (2147483647, 2147483647, 2147483647))"))).toBe('bad-dtype');
    expect(kindOf(() => fromText("[('a', '<f8', (2.5,))]"))).toBe('bad-header');
  });

  it('checks the structure of JSON descrs from outside', () => {
    const bad: unknown[] = [5, null, [['a']], [['a', '<f8', [1.5]]], [['a', '<f8', [-1]]], [[['t'], '<f8']], [[1, '<f8']], ['<f8']];
    for (const descr of bad) expect(kindOf(() => dtypeFromDescr(descr as Descr)), JSON.stringify(descr)).toBe('bad-dtype');
  });

  it('reads the JSON form (toDescr output) back to the same dtype', () => {
    for (const text of CASES) {
      const dt = fromText(text);
      if (dt.kind === 'subarray') continue;
      expect(dtypeFromDescr(toDescr(dt))).toEqual(dt);
    }
  });
});

describe.skipIf(!hasNumpy)(`descr cases against numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  it('gives numpy’s itemsize, fields, offsets, titles and dtype_to_descr for every case', () => {
    const expected = pythonJson<{ itemsize: number; descr: unknown; repr: string; fields: [string, string | null, number][] }[]>(
      `import ast
from numpy.lib import format as F
def js(d):
    return [js(x) for x in d] if isinstance(d, (list, tuple)) else d
out = []
for text in json.loads(sys.argv[1]):
    dt = F.descr_to_dtype(ast.literal_eval(text))
    fields = [] if dt.names is None else [[n, (dt.fields[n][2] if len(dt.fields[n]) > 2 else None), dt.fields[n][1]] for n in dt.names]
    d = F.dtype_to_descr(dt)
    out.append({'itemsize': dt.itemsize, 'descr': js(d), 'repr': repr(d), 'fields': fields})
print(json.dumps(out))`,
      [JSON.stringify(CASES)],
    );
    CASES.forEach((text, i) => {
      const dt = fromText(text);
      const e = expected[i]!;
      expect(dt.itemsize, text).toBe(e.itemsize);
      const fields = dt.kind === 'struct' ? dt.fields.map((f) => [f.name, f.title, f.offset]) : [];
      expect(fields, text).toEqual(e.fields);
      // Merged nested subarrays are the one place our descr differs in form (not in bytes).
      if (text.includes("('<f8', (2,)), (3,)")) {
        expect(toDescr(dt)).toEqual([['a', '<f8', [3, 2]]]);
      } else {
        expect(toDescr(dt), text).toEqual(e.descr);
        expect(descrRepr(dt), text).toBe(e.repr);
      }
    });
  });
});
