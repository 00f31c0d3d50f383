/**
 * Exhaustive and large-scale kernel checks against numpy:
 * - every one of the 65536 float16 bit patterns (both byte orders): decoded values (minmax with
 *   one bucket per element), stats and np.histogram counts over several ranges, including ranges
 *   whose float16 rounding differs from the float64 value;
 * - accuracy of mean/std over 2^23 elements with a large offset (many blocks and chunks combined),
 *   where a naive running combination would drift; still within 1e-12 of numpy.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Mapping } from '../../src/core/native.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../helpers/python.js';
import { type Encoded, expectNear, expectRejects, expectSameFloats } from './helpers.js';

const scratch = tempDir('arrayscope-exhaustive-');
afterAll(() => scratch.cleanup());

const HALF_RANGES: [number, number, number][] = [
  [64, -70000, 70000],
  [10, 0.1, 1.0],
  [1000, -1e-5, 1e-5],
  [7, -65504, 0.0999],
  [3, 2.5, 2.5],
];

describe.skipIf(!hasNumpy)(`float16, every bit pattern${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, () => {
  for (const swap of [false, true]) {
    it(`decodes, summarises and bins like numpy (${swap ? 'big' : 'little'}-endian)`, async () => {
      const file = path.join(scratch.dir, `half-${swap ? 'be' : 'le'}.bin`);
      const ref = pythonJson<{ values: Encoded[]; hist: (number[] | string)[]; count: number; mean: number; absMean: number; std: number }>(
        `
bits = np.arange(65536, dtype=np.uint16)
a = bits.view(np.float16)
a.astype('${swap ? '>' : '<'}f2').tofile(sys.argv[1])
f = a.astype(np.float64)
finite = f[np.isfinite(f)]
def enc(x):
    return 'nan' if x != x else ('inf' if x == np.inf else ('-inf' if x == -np.inf else float(x)))
hist = []
for bins, lo, hi in json.loads(sys.argv[2]):
    try:
        hist.append(np.histogram(a, bins=bins, range=(lo, hi))[0].tolist())
    except ValueError as e:
        hist.append(str(e))
print(json.dumps({'values': [enc(x) for x in f], 'hist': hist, 'count': int((~np.isnan(f)).sum()),
                  'mean': float(np.nanmean(finite)), 'absMean': float(np.abs(finite).mean()), 'std': float(np.std(finite))}))
`,
        [file, JSON.stringify(HALF_RANGES)],
      );
      const m = Mapping.open(file, 'r');
      try {
        const elem = { type: 'f2', swap } as const;
        const all = { offset: 0, shape: [65536], strides: [2] };
        const perElement = await m.minmax(all, elem, 65536);
        expectSameFloats(perElement.min, ref.values, 'decoded');
        const s = await m.stats(all, elem);
        expect(s.count).toBe(ref.count);
        expect(s.infCount).toBe(2);
        expect(s.mean).toBeNaN(); // +inf and -inf together
        // The finite patterns only: 0x0000..0x7bff and 0x8000..0xfbff.
        const positive = await m.stats({ offset: 0, shape: [0x7c00], strides: [2] }, elem);
        const negative = await m.stats({ offset: 0x8000 * 2, shape: [0x7c00], strides: [2] }, elem);
        const n = positive.count + negative.count;
        const mean = (positive.sum + negative.sum) / n;
        expectNear(mean, ref.mean, ref.absMean, 1e-12, 'mean of finite halves');
        // Combine the two halves' population variances around the joint mean.
        const part = (p: typeof positive) => p.count * (p.std ** 2 + (p.mean - mean) ** 2);
        expectNear(Math.sqrt((part(positive) + part(negative)) / n), ref.std, ref.std, 1e-12, 'std of finite halves');
        expect(ref.hist.some((h) => typeof h === 'string'), 'one range has too many bins for float16').toBe(true);
        for (let i = 0; i < HALF_RANGES.length; i++) {
          const [bins, lo, hi] = HALF_RANGES[i]!;
          const expected = ref.hist[i]!;
          const job = m.histogram(all, elem, bins, lo, hi);
          if (typeof expected === 'string') {
            await expect(job).rejects.toMatchObject({ kind: 'bad-request' });
          } else {
            expect(Array.from(await job), `bins=${bins} range=(${lo}, ${hi})`).toEqual(expected);
          }
        }
      } finally {
        m.close();
      }
    });
  }
});

describe.skipIf(!hasNumpy)(`accuracy over many blocks${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, () => {
  for (const type of ['f8', 'f4'] as const) {
    it(`${type}: 2^23 values around 1e6 agree with numpy's nanmean/nanstd to 1e-12`, async () => {
      const file = path.join(scratch.dir, `large-${type}.bin`);
      const ref = pythonJson<{ mean: number; std: number; count: number }>(
        `
rng = np.random.default_rng(7)
a = (1e6 + rng.standard_normal(2**23) * 0.5).astype('${type}')
a[::1000] = np.nan
a.tofile(sys.argv[1])
f = a.astype(np.float64)
print(json.dumps({'mean': float(np.nanmean(f)), 'std': float(np.nanstd(f)), 'count': int((~np.isnan(f)).sum())}))
`,
        [file],
      );
      const m = Mapping.open(file, 'r');
      try {
        const size = type === 'f8' ? 8 : 4;
        const s = await m.stats({ offset: 0, shape: [2 ** 23], strides: [size] }, { type, swap: false });
        expect(s.count).toBe(ref.count);
        expectNear(s.mean, ref.mean, ref.mean, 1e-12, 'mean');
        expectNear(s.std, ref.std, ref.std, 1e-12, 'std');
      } finally {
        m.close();
      }
    });
  }

});

describe('statistics known in closed form (no numpy needed)', () => {
  it('0..999 repeated a thousand times', async () => {
    // 0..999 repeated: mean 499.5, population std sqrt((1000^2 - 1) / 12), exactly known.
    const file = path.join(scratch.dir, 'ints.bin');
    const values = new Float64Array(1_000_000).map((_, i) => i % 1000);
    writeFileSync(file, new Uint8Array(values.buffer));
    const m = Mapping.open(file, 'r');
    try {
      const s = await m.stats({ offset: 0, shape: [1000, 1000], strides: [8000, 8] }, { type: 'f8', swap: false });
      expect([s.count, s.zeroCount, s.min, s.max, s.sum]).toEqual([1e6, 1000, 0, 999, 499.5e6]);
      expectNear(s.mean, 499.5, 499.5, 1e-15, 'mean');
      expectNear(s.std, Math.sqrt((1000 ** 2 - 1) / 12), 288, 1e-13, 'std');
    } finally {
      m.close();
    }
  });

  it('all-missing and empty regions: count 0, extremes/mean/std NaN, sum 0', async () => {
    const file = path.join(scratch.dir, 'missing.bin');
    const nat = new BigInt64Array(64).fill(-(2n ** 63n)); // NaT
    const nan = new Float64Array(64).fill(NaN);
    writeFileSync(file, Buffer.concat([Buffer.from(nat.buffer), Buffer.from(nan.buffer)]));
    const m = Mapping.open(file, 'r');
    try {
      const cases = [
        [{ offset: 0, shape: [64], strides: [8] }, { type: 'M8', swap: false }, 64],
        [{ offset: 512, shape: [8, 8], strides: [64, 8] }, { type: 'f8', swap: false }, 64],
        [{ offset: 512, shape: [0], strides: [8] }, { type: 'f8', swap: false }, 0],
      ] as const;
      for (const [region, elem, missing] of cases) {
        const s = await m.stats(region, elem);
        expect([s.count, s.nanCount, s.sum, s.minExact, s.maxExact]).toEqual([0, missing, 0, null, null]);
        expect([s.min, s.max, s.mean, s.std].every(Number.isNaN)).toBe(true);
        const mm = await m.minmax({ offset: region.offset, shape: [region.shape.reduce((a, b) => a * b, 1)], strides: [8] }, elem, 3);
        expect([...mm.min, ...mm.max].every(Number.isNaN)).toBe(true);
      }
      const blocks = await m.blockReduce({ offset: 512, shape: [8, 8], strides: [64, 8] }, { type: 'f8', swap: false }, 3, 3);
      expect([blocks.rows, blocks.cols]).toEqual([3, 3]);
      expect([...blocks.min, ...blocks.max, ...blocks.mean].every(Number.isNaN)).toBe(true);
      expect(Array.from(await m.histogram({ offset: 512, shape: [64], strides: [8] }, { type: 'f8', swap: false }, 4, 0, 1))).toEqual([0, 0, 0, 0]);
    } finally {
      m.close();
    }
  });

  it("refuses what numpy refuses and regions of the wrong rank", async () => {
    const file = path.join(scratch.dir, 'small.bin');
    writeFileSync(file, new Uint8Array(new Float64Array([1, 2, 3, 4]).buffer));
    const m = Mapping.open(file, 'r');
    const f8 = { type: 'f8', swap: false } as const;
    const line = { offset: 0, shape: [4], strides: [8] };
    try {
      for (const [bins, lo, hi] of [
        [0, 0, 1],
        [4, 1, 0],
        [4, 0, Infinity],
        [4, NaN, 1],
        [1.5, 0, 1],
      ]) {
        await expectRejects(m.histogram(line, f8, bins!, lo!, hi!), 'bad-request', file);
      }
      await expectRejects(m.minmax({ offset: 0, shape: [2, 2], strides: [16, 8] }, f8, 2), 'bad-request', file);
      await expectRejects(m.minmax(line, f8, 0), 'bad-request', file);
      await expectRejects(m.blockReduce(line, f8, 1, 1), 'bad-request', file);
      await expectRejects(m.blockReduce({ offset: 0, shape: [2, 2], strides: [16, 8] }, f8, 0, 1), 'bad-request', file);
    } finally {
      m.close();
    }
  });
});
