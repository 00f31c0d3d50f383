/**
 * The table's data path without the browser: the engine's `page` reads feeding the grid's own
 * PageCache and cell formatting (the modules the renderer runs), against numpy doing the same.
 * - first screen of a 64 GiB sparse .npy: open + resolve the view + the first page through the
 *   cache + the text of 40 rows; numpy: np.load(mmap_mode='r') + str() of the same 40 values;
 * - jumps to random places in its 2^33 rows (Go to row, scrollbar drags): time to the screen's text;
 * - a sweep through all 10^6 rows × 8 columns of a float64 array screen by screen (what scrolling
 *   to the end does), with the cache's bound holding the memory: screens per second, µs per cell,
 *   and the JS heap the cache keeps afterwards.
 * The browser-side figures (first values after Open, frame rate, renderer heap) come from
 * e2e/browser/grid-perf.spec.ts.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createArray, openSession } from '../src/core/open.js';
import type { Session } from '../src/core/session.js';
import { pagesFor } from '../src/shared/paging.js';
import type { ViewInfo, ViewSpec } from '../src/shared/schemas.js';
import { cellText } from '../src/renderer/src/grid/cells.js';
import { gridPageGeometry, splitGridColumn } from '../src/renderer/src/grid/geometry.js';
import { type CacheContext, type FetchPage, PageCache } from '../src/renderer/src/grid/page-cache.js';
import type { BenchContext, BenchSection } from './harness.js';

const BIG_ROWS = 2 ** 33;
const SWEEP_ROWS = 1_000_000;
const SWEEP_COLS = 8;
const SCREEN_ROWS = 40;
const JUMPS = 200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fetcher(session: Session): FetchPage {
  return async (r) => {
    try {
      return { ok: true, value: await session.page(r.view, r.row0, r.rowCount, r.col0, r.colCount) };
    } catch (err) {
      return { ok: false, error: { kind: 'io', message: err instanceof Error ? err.message : String(err) } };
    }
  };
}

/** Asks the cache for the screen at `row0` and resolves with its text once every page is there. */
async function screen(cache: PageCache, context: CacheContext, info: ViewInfo, row0: number, cols: number): Promise<string[]> {
  const g = context.geometry;
  const rows = { start: row0, end: Math.min(info.rows, row0 + SCREEN_ROWS) };
  const plan = pagesFor(rows, { start: 0, end: info.cols }, g, { direction: { rows: 1 }, prefetch: 1 });
  for (;;) {
    cache.want(context, plan);
    const missing = plan.visible.some((p) => !cache.get(context, p.pageRow, p.pageCol));
    if (!missing) break;
    await new Promise<void>((resolve) => {
      const off = cache.subscribe(() => {
        off();
        resolve();
      });
    });
  }
  const out: string[] = [];
  for (let r = rows.start; r < rows.end; r++) {
    for (let j = 0; j < cols; j++) {
      const { col, leaf } = splitGridColumn(info, j);
      out.push(cellText(cache.get(context, Math.floor(r / g.pageRows), Math.floor(col / g.pageCols))!, info, r, col, leaf));
    }
  }
  return out;
}

async function ensureBig(ctx: BenchContext): Promise<string> {
  const file = path.join(ctx.dataDir, 'grid-sparse-f8-2e33.npy');
  if (!existsSync(file)) (await createArray({ path: file, format: 'npy', dtype: '<f8', shape: [BIG_ROWS], order: 'C' })).close();
  return file;
}

function ensureSweep(ctx: BenchContext): string {
  const file = path.join(ctx.dataDir, `grid-f8-${SWEEP_ROWS}x${SWEEP_COLS}.npy`);
  if (existsSync(file) && statSync(file).size > SWEEP_ROWS * SWEEP_COLS * 8) return file;
  if (!ctx.hasNumpy) throw new Error('numpy is needed once to write the sweep fixture');
  ctx.python(`np.save(sys.argv[1], np.arange(${SWEEP_ROWS * SWEEP_COLS}, dtype='<f8').reshape(${SWEEP_ROWS}, ${SWEEP_COLS}))`, [file]);
  return file;
}

async function firstScreen(ctx: BenchContext, file: string): Promise<void> {
  const view: ViewSpec = { index: '' };
  const started = performance.now();
  const session = await openSession({ path: file });
  const info = session.view(view).info;
  const cache = new PageCache(fetcher(session));
  const context = { session: session.id, view, geometry: gridPageGeometry(info)! };
  const text = await screen(cache, context, info, 0, 1);
  const ours = performance.now() - started;
  const numpy = ctx.hasNumpy
    ? Number(ctx.python(`t = time.perf_counter(); a = np.load(sys.argv[1], mmap_mode='r'); s = [str(x) for x in a[:${SCREEN_ROWS}]]; print((time.perf_counter() - t) * 1000)`, [file]).trim())
    : undefined;
  ctx.report({ name: 'open 64 GiB .npy → text of the first 40 rows (no browser)', value: ours, unit: 'ms', numpy, target: '≤ 150 ms with the browser', better: 'lower' });
  if (text.length !== SCREEN_ROWS) throw new Error(`expected ${SCREEN_ROWS} values, got ${text.length}`);

  // Fresh random rows every run (for us and, separately, for numpy), so that neither side finds
  // them in the kernel's page cache from an earlier run: the file system's cost of touching a new
  // part of a 64 GiB sparse file is in both figures.
  let state = Date.now() >>> 0;
  const rand = (): number => (state = (Math.imul(state, 48271) + 11) >>> 0) / 2 ** 32;
  const randomRows = (): number[] => Array.from({ length: JUMPS }, () => Math.floor(rand() * (BIG_ROWS - SCREEN_ROWS)));
  const times: number[] = [];
  for (const row of randomRows()) {
    const t = performance.now();
    await screen(cache, context, info, row, 1);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const numpyRows = path.join(ctx.dataDir, 'grid-jump-rows.json');
  writeFileSync(numpyRows, JSON.stringify(randomRows()));
  const numpyJump = ctx.hasNumpy
    ? Number(
        ctx.python(
          `a = np.load(sys.argv[1], mmap_mode='r'); ts = []
for r in json.load(open(sys.argv[2])):
    t = time.perf_counter(); s = [str(x) for x in a[r:r + ${SCREEN_ROWS}]]; ts.append((time.perf_counter() - t) * 1000)
print(sorted(ts)[len(ts) // 2])`,
          [file, numpyRows],
        ).trim(),
      )
    : undefined;
  ctx.report({ name: `jump to a random row of 2^33, median of ${JUMPS}`, value: median(times), unit: 'ms', numpy: numpyJump, better: 'lower' });
  ctx.report({ name: `jump to a random row of 2^33, 99th percentile`, value: times[Math.floor(JUMPS * 0.99)]!, unit: 'ms', better: 'lower' });
  cache.dispose();
  session.close();
}

async function sweep(ctx: BenchContext, file: string): Promise<void> {
  const view: ViewSpec = { index: '' };
  const session = await openSession({ path: file });
  const info = session.view(view).info;
  const cache = new PageCache(fetcher(session));
  const context = { session: session.id, view, geometry: gridPageGeometry(info)! };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let cells = 0;
  let checksum = 0;
  for (let row = 0; row < SWEEP_ROWS; row += SCREEN_ROWS) {
    const text = await screen(cache, context, info, row, SWEEP_COLS);
    cells += text.length;
    checksum += Number(text[text.length - 1]);
  }
  const seconds = (performance.now() - started) / 1000;
  const expected = Array.from({ length: SWEEP_ROWS / SCREEN_ROWS }, (_, k) => ((k + 1) * SCREEN_ROWS - 1) * SWEEP_COLS + SWEEP_COLS - 1).reduce((a, b) => a + b, 0);
  if (checksum !== expected) throw new Error(`sweep read wrong values (checksum ${checksum}, expected ${expected})`);
  ctx.report({ name: `sweep 10^6 rows × 8 cols, screens of 40 rows`, value: SWEEP_ROWS / SCREEN_ROWS / seconds, unit: 'screens/s', better: 'higher' });
  ctx.report({ name: 'sweep: time per drawn cell (read + cache + numpy text)', value: (seconds * 1e6) / cells, unit: 'µs', better: 'lower' });
  gc?.();
  ctx.report({ name: 'sweep: JS heap kept afterwards (cache bound 64 MiB)', value: (process.memoryUsage().heapUsed - heapBefore) / 1e6, unit: 'MB', target: '≤ 200 MB renderer heap', better: 'lower' });
  ctx.log(`page cache holds ${(cache.bytes / 2 ** 20).toFixed(1)} MiB in ${cache.stats.requests} reads`);
  cache.dispose();
  session.close();
}

export const gridSection: BenchSection = {
  name: 'grid',
  async run(ctx) {
    await firstScreen(ctx, await ensureBig(ctx));
    await sweep(ctx, ensureSweep(ctx));
  },
};
