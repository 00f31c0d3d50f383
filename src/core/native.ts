/**
 * The typed face of the native addon (src/native, build/Release/arrayscope.node) and the ONLY
 * module that loads it.
 *
 * Invariants:
 * - Every byte the addon returns is a copy in a V8-owned buffer; nothing here ever exposes
 *   mapped memory to JS (Electron's V8 memory cage forbids external buffers).
 * - Every failure leaves this module as an ArrayscopeError whose message names the file.
 * - Scans run off the JS thread; an AbortSignal cancels them at the next chunk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScalarDType } from '../shared/dtype.js';
import { ArrayscopeError, type ErrorKind } from '../shared/errors.js';

export type MapMode = 'r' | 'c' | 'r+' | 'w+';
export type Advice = 'normal' | 'random' | 'sequential' | 'willneed' | 'dontneed';
export type KernelType =
  | 'b1'
  | 'i1'
  | 'u1'
  | 'i2'
  | 'u2'
  | 'i4'
  | 'u4'
  | 'i8'
  | 'u8'
  | 'f2'
  | 'f4'
  | 'f8'
  | 'c8'
  | 'c16'
  | 'M8'
  | 'm8';

export interface ElementType {
  readonly type: KernelType;
  /** The data is big-endian and must be byte-swapped. */
  readonly swap: boolean;
}

/** numpy's view geometry in bytes: the first element's offset, the shape, byte strides (may be < 0 or 0). */
export interface StridedRegion {
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

export interface ScanOptions {
  readonly signal?: AbortSignal;
  /** Called on the JS thread at most ~20 times a second, and once with done === total at the end. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface NativeStats {
  /** Elements that are not missing (missing: NaN for floats and |complex|, NaT for datetimes). */
  readonly count: number;
  readonly nanCount: number;
  readonly infCount: number;
  readonly zeroCount: number;
  readonly min: number;
  readonly max: number;
  /** Exact extremes of 64-bit integer/datetime data as decimal text; null for other types or no data. */
  readonly minExact: string | null;
  readonly maxExact: string | null;
  readonly mean: number;
  /** Population standard deviation (numpy's ddof=0). */
  readonly std: number;
  readonly sum: number;
}

export interface ResidencyInfo {
  /** Per bucket, the fraction of its pages that are in memory (NaN for an empty range). */
  readonly fractions: Float64Array;
  /** True when only evenly spaced samples of each bucket's pages were examined. */
  readonly sampled: boolean;
  readonly pageSize: number;
}

export interface BlockReduction {
  readonly rows: number;
  readonly cols: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly mean: Float64Array;
  /** Non-missing values per block, and their sum: blocks combine exactly (count · mean is not exact). */
  readonly count: Float64Array;
  readonly sum: Float64Array;
}

interface NativeScan<T> {
  readonly promise: Promise<T>;
  cancel(): void;
}

type Progress = ((done: number, total: number) => void) | undefined;

/** The shape of the addon's `Mapping` class (src/native/addon.cc). */
interface NativeMapping {
  readonly size: number;
  fileSize(): number;
  read(offset: number, length: number): Uint8Array;
  readAsync(offset: number, length: number): Promise<Uint8Array>;
  gather(region: StridedRegion, itemsize: number): Uint8Array;
  gatherAsync(region: StridedRegion, itemsize: number): Promise<Uint8Array>;
  write(offset: number, bytes: Uint8Array): void;
  sync(): Promise<void>;
  advise(advice: Advice, offset?: number, length?: number): void;
  evict(offset?: number, length?: number): void;
  discardPrivate(): void;
  dirtyPageCount(): number;
  allResident(offset: number, length: number): boolean;
  residency(buckets: number, offset?: number, length?: number): Promise<ResidencyInfo>;
  stats(region: StridedRegion, elem: ElementType, onProgress: Progress): NativeScan<NativeStats>;
  histogram(
    region: StridedRegion,
    elem: ElementType,
    bins: number,
    lo: number,
    hi: number,
    onProgress: Progress,
  ): NativeScan<Float64Array>;
  minmax(
    region: StridedRegion,
    elem: ElementType,
    buckets: number,
    onProgress: Progress,
  ): NativeScan<{ min: Float64Array; max: Float64Array }>;
  blockReduce(
    region: StridedRegion,
    elem: ElementType,
    blockRows: number,
    blockCols: number,
    onProgress: Progress,
  ): NativeScan<BlockReduction>;
  close(): void;
  testReadWithoutSizeCheck(offset: number, length: number): Uint8Array;
}

interface NativeAddon {
  readonly Mapping: new (path: string, mode: MapMode, size?: number) => NativeMapping;
  pageSize(): number;
  readonly abiVersion: number;
}

const ADDON_ABI_VERSION = 1;
const ADDON_FILE = path.join('build', 'Release', 'arrayscope.node');

/** The directory of this module, in ESM (vitest, out/cli/*.mjs) and in CommonJS bundles (out/main). */
function moduleDirectory(): string {
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/**
 * Where the addon may be, best first: build/Release/arrayscope.node in this module's directory
 * and every ancestor; inside an Electron app.asar, the app.asar.unpacked twin comes first
 * because a .node file cannot be loaded from inside an archive.
 */
export function addonCandidates(fromDirectory: string = moduleDirectory()): string[] {
  const out: string[] = [];
  let dir = path.resolve(fromDirectory);
  for (;;) {
    const candidate = path.join(dir, ADDON_FILE);
    const asar = `${path.sep}app.asar${path.sep}`;
    if (candidate.includes(asar)) out.push(candidate.replace(asar, `${path.sep}app.asar.unpacked${path.sep}`));
    out.push(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

let loaded: NativeAddon | null = null;

function loadAddon(): NativeAddon {
  if (loaded) return loaded;
  const override = process.env.ARRAYSCOPE_ADDON;
  const candidates = override ? [path.resolve(override)] : addonCandidates();
  const file = candidates.find((c) => existsSync(c));
  const howToFix = 'run `npm install` (or `node scripts/build-addon.mjs`) to build it';
  if (!file) {
    const where = override ? `ARRAYSCOPE_ADDON=${override} does not exist` : `no ${ADDON_FILE} above ${moduleDirectory()}`;
    throw new ArrayscopeError('internal', `the Arrayscope native addon is missing (${where}); ${howToFix}`);
  }
  const mod: { exports: unknown } = { exports: {} };
  try {
    process.dlopen(mod, file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ArrayscopeError('internal', `the Arrayscope native addon '${file}' could not be loaded (${reason}); ${howToFix}`);
  }
  const addon = mod.exports as NativeAddon;
  if (addon.abiVersion !== ADDON_ABI_VERSION) {
    throw new ArrayscopeError('internal', `the Arrayscope native addon '${file}' is out of date; ${howToFix}`);
  }
  loaded = addon;
  return addon;
}

/** The operating system's memory page size in bytes. */
export function pageSize(): number {
  return loadAddon().pageSize();
}

interface NativeErrorShape {
  code?: unknown;
  message?: unknown;
  errno?: unknown;
  syscall?: unknown;
  needed?: unknown;
  actual?: unknown;
}

/** Turns an error thrown by the addon into an ArrayscopeError naming `file`. */
export function translateNativeError(err: unknown, file: string): ArrayscopeError {
  if (err instanceof ArrayscopeError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as NativeErrorShape;
  const detail = typeof e.message === 'string' ? e.message : String(err);
  const q = `'${file}'`;
  const make = (kind: ErrorKind, message: string) => new ArrayscopeError(kind, message, { cause: err });
  switch (e.code) {
    case 'ERR_AS_CLOSED':
      return make('closed', `${q} is closed`);
    case 'ERR_AS_TRUNCATED':
      return make(
        'truncated',
        `${q} is shorter than expected: it was truncated while open (${String(e.needed)} bytes needed, it now has ${String(e.actual)})`,
      );
    case 'ERR_AS_READ_ONLY':
      return make('read-only', `${q} is open read-only: writing needs mode 'r+' or 'c'`);
    case 'ERR_AS_RANGE':
      return make('bad-request', `${q}: ${detail}`);
    case 'ERR_AS_CANCELLED':
      return make('cancelled', `the scan of ${q} was cancelled`);
    case 'ERR_AS_TOO_LARGE':
      return make('too-large', `${q}: ${detail}`);
    case 'ERR_AS_UNSUPPORTED':
      return make('unsupported', `${q}: ${detail}`);
    case 'ERR_AS_IO': {
      if (e.errno === 'ENOENT') return make('not-found', `${q} does not exist`);
      const cause = typeof e.errno === 'string' ? ` (${e.errno}${typeof e.syscall === 'string' ? ` in ${e.syscall}` : ''})` : '';
      return make('io', `${q}: ${detail}${cause}`);
    }
    default:
      return make('internal', `${q}: ${detail}`);
  }
}

const MODES: readonly MapMode[] = ['r', 'c', 'r+', 'w+'];
const handles = new WeakMap<Mapping, NativeMapping>();

/**
 * A whole file mapped in one of numpy.memmap's modes: 'r' read-only, 'c' copy-on-write (writes
 * stay in this mapping, the file never changes), 'r+' read-write, 'w+' create/overwrite with
 * `size` bytes (sparse) then read-write.
 */
export class Mapping {
  readonly path: string;
  readonly mode: MapMode;
  readonly size: number;

  private constructor(file: string, mode: MapMode, native: NativeMapping) {
    this.path = file;
    this.mode = mode;
    this.size = native.size;
    handles.set(this, native);
  }

  static open(file: string, mode: MapMode, size?: number): Mapping {
    if (!MODES.includes(mode)) {
      throw new ArrayscopeError('bad-request', `'${file}': mode must be one of ${MODES.join(', ')}, not '${String(mode)}'`);
    }
    if (mode === 'w+' && size === undefined) {
      throw new ArrayscopeError('bad-request', `'${file}': mode 'w+' needs the size of the file to create`);
    }
    const { Mapping: NativeClass } = loadAddon();
    try {
      return new Mapping(file, mode, new NativeClass(file, mode, size));
    } catch (err) {
      throw translateNativeError(err, file);
    }
  }

  get closed(): boolean {
    return !handles.has(this);
  }

  /** The file's size now (it may differ from `size` if another process changed it). */
  fileSize(): number {
    return this.call((n) => n.fileSize());
  }

  /** A copy of `length` bytes at `offset`, made on the JS thread: for small pages. */
  read(offset: number, length: number): Uint8Array {
    return this.call((n) => n.read(offset, length));
  }

  readAsync(offset: number, length: number): Promise<Uint8Array> {
    return this.callAsync((n) => n.readAsync(offset, length));
  }

  /** The region's elements (`itemsize` bytes each) copied contiguously in the region's C order. */
  gather(region: StridedRegion, itemsize: number): Uint8Array {
    return this.call((n) => n.gather(region, itemsize));
  }

  gatherAsync(region: StridedRegion, itemsize: number): Promise<Uint8Array> {
    return this.callAsync((n) => n.gatherAsync(region, itemsize));
  }

  write(offset: number, bytes: Uint8Array): void {
    this.call((n) => n.write(offset, bytes));
  }

  /** Flushes 'r+'/'w+' writes to disk (msync MS_SYNC); resolves at once for 'r' and 'c'. */
  sync(): Promise<void> {
    return this.callAsync((n) => n.sync());
  }

  /** An access-pattern hint. In mode 'c', 'dontneed' skips the pages this mapping has written. */
  advise(advice: Advice, offset?: number, length?: number): void {
    this.call((n) => n.advise(advice, offset, length));
  }

  /** Drops the range's clean pages from this mapping and from the OS page cache (posix_fadvise). */
  evict(offset?: number, length?: number): void {
    this.call((n) => n.evict(offset, length));
  }

  /** Mode 'c': forgets every edit, so the mapping shows the file's bytes again. */
  discardPrivate(): void {
    this.call((n) => n.discardPrivate());
  }

  /** Mode 'c': how many pages hold edits (0 in other modes). */
  dirtyPageCount(): number {
    return this.call((n) => n.dirtyPageCount());
  }

  /**
   * Whether every page of the byte range is in the page cache now (a quick mincore; false for
   * spans over 16 MiB). Small reads of resident pages are copied synchronously: cheaper than a
   * thread-pool hop, and they cannot wait on the disk.
   */
  allResident(offset: number, length: number): boolean {
    return this.call((n) => n.allResident(offset, length));
  }

  residency(buckets: number, offset?: number, length?: number): Promise<ResidencyInfo> {
    return this.callAsync((n) => n.residency(buckets, offset, length));
  }

  stats(region: StridedRegion, elem: ElementType, opts?: ScanOptions): Promise<NativeStats> {
    return this.scan((n, p) => n.stats(region, elem, p), opts);
  }

  /** Exactly numpy's np.histogram(x, bins, range=(lo, hi)) counts (NaN/NaT ignored). */
  histogram(region: StridedRegion, elem: ElementType, bins: number, lo: number, hi: number, opts?: ScanOptions): Promise<Float64Array> {
    return this.scan((n, p) => n.histogram(region, elem, bins, lo, hi, p), opts);
  }

  /** Per bucket b of a 1-D region, min and max of elements [floor(b·n/B), floor((b+1)·n/B)). */
  minmax(region: StridedRegion, elem: ElementType, buckets: number, opts?: ScanOptions): Promise<{ min: Float64Array; max: Float64Array }> {
    return this.scan((n, p) => n.minmax(region, elem, buckets, p), opts);
  }

  /** Per blockRows × blockCols block of a 2-D region: min, max, mean (row-major). */
  blockReduce(region: StridedRegion, elem: ElementType, blockRows: number, blockCols: number, opts?: ScanOptions): Promise<BlockReduction> {
    return this.scan((n, p) => n.blockReduce(region, elem, blockRows, blockCols, p), opts);
  }

  /** Idempotent. Running scans stop with `closed`; the memory is unmapped when the last one ends. */
  close(): void {
    const native = handles.get(this);
    handles.delete(this);
    native?.close();
  }

  private native(): NativeMapping {
    const native = handles.get(this);
    if (!native) throw new ArrayscopeError('closed', `'${this.path}' is closed`);
    return native;
  }

  private call<T>(body: (native: NativeMapping) => T): T {
    const native = this.native();
    try {
      return body(native);
    } catch (err) {
      throw translateNativeError(err, this.path);
    }
  }

  private async callAsync<T>(body: (native: NativeMapping) => Promise<T>): Promise<T> {
    const promise = this.call(body);
    try {
      return await promise;
    } catch (err) {
      throw translateNativeError(err, this.path);
    }
  }

  private async scan<T>(start: (native: NativeMapping, progress: Progress) => NativeScan<T>, opts: ScanOptions = {}): Promise<T> {
    const { signal, onProgress } = opts;
    if (signal?.aborted) throw new ArrayscopeError('cancelled', `the scan of '${this.path}' was cancelled`);
    let callbackError: unknown = null;
    let job: NativeScan<T> | null = null;
    // A throwing progress callback is a bug in the caller: stop the scan and surface its error.
    const progress: Progress = onProgress
      ? (done, total) => {
          if (callbackError !== null) return;
          try {
            onProgress(done, total);
          } catch (err) {
            callbackError = err;
            job?.cancel();
          }
        }
      : undefined;
    job = this.call((n) => start(n, progress));
    const cancel = () => job?.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await job.promise;
    } catch (err) {
      if (callbackError !== null) throw callbackError;
      throw translateNativeError(err, this.path);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}

/**
 * Test hook: a read that skips the fstat size check but keeps the fault guard, so tests can
 * provoke a genuine SIGBUS on a truncated file. Not for application code.
 */
export function readWithoutSizeCheckForTests(mapping: Mapping, offset: number, length: number): Uint8Array {
  const native = handles.get(mapping);
  if (!native) throw new ArrayscopeError('closed', `'${mapping.path}' is closed`);
  try {
    return native.testReadWithoutSizeCheck(offset, length);
  } catch (err) {
    throw translateNativeError(err, mapping.path);
  }
}

/** The kernel element type for a scalar dtype; null for bytes, unicode and void (not numeric). */
export function kernelTypeOf(dtype: ScalarDType): ElementType | null {
  const swap = dtype.byteorder === '>';
  const size = dtype.itemsize;
  let type: KernelType | null = null;
  switch (dtype.kind) {
    case 'bool':
      type = size === 1 ? 'b1' : null;
      break;
    case 'int':
    case 'uint': {
      const t = `${dtype.kind === 'int' ? 'i' : 'u'}${size}`;
      type = ['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8'].includes(t) ? (t as KernelType) : null;
      break;
    }
    case 'float':
      type = size === 2 ? 'f2' : size === 4 ? 'f4' : size === 8 ? 'f8' : null;
      break;
    case 'complex':
      type = size === 8 ? 'c8' : size === 16 ? 'c16' : null;
      break;
    case 'datetime':
      type = size === 8 ? 'M8' : null;
      break;
    case 'timedelta':
      type = size === 8 ? 'm8' : null;
      break;
    default:
      type = null;
  }
  return type === null ? null : { type, swap: swap && size > 1 };
}
