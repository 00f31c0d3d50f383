/**
 * Mapping modes and the edges of the address space: numpy.memmap's r / c / r+ / w+ semantics,
 * 0-byte files, a 1 TB sparse file, offsets beyond 4 GiB, argument validation, close and
 * use-after-close, advice in copy-on-write mode, residency.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Mapping, pageSize } from '../../src/core/native.js';
import { hasNumpy, NO_NUMPY_REASON, python, tempDir } from '../helpers/python.js';
import { expectRejects, expectThrows } from './helpers.js';

const scratch = tempDir('arrayscope-mapping-');
afterAll(() => scratch.cleanup());

let counter = 0;
/** A fresh file of `size` bytes whose byte i is (i * 7 + 3) mod 256. */
function patterned(size: number): { file: string; bytes: Uint8Array } {
  const file = path.join(scratch.dir, `p${counter++}.bin`);
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + 3) & 255);
  writeFileSync(file, bytes);
  return { file, bytes };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A sparse file of `size` bytes made with ftruncate (no blocks written). */
function sparse(size: number): string {
  const file = path.join(scratch.dir, `sparse${counter++}.bin`);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

const TB = 2 ** 40;

describe('mode r', () => {
  it('reads the file and refuses every write, naming the file', async () => {
    const { file, bytes } = patterned(10_000);
    const m = Mapping.open(file, 'r');
    expect([m.size, m.mode, m.path, m.closed]).toEqual([10_000, 'r', file, false]);
    expect(m.read(0, 10_000)).toEqual(bytes);
    expect(await m.readAsync(9_990, 10)).toEqual(bytes.subarray(9_990));
    expectThrows(() => m.write(0, new Uint8Array([1])), 'read-only', file);
    expect(() => m.discardPrivate()).not.toThrow(); // nothing was written: nothing to discard
    await m.sync(); // nothing to flush: resolves
    m.close();
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
  });
});

describe('mode c (copy-on-write)', () => {
  it('shows writes in this mapping only; the file is provably unchanged', async () => {
    const page = pageSize();
    const { file, bytes } = patterned(8 * page);
    const before = sha256(file);
    const m = Mapping.open(file, 'c');
    const other = Mapping.open(file, 'r');
    m.write(page + 10, new Uint8Array([0xde, 0xad]));
    m.write(5 * page - 1, new Uint8Array([1, 2])); // straddles pages 4 and 5
    expect(Array.from(m.read(page + 10, 2))).toEqual([0xde, 0xad]);
    expect(Array.from(m.read(5 * page - 1, 2))).toEqual([1, 2]);
    expect(m.dirtyPageCount()).toBe(3);
    expect(other.read(page + 10, 2)).toEqual(bytes.subarray(page + 10, page + 12));
    await m.sync(); // must not push private pages to the file
    other.close();
    m.close();
    expect(sha256(file)).toBe(before);
  });

  it("advise('dontneed') and evict() never drop the mapping's edits", () => {
    const page = pageSize();
    const { file } = patterned(16 * page);
    const m = Mapping.open(file, 'c');
    m.write(3 * page, new Uint8Array([42, 43, 44]));
    m.advise('dontneed');
    m.evict();
    m.advise('dontneed', 3 * page, 1);
    expect(Array.from(m.read(3 * page, 3))).toEqual([42, 43, 44]);
    m.close();
  });

  it('discardPrivate() drops every edit and shows the file again', () => {
    const page = pageSize();
    const { file, bytes } = patterned(4 * page);
    const m = Mapping.open(file, 'c');
    m.write(0, new Uint8Array(page * 2).fill(9));
    expect(m.dirtyPageCount()).toBe(2);
    m.discardPrivate();
    expect(m.dirtyPageCount()).toBe(0);
    expect(m.read(0, 4 * page)).toEqual(bytes);
    m.close();
  });
});

describe('mode r+', () => {
  it('writes reach the file after sync', async () => {
    const { file, bytes } = patterned(50_000);
    const m = Mapping.open(file, 'r+');
    m.write(12_345, new Uint8Array([1, 2, 3, 4]));
    await m.sync();
    const onDisk = readFileSync(file);
    expect(Array.from(onDisk.subarray(12_345, 12_349))).toEqual([1, 2, 3, 4]);
    expect(onDisk.subarray(0, 12_345)).toEqual(Buffer.from(bytes.subarray(0, 12_345)));
    expectThrows(() => m.discardPrivate(), 'bad-request', file);
    m.close();
  });

  it.skipIf(!hasNumpy)(`numpy sees the written values${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, async () => {
    const file = path.join(scratch.dir, 'rplus.bin');
    python('np.arange(1000, dtype="<f8").tofile(sys.argv[1])', [file]);
    const m = Mapping.open(file, 'r+');
    m.write(8 * 500, new Uint8Array(new Float64Array([-0.25]).buffer));
    await m.sync();
    m.close();
    expect(python('a = np.fromfile(sys.argv[1], dtype="<f8"); print(a[499], a[500], a[501])', [file]).trim()).toBe('499.0 -0.25 501.0');
  });
});

describe('mode w+', () => {
  it('creates a sparse file of the given size, then works as r+', async () => {
    const file = path.join(scratch.dir, 'created.bin');
    writeFileSync(file, 'old contents that must be truncated away');
    const size = 2 ** 30;
    const m = Mapping.open(file, 'w+', size);
    expect([m.size, m.fileSize()]).toEqual([size, size]);
    expect(statSync(file).blocks * 512).toBeLessThan(1 << 20); // no blocks allocated
    expect(m.read(0, 40)).toEqual(new Uint8Array(40));
    m.write(size - 3, new Uint8Array([7, 8, 9]));
    await m.sync();
    m.close();
    const fd = openSync(file, 'r');
    const tail = Buffer.alloc(3);
    readSync(fd, tail, 0, 3, size - 3);
    closeSync(fd);
    expect(Array.from(tail)).toEqual([7, 8, 9]);
  });

  it('needs a size', () => {
    expectThrows(() => Mapping.open(path.join(scratch.dir, 'nosize.bin'), 'w+'), 'bad-request');
  });
});

describe('edges', () => {
  it('0-byte files open; only empty reads at offset 0 are in range', async () => {
    const file = path.join(scratch.dir, 'empty.bin');
    writeFileSync(file, '');
    const m = Mapping.open(file, 'r');
    expect(m.size).toBe(0);
    expect(m.read(0, 0)).toEqual(new Uint8Array(0));
    expect(await m.readAsync(0, 0)).toEqual(new Uint8Array(0));
    expectThrows(() => m.read(0, 1), 'bad-request', file);
    expectThrows(() => m.read(1, 0), 'bad-request', file);
    expect(m.gather({ offset: 0, shape: [0, 5], strides: [40, 8] }, 8)).toEqual(new Uint8Array(0));
    const s = await m.stats({ offset: 0, shape: [0], strides: [8] }, { type: 'f8', swap: false });
    expect([s.count, s.sum]).toEqual([0, 0]);
    expect([s.min, s.max, s.mean, s.std].every(Number.isNaN)).toBe(true);
    const r = await m.residency(4);
    expect(Array.from(r.fractions).every(Number.isNaN)).toBe(true);
    m.close();
    const w = Mapping.open(path.join(scratch.dir, 'empty-created.bin'), 'w+', 0);
    expect(w.size).toBe(0);
    await w.sync();
    w.close();
  });

  it('a 1 TB sparse file: reads near the end, quick residency, scans stay cancellable', async () => {
    const file = sparse(TB);
    const m = Mapping.open(file, 'r');
    expect(m.size).toBe(TB);
    expect(m.read(TB - 16, 16)).toEqual(new Uint8Array(16));
    expect(await m.readAsync(TB - 4096, 4096)).toEqual(new Uint8Array(4096));
    const started = performance.now();
    const r = await m.residency(1000);
    const elapsed = performance.now() - started;
    expect(r.sampled).toBe(true);
    expect(r.fractions.length).toBe(1000);
    expect(Array.from(r.fractions).every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(elapsed).toBeLessThan(1000); // budgeted at ~100 ms; generous for a loaded machine
    expectThrows(() => m.read(TB - 1, 2), 'bad-request', file);
    m.close();
  });

  it('offsets beyond 4 GiB address the right bytes', async () => {
    const file = sparse(6 * 2 ** 30);
    const offset = 5 * 2 ** 30 + 123;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([10, 20, 30, 40]), 0, 4, offset);
    closeSync(fd);
    const m = Mapping.open(file, 'r');
    expect(Array.from(m.read(offset, 4))).toEqual([10, 20, 30, 40]);
    expect(Array.from(await m.gatherAsync({ offset: offset + 3, shape: [4], strides: [-1] }, 1))).toEqual([40, 30, 20, 10]);
    const s = await m.stats({ offset, shape: [4], strides: [1] }, { type: 'u1', swap: false });
    expect([s.min, s.max, s.sum]).toEqual([10, 40, 100]);
    m.close();
  });
});

describe('errors', () => {
  it('missing files, directories and bad modes', () => {
    const missing = path.join(scratch.dir, 'does-not-exist.npy');
    expectThrows(() => Mapping.open(missing, 'r'), 'not-found', missing);
    const dir = path.join(scratch.dir, 'a-directory');
    mkdirSync(dir);
    expectThrows(() => Mapping.open(dir, 'r'), 'io', dir);
    expectThrows(() => Mapping.open(dir, 'x' as never), 'bad-request', dir);
  });

  it('offsets and lengths must be non-negative integers inside the mapping', async () => {
    const { file } = patterned(1000);
    const m = Mapping.open(file, 'r');
    for (const [offset, length] of [
      [-1, 1],
      [0.5, 1],
      [0, NaN],
      [0, Infinity],
      [2 ** 53, 1],
      [999, 2],
      [1001, 0],
    ] as const) {
      expectThrows(() => m.read(offset, length), 'bad-request', file);
      await expectRejects(m.readAsync(offset, length), 'bad-request', file);
    }
    expectThrows(() => m.read('1' as never, 1), 'bad-request', file);
    expectThrows(() => m.advise('sometimes' as never), 'bad-request', file);
    await expectRejects(m.residency(0), 'bad-request', file);
    await expectRejects(m.stats({ offset: 0, shape: [10], strides: [8] }, { type: 'f16' as never, swap: false }), 'bad-request', file);
    m.close();
  });

  it('close is idempotent and every later use fails with closed', async () => {
    const { file } = patterned(4096);
    const m = Mapping.open(file, 'r');
    m.close();
    m.close();
    expect(m.closed).toBe(true);
    expectThrows(() => m.read(0, 1), 'closed', file);
    expectThrows(() => m.fileSize(), 'closed', file);
    expectThrows(() => m.gather({ offset: 0, shape: [1], strides: [1] }, 1), 'closed', file);
    await expectRejects(m.readAsync(0, 1), 'closed', file);
    await expectRejects(m.sync(), 'closed', file);
    await expectRejects(m.stats({ offset: 0, shape: [1], strides: [1] }, { type: 'u1', swap: false }), 'closed', file);
    await expectRejects(m.residency(1), 'closed', file);
  });
});

describe('residency', () => {
  it('is ~1 for a file just read and drops after evict()', async () => {
    const page = pageSize();
    const { file } = patterned(256 * page);
    const fd = openSync(file, 'r');
    fsyncSync(fd); // clean pages only: the page cache may drop them on evict
    closeSync(fd);
    const m = Mapping.open(file, 'r');
    m.read(0, m.size);
    const warm = await m.residency(8);
    expect(warm.sampled).toBe(false);
    expect(warm.pageSize).toBe(page);
    expect(Math.min(...warm.fractions)).toBe(1);
    m.evict();
    const cold = await m.residency(8);
    const mean = cold.fractions.reduce((a, b) => a + b, 0) / cold.fractions.length;
    expect(mean).toBeLessThan(0.5);
    const part = await m.residency(2, 0, 16 * page);
    expect(part.fractions.length).toBe(2);
    m.close();
  });
});
