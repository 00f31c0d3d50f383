/**
 * Min/max pyramids (src/core/pyramid.ts): `series` answered from a pyramid must equal numpy's
 * nanmin/nanmax over exactly the buckets it declares (bucket b = [start + b·w, start + (b+1)·w)
 * clipped to the column), for random ranges over data with NaN runs, infinities, strided and
 * reversed columns, complex parts and the start-snapping path; edits must invalidate it, and
 * builds must cancel cleanly.
 *
 * Without numpy the same answers are checked against the native minmax kernel over the declared
 * range (the kernel itself is checked against numpy in test/native).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpyHeader } from '../../src/core/formats/index.js';
import { openSession } from '../../src/core/open.js';
import { blockSizeFor, buildPyramid, findPyramid, MIN_BLOCK, resolveColumn } from '../../src/core/pyramid.js';
import { computeSeries, type ColumnRef } from '../../src/core/scans.js';
import type { Session } from '../../src/core/session.js';
import { scalar } from '../../src/shared/dtype.js';
import type { ViewSpec } from '../../src/shared/schemas.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('arrayscope-pyramid-');
});
afterAll(() => tmp.cleanup());

/** A deterministic pseudo-random float64 column with NaN runs (whole blocks and more), NaNs and ±inf. */
function noisyColumn(n: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i / 500) * 100 + (next() - 0.5) * 40;
  for (let run = 0; run < 12; run++) {
    const at = Math.floor(next() * n);
    data.fill(NaN, at, Math.min(n, at + Math.floor(next() * 3000)));
  }
  for (let k = 0; k < 200; k++) data[Math.floor(next() * n)] = NaN;
  data[Math.floor(n / 3)] = Infinity;
  data[Math.floor(n / 2)] = -Infinity;
  return data;
}

function writeNpy(name: string, dtype: ReturnType<typeof scalar>, shape: number[], bytes: Uint8Array): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, Buffer.concat([encodeNpyHeader({ dtype, shape, fortranOrder: false }), bytes]));
  return file;
}

interface Query {
  start: number;
  end: number;
  buckets: number;
}

/** Random ranges wide enough for the pyramid (≥ 4 blocks per bucket), plus the edges of the column. */
function queries(rows: number, block: number, count: number, seed: number): Query[] {
  let state = seed;
  const rand = (k: number) => ((state = (Math.imul(state, 48271) + 11) >>> 0) % k);
  const out: Query[] = [{ start: 0, end: rows, buckets: 1 }, { start: 0, end: rows, buckets: 97 }];
  while (out.length < count) {
    const buckets = 1 + rand(300);
    const least = buckets * block * 4;
    if (least > rows) continue;
    const length = least + rand(rows - least + 1);
    const start = rand(rows - length + 1);
    out.push({ start, end: rand(4) === 0 ? rows : start + length, buckets });
  }
  return out;
}

type Answer = Awaited<ReturnType<typeof computeSeries>>;

/** Checks the shape of a pyramid answer: covers the request, evenly wide buckets of whole blocks. */
function expectPyramidShape(q: Query, r: Answer, block: number, rows: number): number {
  const width = (r.end - r.start) / r.min.length;
  expect(Number.isInteger(width) && width % block === 0, `width ${width} is a multiple of ${block}`).toBe(true);
  expect(r.start).toBeLessThanOrEqual(q.start);
  expect(Math.min(r.end, rows)).toBeGreaterThanOrEqual(q.end);
  expect(r.min.length).toBeLessThanOrEqual(q.buckets);
  return width;
}

const bits = (a: ArrayLike<number>) => Array.from(a, (x) => (Number.isNaN(x) ? 'nan' : Object.is(x, -0) ? '-0' : String(x)));

/** The native kernel's answer for the buckets a pyramid answer declares (for runs without numpy). */
async function kernelReference(s: Session, view: ViewSpec, column: ColumnRef, r: Answer, rows: number) {
  const col = resolveColumn(s, view, column);
  const width = (r.end - r.start) / r.min.length;
  const stride = col.region.strides[0]!;
  const min: number[] = [];
  const max: number[] = [];
  for (let b = 0; b < r.min.length; b++) {
    const from = r.start + b * width;
    const to = Math.min(rows, from + width);
    const k = await s.mapping.minmax({ offset: col.region.offset + from * stride, shape: [to - from], strides: [stride] }, col.elem, 1);
    min.push(k.min[0]!);
    max.push(k.max[0]!);
  }
  return { min, max };
}

describe('series from a pyramid (checked against the native kernel)', () => {
  it('matches the kernel over the declared buckets for random ranges of a float64 column with NaN runs', async () => {
    const n = 150_001;
    const file = writeNpy('noisy.npy', scalar('float', 8), [n], new Uint8Array(noisyColumn(n, 7).buffer));
    const s = await openSession({ path: file });
    try {
      const view = { index: '' };
      const column = { col: 0, leaf: 0, part: 'abs' as const };
      const built = await buildPyramid(s, view, column);
      expect(blockSizeFor(n)).toBe(MIN_BLOCK);
      expect(built.levels).toBe(Math.ceil(Math.log2(Math.ceil(n / MIN_BLOCK))) + 1);
      for (const q of queries(n, MIN_BLOCK, 40, 3)) {
        const r = await computeSeries(s, view, column, q.start, q.end, q.buckets);
        expectPyramidShape(q, r, MIN_BLOCK, n);
        const ref = await kernelReference(s, view, column, r, n);
        expect(bits(r.min), `min of ${JSON.stringify(q)}`).toEqual(bits(ref.min));
        expect(bits(r.max), `max of ${JSON.stringify(q)}`).toEqual(bits(ref.max));
      }
    } finally {
      s.close();
    }
  });

  it('leaves narrow buckets to the raw scan (raw values when there are fewer rows than buckets)', async () => {
    const n = 50_000;
    const data = noisyColumn(n, 11);
    const file = writeNpy('narrow.npy', scalar('float', 8), [n], new Uint8Array(data.buffer));
    const s = await openSession({ path: file });
    try {
      const view = { index: '' };
      const column = { col: 0, leaf: 0, part: 'abs' as const };
      await buildPyramid(s, view, column);
      const r = await computeSeries(s, view, column, 1000, 1500, 800);
      expect([r.start, r.end, r.min.length]).toEqual([1000, 1500, 500]);
      expect(bits(r.min)).toEqual(bits(data.subarray(1000, 1500)));
      expect(bits(r.max)).toEqual(bits(data.subarray(1000, 1500)));
    } finally {
      s.close();
    }
  });
});

describe.skipIf(!hasNumpy)(`series from a pyramid against numpy (${NO_NUMPY_REASON})`, () => {
  /** numpy's nanmin/nanmax per declared bucket (NaN for all-NaN or empty buckets), as text. */
  function numpyBuckets(file: string, index: string, col: number, part: string, answers: { start: number; width: number; count: number }[]) {
    return pythonJson<{ min: string[]; max: string[] }[]>(
      `
import warnings
warnings.simplefilter('ignore')
a = np.load(sys.argv[1], mmap_mode='r')
v = eval('a' + (sys.argv[2] or '[...]'))
c = v[:, ${col}] if v.ndim == 2 else v
c = {'abs': np.abs(c) if np.iscomplexobj(c) else c, 're': np.real(c), 'im': np.imag(c)}['${part}'].astype(np.float64)
out = []
for q in json.loads(sys.argv[3]):
    mins, maxs = [], []
    for b in range(q['count']):
        piece = c[q['start'] + b * q['width']: q['start'] + (b + 1) * q['width']]
        mins.append(repr(float(np.nanmin(piece))) if piece.size else 'nan')
        maxs.append(repr(float(np.nanmax(piece))) if piece.size else 'nan')
    out.append({'min': mins, 'max': maxs})
print(json.dumps(out))
`,
      [file, index, JSON.stringify(answers)],
    );
  }
  const text = (a: Float64Array) => Array.from(a, (x) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x)));

  async function checkAgainstNumpy(file: string, view: ViewSpec, column: ColumnRef, options: Parameters<typeof buildPyramid>[3] = {}, count = 25) {
    const s = await openSession({ path: file });
    try {
      await buildPyramid(s, view, column, options);
      const col = resolveColumn(s, view, column);
      const block = options.block ?? blockSizeFor(col.rows);
      const answers = [];
      for (const q of queries(col.rows, block, count, 5)) {
        const r = await computeSeries(s, view, column, q.start, q.end, q.buckets);
        answers.push({ q, r, width: expectPyramidShape(q, r, block, col.rows) });
      }
      const ref = numpyBuckets(file, view.index ?? '', column.col, column.part ?? 'abs', answers.map((a) => ({ start: a.r.start, width: a.width, count: a.r.min.length })));
      answers.forEach((a, i) => {
        expect(text(a.r.min), `min of ${JSON.stringify(a.q)}`).toEqual(ref[i]!.min.map(normalise));
        expect(text(a.r.max), `max of ${JSON.stringify(a.q)}`).toEqual(ref[i]!.max.map(normalise));
      });
      return answers.map((a) => a.r);
    } finally {
      s.close();
    }
  }
  /** Python's repr and JS's String agree on shortest round-trip digits; only the spelling of exponents/.0 differs. */
  const normalise = (x: string) => (x === 'nan' || x === 'inf' || x === '-inf' ? x : String(Number(x)));

  it('float64 with NaN runs and infinities, random ranges', async () => {
    const n = 200_003;
    const file = writeNpy('np-noisy.npy', scalar('float', 8), [n], new Uint8Array(noisyColumn(n, 21).buffer));
    await checkAgainstNumpy(file, { index: '' }, { col: 0, leaf: 0, part: 'abs' });
  });

  it('a strided, reversed float32 column of a 2-D array', async () => {
    const file = path.join(tmp.dir, 'f32x3.npy');
    pythonJson(`
rng = np.random.default_rng(4)
a = rng.normal(size=(120_001, 3)).astype(np.float32)
a[5000:9000, 1] = np.nan
np.save(sys.argv[1], a)
print(1)`, [file]);
    await checkAgainstNumpy(file, { index: '[::-1]' }, { col: 1, leaf: 0, part: 'abs' });
  });

  it('complex columns by magnitude and by imaginary part; int16 columns', async () => {
    const file = path.join(tmp.dir, 'c8.npy');
    const ints = path.join(tmp.dir, 'i2.npy');
    pythonJson(`
rng = np.random.default_rng(9)
z = (rng.normal(size=(90_000, 2)) + 1j * rng.normal(size=(90_000, 2))).astype(np.complex64)
np.save(sys.argv[1], z)
np.save(sys.argv[2], rng.integers(-30000, 30000, size=100_000).astype('>i2'))
print(1)`, [file, ints]);
    await checkAgainstNumpy(file, { index: '' }, { col: 1, leaf: 0, part: 'abs' }, {}, 12);
    await checkAgainstNumpy(file, { index: '' }, { col: 0, leaf: 0, part: 'im' }, {}, 12);
    await checkAgainstNumpy(ints, { index: '' }, { col: 0, leaf: 0, part: 'abs' }, {}, 12);
  });

  it('snaps start to a block boundary when the raw edges would be too many, and stays exact', async () => {
    const n = 100_000;
    const file = writeNpy('snap.npy', scalar('float', 8), [n], new Uint8Array(noisyColumn(n, 33).buffer));
    const answers = await checkAgainstNumpy(file, { index: '' }, { col: 0, leaf: 0, part: 'abs' }, { block: 128, rawEdgeBudget: 0 });
    for (const r of answers) expect(r.start % 128).toBe(0);
  });
});

describe('pyramid invalidation and cancellation', () => {
  const view = { index: '' };
  const column = { col: 0, leaf: 0, part: 'abs' as const };
  const sequence = (n: number) => new Uint8Array(new Float64Array(n).map((_, i) => i % 1000).buffer);

  it('an edit drops the pyramid; series then sees the new value; undo restores the old answer', async () => {
    const n = 100_000;
    const s = await openSession({ path: writeNpy('edit.npy', scalar('float', 8), [n], sequence(n)), mode: 'c' });
    try {
      await buildPyramid(s, view, column);
      const before = await computeSeries(s, view, column, 0, n, 10);
      expect(Math.max(...before.max)).toBe(999);
      s.setCell(view, { row: 54_321, col: 0, leaf: 0 }, '1e300');
      expect(findPyramid(s, resolveColumn(s, view, column))).toBeNull();
      const raw = await computeSeries(s, view, column, 0, n, 10);
      expect([raw.start, raw.end]).toEqual([0, n]); // answered by the kernel: no pyramid for this revision
      expect(raw.max[5]).toBe(1e300);
      await buildPyramid(s, view, column);
      const rebuilt = await computeSeries(s, view, column, 0, n, 10);
      const width = (rebuilt.end - rebuilt.start) / rebuilt.min.length;
      expect(rebuilt.max[Math.floor((54_321 - rebuilt.start) / width)]).toBe(1e300);
      s.undo();
      await buildPyramid(s, view, column);
      expect(bits((await computeSeries(s, view, column, 0, n, 10)).max)).toEqual(bits(before.max));
    } finally {
      s.close();
    }
  });

  it('a build that sees an edit while it runs starts over and describes the new data', async () => {
    const n = 200_000;
    const s = await openSession({ path: writeNpy('edit-during.npy', scalar('float', 8), [n], sequence(n)), mode: 'c' });
    try {
      let edited = false;
      const onProgress = () => {
        if (edited) return;
        edited = true;
        s.setCell(view, { row: 150_000, col: 0, leaf: 0 }, '-5e200');
      };
      await buildPyramid(s, view, column, { chunkElements: 4096, onProgress });
      expect(edited).toBe(true);
      const r = await computeSeries(s, view, column, 0, n, 4);
      expect(findPyramid(s, resolveColumn(s, view, column))).not.toBeNull();
      expect(Math.min(...r.min)).toBe(-5e200);
    } finally {
      s.close();
    }
  });

  it('cancelling a build rejects with `cancelled` and stores nothing; the next build succeeds', async () => {
    const n = 200_000;
    const s = await openSession({ path: writeNpy('cancel.npy', scalar('float', 8), [n], sequence(n)) });
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const onProgress = (done: number) => {
        progress.push(done);
        controller.abort();
      };
      await expect(buildPyramid(s, view, column, { chunkElements: 4096, signal: controller.signal, onProgress })).rejects.toMatchObject({ kind: 'cancelled' });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)!).toBeLessThan(n);
      expect(findPyramid(s, resolveColumn(s, view, column))).toBeNull();
      await expect(buildPyramid(s, view, column)).resolves.toMatchObject({ levels: expect.any(Number) });
      expect(findPyramid(s, resolveColumn(s, view, column))).not.toBeNull();
    } finally {
      s.close();
    }
  });

  it('a shared build keeps running for the callers that did not cancel', async () => {
    const n = 200_000;
    const s = await openSession({ path: writeNpy('shared.npy', scalar('float', 8), [n], sequence(n)) });
    try {
      const quitter = new AbortController();
      const first = buildPyramid(s, view, column, { chunkElements: 4096, signal: quitter.signal });
      const second = buildPyramid(s, view, column, { chunkElements: 4096 });
      quitter.abort();
      await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
      await expect(second).resolves.toMatchObject({ levels: expect.any(Number) });
      expect(findPyramid(s, resolveColumn(s, view, column))).not.toBeNull();
    } finally {
      s.close();
    }
  });

  it('closing the session fails a running build with `closed`', async () => {
    const n = 200_000;
    const s = await openSession({ path: writeNpy('close.npy', scalar('float', 8), [n], sequence(n)) });
    const build = buildPyramid(s, view, column, { chunkElements: 4096, onProgress: () => s.close() });
    await expect(build).rejects.toMatchObject({ kind: 'closed' });
  });
});
