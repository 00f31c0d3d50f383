/**
 * Honest memory figures for the process that holds the mappings.
 *
 * On Linux, /proc/self/status splits resident memory into RssAnon (heap, stacks: really
 * allocated), RssFile (file pages mapped in, e.g. our mappings: reclaimable page cache) and
 * RssShmem. Elsewhere only the total from process.memoryUsage() is known, and the sample says so
 * (`source`), so the UI never presents a guess as a measurement.
 *
 * Each mapping's `resident` figure is measured off the JS thread, at most once a second and less
 * often when measuring is slow (≤ 5% of the time, but at least every 5 s), so the 1 Hz memory
 * tick stays cheap for any file size; samples carry the latest measurement, or null before the
 * first one.
 * - Linux: the kernel's own count, the Rss of this file's mappings in /proc/self/smaps, i.e. the
 *   bytes of the mapping resident in THIS process (what RssFile, plus copy-on-write copies, holds).
 * - Elsewhere: mincore over the mapping (evenly spaced samples for huge files), i.e. the pages of
 *   the file that are in RAM, cached by the OS or not.
 */
import { readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { MemorySample } from '../shared/schemas.js';
import type { ResidencyInfo } from './native.js';
import type { SessionStore } from './store.js';

export interface RssSplit {
  readonly rss: number;
  readonly rssAnon: number;
  readonly rssFile: number;
  readonly rssShmem: number;
}

/**
 * Parses the Rss* lines of /proc/<pid>/status (values in kB) into bytes. Null when any of them is
 * absent (kernels before 4.5 have no RssAnon/RssFile/RssShmem): then only the total is known.
 */
export function parseProcStatus(text: string): RssSplit | null {
  const field = (name: string): number | null => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const rss = field('VmRSS');
  const rssAnon = field('RssAnon');
  const rssFile = field('RssFile');
  const rssShmem = field('RssShmem');
  if (rss === null || rssAnon === null || rssFile === null || rssShmem === null) return null;
  return { rss, rssAnon, rssFile, rssShmem };
}

export function readRssSplit(): RssSplit | null {
  if (process.platform !== 'linux') return null;
  try {
    return parseProcStatus(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return null;
  }
}

/** A mapped file as the kernel names it in /proc/self/smaps: device numbers, inode and path. */
export interface FileIdentity {
  readonly major: number;
  readonly minor: number;
  readonly inode: bigint;
  /** The resolved path (symlinks followed), compared when the device numbers differ (overlayfs). */
  readonly path: string;
}

const SMAPS_HEADER = /^[0-9a-f]+-[0-9a-f]+ \S+ [0-9a-f]+ ([0-9a-f]+):([0-9a-f]+) (\d+)[ \t]*(.*)$/;

/** The pathname field of a maps line: the kernel escapes '\n' as "\012" and marks unlinked files. */
function smapsPath(field: string): string {
  return field.replace(/ \(deleted\)$/, '').replaceAll('\\012', '\n');
}

function sameFile(id: FileIdentity, major: number, minor: number, inode: bigint, pathname: string): boolean {
  if (id.inode !== inode) return false;
  return (id.major === major && id.minor === minor) || id.path === smapsPath(pathname);
}

/**
 * Sums the Rss (bytes) of every mapping (VMA) of each file in /proc/<pid>/smaps text. A file with
 * no mapping in the text gets null (unknown), never 0: its mapping exists, so zero would be a guess.
 */
export function parseSmapsRss(text: string, files: readonly FileIdentity[]): (number | null)[] {
  const totals: (number | null)[] = files.map(() => null);
  let current = -1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(start);
    const isHeader = (first >= 48 && first <= 57) || (first >= 97 && first <= 102); // [0-9a-f]
    if (isHeader) {
      const m = SMAPS_HEADER.exec(text.slice(start, end));
      current = m ? files.findIndex((f) => sameFile(f, parseInt(m[1]!, 16), parseInt(m[2]!, 16), BigInt(m[3]!), m[4]!)) : -1;
      if (current >= 0) totals[current] ??= 0;
    } else if (current >= 0 && text.startsWith('Rss:', start)) {
      const kb = /^Rss:\s+(\d+)\s*kB/.exec(text.slice(start, end));
      if (kb) totals[current] = (totals[current] ?? 0) + Number(kb[1]) * 1024;
    }
    start = end + 1;
  }
  return totals;
}

/** Linux dev_t → (major, minor), as glibc's gnu_dev_major/minor split it. */
export function splitDevice(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
  return { major: Number(major), minor: Number(minor) };
}

async function identify(file: string): Promise<FileIdentity | null> {
  try {
    const [info, resolved] = await Promise.all([stat(file, { bigint: true }), realpath(file)]);
    return { ...splitDevice(info.dev), inode: info.ino, path: resolved };
  } catch {
    return null; // the file is gone or unreadable by path: its figure stays unknown
  }
}

/** The part of a Session the resident figures need. */
export interface MappedSession {
  readonly id: string;
  readonly source: { readonly path: string; readonly mappedPath: string };
  readonly mapping: {
    readonly size: number;
    readonly closed: boolean;
    residency(buckets: number, offset?: number, length?: number): Promise<ResidencyInfo>;
  };
}

export interface ResidentOptions {
  /** 'smaps' on Linux (this process's resident bytes), 'mincore' elsewhere (the file's pages in RAM). */
  readonly method?: 'smaps' | 'mincore';
  readonly readSmaps?: () => Promise<string>;
  /** Shortest time between two measurements. */
  readonly minIntervalMs?: number;
  /** A measurement that took t ms is not repeated for costFactor·t ms (caps its share of a core)… */
  readonly costFactor?: number;
  /** …but figures are never older than this (a slow measurement may only be queued behind scans). */
  readonly maxIntervalMs?: number;
}

const MINCORE_BUCKETS = 64;

/**
 * Per-session resident bytes, measured in the background and rate-limited. `current` never
 * blocks: it returns the latest figures and starts a measurement when one is due.
 */
export class ResidentTracker {
  readonly method: 'smaps' | 'mincore';
  private readonly figures = new Map<string, number | null>();
  private readonly identities = new Map<string, Promise<FileIdentity | null>>();
  private running: Promise<void> | null = null;
  private nextDue = 0;
  private lastCostMs = 0;

  constructor(private readonly options: ResidentOptions = {}) {
    this.method = options.method ?? (process.platform === 'linux' ? 'smaps' : 'mincore');
  }

  /** How long the last measurement took (ms), for the benchmark. */
  get lastCost(): number {
    return this.lastCostMs;
  }

  current(sessions: readonly MappedSession[]): (number | null)[] {
    const open = new Set(sessions.map((s) => s.id));
    for (const id of [...this.figures.keys(), ...this.identities.keys()]) {
      if (!open.has(id)) {
        this.figures.delete(id);
        this.identities.delete(id);
      }
    }
    if (sessions.length > 0 && !this.running && Date.now() >= this.nextDue) void this.refresh(sessions);
    return sessions.map((s) => this.figures.get(s.id) ?? null);
  }

  /** Measures now (joining a measurement under way) and resolves when the figures are updated. */
  refresh(sessions: readonly MappedSession[]): Promise<void> {
    this.running ??= this.measure(sessions).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async measure(sessions: readonly MappedSession[]): Promise<void> {
    const started = performance.now();
    try {
      const values = this.method === 'smaps' ? await this.viaSmaps(sessions) : await this.viaMincore(sessions);
      sessions.forEach((s, i) => this.figures.set(s.id, values[i] ?? null));
    } catch {
      for (const s of sessions) this.figures.set(s.id, null); // unknown, never a stale or guessed figure
    } finally {
      this.lastCostMs = performance.now() - started;
      const { minIntervalMs = 1000, costFactor = 20, maxIntervalMs = 5000 } = this.options;
      this.nextDue = Date.now() + Math.min(maxIntervalMs, Math.max(minIntervalMs, costFactor * this.lastCostMs));
    }
  }

  private async viaSmaps(sessions: readonly MappedSession[]): Promise<(number | null)[]> {
    const ids = await Promise.all(sessions.map((s) => this.identityOf(s)));
    const known = ids.filter((id): id is FileIdentity => id !== null);
    if (known.length === 0) return sessions.map(() => null);
    const read = this.options.readSmaps ?? (() => readFile('/proc/self/smaps', 'utf8'));
    const totals = parseSmapsRss(await read(), known);
    return sessions.map((s, i) => {
      const id = ids[i];
      if (s.mapping.size === 0) return 0; // an empty file has nothing to map
      return id ? (totals[known.indexOf(id)] ?? null) : null;
    });
  }

  private async viaMincore(sessions: readonly MappedSession[]): Promise<(number | null)[]> {
    return Promise.all(
      sessions.map(async (s) => {
        if (s.mapping.size === 0) return 0;
        if (s.mapping.closed) return null;
        try {
          const { fractions } = await s.mapping.residency(MINCORE_BUCKETS);
          let sum = 0;
          for (const f of fractions) sum += Number.isNaN(f) ? 0 : f;
          return Math.round((sum / fractions.length) * s.mapping.size);
        } catch {
          return null; // e.g. Windows: residency is not available
        }
      }),
    );
  }

  private identityOf(s: MappedSession): Promise<FileIdentity | null> {
    let id = this.identities.get(s.id);
    if (!id) this.identities.set(s.id, (id = identify(s.source.mappedPath)));
    return id;
  }
}

/** The process-wide tracker the service's memory ticks use. */
export const residentTracker = new ResidentTracker();

export interface MappingFigure {
  readonly session: string;
  readonly path: string;
  readonly mapped: number;
  readonly resident: number | null;
}

export function sampleMemory(
  mappings: readonly MappingFigure[],
  processes: readonly { type: string; pid: number; rss: number }[] = [],
): MemorySample {
  const usage = process.memoryUsage();
  const split = readRssSplit();
  return {
    time: Date.now(),
    pid: process.pid,
    source: split ? 'proc-status' : 'process-memory-usage',
    rss: split ? split.rss : usage.rss,
    rssAnon: split ? split.rssAnon : null,
    rssFile: split ? split.rssFile : null,
    rssShmem: split ? split.rssShmem : null,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    processes: [...processes],
    mappings: [...mappings],
  };
}

/** A memory sample covering every open session's mapping in this process. */
export function sampleSessions(
  store: SessionStore,
  processMetrics?: () => { type: string; pid: number; rss: number }[],
  tracker: ResidentTracker = residentTracker,
): MemorySample {
  const open = store.all();
  const resident = tracker.current(open);
  const mappings = open.map((s, i) => ({ session: s.id, path: s.source.path, mapped: s.mapping.size, resident: resident[i] ?? null }));
  return sampleMemory(mappings, processMetrics?.() ?? []);
}
