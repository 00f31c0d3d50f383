/**
 * The scan kernels against numpy, for every kernel type, both byte orders, NaN/inf/NaT, and
 * contiguous, reversed-strided, transposed (Fortran-like) and zero-stride regions. numpy
 * computes every reference (kernel_reference.py): np.nanmin/nanmax/nanmean/nanstd/nansum,
 * np.histogram, and plain Python loops for minmax buckets and block reduction.
 *
 * Tolerances: counts, min, max, histogram counts and minmax buckets must be identical (they are
 * exact computations). mean, std and sum are float64 sums in a different order than numpy's
 * pairwise summation, so they may differ in the last bits: 1e-12 relative to the data's
 * magnitude (mean |x|; for std, std itself).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Mapping, type KernelType, type StridedRegion } from '../../src/core/native.js';
import { hasNumpy, NO_NUMPY_REASON, python, tempDir } from '../helpers/python.js';
import { decode, type Encoded, expectNear, expectRejects, expectSameFloat, expectSameFloats } from './helpers.js';

interface StatsRef {
  count: number;
  nanCount: number;
  infCount: number;
  zeroCount: number;
  min: Encoded;
  max: Encoded;
  mean: Encoded;
  std: Encoded;
  sum: Encoded;
  absMean: number;
  minExact: string | null;
  maxExact: string | null;
}

interface Case {
  type: KernelType;
  swap: boolean;
  dataset: string;
  path: string;
  regions: Record<string, StridedRegion>;
  stats: Record<string, StatsRef>;
  hist: { region: string; bins: number; lo: number; hi: number; counts?: number[]; error?: string }[];
  minmax: { region: StridedRegion; buckets: number; min: Encoded[]; max: Encoded[] }[];
  blocks: {
    region: string;
    blockRows: number;
    blockCols: number;
    rows: number;
    cols: number;
    min: Encoded[];
    max: Encoded[];
    mean: Encoded[];
    absMean: number[];
    count: number[];
  }[];
}

const TOLERANCE = 1e-12;
const scratch = hasNumpy ? tempDir('arrayscope-kernels-') : null;
const script = readFileSync(new URL('./kernel_reference.py', import.meta.url), 'utf8');
const cases: Case[] = scratch ? (JSON.parse(python(script, [scratch.dir])) as Case[]) : [];

afterAll(() => scratch?.cleanup());

function withMapping<T>(c: Case, body: (m: Mapping) => Promise<T>): Promise<T> {
  const m = Mapping.open(c.path, 'r');
  return body(m).finally(() => m.close());
}

describe.skipIf(!hasNumpy)(`scan kernels vs numpy${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, () => {
  it('covers every kernel type in both byte orders', () => {
    const types = new Set(cases.map((c) => c.type));
    expect(types.size).toBe(16);
    expect(cases.some((c) => c.type === 'f8' && c.swap)).toBe(true);
  });

  for (const c of cases) {
    const name = `${c.type} ${c.swap ? 'big' : 'little'}-endian ${c.dataset}`;
    const elem = { type: c.type, swap: c.swap };

    it(`stats: ${name}`, () =>
      withMapping(c, async (m) => {
        for (const [regionName, ref] of Object.entries(c.stats)) {
          const label = `${name} ${regionName}`;
          const s = await m.stats(c.regions[regionName]!, elem);
          expect([s.count, s.nanCount, s.infCount, s.zeroCount], `${label} counts`).toEqual([
            ref.count,
            ref.nanCount,
            ref.infCount,
            ref.zeroCount,
          ]);
          expectSameFloat(s.min, decode(ref.min), `${label} min`);
          expectSameFloat(s.max, decode(ref.max), `${label} max`);
          expect([s.minExact, s.maxExact], `${label} exact extremes`).toEqual([ref.minExact, ref.maxExact]);
          expectNear(s.mean, decode(ref.mean), ref.absMean, TOLERANCE, `${label} mean`);
          expectNear(s.std, decode(ref.std), decode(ref.std), TOLERANCE, `${label} std`);
          expectNear(s.sum, decode(ref.sum), ref.absMean * ref.count, TOLERANCE, `${label} sum`);
        }
      }));

    it(`histogram: ${name}`, () =>
      withMapping(c, async (m) => {
        for (const h of c.hist) {
          const job = m.histogram(c.regions[h.region]!, elem, h.bins, h.lo, h.hi);
          if (h.error !== undefined) {
            await expectRejects(job, 'bad-request', c.path);
            continue;
          }
          const counts = await job;
          expect(Array.from(counts), `${name} ${h.region} bins=${h.bins} range=(${h.lo}, ${h.hi})`).toEqual(h.counts);
        }
      }));

    it(`minmax: ${name}`, () =>
      withMapping(c, async (m) => {
        for (const mm of c.minmax) {
          const r = await m.minmax(mm.region, elem, mm.buckets);
          const label = `${name} stride=${mm.region.strides[0]} buckets=${mm.buckets}`;
          expectSameFloats(r.min, mm.min, `${label} min`);
          expectSameFloats(r.max, mm.max, `${label} max`);
        }
      }));

    it(`blockReduce: ${name}`, () =>
      withMapping(c, async (m) => {
        for (const b of c.blocks) {
          const r = await m.blockReduce(c.regions[b.region]!, elem, b.blockRows, b.blockCols);
          const label = `${name} ${b.region} ${b.blockRows}x${b.blockCols}`;
          expect([r.rows, r.cols], label).toEqual([b.rows, b.cols]);
          expectSameFloats(r.min, b.min, `${label} min`);
          expectSameFloats(r.max, b.max, `${label} max`);
          b.mean.forEach((mean, i) => expectNear(r.mean[i]!, decode(mean), b.absMean[i]!, TOLERANCE, `${label} mean[${i}]`));
          // Counts of present values are exact; sums are what the mean was divided from.
          expect([...r.count], `${label} count`).toEqual(b.count);
          b.count.forEach((n, i) => expectNear(r.sum[i]!, n === 0 ? 0 : decode(b.mean[i]!) * n, b.absMean[i]! * n, TOLERANCE, `${label} sum[${i}]`));
        }
      }));
  }
});
