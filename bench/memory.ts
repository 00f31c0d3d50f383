/**
 * Memory of the mapping process while it works on files far larger than its RSS budget:
 * - browsing a 64 GiB sparse file (page reads spread across it through a Session),
 * - statistics over a 2 GiB file of real (non-sparse) data, then `release`.
 * The target: anonymous RSS (really allocated memory) stays < 150 MB; file-backed RSS
 * rises during the scan and falls after release.
 *
 * The work runs in a child process (this bundle again, selected by an environment variable) so
 * its RSS starts from a clean baseline, not from whatever earlier sections left behind. The child
 * reads its own /proc/self/status (Linux) every 50 ms and prints JSON lines the parent reports.
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, statSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readRssSplit, ResidentTracker } from '../src/core/memory.js';
import { openSession } from '../src/core/open.js';
import { computeStats } from '../src/core/scans.js';
import type { Session } from '../src/core/session.js';
import type { BenchContext, BenchSection, Figure } from './harness.js';

const CHILD_ENV = 'ARRAYSCOPE_BENCH_MEMORY_CHILD';
const GiB = 1024 ** 3;
const MB = 1e6;
const SPARSE_BYTES = 64 * GiB;
const REAL_BYTES = 2 * GiB;
const SPARSE_COLS = 1024; // float64 → 8 KiB rows: a 200-row page touches 200 file pages
const PAGE_READS = 2000;
const PAGE_ROWS = 200;
const PAGE_COLS = 40;

type Message = { figure: Omit<Figure, 'section'> } | { log: string };

/** Peak and latest Rss figures, polled while work runs (the scans run off the JS thread). */
class RssWatch {
  peakAnon = 0;
  peakFile = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  start(): void {
    this.peakAnon = 0;
    this.peakFile = 0;
    this.poll();
    this.timer = setInterval(() => this.poll(), 50);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.poll();
  }
  private poll(): void {
    const s = readRssSplit();
    if (!s) return;
    this.peakAnon = Math.max(this.peakAnon, s.rssAnon);
    this.peakFile = Math.max(this.peakFile, s.rssFile);
  }
}

function send(message: Message): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function mb(name: string, bytes: number, target?: string): void {
  send({ figure: { name, value: bytes / MB, unit: 'MB', better: 'lower', ...(target ? { target } : {}) } });
}

function snapshot(label: string): void {
  const s = readRssSplit();
  if (s) send({ log: `${label.padEnd(34)} RssAnon ${(s.rssAnon / MB).toFixed(1)} MB · RssFile ${(s.rssFile / MB).toFixed(1)} MB` });
}

async function residentOf(tracker: ResidentTracker, sessions: Session[]): Promise<(number | null)[]> {
  await tracker.refresh(sessions);
  return tracker.current(sessions);
}

async function browseSparse(file: string, watch: RssWatch): Promise<Session> {
  const s = await openSession({ path: file, raw: { dtype: '<f8', shape: [-1, SPARSE_COLS], offset: 0, order: 'C' } });
  const rows = s.layout.shape[0]!;
  const view = { index: '' };
  watch.start();
  const started = performance.now();
  for (let i = 0; i < PAGE_READS; i++) {
    // Evenly spread with a stride coprime to the count, so reads jump across the whole file.
    const row0 = Math.floor((((i * 7919) % PAGE_READS) / PAGE_READS) * (rows - PAGE_ROWS));
    const col0 = (i * 37) % (SPARSE_COLS - PAGE_COLS);
    await s.page(view, row0, PAGE_ROWS, col0, PAGE_COLS);
  }
  const perPage = (performance.now() - started) / PAGE_READS;
  watch.stop();
  send({ figure: { name: `page read ${PAGE_ROWS}×${PAGE_COLS} f8 across 64 GiB (mean)`, value: perPage * 1000, unit: 'µs', better: 'lower' } });
  mb('anonymous RSS, peak while browsing 64 GiB', watch.peakAnon, '< 150 MB');
  mb('file-backed RSS, peak while browsing 64 GiB', watch.peakFile);
  snapshot('after browsing the 64 GiB file');
  const r0 = performance.now();
  const strip = await s.mapping.residency(1000);
  send({ figure: { name: `residency strip, 1000 buckets of 64 GiB${strip.sampled ? ' (sampled)' : ''}`, value: performance.now() - r0, unit: 'ms', better: 'lower' } });
  s.mapping.advise('dontneed');
  snapshot('after releasing the 64 GiB mapping');
  return s;
}

async function scanReal(file: string, watch: RssWatch, tracker: ResidentTracker, sparse: Session): Promise<void> {
  const s = await openSession({ path: file, raw: { dtype: '<f8', shape: null, offset: 0, order: 'C' } });
  const both = [sparse, s];
  snapshot('2 GiB file open, before the scan');
  const before = readRssSplit();
  watch.start();
  const started = performance.now();
  const stats = await computeStats(s, {});
  const seconds = (performance.now() - started) / 1000;
  watch.stop();
  send({ log: `stats over ${stats.elements} float64: mean ${stats.mean}, std ${stats.std}` });
  send({ figure: { name: 'stats over 2 GiB float64', value: REAL_BYTES / GiB / seconds, unit: 'GiB/s', better: 'higher' } });
  if (before) mb('file-backed RSS before the scan', before.rssFile);
  mb('anonymous RSS, peak during the 2 GiB scan', watch.peakAnon, '< 150 MB');
  mb('file-backed RSS, peak during the 2 GiB scan', watch.peakFile);
  snapshot('after the scan');
  const t0 = performance.now();
  const [, scanned] = await residentOf(tracker, both);
  send({ figure: { name: 'resident bytes of 2 mappings (smaps), one measurement', value: performance.now() - t0, unit: 'ms', better: 'lower' } });
  if (scanned != null) mb('2 GiB mapping resident after the scan', scanned);
  s.mapping.advise('dontneed'); // what the panel's Release does (service `release`)
  snapshot('after release');
  const after = readRssSplit();
  if (after) mb('file-backed RSS after release', after.rssFile);
  const [, released] = await residentOf(tracker, both);
  if (released != null) mb('2 GiB mapping resident after release', released);
  s.close();
}

async function child(sparseFile: string, realFile: string): Promise<void> {
  if (!readRssSplit()) {
    send({ log: 'this platform has no /proc/self/status RSS split; the memory section measures only on Linux' });
    return;
  }
  snapshot('baseline (engine loaded)');
  const watch = new RssWatch();
  const tracker = new ResidentTracker({ minIntervalMs: 0 });
  const sparse = await browseSparse(sparseFile, watch);
  await scanReal(realFile, watch, tracker, sparse);
  sparse.close();
}

/** The 2 GiB data file: float64 noise in [0, 1) (every page real, none sparse), kept between runs. */
function ensureRealFile(file: string, ctx: BenchContext): void {
  if (existsSync(file) && statSync(file).size === REAL_BYTES) return;
  ctx.log(`writing ${file} (2 GiB of float64)…`);
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  const words = new Uint32Array(8 << 20);
  const values = new Float64Array(words.length);
  for (let done = 0; done < REAL_BYTES; done += values.byteLength) {
    randomFillSync(words);
    for (let i = 0; i < words.length; i++) values[i] = words[i]! / 2 ** 32;
    writeSync(fd, new Uint8Array(values.buffer));
  }
  closeSync(fd);
  renameSync(partial, file);
}

function ensureSparseFile(file: string): void {
  if (existsSync(file) && statSync(file).size === SPARSE_BYTES) return;
  closeSync(openSync(file, 'w'));
  truncateSync(file, SPARSE_BYTES); // a hole: no disk blocks, reads as zeros
}

function runChild(ctx: BenchContext, sparseFile: string, realFile: string): Promise<void> {
  const script = process.argv[1];
  if (!script) throw new Error('the memory section needs the bench script path (process.argv[1])');
  return new Promise((resolve, reject) => {
    // 'memory-child' matches no section, so the child's harness runs none; this module does the work.
    const proc = spawn(process.execPath, [script, 'memory-child'], {
      env: { ...process.env, [CHILD_ENV]: JSON.stringify({ sparseFile, realFile }), ARRAYSCOPE_BENCH_JSON: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    proc.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const m = JSON.parse(line) as Message;
        if ('figure' in m) ctx.report(m.figure);
        else ctx.log(m.log);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the memory bench child exited with ${code}`))));
  });
}

export const memorySection: BenchSection = {
  name: 'memory',
  async run(ctx) {
    const sparseFile = path.join(ctx.dataDir, 'memory-64g-sparse.f8');
    const realFile = path.join(ctx.dataDir, 'memory-2g-random.f8');
    ensureSparseFile(sparseFile);
    ensureRealFile(realFile, ctx);
    await runChild(ctx, sparseFile, realFile);
  },
};

const childJob = process.env[CHILD_ENV];
if (childJob) {
  const { sparseFile, realFile } = JSON.parse(childJob) as { sparseFile: string; realFile: string };
  child(sparseFile, realFile).catch((err: unknown) => {
    process.stderr.write(`memory bench child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
