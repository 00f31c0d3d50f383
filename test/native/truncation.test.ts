/**
 * A file truncated by someone else while it is mapped must give `truncated` errors, never a
 * crash (SIGBUS). Two layers are checked: the fstat size check before touching pages, and the
 * fault guard itself, through a test hook that skips the size check so the access really faults.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonCandidates, Mapping, pageSize, readWithoutSizeCheckForTests } from '../../src/core/native.js';
import { tempDir } from '../helpers/python.js';
import { expectRejects, expectThrows } from './helpers.js';

const scratch = tempDir('arrayscope-truncation-');
afterAll(() => scratch.cleanup());

let counter = 0;
function fileOf(pages: number): string {
  const file = path.join(scratch.dir, `t${counter++}.bin`);
  writeFileSync(file, new Uint8Array(pages * pageSize()).fill(0x5a));
  return file;
}

const f8 = { type: 'f8', swap: false } as const;

describe('a file truncated while mapped', () => {
  for (const mode of ['r', 'c', 'r+'] as const) {
    it(`mode ${mode}: reads, gathers, scans and writes past the new end are 'truncated' errors`, async () => {
      const page = pageSize();
      const file = fileOf(16);
      const m = Mapping.open(file, mode);
      expect(m.read(10 * page, 4)).toEqual(new Uint8Array(4).fill(0x5a));
      truncateSync(file, 2 * page);
      expect(m.fileSize()).toBe(2 * page);
      const e = expectThrows(() => m.read(10 * page, 4), 'truncated', file);
      expect(e.message).toMatch(/truncated while open/);
      await expectRejects(m.readAsync(10 * page, 4), 'truncated', file);
      expectThrows(() => m.gather({ offset: 0, shape: [16], strides: [page] }, 1), 'truncated', file);
      await expectRejects(m.gatherAsync({ offset: 15 * page, shape: [2], strides: [-page] }, 8), 'truncated', file);
      const whole = { offset: 0, shape: [(16 * page) / 8], strides: [8] };
      await expectRejects(m.stats(whole, f8), 'truncated', file);
      await expectRejects(m.histogram(whole, f8, 4, 0, 1), 'truncated', file);
      await expectRejects(m.minmax(whole, f8, 4), 'truncated', file);
      await expectRejects(m.blockReduce({ offset: 0, shape: [16, page / 8], strides: [page, 8] }, f8, 2, 2), 'truncated', file);
      if (mode !== 'r') expectThrows(() => m.write(10 * page, new Uint8Array([1])), 'truncated', file);
      // What still lies inside the file keeps working.
      expect(m.read(0, 4)).toEqual(new Uint8Array(4).fill(0x5a));
      const head = await m.stats({ offset: 0, shape: [page / 8], strides: [8] }, f8);
      expect(head.count).toBe(page / 8);
      m.close();
    });
  }

  it('the fault guard turns a genuine SIGBUS into an error (size check bypassed)', () => {
    const page = pageSize();
    const file = fileOf(8);
    const m = Mapping.open(file, 'r');
    truncateSync(file, page);
    // Page 5 now lies wholly beyond EOF: touching it raises SIGBUS, which the guard catches.
    const e = expectThrows(() => readWithoutSizeCheckForTests(m, 5 * page, 16), 'truncated', file);
    expect(e.message).toContain(String(page));
    // Still alive, and the same hook reads fine inside the file.
    expect(readWithoutSizeCheckForTests(m, 0, 2)).toEqual(new Uint8Array([0x5a, 0x5a]));
    m.close();
  });

  it('a scan that sees the file shrink midway rejects with truncated', async () => {
    const file = path.join(scratch.dir, 'shrinking.bin');
    writeFileSync(file, '');
    truncateSync(file, 2 ** 40); // 1 TB sparse: the scan cannot finish before its first progress report
    const m = Mapping.open(file, 'r');
    let reports = 0;
    const job = m.stats({ offset: 0, shape: [2 ** 37], strides: [8] }, f8, {
      onProgress: () => {
        if (reports++ === 0) truncateSync(file, 4096);
      },
    });
    await expectRejects(job, 'truncated', file);
    expect(reports).toBeGreaterThan(0);
    m.close();
  });
});

describe('the SIGBUS handler', () => {
  it('passes signals that are not ours on: the default action still ends the process', () => {
    const addon = process.env.ARRAYSCOPE_ADDON ?? addonCandidates().find((c) => existsSync(c));
    expect(addon, 'the addon is built').toBeDefined();
    const script = `
      const m = { exports: {} };
      process.dlopen(m, ${JSON.stringify(addon)});
      new m.exports.Mapping(${JSON.stringify(fileOf(1))}, 'r'); // the handler is installed
      process.kill(process.pid, 'SIGBUS');
      setTimeout(() => console.log('survived'), 2000);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).not.toContain('survived');
    expect(r.signal).toBe('SIGBUS');
  });
});
