/**
 * Engine benchmark (issue #2): open, random page reads, whole-array NaN-aware stats, column
 * extract + min/max decimation, a float16 scan, and the RSS split after each — against
 * numpy.memmap on the same files in the same run. Files are generated once with numpy (real
 * data, not sparse) and read from the page cache by both sides.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openSession } from '../src/core/open.js';
import { readRssSplit } from '../src/core/memory.js';
import { computeSeries, computeStats } from '../src/core/scans.js';
import type { BenchContext, BenchSection } from './harness.js';

const ROWS = 2 ** 22;
const COLS = 64; // (2^22, 64) float64 = 2 GiB
const F2_ELEMENTS = 2 ** 29; // float16, 1 GiB
const PAGE_READS = 2000;

function ensureFiles(ctx: BenchContext): { f8: string; f2: string } {
  const f8 = path.join(ctx.dataDir, 'core-f8-4194304x64.npy');
  const f2 = path.join(ctx.dataDir, 'core-f2-536870912.npy');
  if (!existsSync(f8) || !existsSync(f2)) {
    if (!ctx.hasNumpy) throw new Error('the core benchmark generates its files with numpy; install python3 with numpy');
    ctx.log(`writing 3 GiB of benchmark data to ${ctx.dataDir} (once)…`);
    ctx.python(
      `rng = np.random.default_rng(7)
for p, dt, shape in ((sys.argv[1], '<f8', (${ROWS}, ${COLS})), (sys.argv[2], '<f2', (${F2_ELEMENTS},))):
    a = np.lib.format.open_memmap(p + '.partial', mode='w+', dtype=dt, shape=shape)
    flat = a.reshape(-1)
    for i in range(0, flat.size, 2**24):
        flat[i:i + 2**24] = rng.standard_normal(min(2**24, flat.size - i))
    flat[::999_983] = np.nan
    flat[12345] = np.inf
    a.flush(); del a, flat
    os.replace(p + '.partial', p)`,
      [f8, f2],
    );
  }
  // Warm the page cache so both sides measure memory, not the disk.
  ctx.python('for p in sys.argv[1:]:\n    np.fromfile(p, dtype=np.uint8)[::4096].sum()', [f8, f2]);
  return { f8, f2 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

function reportRss(ctx: BenchContext, after: string): void {
  const rss = readRssSplit();
  if (!rss) return ctx.log(`RSS split not available on ${process.platform}`);
  ctx.report({ name: `anonymous RSS after ${after}`, value: rss.rssAnon / 2 ** 20, unit: 'MiB', better: 'lower', target: after === 'whole-array stats' ? '< 100 MiB' : undefined });
  ctx.report({ name: `file-backed RSS after ${after}`, value: rss.rssFile / 2 ** 20, unit: 'MiB', better: 'lower' });
}

interface NumpyFigures {
  open_ms: number;
  page_median_us: number;
  page_p99_us: number;
  stats_s: number;
  stats_parts: Record<string, number>;
  column_s: number;
  f2_stats_s: number;
}

function numpyFigures(ctx: BenchContext, f8: string, f2: string): NumpyFigures | null {
  if (!ctx.hasNumpy) return null;
  const out = ctx.python(
    `f8, f2, k = sys.argv[1], sys.argv[2], 17
def best(fn, n=3):
    ts = []
    for _ in range(n):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return min(ts)
opens = []
for _ in range(50):
    t = time.perf_counter(); m = np.load(f8, mmap_mode='r'); opens.append(time.perf_counter() - t)
rng = np.random.default_rng(3); reads = []
for r in rng.integers(0, m.shape[0] - 100, ${PAGE_READS}):
    t = time.perf_counter(); np.array(m[r:r + 100, 0:64]); reads.append(time.perf_counter() - t)
parts = {}
def stats():
    for name, fn in (('nanmin', np.nanmin), ('nanmax', np.nanmax), ('nanmean', np.nanmean), ('nanstd', np.nanstd),
                     ('isnan.sum', lambda a: np.isnan(a).sum()), ('isinf.sum', lambda a: np.isinf(a).sum())):
        t = time.perf_counter(); fn(m); parts[name] = time.perf_counter() - t
stats_s = best(stats, 2)
def column():
    c = np.asarray(m[:, k]); b = c[: c.size // 4000 * 4000].reshape(4000, -1)
    np.nanmin(b, axis=1); np.nanmax(b, axis=1)
column_s = best(column)
h = np.load(f2, mmap_mode='r')[: ${F2_ELEMENTS} // 8]
def half_stats():
    np.nanmin(h); np.nanmax(h); np.nanmean(h, dtype='f8'); np.nanstd(h, dtype='f8')
f2_s = best(half_stats, 1) * 8
print(json.dumps({'open_ms': float(np.median(opens)) * 1e3, 'page_median_us': float(np.median(reads)) * 1e6,
  'page_p99_us': float(np.percentile(reads, 99)) * 1e6, 'stats_s': stats_s, 'stats_parts': parts, 'column_s': column_s, 'f2_stats_s': f2_s}))`,
    [f8, f2],
  );
  return JSON.parse(out) as NumpyFigures;
}

async function run(ctx: BenchContext): Promise<void> {
  const { f8, f2 } = ensureFiles(ctx);
  const np = numpyFigures(ctx, f8, f2);
  const bytes = ROWS * COLS * 8;

  const opens: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const s = await openSession({ path: f8 });
    opens.push(performance.now() - t);
    s.close();
  }
  ctx.report({ name: 'open 2 GiB .npy (header + map), median', value: median(opens), unit: 'ms', numpy: np?.open_ms, better: 'lower', target: '≤ 1 ms' });

  const session = await openSession({ path: f8 });
  try {
    const reads: number[] = [];
    const view = { index: '' };
    for (let i = 0; i < PAGE_READS; i++) {
      const row = Math.floor(Math.random() * (ROWS - 100));
      const t = performance.now();
      await session.page(view, row, 100, 0, 64);
      reads.push((performance.now() - t) * 1000);
    }
    ctx.report({ name: 'random 100×64 page read, median', value: median(reads), unit: 'µs', numpy: np?.page_median_us, better: 'lower', target: '≤ 50 µs' });
    ctx.report({ name: 'random 100×64 page read, p99', value: p99(reads), unit: 'µs', numpy: np?.page_p99_us, better: 'lower' });
    reportRss(ctx, 'page reads');

    let t = performance.now();
    await computeStats(session, {});
    const fresh = (performance.now() - t) / 1000;
    ctx.report({ name: 'whole-array NaN-aware stats, first scan', value: bytes / fresh / 1e9, unit: 'GB/s', numpy: np ? bytes / np.stats_s / 1e9 : undefined, better: 'higher', target: '≥ 2× numpy' });
    session.scanCache.clear();
    t = performance.now();
    await computeStats(session, {});
    const again = (performance.now() - t) / 1000;
    ctx.report({ name: 'whole-array NaN-aware stats, again', value: bytes / again / 1e9, unit: 'GB/s', numpy: np ? bytes / np.stats_s / 1e9 : undefined, better: 'higher', target: '≥ 2× numpy' });
    if (np) ctx.log(`numpy parts (s): ${Object.entries(np.stats_parts).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
    reportRss(ctx, 'whole-array stats');

    t = performance.now();
    await computeSeries(session, view, { col: 17, leaf: 0 }, 0, ROWS, 4000);
    ctx.report({ name: 'column extract + min/max to 4000 buckets', value: (performance.now() - t) / 1000, unit: 's', numpy: np?.column_s, better: 'lower', target: '≤ numpy' });
    reportRss(ctx, 'column decimation');
  } finally {
    session.close();
  }

  const half = await openSession({ path: f2 });
  try {
    const t = performance.now();
    await computeStats(half, {});
    const s = (performance.now() - t) / 1000;
    ctx.report({ name: 'float16 NaN-aware stats (1 GiB)', value: (F2_ELEMENTS * 2) / s / 1e9, unit: 'GB/s', numpy: np ? (F2_ELEMENTS * 2) / np.f2_stats_s / 1e9 : undefined, better: 'higher' });
    reportRss(ctx, 'float16 scan');
  } finally {
    half.close();
  }
}

export const coreSection: BenchSection = { name: 'core', run };
