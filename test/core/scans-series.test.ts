/**
 * `series` without a pyramid (src/core/scans.ts computeSeries): min/max per bucket
 * [start + floor(b·n/B), start + floor((b+1)·n/B)) against numpy's nanmin/nanmax over the same
 * rows, for floats with NaN, datetimes with NaT, booleans, large uint64, complex parts; raw values
 * when there are no more rows than buckets; and clear errors for bad ranges and text columns.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/open.js';
import { computeSeries, type ColumnRef } from '../../src/core/scans.js';
import type { ViewSpec } from '../../src/shared/schemas.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('arrayscope-series-');
});
afterAll(() => tmp.cleanup());

const QUERIES: [number, number, number][] = [
  [0, 5000, 7],
  [123, 4567, 100],
  [1000, 1010, 50], // fewer rows than buckets: raw values
  [0, 5000, 5000],
  [4999, 5000, 3],
  [17, 2017, 1],
];

/** numpy's per-bucket nanmin/nanmax (as float64 repr, 'nan' for empty or all-missing buckets). */
function reference(file: string, index: string, expr: string): { min: string[]; max: string[] }[] {
  return pythonJson(
    `
import warnings
warnings.simplefilter('ignore')
a = np.load(sys.argv[1])
v = eval('a' + (sys.argv[2] or '[...]'))
c = ${expr}
if c.dtype.kind in 'mM':
    nat = np.isnat(c)
    c = c.astype(np.int64).astype(np.float64)
    c[nat] = np.nan
c = c.astype(np.float64)
out = []
for start, end, buckets in json.loads(sys.argv[3]):
    n = end - start
    b = min(buckets, n)
    mins, maxs = [], []
    for k in range(b):
        piece = c[start + k * n // b: start + (k + 1) * n // b]
        mins.append(repr(float(np.nanmin(piece))))
        maxs.append(repr(float(np.nanmax(piece))))
    out.append({'min': mins, 'max': maxs})
print(json.dumps(out))
`,
    [file, index, JSON.stringify(QUERIES)],
  );
}

const text = (a: Float64Array) => Array.from(a, (x) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x)));
const normalise = (x: string) => (['nan', 'inf', '-inf'].includes(x) ? x : String(Number(x)));

async function check(file: string, view: ViewSpec, column: ColumnRef, expr: string): Promise<void> {
  const ref = reference(file, view.index ?? '', expr);
  const s = await openSession({ path: file });
  try {
    for (const [k, [start, end, buckets]] of QUERIES.entries()) {
      const r = await computeSeries(s, view, column, start, end, buckets);
      expect([r.start, r.end, r.min.length]).toEqual([start, end, Math.min(buckets, end - start)]);
      expect(text(r.min), `min ${start}..${end}/${buckets}`).toEqual(ref[k]!.min.map(normalise));
      expect(text(r.max), `max ${start}..${end}/${buckets}`).toEqual(ref[k]!.max.map(normalise));
    }
  } finally {
    s.close();
  }
}

describe.skipIf(!hasNumpy)(`series by raw scan against numpy (${NO_NUMPY_REASON})`, () => {
  it('float32 column of a 2-D array with NaN, through a strided view', async () => {
    const file = path.join(tmp.dir, 'f4.npy');
    pythonJson(`rng = np.random.default_rng(1)
a = rng.normal(size=(10000, 3)).astype(np.float32)
a[2000:2600, 2] = np.nan
a[::13, 2] = np.nan
np.save(sys.argv[1], a); print(1)`, [file]);
    await check(file, { index: '[::2]' }, { col: 2, leaf: 0, part: 'abs' }, 'v[:, 2]');
  });

  it('datetime64[ms] with NaT, booleans and uint64 beyond 2^53', async () => {
    const dt = path.join(tmp.dir, 'dt.npy');
    const flags = path.join(tmp.dir, 'b.npy');
    const big = path.join(tmp.dir, 'u8.npy');
    pythonJson(`rng = np.random.default_rng(2)
d = (np.datetime64('2021-03-04T05:06:07.089') + rng.integers(-10**9, 10**9, 5000).astype('m8[ms]'))
d[100:150] = np.datetime64('NaT')
np.save(sys.argv[1], d)
np.save(sys.argv[2], rng.integers(0, 2, 5000).astype(bool))
np.save(sys.argv[3], (np.uint64(2**63) + rng.integers(0, 2**40, 5000).astype(np.uint64)))
print(1)`, [dt, flags, big]);
    await check(dt, { index: '' }, { col: 0, leaf: 0, part: 'abs' }, 'v');
    await check(flags, { index: '' }, { col: 0, leaf: 0, part: 'abs' }, 'v');
    await check(big, { index: '' }, { col: 0, leaf: 0, part: 'abs' }, 'v');
  });

  it('complex128 columns by real part and by magnitude', async () => {
    const file = path.join(tmp.dir, 'c16.npy');
    pythonJson(`rng = np.random.default_rng(3)
z = rng.normal(size=(5000, 2)) + 1j * rng.normal(size=(5000, 2))
z[40:90, 1] = complex(np.nan, 1)
np.save(sys.argv[1], z); print(1)`, [file]);
    await check(file, { index: '' }, { col: 1, leaf: 0, part: 're' }, 'np.real(v[:, 1])');
    await check(file, { index: '' }, { col: 1, leaf: 0, part: 'abs' }, 'np.abs(v[:, 1])');
  });
});

describe('series errors', () => {
  it('refuses ranges outside the view and text columns, naming the file; an empty range is empty', async () => {
    const { encodeNpyHeader } = await import('../../src/core/formats/index.js');
    const { writeFileSync } = await import('node:fs');
    const text = path.join(tmp.dir, 'text.npy');
    const numbers = path.join(tmp.dir, 'numbers.npy');
    writeFileSync(text, Buffer.concat([encodeNpyHeader({ dtype: { kind: 'unicode', itemsize: 8, byteorder: '<' }, shape: [4], fortranOrder: false }), new Uint8Array(32)]));
    writeFileSync(numbers, Buffer.concat([encodeNpyHeader({ dtype: { kind: 'float', itemsize: 8, byteorder: '<' }, shape: [4], fortranOrder: false }), new Uint8Array(new Float64Array([1, -2, 3, 4]).buffer)]));
    const column = { col: 0, leaf: 0, part: 'abs' as const };
    const s = await openSession({ path: numbers });
    const t = await openSession({ path: text });
    try {
      await expect(computeSeries(s, { index: '' }, column, 0, 5, 10)).rejects.toMatchObject({ kind: 'bad-request', message: expect.stringContaining('outside the 4 rows') });
      await expect(computeSeries(s, { index: '' }, column, 3, 2, 10)).rejects.toMatchObject({ kind: 'bad-request' });
      const empty = await computeSeries(s, { index: '' }, column, 2, 2, 10);
      expect([empty.start, empty.end, empty.min.length, empty.max.length]).toEqual([2, 2, 0, 0]);
      const raw = await computeSeries(s, { index: '' }, column, 0, 4, 2);
      expect([...raw.min, ...raw.max]).toEqual([-2, 3, 1, 4]);
      await expect(computeSeries(t, { index: '' }, column, 0, 4, 10)).rejects.toMatchObject({ kind: 'unsupported', message: expect.stringContaining('text.npy') });
    } finally {
      s.close();
      t.close();
    }
  });
});
