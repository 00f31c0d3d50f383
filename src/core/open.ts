/**
 * Opening files: format detection, layout, mapping. Also `probe` (what a path holds, before
 * opening) and `create` (a new .npy or raw file in mode w+).
 *
 * Rules that protect users' data:
 * - `r` and `c` never open the file for writing (the native mapping uses O_RDONLY for both).
 * - `r+` is refused for .npz members: writing into a member would leave the archive's CRC-32
 *   wrong, so numpy would refuse the whole archive afterwards. `c` + Save As is offered instead.
 * - A deflated member is only opened from an extracted temporary .npy, and only when the
 *   caller asks for it (`extract: true`): the user chooses to spend the disk space.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open as openFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ArrayLayout, elementCount, type OpenMode } from '../shared/array.js';
import { dtypeName, parseDTypeString, toDescr } from '../shared/dtype.js';
import { ArrayscopeError, type ErrorData, toErrorData } from '../shared/errors.js';
import type { RawOptions } from '../shared/schemas.js';
import { parseScalar } from '../shared/values/index.js';
import { DETECT_BYTES, detectFormat, encodeNpyHeader, extractMember, listNpzMembers, readLayout, readNpzMember } from './formats/index.js';
import { fsError, readAt, withFile } from './formats/fileio.js';
import { Mapping } from './native.js';
import { Session, type SessionSource } from './session.js';

export interface OpenRequest {
  readonly path: string;
  readonly mode?: OpenMode;
  readonly raw?: RawOptions;
  readonly member?: string;
  readonly extract?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function openSession(request: OpenRequest): Promise<Session> {
  const mode = request.mode ?? 'r';
  if (mode === 'w+') {
    throw new ArrayscopeError('bad-value', `mode w+ creates a new file and would erase '${request.path}'; use create instead`);
  }
  const source = await resolveSource(request);
  if (mode === 'r+' && source.format === 'npz') {
    source.cleanup?.();
    throw new ArrayscopeError(
      'unsupported',
      `${source.path} (member '${source.member}'): writing into an .npz member would break the archive's checksum; open it in mode c and use Save As`,
    );
  }
  return mapSource(source, mode);
}

function mapSource(source: SessionSource, mode: OpenMode): Session {
  let mapping: Mapping;
  try {
    mapping = Mapping.open(source.mappedPath, mode);
  } catch (err) {
    source.cleanup?.();
    throw err;
  }
  const end = source.layout.dataOffset + source.layout.dtype.itemsize * elementCount(source.layout.shape);
  if (mapping.size < end) {
    mapping.close();
    source.cleanup?.();
    throw new ArrayscopeError('truncated', `'${source.path}' changed while opening: it has ${mapping.size} bytes, the array needs ${end}`);
  }
  return new Session(source, mode, mapping);
}

async function resolveSource(request: OpenRequest): Promise<SessionSource> {
  const file = request.path;
  try {
    const found = await readLayout(file, { member: request.member, raw: request.raw, format: request.raw ? 'raw' : undefined });
    return {
      path: file,
      mappedPath: file,
      format: found.format,
      member: found.member ?? null,
      version: found.version,
      descr: found.descr,
      layout: found.layout,
      fileSize: found.fileSize,
      warning: found.warning,
    };
  } catch (err) {
    if (err instanceof ArrayscopeError && err.kind === 'compressed-member' && request.extract) {
      return extractedSource(request);
    }
    throw err;
  }
}

/** Inflates a deflated .npz member into a private temporary directory, removed on close. */
async function extractedSource(request: OpenRequest): Promise<SessionSource> {
  const { member } = await readNpzMember(request.path, request.member);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arrayscope-extract-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const dest = path.join(dir, `${member.key.replace(/[^\w.-]/g, '_') || 'member'}.npy`);
    await extractMember(request.path, member.name, dest, {
      signal: request.signal,
      onProgress: ({ bytes, total }) => request.onProgress?.(bytes, total),
    });
    const found = await readLayout(dest, {});
    const npzSize = (await stat(request.path)).size;
    return {
      path: request.path,
      mappedPath: dest,
      format: 'npz',
      member: member.name,
      version: found.version,
      descr: found.descr,
      layout: found.layout,
      fileSize: npzSize,
      warning: `the compressed member was extracted to a temporary file (${found.fileSize} bytes) that is removed when it is closed`,
      cleanup,
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

export interface ProbeResult {
  path: string;
  fileName: string;
  fileSize: number;
  format: 'npy' | 'npz' | 'raw';
  members: {
    name: string;
    key: string;
    compressed: boolean;
    uncompressedSize: number;
    dtypeName: string | null;
    shape: number[] | null;
    error: ErrorData | null;
  }[] | null;
}

/** What a path holds, before opening it: the raw dialog and the npz member picker start here. */
export async function probePath(file: string): Promise<ProbeResult> {
  const { size, first } = await withFile(file, async (handle, fileSize) => ({
    size: fileSize,
    first: await readAt(handle, 0, Math.min(DETECT_BYTES, fileSize), file),
  }));
  const detected = detectFormat(file, first);
  const base = { path: file, fileName: path.basename(file), fileSize: size };
  if (detected !== 'npz') return { ...base, format: detected === 'npy' ? 'npy' : 'raw', members: null };
  const members = await listNpzMembers(file);
  const described = [];
  for (const m of members) {
    const entry = { name: m.name, key: m.key, compressed: m.compressed, uncompressedSize: m.uncompressedSize };
    try {
      const { header } = await readNpzMember(file, m.name);
      described.push({ ...entry, dtypeName: dtypeName(header.layout.dtype), shape: [...header.layout.shape], error: null });
    } catch (err) {
      const data = toErrorData(err);
      described.push({ ...entry, dtypeName: null, shape: null, error: data });
    }
  }
  return { ...base, format: 'npz', members: described };
}

export interface CreateRequest {
  readonly path: string;
  readonly format: 'npy' | 'raw';
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly order: 'C' | 'F';
  /** A value every element gets; omitted or zero leaves the file sparse. */
  readonly fill?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Creates a new array file and opens it in mode w+. The file is created exclusively (an existing
 * file is never overwritten) and preallocated sparse; a non-zero fill is written in chunks.
 */
export async function createArray(request: CreateRequest): Promise<Session> {
  const dtype = parseDTypeString(request.dtype);
  const layoutBase = { dtype, shape: [...request.shape], fortranOrder: request.order === 'F' };
  const header = request.format === 'npy' ? encodeNpyHeader(layoutBase) : new Uint8Array(0);
  const dataBytes = elementCount(request.shape) * dtype.itemsize;
  if (!Number.isSafeInteger(dataBytes + header.byteLength)) {
    throw new ArrayscopeError('too-large', `an array of shape (${request.shape.join(', ')}) is too large`);
  }
  const fillBytes = request.fill === undefined ? null : fillPattern(dtype, request.fill);
  const handle = await openFile(request.path, 'wx', 0o644).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') throw new ArrayscopeError('bad-value', `'${request.path}' already exists; create never overwrites a file`);
    throw fsError(err, request.path);
  });
  try {
    await handle.write(header, 0, header.byteLength, 0);
    await handle.truncate(header.byteLength + dataBytes);
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(request.path, { force: true });
    throw fsError(err, request.path);
  }
  const layout: ArrayLayout = { ...layoutBase, dataOffset: header.byteLength };
  const source: SessionSource = {
    path: request.path,
    mappedPath: request.path,
    format: request.format,
    member: null,
    version: request.format === 'npy' ? [header[6]!, header[7]!] : null,
    descr: toDescr(dtype),
    layout,
    fileSize: header.byteLength + dataBytes,
    warning: null,
  };
  const session = new Session(source, 'w+', Mapping.open(request.path, 'r+'));
  if (fillBytes) await fillMapping(session, fillBytes, dataBytes, request);
  return session;
}

/** The bytes of one element filled with `text` (every scalar leaf gets the value). */
function fillPattern(dtype: ReturnType<typeof parseDTypeString>, text: string): Uint8Array | null {
  if (dtype.kind === 'struct' || dtype.kind === 'subarray') {
    throw new ArrayscopeError('bad-value', 'a fill value applies to scalar dtypes only; structured arrays are created zeroed');
  }
  const bytes = parseScalar(dtype, text);
  return bytes.every((b) => b === 0) ? null : bytes;
}

async function fillMapping(
  session: Session,
  element: Uint8Array,
  dataBytes: number,
  request: CreateRequest,
): Promise<void> {
  const perChunk = Math.max(1, Math.floor((4 << 20) / element.byteLength));
  const chunk = new Uint8Array(perChunk * element.byteLength);
  for (let i = 0; i < perChunk; i++) chunk.set(element, i * element.byteLength);
  const base = session.layout.dataOffset;
  for (let done = 0; done < dataBytes; ) {
    if (request.signal?.aborted) throw new ArrayscopeError('cancelled', `creating '${request.path}' was cancelled`);
    const n = Math.min(chunk.byteLength, dataBytes - done);
    session.mapping.write(base + done, n === chunk.byteLength ? chunk : chunk.subarray(0, n));
    done += n;
    request.onProgress?.(done, dataBytes);
    await new Promise((resolve) => setImmediate(resolve)); // keep the event loop responsive
  }
  await session.mapping.sync();
}
