/**
 * Image pyramids (src/core/image-pyramid.ts): every tile answered from a pyramid must equal the
 * native blockReduce of the same elements — min and max exactly, means of integer data exactly,
 * means of float data within 1e-12 · max(|min|, |max|) of the cell (the stated tolerance; the
 * sums are only combined in a different order) — for random aligned tiles over float64 data with
 * NaN runs, all-NaN blocks and ±inf, float32 and big-endian int16 fields of a structured array,
 * complex64 magnitudes, datetimes with NaT, and a transposed, strided, reversed view. Edits must invalidate pyramids,
 * cancelled builds must store nothing, and small slices get none.
 *
 * blockReduce itself is checked against numpy in test/native; with numpy present, one set of
 * pyramid tiles is also compared with numpy's nanmin/nanmax/nanmean directly.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpyHeader } from '../../src/core/formats/index.js';
import {
  blockSizeFor,
  buildImagePyramid,
  findImagePyramid,
  type ImagePyramidOptions,
  levelShapes,
  MAX_PYRAMID_BYTES,
  MIN_BLOCK,
  resolveSlice,
  sliceRegion,
  tileFromPyramid,
} from '../../src/core/image-pyramid.js';
import { openSession } from '../../src/core/open.js';
import { computeTile } from '../../src/core/scans.js';
import type { Session } from '../../src/core/session.js';
import { type DType, parseDTypeString, scalar } from '../../src/shared/dtype.js';
import type { ViewSpec } from '../../src/shared/schemas.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('arrayscope-image-pyramid-');
});
afterAll(() => tmp.cleanup());

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function writeNpy(name: string, dtype: DType, shape: number[], bytes: Uint8Array): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, Buffer.concat([encodeNpyHeader({ dtype, shape, fortranOrder: false }), bytes]));
  return file;
}

/** Float64 values with NaN runs along rows, an all-NaN 8×8 block and more, scattered NaNs, ±inf. */
function noisyImage(rows: number, cols: number, seed: number): Float64Array {
  const next = random(seed);
  const a = new Float64Array(rows * cols).map((_, i) => Math.sin(i / 700) * 1e3 + (next() - 0.5) * 50);
  for (let run = 0; run < 20; run++) {
    const at = Math.floor(next() * a.length);
    a.fill(NaN, at, Math.min(a.length, at + Math.floor(next() * 400)));
  }
  for (let r = 16; r < 40; r++) a.fill(NaN, r * cols + 24, r * cols + 56);
  for (let k = 0; k < 300; k++) a[Math.floor(next() * a.length)] = NaN;
  a[Math.floor(a.length / 3)] = Infinity;
  a[Math.floor(a.length / 2)] = -Infinity;
  a[5 * cols + 7] = Infinity;
  a[6 * cols + 7] = -Infinity; // +inf and -inf in one block: its mean is NaN, like a direct sum
  return a;
}

interface Tile {
  rows: number;
  cols: number;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

const text = (x: number) => (Number.isNaN(x) ? 'nan' : Object.is(x, -0) ? '-0' : String(x));

/** Pyramid tile vs direct tile: min/max bit-exact; mean exact for integers, within tolerance for floats. */
function expectSameTile(got: Tile, want: Tile, exactMeans: boolean, what: string): void {
  expect([got.rows, got.cols], what).toEqual([want.rows, want.cols]);
  expect(Array.from(got.min, text), `min of ${what}`).toEqual(Array.from(want.min, text));
  expect(Array.from(got.max, text), `max of ${what}`).toEqual(Array.from(want.max, text));
  if (exactMeans) {
    expect(Array.from(got.mean, text), `mean of ${what}`).toEqual(Array.from(want.mean, text));
    return;
  }
  for (let i = 0; i < want.mean.length; i++) {
    const [g, w] = [got.mean[i]!, want.mean[i]!];
    if (!Number.isFinite(w)) {
      expect(text(g), `mean of cell ${i} of ${what}`).toBe(text(w));
      continue;
    }
    const scale = Math.max(Math.abs(want.min[i]!), Math.abs(want.max[i]!));
    expect(Math.abs(g - w), `mean of cell ${i} of ${what}: ${g} vs ${w}`).toBeLessThanOrEqual(1e-12 * scale);
  }
}

interface TileRequest {
  rect: { row0: number; rows: number; col0: number; cols: number };
  blockRows: number;
  blockCols: number;
}

/** Random tiles aligned to the cells of some level: blocks b·m (m a power of two, or 3), ends at a cell edge or the slice's end. */
function alignedTiles(rows: number, cols: number, block: number, count: number, seed: number): TileRequest[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const out: TileRequest[] = [{ rect: { row0: 0, rows, col0: 0, cols }, blockRows: block, blockCols: block }];
  while (out.length < count) {
    const b = block * 2 ** pick(3);
    const [fy, fx] = [[1, 2, 3, 4][pick(4)]!, [1, 2, 3, 8][pick(4)]!];
    const row0 = b * pick(Math.ceil(rows / b));
    const col0 = b * pick(Math.ceil(cols / b));
    const toEnd = (start: number, n: number) => (next() < 0.3 ? n - start : Math.min(n - start, b * (1 + pick(Math.ceil((n - start) / b)))));
    out.push({ rect: { row0, rows: toEnd(row0, rows), col0, cols: toEnd(col0, cols) }, blockRows: b * fy, blockCols: b * fx });
  }
  return out;
}

/** Builds the slice's pyramid (forced, small pieces) and checks random aligned tiles against blockReduce. */
async function checkTiles(s: Session, view: ViewSpec, leaf: number, exactMeans: boolean, seed: number, tuning: ImagePyramidOptions = { chunkElements: 3000 }): Promise<void> {
  const built = await buildImagePyramid(s, view, leaf, { minElements: 0, ...tuning });
  expect(built.block).toBe(MIN_BLOCK);
  const slice = resolveSlice(s, view, leaf);
  expect(built.levels).toBe(levelShapes(slice.rows, slice.cols, MIN_BLOCK).length);
  for (const q of alignedTiles(slice.rows, slice.cols, built.block, 40, seed)) {
    const what = JSON.stringify(q);
    const fromPyramid = await tileFromPyramid(s, slice, q.rect, q.blockRows, q.blockCols);
    expect(fromPyramid, `${what} is answered from the pyramid`).not.toBeNull();
    const direct = await s.mapping.blockReduce(sliceRegion(slice, q.rect.row0, q.rect.rows, q.rect.col0, q.rect.cols), slice.elem, q.blockRows, q.blockCols);
    expectSameTile(fromPyramid!, direct, exactMeans, what);
    expectSameTile(await computeTile(s, view, leaf, q.rect, q.blockRows, q.blockCols), direct, exactMeans, `computeTile ${what}`);
  }
}

describe('tiles from an image pyramid equal direct blockReduce tiles', () => {
  it('float64 with NaN runs, all-NaN blocks and ±inf', async () => {
    const [rows, cols] = [203, 517];
    const s = await openSession({ path: writeNpy('noisy.npy', scalar('float', 8), [rows, cols], new Uint8Array(noisyImage(rows, cols, 3).buffer)) });
    try {
      await checkTiles(s, { index: '' }, 0, false, 1);
    } finally {
      s.close();
    }
  });

  it('a transposed, strided and reversed view of it', async () => {
    const [rows, cols] = [260, 411];
    const s = await openSession({ path: writeNpy('noisy-t.npy', scalar('float', 8), [rows, cols], new Uint8Array(noisyImage(rows, cols, 5).buffer)) });
    try {
      const view = { index: '[::-2, 3:]', rowAxis: 1 };
      expect(resolveSlice(s, view, 0)).toMatchObject({ rows: cols - 3, cols: rows / 2 });
      await checkTiles(s, view, 0, false, 2);
    } finally {
      s.close();
    }
  });

  it('float32 and big-endian int16 fields of a structured array (int16 means exactly)', async () => {
    const [rows, cols] = [150, 333];
    const dtype = parseDTypeString('<f4,>i2');
    const bytes = new DataView(new ArrayBuffer(rows * cols * 6));
    const next = random(9);
    for (let i = 0; i < rows * cols; i++) {
      bytes.setFloat32(i * 6, next() < 0.02 ? NaN : (next() - 0.3) * 1e4, true);
      bytes.setInt16(i * 6 + 4, Math.floor((next() - 0.5) * 65535), false);
    }
    const s = await openSession({ path: writeNpy('struct.npy', dtype, [rows, cols], new Uint8Array(bytes.buffer)) });
    try {
      await checkTiles(s, { index: '' }, 0, false, 3);
      await checkTiles(s, { index: '' }, 1, true, 4);
    } finally {
      s.close();
    }
  });

  it('complex64 by magnitude, with NaN and infinite parts', async () => {
    const [rows, cols] = [97, 130];
    const next = random(23);
    const parts = new Float32Array(rows * cols * 2).map(() => (next() - 0.5) * 100);
    for (let k = 0; k < 200; k++) parts[Math.floor(next() * parts.length)] = NaN;
    for (let k = 0; k < 5; k++) parts[Math.floor(next() * parts.length)] = -Infinity;
    const s = await openSession({ path: writeNpy('complex.npy', scalar('complex', 8), [rows, cols], new Uint8Array(parts.buffer)) });
    try {
      await checkTiles(s, { index: '' }, 0, false, 7);
    } finally {
      s.close();
    }
  });

  it('datetime64[s] with NaT (integer means exactly)', async () => {
    const [rows, cols] = [120, 170];
    const next = random(17);
    const values = new BigInt64Array(rows * cols).map(() => (next() < 0.05 ? -(2n ** 63n) : BigInt(1_600_000_000 + Math.floor(next() * 1e8))));
    const s = await openSession({ path: writeNpy('times.npy', scalar('datetime', 8, '<', 's'), [rows, cols], new Uint8Array(values.buffer)) });
    try {
      await checkTiles(s, { index: '' }, 0, true, 5);
    } finally {
      s.close();
    }
  });

  it('integer means stay exact where mean × count does not give the sum back (1/49 · 49 ≠ 1)', async () => {
    // 15 × 15 int32: level 0 cell (1, 1) holds 7 × 7 = 49 elements summing to 1; one 16 × 16 cell holds all 225.
    const data = new Int32Array(15 * 15);
    data[14 * 15 + 14] = 1;
    const s = await openSession({ path: writeNpy('ones.npy', scalar('int', 4), [15, 15], new Uint8Array(data.buffer)) });
    try {
      await buildImagePyramid(s, { index: '' }, 0, { minElements: 0 });
      const tile = (await tileFromPyramid(s, resolveSlice(s, { index: '' }, 0), { row0: 0, rows: 15, col0: 0, cols: 15 }, 16, 16))!;
      expect(Array.from(tile.mean)).toEqual([1 / 225]);
    } finally {
      s.close();
    }
  });

  it('tiles not aligned to the cells are reduced directly, and exactly', async () => {
    const [rows, cols] = [100, 130];
    const data = noisyImage(rows, cols, 8);
    const s = await openSession({ path: writeNpy('unaligned.npy', scalar('float', 8), [rows, cols], new Uint8Array(data.buffer)) });
    try {
      await buildImagePyramid(s, { index: '' }, 0, { minElements: 0 });
      const slice = resolveSlice(s, { index: '' }, 0);
      for (const [rect, br, bc] of [
        [{ row0: 4, rows: 64, col0: 0, cols: 64 }, 8, 8],
        [{ row0: 0, rows: 64, col0: 0, cols: 64 }, 4, 8],
        [{ row0: 0, rows: 60, col0: 0, cols: 64 }, 8, 8],
      ] as const) {
        expect(await tileFromPyramid(s, slice, rect, br, bc)).toBeNull();
        const tile = await computeTile(s, { index: '' }, 0, rect, br, bc);
        const direct = await s.mapping.blockReduce(sliceRegion(slice, rect.row0, rect.rows, rect.col0, rect.cols), slice.elem, br, bc);
        expectSameTile(tile, direct, true, JSON.stringify(rect));
      }
    } finally {
      s.close();
    }
  });
});

describe.skipIf(!hasNumpy)(`pyramid tiles against numpy (${NO_NUMPY_REASON})`, () => {
  it('float32 with NaN: nanmin/nanmax exactly, nanmean within tolerance, all-NaN cells NaN', async () => {
    const file = path.join(tmp.dir, 'np-f4.npy');
    const ref = pythonJson<{ min: (number | null)[]; max: (number | null)[]; mean: (number | null)[] }>(
      `
import warnings; warnings.simplefilter('ignore')
rng = np.random.default_rng(12)
a = (rng.normal(size=(512, 768)) * 100).astype(np.float32)
a[rng.random(a.shape) < 0.03] = np.nan
a[64:128, 128:192] = np.nan
np.save(sys.argv[1], a)
t = a.astype(np.float64).reshape(16, 32, 24, 32)
f = lambda x: [None if np.isnan(v) else float(v) for v in x.ravel()]
print(json.dumps({'min': f(np.nanmin(t, axis=(1, 3))), 'max': f(np.nanmax(t, axis=(1, 3))), 'mean': f(np.nanmean(t, axis=(1, 3)))}))
`,
      [file],
    );
    const s = await openSession({ path: file });
    try {
      expect(await buildImagePyramid(s, { index: '' }, 0, { minElements: 0 })).toMatchObject({ block: 8 });
      const slice = resolveSlice(s, { index: '' }, 0);
      const tile = (await tileFromPyramid(s, slice, { row0: 0, rows: 512, col0: 0, cols: 768 }, 32, 32))!;
      expect(tile).not.toBeNull();
      const nan = (x: number | null) => (x === null ? NaN : x);
      expectSameTile(tile, { rows: 16, cols: 24, min: Float64Array.from(ref.min, nan), max: Float64Array.from(ref.max, nan), mean: Float64Array.from(ref.mean, nan) }, false, 'numpy blocks');
      expect(Number.isNaN(tile.mean[2 * 24 + 4]!)).toBe(true);
    } finally {
      s.close();
    }
  });
});

describe('image pyramid size, invalidation and cancellation', () => {
  const view = { index: '' };
  const ramp = (rows: number, cols: number) => new Uint8Array(new Float64Array(rows * cols).map((_, i) => i % 997).buffer);

  it('slices under 16M elements get no pyramid; the block keeps every pyramid within 64 MiB', async () => {
    const s = await openSession({ path: writeNpy('small.npy', scalar('float', 8), [300, 300], ramp(300, 300)) });
    try {
      await expect(buildImagePyramid(s, view, 0)).resolves.toEqual({ levels: 0, bytes: 0, block: 0 });
      expect(findImagePyramid(s, resolveSlice(s, view, 0))).toBeNull();
    } finally {
      s.close();
    }
    const bytes = (r: number, c: number, b: number) => levelShapes(r, c, b).reduce((sum, [y, x]) => sum + y * x * 32, 0);
    for (const [rows, cols, block] of [
      [4096, 4096, 8],
      [16384, 16384, 16],
      [100_000, 100_000, 128],
      [6000, 6000, 8],
      [100_000_000, 3, 128],
    ] as const) {
      expect(blockSizeFor(rows, cols), `${rows}×${cols}`).toBe(block);
      expect(bytes(rows, cols, block)).toBeLessThanOrEqual(MAX_PYRAMID_BYTES);
      if (block > MIN_BLOCK) expect(bytes(rows, cols, block / 2)).toBeGreaterThan(MAX_PYRAMID_BYTES);
    }
  });

  it('an edit drops the pyramid; tiles then see the new value; a rebuild answers with it', async () => {
    const [rows, cols] = [128, 160];
    const s = await openSession({ path: writeNpy('edit.npy', scalar('float', 8), [rows, cols], ramp(rows, cols)), mode: 'c' });
    try {
      const rect = { row0: 0, rows, col0: 0, cols };
      await buildImagePyramid(s, view, 0, { minElements: 0 });
      const slice = resolveSlice(s, view, 0);
      expect(Math.max(...(await tileFromPyramid(s, slice, rect, 32, 32))!.max)).toBe(996);
      s.setCell(view, { row: 100, col: 77, leaf: 0 }, '1e300');
      expect(findImagePyramid(s, slice)).toBeNull();
      expect(await tileFromPyramid(s, slice, rect, 32, 32)).toBeNull();
      expect((await computeTile(s, view, 0, rect, 32, 32)).max[3 * 5 + 2]).toBe(1e300);
      await buildImagePyramid(s, view, 0, { minElements: 0 });
      const rebuilt = (await tileFromPyramid(s, slice, rect, 32, 32))!;
      expect(rebuilt.max[3 * 5 + 2]).toBe(1e300);
      expect(rebuilt.mean[3 * 5 + 2]).toBeGreaterThan(1e296);
      s.undo();
      await buildImagePyramid(s, view, 0, { minElements: 0 });
      expect(Math.max(...(await tileFromPyramid(s, slice, rect, 32, 32))!.max)).toBe(996);
    } finally {
      s.close();
    }
  });

  it('cancelling a build rejects with `cancelled` and stores nothing; the next build succeeds', async () => {
    const s = await openSession({ path: writeNpy('cancel.npy', scalar('float', 8), [256, 256], ramp(256, 256)) });
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const onProgress = (done: number) => {
        progress.push(done);
        controller.abort();
      };
      const options = { minElements: 0, chunkElements: 4096, signal: controller.signal, onProgress };
      await expect(buildImagePyramid(s, view, 0, options)).rejects.toMatchObject({ kind: 'cancelled' });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)!).toBeLessThan(256 * 256);
      // Give a build that ignored the abort every chance to store its result.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(findImagePyramid(s, resolveSlice(s, view, 0))).toBeNull();
      await expect(buildImagePyramid(s, view, 0, { minElements: 0 })).resolves.toMatchObject({ block: 8 });
      expect(findImagePyramid(s, resolveSlice(s, view, 0))).not.toBeNull();
    } finally {
      s.close();
    }
  });

  it('a shared build keeps running for the callers that did not cancel', async () => {
    const s = await openSession({ path: writeNpy('shared.npy', scalar('float', 8), [256, 256], ramp(256, 256)) });
    try {
      const quitter = new AbortController();
      const first = buildImagePyramid(s, view, 0, { minElements: 0, chunkElements: 4096, signal: quitter.signal });
      const second = buildImagePyramid(s, view, 0, { minElements: 0, chunkElements: 4096 });
      quitter.abort();
      await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
      await expect(second).resolves.toMatchObject({ block: 8 });
      expect(findImagePyramid(s, resolveSlice(s, view, 0))).not.toBeNull();
    } finally {
      s.close();
    }
  });

  it('closing the session fails a running build with `closed`', async () => {
    const s = await openSession({ path: writeNpy('close.npy', scalar('float', 8), [256, 256], ramp(256, 256)) });
    const build = buildImagePyramid(s, view, 0, { minElements: 0, chunkElements: 4096, onProgress: () => s.close() });
    await expect(build).rejects.toMatchObject({ kind: 'closed' });
  });
});
