/**
 * Plots, measured against numpy.memmap in the same run on a 4 GiB float64 (N, 64) .npy of real
 * (non-sparse) data, generated once into ctx.dataDir:
 * - first plot of one column (open + `series` of 4000 buckets over all N rows) vs numpy's
 *   `m[:, k]` then reshape/min/max into 4000 buckets; both with the file in the page cache, and
 *   both after evicting it (cold), so neither side profits from the other's reads;
 * - building the column's min/max pyramid (a background job in the UI);
 * - zoom redraws once the pyramid exists: engine time of `series` (4000 buckets) over random
 *   ranges from the whole column down to raw points (target ≤ 50 ms each);
 * - image tiles of 512×512 output cells from a 65536 × 8192 2-D view of the same bytes, at block
 *   sizes 1, 4 and 16 (target ≤ 20 ms), vs numpy reshape/min/max/mean of the same block;
 * - the image pyramid of a (16384, 16384) float32 .npy (1 GiB of smooth data plus noise and a few
 *   NaNs, generated once): its build (in the page cache and cold, with the longest event-loop delay
 *   meanwhile, next to that of a plain native scan), then tiles from it at 16×16, 32×32 and 64×64
 *   blocks (target ≤ 20 ms) next to the same tiles reduced directly from the data and by numpy.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildImagePyramid, resolveSlice, sliceRegion } from '../src/core/image-pyramid.js';
import { openSession } from '../src/core/open.js';
import { buildPyramid } from '../src/core/pyramid.js';
import { computeSeries, computeTile } from '../src/core/scans.js';
import type { Session } from '../src/core/session.js';
import type { BenchContext, BenchSection } from './harness.js';

const ROWS = 1 << 23;
const COLS = 64;
const BUCKETS = 4000;
const COLUMN = 17;
const FILE = 'plots-f8-8388608x64.npy';
const ZOOMS = 40;

function ensureData(ctx: BenchContext): string {
  const file = path.join(ctx.dataDir, FILE);
  const bytes = ROWS * COLS * 8;
  if (existsSync(file) && statSync(file).size >= bytes) return file;
  ctx.log(`writing ${FILE} (4 GiB of random-walk data, once)`);
  ctx.python(
    `
from numpy.lib.format import open_memmap
rows, cols = ${ROWS}, ${COLS}
m = open_memmap(sys.argv[1] + '.tmp', mode='w+', dtype='<f8', shape=(rows, cols))
rng = np.random.default_rng(2024)
level = np.zeros(cols)
step = 1 << 19
for r in range(0, rows, step):
    block = rng.standard_normal((step, cols))
    block[:, ::3] = np.cumsum(block[:, ::3], axis=0) * 0.01 + level[::3]
    level = block[-1]
    block[rng.integers(0, step, 64), rng.integers(0, cols, 64)] = np.nan
    m[r:r + step] = block
m.flush()
del m
os.replace(sys.argv[1] + '.tmp', sys.argv[1])
`,
    [file],
  );
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Drops the file from the page cache (posix_fadvise DONTNEED through a throwaway mapping). */
async function evict(file: string): Promise<void> {
  const s = await openSession({ path: file });
  s.mapping.evict();
  s.close();
  closeSync(openSync(file, 'r'));
}

function numpyFirstPlot(ctx: BenchContext, file: string, cold: boolean): number {
  const out = ctx.python(
    `
if ${cold ? 'True' : 'False'}:
    fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)
t = time.perf_counter()
m = np.load(sys.argv[1], mmap_mode='r')
c = np.array(m[:, ${COLUMN}])  # extract the column (a copy, as users do)
b = ${BUCKETS}
w = c.shape[0] // b
lo = np.nanmin(c[:w * b].reshape(b, w), axis=1)
hi = np.nanmax(c[:w * b].reshape(b, w), axis=1)
print((time.perf_counter() - t) * 1000)
`,
    [file],
  );
  return Number(out.trim());
}

async function ourFirstPlot(file: string): Promise<{ ms: number; session: Session }> {
  const started = performance.now();
  const session = await openSession({ path: file });
  await computeSeries(session, { index: '' }, { col: COLUMN, leaf: 0, part: 'abs' }, 0, ROWS, BUCKETS);
  return { ms: performance.now() - started, session };
}

/** Median of 3 runs each, alternating sides, so load from other processes hits both alike. */
async function firstPlot(ctx: BenchContext, file: string): Promise<void> {
  (await ourFirstPlot(file)).session.close(); // brings the file into the page cache
  for (const cold of [false, true]) {
    const ours: number[] = [];
    const numpy: number[] = [];
    for (let run = 0; run < 3; run++) {
      if (cold) await evict(file);
      const plot = await ourFirstPlot(file);
      plot.session.close();
      ours.push(plot.ms);
      if (ctx.hasNumpy) numpy.push(numpyFirstPlot(ctx, file, cold));
    }
    const label = cold ? 'cold (evicted before each run)' : 'in page cache';
    const ref = ctx.hasNumpy ? median(numpy) : undefined;
    ctx.report({ name: `first plot of a 4 GiB column, ${label}`, value: median(ours), unit: 'ms', numpy: ref, target: '≤ numpy', better: 'lower' });
  }
}

async function zooms(ctx: BenchContext, session: Session): Promise<void> {
  const view = { index: '' };
  const column = { col: COLUMN, leaf: 0, part: 'abs' as const };
  let started = performance.now();
  const built = await buildPyramid(session, view, column);
  ctx.report({ name: 'build the column pyramid (background)', value: performance.now() - started, unit: 'ms', better: 'lower' });
  ctx.log(`pyramid: ${built.levels} levels, ${(built.bytes / 2 ** 20).toFixed(1)} MiB`);
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 48271) + 11) >>> 0) / 2 ** 32);
  const times: number[] = [];
  for (let i = 0; i < ZOOMS; i++) {
    const length = Math.max(100, Math.floor(ROWS * Math.pow(rand(), 3))); // zoom levels spread from raw points to all rows
    const start = Math.floor(rand() * (ROWS - length));
    started = performance.now();
    await computeSeries(session, view, column, start, start + length, BUCKETS);
    times.push(performance.now() - started);
  }
  ctx.report({ name: `zoom redraw after the pyramid, median of ${ZOOMS}`, value: median(times), unit: 'ms', target: '≤ 50 ms', better: 'lower' });
  ctx.report({ name: `zoom redraw after the pyramid, worst of ${ZOOMS}`, value: Math.max(...times), unit: 'ms', target: '≤ 50 ms', better: 'lower' });
  started = performance.now();
  await computeSeries(session, view, column, 0, ROWS, BUCKETS);
  ctx.report({ name: 'whole-column redraw after the pyramid', value: performance.now() - started, unit: 'ms', target: '≤ 50 ms', better: 'lower' });
}

async function tiles(ctx: BenchContext, file: string, dataOffset: number): Promise<void> {
  const shape = [ROWS / 128, COLS * 128];
  const session = await openSession({ path: file, raw: { dtype: '<f8', shape, offset: dataOffset, order: 'C' } });
  try {
    for (const block of [1, 4, 16]) {
      const span = 512 * block;
      const row0 = 12_345;
      const col0 = Math.min(1_000, shape[1]! - span);
      await computeTile(session, { index: '' }, 0, { row0, rows: span, col0, cols: span }, block, block); // page cache warm
      const times: number[] = [];
      for (let k = 0; k < 5; k++) {
        const started = performance.now();
        await computeTile(session, { index: '' }, 0, { row0, rows: span, col0, cols: span }, block, block);
        times.push(performance.now() - started);
      }
      const numpy = ctx.hasNumpy ? numpyTile(ctx, file, dataOffset, shape, row0, col0, block) : undefined;
      ctx.report({ name: `image tile 512×512 cells, block ${block}×${block}`, value: median(times), unit: 'ms', numpy, target: '≤ 20 ms', better: 'lower' });
    }
  } finally {
    session.close();
  }
}

function numpyTile(ctx: BenchContext, file: string, offset: number, shape: number[], row0: number, col0: number, block: number, cells = 512, dtype = '<f8', runs = 5): number {
  const out = ctx.python(
    `
m = np.memmap(sys.argv[1], dtype='${dtype}', mode='r', offset=${offset}, shape=(${shape[0]}, ${shape[1]}))
b = ${block}; n = ${cells}; s = n * b
def tile():
    t = np.asarray(m[${row0}:${row0} + s, ${col0}:${col0} + s]).reshape(n, b, n, b)
    return np.nanmin(t, axis=(1, 3)), np.nanmax(t, axis=(1, 3)), np.nanmean(t, axis=(1, 3))
import warnings; warnings.simplefilter('ignore')
tile()
ts = []
for _ in range(${runs}):
    t = time.perf_counter(); tile(); ts.append((time.perf_counter() - t) * 1000)
print(sorted(ts)[len(ts) // 2])
`,
    [file],
  );
  return Number(out.trim());
}

const IMAGE_SIDE = 16384;
const IMAGE_FILE = 'plots-image-f4-16384x16384.npy';

function ensureImage(ctx: BenchContext): string {
  const file = path.join(ctx.dataDir, IMAGE_FILE);
  if (existsSync(file) && statSync(file).size >= IMAGE_SIDE * IMAGE_SIDE * 4) return file;
  ctx.log(`writing ${IMAGE_FILE} (1 GiB of float32, once)`);
  ctx.python(
    `
from numpy.lib.format import open_memmap
n = ${IMAGE_SIDE}
m = open_memmap(sys.argv[1] + '.tmp', mode='w+', dtype='<f4', shape=(n, n))
rng = np.random.default_rng(7)
cols = np.arange(n)
for r in range(0, n, 1024):
    rows = np.arange(r, r + 1024)[:, None]
    block = 100 * np.sin(rows / 900.0) * np.cos(cols / 700.0) + rng.standard_normal((1024, n)) * 5
    block[rng.integers(0, 1024, 8), rng.integers(0, n, 8)] = np.nan
    m[r:r + 1024] = block.astype(np.float32)
m.flush()
del m
os.replace(sys.argv[1] + '.tmp', sys.argv[1])
`,
    [file],
  );
  return file;
}

async function timeTile(session: Session, rect: { row0: number; rows: number; col0: number; cols: number }, block: number, runs: number): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    await computeTile(session, { index: '' }, 0, rect, block, block);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Runs `work`; returns its time and the longest event-loop delay seen meanwhile (ms). */
async function withLoopDelay<T>(work: () => Promise<T>): Promise<{ ms: number; stall: number; value: T }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  delay.disable();
  return { ms, stall: delay.max / 1e6, value };
}

async function imagePyramid(ctx: BenchContext): Promise<void> {
  const file = ensureImage(ctx);
  for (const cold of [false, true]) {
    if (cold) await evict(file);
    const session = await openSession({ path: file });
    try {
      const slice = resolveSlice(session, { index: '' }, 0);
      const whole = sliceRegion(slice, 0, IMAGE_SIDE, 0, IMAGE_SIDE);
      const label = cold ? 'cold (evicted first)' : 'in page cache';
      // The event loop also waits while the native workers keep both CPUs busy: a plain native
      // scan of the same bytes shows that part, so the build's own JS pauses are the difference.
      if (!cold) await session.mapping.stats(whole, slice.elem); // into the page cache
      const scan = cold ? null : await withLoopDelay(() => session.mapping.stats(whole, slice.elem));
      const { ms, stall, value: built } = await withLoopDelay(() => buildImagePyramid(session, { index: '' }, 0));
      ctx.report({ name: `build the image pyramid of a 16384² float32, ${label}`, value: ms, unit: 'ms', better: 'lower' });
      ctx.report({ name: `longest event-loop delay during that build`, value: stall, unit: 'ms', better: 'lower' });
      if (!scan) continue;
      ctx.report({ name: `longest event-loop delay during a plain native scan`, value: scan.stall, unit: 'ms', better: 'lower' });
      ctx.log(`image pyramid: block ${built.block}, ${built.levels} levels, ${(built.bytes / 2 ** 20).toFixed(1)} MiB`);
      await pyramidTiles(ctx, session, file);
    } finally {
      session.close();
    }
  }
}

/** The same tile reduced from the data by the kernel, as without a pyramid (page cache warm). */
async function timeDirectTile(session: Session, rect: { row0: number; rows: number; col0: number; cols: number }, block: number, runs: number): Promise<number> {
  const slice = resolveSlice(session, { index: '' }, 0);
  const region = sliceRegion(slice, rect.row0, rect.rows, rect.col0, rect.cols);
  await session.mapping.blockReduce(region, slice.elem, block, block);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    await session.mapping.blockReduce(region, slice.elem, block, block);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Tiles of 512×512 cells (the whole slice at 32×32; all 256×256 cells of it at 64×64): pyramid, direct, numpy. */
async function pyramidTiles(ctx: BenchContext, session: Session, file: string): Promise<void> {
  for (const block of [16, 32, 64]) {
    const cells = Math.min(512, IMAGE_SIDE / block);
    const span = cells * block;
    const rect = { row0: IMAGE_SIDE - span, rows: span, col0: span < IMAGE_SIDE ? 4096 : 0, cols: span };
    const what = `image tile ${cells}×${cells} cells at ${block}×${block} blocks`;
    const fromPyramid = await timeTile(session, rect, block, 9);
    const direct = await timeDirectTile(session, rect, block, 3);
    const numpy = ctx.hasNumpy ? numpyTile(ctx, file, session.layout.dataOffset, [IMAGE_SIDE, IMAGE_SIDE], rect.row0, rect.col0, block, cells, '<f4', 3) : undefined;
    ctx.report({ name: `${what} from the pyramid`, value: fromPyramid, unit: 'ms', numpy, target: '≤ 20 ms', better: 'lower' });
    ctx.report({ name: `${what}, reduced directly`, value: direct, unit: 'ms', numpy, better: 'lower' });
  }
}

export const plotsSection: BenchSection = {
  name: 'plots',
  async run(ctx) {
    const file = ensureData(ctx);
    await firstPlot(ctx, file);
    const session = await openSession({ path: file });
    try {
      await zooms(ctx, session);
      await tiles(ctx, file, session.layout.dataOffset);
    } finally {
      session.close();
    }
    await imagePyramid(ctx);
  },
};
