/**
 * Scans run off the JS thread: cancellation through AbortSignal, progress reports (monotone,
 * throttled, total right), close() while a scan runs, concurrent scans, and the JS thread staying
 * responsive. A 1 TB sparse file makes scans that cannot finish during a test.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonCandidates, Mapping } from '../../src/core/native.js';
import { tempDir } from '../helpers/python.js';
import { expectRejects } from './helpers.js';

const scratch = tempDir('arrayscope-scan-');
afterAll(() => scratch.cleanup());

const TB = 2 ** 40;
const f8 = { type: 'f8', swap: false } as const;
const everything = { offset: 0, shape: [TB / 8], strides: [8] };

function hugeSparseFile(): string {
  const file = path.join(scratch.dir, `huge${Math.random().toString(36).slice(2)}.bin`);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, TB);
  closeSync(fd);
  return file;
}

describe('cancellation', () => {
  it('an AbortSignal stops a 1 TB scan promptly with cancelled', async () => {
    const file = hugeSparseFile();
    const m = Mapping.open(file, 'r');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expectRejects(m.stats(everything, f8, { signal: controller.signal }), 'cancelled', file);
    expect(performance.now() - started).toBeLessThan(2000);
    m.close();
  });

  it('an already aborted signal rejects without scanning', async () => {
    const file = hugeSparseFile();
    const m = Mapping.open(file, 'r');
    await expectRejects(m.histogram(everything, f8, 10, 0, 1, { signal: AbortSignal.abort() }), 'cancelled', file);
    m.close();
  });

  it('every kernel is cancellable', async () => {
    const file = hugeSparseFile();
    const m = Mapping.open(file, 'r');
    const scans = [
      (signal: AbortSignal) => m.histogram(everything, f8, 10, 0, 1, { signal }),
      (signal: AbortSignal) => m.minmax(everything, f8, 100, { signal }),
      (signal: AbortSignal) => m.blockReduce({ offset: 0, shape: [2 ** 20, TB / 8 / 2 ** 20], strides: [TB / 2 ** 20, 8] }, f8, 1024, 1024, { signal }),
    ];
    for (const scan of scans) {
      const controller = new AbortController();
      const job = scan(controller.signal);
      setTimeout(() => controller.abort(), 30);
      await expectRejects(job, 'cancelled', file);
    }
    m.close();
  });
});

describe('progress', () => {
  it('arrives on the JS thread, monotone, throttled to ~20/s, with the right total', async () => {
    const file = path.join(scratch.dir, 'progress.bin');
    const n = 2 ** 26; // 512 MiB of zeros: long enough for several reports
    writeFileSync(file, '');
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, n * 8);
    closeSync(fd);
    const m = Mapping.open(file, 'r');
    const reports: [number, number][] = [];
    const started = performance.now();
    const s = await m.stats({ offset: 0, shape: [n], strides: [8] }, f8, { onProgress: (done, total) => reports.push([done, total]) });
    const elapsed = performance.now() - started;
    expect(s.count).toBe(n);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every(([, total]) => total === n)).toBe(true);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);
    expect(reports.at(-1)).toEqual([n, n]);
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    m.close();
  });

  it('a throwing progress callback stops the scan and surfaces its error', async () => {
    const m = Mapping.open(hugeSparseFile(), 'r');
    const bug = new Error('bug in the progress callback');
    await expect(
      m.stats(everything, f8, {
        onProgress: () => {
          throw bug;
        },
      }),
    ).rejects.toBe(bug);
    m.close();
  });
});

describe('lifetime', () => {
  it('close() during a scan: the scan rejects with closed, nothing crashes', async () => {
    const file = hugeSparseFile();
    const m = Mapping.open(file, 'r');
    const job = m.stats(everything, f8);
    const read = m.readAsync(TB - 8, 8);
    await new Promise((resolve) => setTimeout(resolve, 20));
    m.close();
    await expectRejects(job, 'closed', file);
    const readOutcome = await read.then(
      (bytes) => bytes,
      (err: unknown) => err,
    );
    // The read was queued before close(): it either finished or saw the mapping closed.
    if (readOutcome instanceof Uint8Array) expect(readOutcome).toEqual(new Uint8Array(8));
    else await expectRejects(Promise.reject(readOutcome), 'closed', file);
  });

  it('the JS thread keeps running while scans work', async () => {
    const m = Mapping.open(hugeSparseFile(), 'r');
    const controller = new AbortController();
    const jobs = [m.stats(everything, f8, { signal: controller.signal }), m.minmax(everything, f8, 1000, { signal: controller.signal })];
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 600));
    clearInterval(timer);
    controller.abort();
    await Promise.allSettled(jobs);
    // The timer ticks every 5 ms. A JS thread blocked by a scan would miss ticks for the whole
    // 600 ms window (the scans cannot finish in it); the bound leaves room for a shared, loaded
    // test machine (tens of ms of scheduling noise have been seen).
    expect(worstGap).toBeLessThan(300);
    m.close();
  });

  it('concurrent scans of one mapping agree with sequential ones', async () => {
    const file = path.join(scratch.dir, 'concurrent.bin');
    const values = new Float64Array(1 << 20).map((_, i) => Math.sin(i) * 1000);
    writeFileSync(file, new Uint8Array(values.buffer));
    const m = Mapping.open(file, 'r');
    const region = { offset: 0, shape: [1 << 20], strides: [8] };
    const alone = await m.stats(region, f8);
    const together = await Promise.all(Array.from({ length: 6 }, () => m.stats(region, f8)));
    for (const s of together) expect(s).toEqual(alone);
    m.close();
  });

  it('a worker thread that ends with scans and reads in flight takes nothing down', () => {
    const addon = process.env.ARRAYSCOPE_ADDON ?? addonCandidates().find((c) => existsSync(c));
    const file = hugeSparseFile();
    const worker = `
      const { parentPort } = require('node:worker_threads');
      const m = { exports: {} };
      process.dlopen(m, ${JSON.stringify(addon)});
      const map = new m.exports.Mapping(${JSON.stringify(file)}, 'r');
      map.stats({ offset: 0, shape: [${TB / 8}], strides: [8] }, { type: 'f8', swap: false }, () => {});
      map.minmax({ offset: 0, shape: [${TB / 8}], strides: [8] }, { type: 'f8', swap: false }, 100);
      for (let i = 0; i < 4; i++) map.readAsync(i * 2 ** 30, 2 ** 30);
      map.gatherAsync({ offset: 0, shape: [2 ** 20], strides: [4096] }, 8);
      map.residency(100);
      map.sync();
      parentPort.postMessage('scanning');`;
    // Node unloads the addon with the worker: without pinning, the scan threads would crash.
    const main = `
      const { Worker } = require('node:worker_threads');
      const w = new Worker(${JSON.stringify(worker)}, { eval: true });
      w.on('message', () => setTimeout(() => w.terminate().then(() => setTimeout(() => console.log('ok'), 200)), 100));`;
    const r = spawnSync(process.execPath, ['-e', main], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect([r.status, r.signal, r.stdout.trim()]).toEqual([0, null, 'ok']);
  });
});
