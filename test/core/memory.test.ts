/**
 * Memory figures: /proc parsing on fixed kernel text (incl. fields older kernels lack), and
 * sampleSessions over a real mapped file, where the kernel's own counters must move as the
 * file is read and released.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FileIdentity,
  parseProcStatus,
  parseSmapsRss,
  ResidentTracker,
  sampleSessions,
  splitDevice,
} from '../../src/core/memory.js';
import { openSession } from '../../src/core/open.js';
import { computeStats } from '../../src/core/scans.js';
import type { Session } from '../../src/core/session.js';
import { SessionStore } from '../../src/core/store.js';
import { tempDir } from '../helpers/python.js';

const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 1203460 kB
VmRSS:\t   61440 kB
RssAnon:\t   20480 kB
RssFile:\t   40000 kB
RssShmem:\t     960 kB
VmSwap:\t       0 kB
Threads:\t11
`;

describe('parseProcStatus', () => {
  it('turns the Rss lines (kB) into bytes', () => {
    expect(parseProcStatus(STATUS)).toEqual({ rss: 61440 * 1024, rssAnon: 20480 * 1024, rssFile: 40000 * 1024, rssShmem: 960 * 1024 });
  });

  it('is null when a kernel before 4.5 gives VmRSS but no split, so only the total is reported', () => {
    const old = STATUS.split('\n').filter((l) => !/^Rss(Anon|File|Shmem):/.test(l)).join('\n');
    expect(parseProcStatus(old)).toBeNull();
    expect(parseProcStatus(STATUS.replace(/^RssShmem:.*$/m, ''))).toBeNull();
  });

  it('is null without VmRSS and ignores look-alike keys', () => {
    expect(parseProcStatus(STATUS.replace(/^VmRSS:.*$/m, 'XVmRSS:\t 5 kB'))).toBeNull();
    expect(parseProcStatus('')).toBeNull();
  });
});

const FILE_A: FileIdentity = { major: 254, minor: 0, inode: 2523788n, path: '/data/a.npy' };
const FILE_B: FileIdentity = { major: 0, minor: 45, inode: 99n, path: '/data/with\nnewline.bin' };

function vma(range: string, perms: string, dev: string, inode: number, pathname: string, rssKb: number): string {
  return `${range} ${perms} 00000000 ${dev} ${inode}                    ${pathname}
Size:              65536 kB
KernelPageSize:        4 kB
Rss:              ${String(rssKb).padStart(8)} kB
Pss:              ${String(rssKb).padStart(8)} kB
Anonymous:             0 kB
VmFlags: rd mr mw me sd
`;
}

describe('parseSmapsRss', () => {
  it('sums every mapping of a file and leaves other files out', () => {
    const text =
      vma('7f0000000000-7f0004000000', 'r--s', 'fe:00', 2523788, '/data/a.npy', 1000) +
      vma('7f0004000000-7f0008000000', 'r--s', 'fe:00', 2523788, '/data/a.npy', 24) + // split by madvise
      vma('7f1000000000-7f1000001000', 'r-xp', 'fe:00', 11, '/usr/bin/node', 4096) +
      vma('7f2000000000-7f2000100000', 'rw-p', '00:00', 0, '[heap]', 512) +
      vma('7f3000000000-7f3000100000', 'rw-p', '00:00', 0, '', 64);
    expect(parseSmapsRss(text, [FILE_A])).toEqual([1024 * 1024]);
  });

  it('matches by inode with the path when device numbers differ (overlayfs), unescaping "\\012" and "(deleted)"', () => {
    const text =
      vma('7f0000000000-7f0004000000', 'r--p', '00:2e', 99, '/data/with\\012newline.bin (deleted)', 8) +
      vma('7f0004000000-7f0008000000', 'r--p', '00:2e', 99, '/elsewhere/same-inode-other-file', 800);
    expect(parseSmapsRss(text, [FILE_A, FILE_B])).toEqual([null, 8 * 1024]);
  });

  it('reports a file without any mapping as unknown (null), not 0', () => {
    expect(parseSmapsRss(vma('1000-2000', 'r--p', 'fe:00', 5, '/x', 4), [FILE_A])).toEqual([null]);
    expect(parseSmapsRss('', [FILE_A])).toEqual([null]);
  });
});

describe('splitDevice', () => {
  it("inverts glibc's makedev, including majors and minors beyond 8 bits", () => {
    const makedev = (major: bigint, minor: bigint): bigint =>
      (minor & 0xffn) | ((major & 0xfffn) << 8n) | ((minor & 0xffffff00n) << 12n) | ((major & 0xfffff000n) << 32n);
    expect(splitDevice(0xfe00n)).toEqual({ major: 254, minor: 0 });
    for (const [major, minor] of [
      [259n, 1048575n],
      [4096n, 300n],
      [0n, 45n],
    ] as const) {
      expect(splitDevice(makedev(major, minor))).toEqual({ major: Number(major), minor: Number(minor) });
    }
  });
});

describe('ResidentTracker', () => {
  const fake = (id: string, mappedPath: string): Parameters<ResidentTracker['current']>[0][number] => ({
    id,
    source: { path: mappedPath, mappedPath },
    mapping: { size: 4096, closed: false, residency: () => Promise.reject(new Error('unused')) },
  });

  it('measures at most once per interval and shares a measurement under way', async () => {
    let reads = 0;
    const tracker = new ResidentTracker({
      method: 'smaps',
      minIntervalMs: 60_000,
      maxIntervalMs: 60_000,
      readSmaps: async () => {
        reads += 1;
        return '';
      },
    });
    const sessions = [fake('t1', import.meta.filename)];
    expect(tracker.current(sessions)).toEqual([null]); // nothing measured yet: unknown
    await Promise.all([tracker.refresh(sessions), tracker.refresh(sessions)]);
    tracker.current(sessions);
    tracker.current(sessions);
    expect(reads).toBe(1);
  });

  it('reports unknown for a file it cannot identify', async () => {
    const tracker = new ResidentTracker({ method: 'smaps', readSmaps: async () => '' });
    const sessions = [fake('t2', '/nonexistent/arrayscope-memory-test')];
    await tracker.refresh(sessions);
    expect(tracker.current(sessions)).toEqual([null]);
  });
});

const MiB = 1024 * 1024;
const SIZE = 24 * MiB;
let tmp: { dir: string; cleanup: () => void };
let file: string;

beforeAll(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'random.u1');
  const fd = openSync(file, 'w');
  const chunk = new Uint8Array(MiB);
  for (let i = 0; i < SIZE / MiB; i++) writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
});
afterAll(() => tmp.cleanup());

async function withSession(body: (store: SessionStore, s: Session) => Promise<void>): Promise<void> {
  const store = new SessionStore();
  const s = store.add(await openSession({ path: file, raw: { dtype: 'u1', shape: null, offset: 0, order: 'C' } }));
  try {
    await body(store, s);
  } finally {
    store.closeAll();
  }
}

describe('sampleSessions with a real session', () => {
  it('lists the mapping with its size and the process figures from their sources', async () => {
    await withSession(async (store, s) => {
      const sample = sampleSessions(store, () => [{ type: 'GPU', pid: 7, rss: 123 }], new ResidentTracker());
      expect(sample.mappings).toEqual([{ session: s.id, path: file, mapped: SIZE, resident: null }]);
      expect(sample.processes).toEqual([{ type: 'GPU', pid: 7, rss: 123 }]);
      expect(sample.heapUsed).toBeGreaterThan(0);
      if (process.platform === 'linux') {
        expect(sample.source).toBe('proc-status');
        expect(sample.rssAnon! + sample.rssFile! + sample.rssShmem!).toBe(sample.rss);
      } else {
        expect(sample.source).toBe('process-memory-usage');
        expect(sample.rssAnon).toBeNull();
      }
    });
  });

  it.skipIf(process.platform !== 'linux')('sees the mapping rise in RssFile and smaps when scanned, and fall when released', async () => {
    await withSession(async (store, s) => {
      const tracker = new ResidentTracker({ method: 'smaps', minIntervalMs: 0 });
      const measure = async () => {
        await tracker.refresh(store.all());
        return sampleSessions(store, undefined, tracker);
      };
      s.mapping.advise('dontneed');
      const before = await measure();
      await computeStats(s, {});
      const scanned = await measure();
      s.mapping.advise('dontneed');
      const released = await measure();
      const resident = (m: typeof before) => m.mappings[0]!.resident!;
      expect(resident(before)).toBeLessThan(SIZE / 10);
      expect(resident(scanned)).toBeGreaterThanOrEqual(SIZE * 0.9);
      expect(resident(scanned)).toBeLessThanOrEqual(SIZE + 4096);
      expect(resident(released)).toBeLessThan(SIZE / 10);
      expect(scanned.rssFile! - released.rssFile!).toBeGreaterThan(SIZE * 0.8);
    });
  });

  it.skipIf(process.platform === 'win32')('with mincore, counts the file pages in RAM after a read', async () => {
    await withSession(async (store, s) => {
      const tracker = new ResidentTracker({ method: 'mincore', minIntervalMs: 0 });
      await computeStats(s, {}); // every page was just read, so the page cache holds it
      await tracker.refresh(store.all());
      const [resident] = sampleSessions(store, undefined, tracker).mappings.map((m) => m.resident);
      expect(resident).toBeGreaterThan(SIZE * 0.9);
      expect(resident).toBeLessThanOrEqual(SIZE);
    });
  });
});
