import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RawParams, rawLayout } from '../../../src/core/formats/raw.js';
import { parseDTypeString, toDescr } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../../helpers/python.js';

function failure(fn: () => unknown): { kind: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    return { kind: (err as ArrayscopeError).kind, message: (err as ArrayscopeError).message };
  }
  throw new Error('expected a failure');
}

describe('rawLayout (numpy.memmap parameters)', () => {
  it('infers a 1-D shape from the file size when the shape is omitted', () => {
    const r = rawLayout(30, { dtype: '<u2' }, 'f.bin');
    expect(r.layout).toEqual({ dtype: parseDTypeString('<u2'), shape: [15], fortranOrder: false, dataOffset: 0 });
    expect(r.nbytes).toBe(30);
    expect(r.warning).toBeNull();
    expect(rawLayout(30, { dtype: '<u2', shape: null, offset: 30 }, 'f.bin').layout.shape).toEqual([0]);
  });

  it('infers one -1 and refuses two', () => {
    expect(rawLayout(4 + 48, { dtype: '>i4', shape: [-1, 3], offset: 4 }, 'f.bin').layout.shape).toEqual([4, 3]);
    expect(rawLayout(48, { dtype: '<f8', shape: [2, -1], order: 'F' }, 'f.bin').layout).toMatchObject({ shape: [2, 3], fortranOrder: true });
    expect(failure(() => rawLayout(48, { dtype: '<f8', shape: [-1, -1] }, 'f.bin')).kind).toBe('bad-value');
    expect(failure(() => rawLayout(48, { dtype: '<f8', shape: [5, -1] }, 'f.bin')).kind).toBe('size-mismatch');
  });

  it('explains a size that is not a multiple of the item size', () => {
    const err = failure(() => rawLayout(31, { dtype: '<u2', offset: 0 }, 'odd.bin'));
    expect(err.kind).toBe('size-mismatch');
    expect(err.message).toContain('odd.bin');
    expect(err.message).toContain('31 bytes after offset is not a multiple of the item size 2');
  });

  it('refuses a file too small for the shape, with both sizes', () => {
    const err = failure(() => rawLayout(100, { dtype: '<f8', shape: [4, 4], offset: 8 }, 'small.bin'));
    expect(err.kind).toBe('size-mismatch');
    expect(err.message).toMatch(/needs 128 bytes .* only 92 bytes/);
  });

  it('allows a larger file with a warning, as numpy.memmap does', () => {
    const r = rawLayout(100, { dtype: '<f8', shape: [2, 3] }, 'big.bin');
    expect(r.layout.shape).toEqual([2, 3]);
    expect(r.warning).toMatch(/big\.bin: 52 bytes after the array/);
  });

  it('refuses offsets beyond the file and bad values', () => {
    expect(failure(() => rawLayout(10, { dtype: '<u1', offset: 11 }, 'f')).kind).toBe('size-mismatch');
    const bad: RawParams[] = [
      { dtype: '<u1', offset: -1 },
      { dtype: '<u1', offset: 1.5 },
      { dtype: '<u1', shape: [-2] },
      { dtype: '<u1', shape: [2.5] },
      { dtype: '<u1', shape: [Number.NaN] },
      { dtype: '<u1', order: 'X' as 'C' },
      { dtype: 'V0' },
    ];
    for (const params of bad) expect(failure(() => rawLayout(10, params, 'f')).kind, JSON.stringify(params)).toBe('bad-value');
  });

  it('takes dtype strings and DType objects, refusing object and unknown dtypes', () => {
    expect(rawLayout(16, { dtype: 'i4,f4', shape: 2 }, 'f').layout.dtype.kind).toBe('struct');
    expect(rawLayout(16, { dtype: parseDTypeString('>c8') }, 'f').layout.shape).toEqual([2]);
    expect(failure(() => rawLayout(16, { dtype: 'O' }, 'f')).kind).toBe('unsafe-dtype');
    expect(failure(() => rawLayout(16, { dtype: 'nope' }, 'f'))).toMatchObject({ kind: 'bad-dtype', message: expect.stringMatching(/^f: /) });
  });

  it('refuses arrays of 2^53 bytes or more', () => {
    expect(failure(() => rawLayout(8, { dtype: '<f8', shape: [2 ** 50, 8] }, 'f')).kind).toBe('bad-value');
  });
});

describe.skipIf(!hasNumpy)(`rawLayout against numpy.memmap (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  const { dir, cleanup } = tempDir('arrayscope-raw-');
  afterAll(cleanup);

  it('accepts and refuses what numpy.memmap does, with the same shape, offset and dtype', () => {
    const file = path.join(dir, 'data.bin');
    writeFileSync(file, Buffer.alloc(30, 1));
    const cases: { dtype: string; shape?: number[] | null; offset?: number; order?: 'C' | 'F' }[] = [
      { dtype: '<u2' },
      { dtype: '<u2', offset: 30 },
      { dtype: '<u2', offset: 31 },
      { dtype: '<u2', offset: 1 },
      { dtype: '>i4', offset: 2 },
      { dtype: '>i4', offset: 2, shape: [7] },
      { dtype: '>i4', offset: 2, shape: [8] },
      { dtype: '<i4', shape: [2, 3], order: 'F' },
      { dtype: '<i4', shape: [2, 4] },
      { dtype: 'i2,u1', shape: [10] },
      { dtype: 'M8[10ms]', offset: 6 },
      { dtype: '<f8', offset: 7 },
      { dtype: '|S3' },
      { dtype: '<U2', offset: 6 },
    ];
    const numpy = pythonJson<({ shape: number[]; offset: number; descr: unknown } | null)[]>(
      `from numpy.lib import format as F
def js(d):
    return [js(x) for x in d] if isinstance(d, (list, tuple)) else d
out = []
for c in json.loads(sys.argv[2]):
    try:
        m = np.memmap(sys.argv[1], mode='r', dtype=c['dtype'], offset=c.get('offset', 0),
                      shape=tuple(c['shape']) if c.get('shape') else None, order=c.get('order', 'C'))
        out.append({'shape': list(m.shape), 'offset': m.offset, 'descr': js(F.dtype_to_descr(m.dtype))})
    except ValueError:
        out.append(None)
print(json.dumps(out))`,
      [file, JSON.stringify(cases)],
    );
    cases.forEach((c, i) => {
      const expected = numpy[i];
      if (expected === null) {
        expect(() => rawLayout(30, c, file), JSON.stringify(c)).toThrow(ArrayscopeError);
      } else {
        const r = rawLayout(30, c, file);
        expect(r.layout.shape, JSON.stringify(c)).toEqual(expected!.shape);
        expect(r.layout.dataOffset).toBe(expected!.offset);
        expect(toDescr(r.layout.dtype)).toEqual(expected!.descr);
      }
    });
  });
});
