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
 *   sizes 1, 4 and 16 (target ≤ 20 ms), vs numpy reshape/min/max/mean of the same block.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
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

function numpyTile(ctx: BenchContext, file: string, offset: number, shape: number[], row0: number, col0: number, block: number): number {
  const out = ctx.python(
    `
m = np.memmap(sys.argv[1], dtype='<f8', mode='r', offset=${offset}, shape=(${shape[0]}, ${shape[1]}))
b = ${block}; s = 512 * b
def tile():
    t = np.asarray(m[${row0}:${row0} + s, ${col0}:${col0} + s]).reshape(512, b, 512, b)
    return np.nanmin(t, axis=(1, 3)), np.nanmax(t, axis=(1, 3)), np.nanmean(t, axis=(1, 3))
import warnings; warnings.simplefilter('ignore')
tile()
ts = []
for _ in range(5):
    t = time.perf_counter(); tile(); ts.append((time.perf_counter() - t) * 1000)
print(sorted(ts)[2])
`,
    [file],
  );
  return Number(out.trim());
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
  },
};
