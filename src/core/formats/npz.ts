/**
 * .npz archives (`np.savez`, `np.savez_compressed`): a zip of .npy members.
 *
 * Stored members are mapped in place: their header is read from the archive at the member's
 * absolute data offset, bounded by the member's size. Deflated members cannot be mapped; their
 * header is read by inflating only the first bytes, and `extractMember` writes the inflated .npy
 * to a file (temp file + atomic rename) that can then be opened like any other .npy.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ArrayscopeError } from '../../shared/errors.js';
import { fsError, withFile } from './fileio.js';
import { type NpyHeader, checkHeaderLength, parseNpyHeader, parseNpyPreamble, readNpyHeader } from './npy.js';
import { type OpenZip, type ZipMember, memberDataOffset, openZip } from './zip.js';

export interface NpzMember extends ZipMember {
  /** The name numpy's NpzFile uses: the file name without its `.npy` suffix. */
  readonly key: string;
  readonly compressed: boolean;
  /** Absolute offset of the member's first (stored or compressed) byte in the archive. */
  readonly dataOffset: number;
}

export interface NpzMemberHeader {
  readonly member: NpzMember;
  /**
   * For a stored member `layout.dataOffset` is absolute in the archive; for a compressed one it
   * is the offset inside the inflated member (i.e. in the extracted .npy file).
   */
  readonly header: NpyHeader;
}

/** `numpy.lib.npyio.NpzFile.files`: names ending in `.npy` lose the suffix. */
export function memberKey(name: string): string {
  return name.endsWith('.npy') ? name.slice(0, -4) : name;
}

export function memberLabel(npzPath: string, name: string): string {
  return `${npzPath} (member '${name}')`;
}

async function withArchive<T>(npzPath: string, fn: (zip: OpenZip, members: NpzMember[]) => Promise<T>): Promise<T> {
  return withFile(npzPath, async (handle, size) => {
    const zip = await openZip(npzPath);
    try {
      const members: NpzMember[] = [];
      for (const m of zip.members) {
        const dataOffset = await memberDataOffset(handle, size, m, memberLabel(npzPath, m.name), npzPath);
        members.push({ ...m, key: memberKey(m.name), compressed: m.compressionMethod !== 0, dataOffset });
      }
      return await fn(zip, members);
    } finally {
      zip.close();
    }
  });
}

/** Lists the members of an .npz archive, in archive order. */
export async function listNpzMembers(npzPath: string): Promise<NpzMember[]> {
  return withArchive(npzPath, async (_zip, members) => members);
}

/**
 * Finds a member by file name or by key, as `NpzFile.__getitem__` does (`'a.npy'` or `'a'`).
 * A name repeated in the archive resolves to its last entry, as Python's zipfile does. Without
 * a name, an archive holding exactly one member yields it; otherwise the caller must choose.
 */
export function findMember(members: readonly NpzMember[], nameOrKey: string | undefined, npzPath: string): NpzMember {
  if (nameOrKey === undefined && members.length === 1) return members[0]!;
  const found =
    nameOrKey === undefined
      ? undefined
      : (members.findLast((m) => m.name === nameOrKey) ?? members.findLast((m) => m.key === nameOrKey));
  if (found) return found;
  const keys = members.map((m) => `'${m.key}'`);
  const listed = keys.length > 50 ? `${keys.slice(0, 50).join(', ')} and ${keys.length - 50} more` : keys.join(', ');
  if (members.length === 0) throw new ArrayscopeError('not-found', `${npzPath}: the archive is empty (no arrays)`);
  if (nameOrKey === undefined) {
    throw new ArrayscopeError('bad-value', `${npzPath}: the archive holds ${members.length} arrays, choose one: ${listed}`);
  }
  throw new ArrayscopeError(
    'not-found',
    `${npzPath}: no array named '${nameOrKey}' in the archive (available: ${listed})`,
  );
}

function checkReadable(member: NpzMember, where: string): void {
  if (member.encrypted) throw new ArrayscopeError('unsupported', `${where}: the member is encrypted`);
  if (member.compressionMethod !== 0 && member.compressionMethod !== 8) {
    throw new ArrayscopeError('unsupported', `${where}: compression method ${member.compressionMethod} is not supported (only stored and deflate)`);
  }
}

/** Reads and validates the .npy header of one member (stored or compressed). */
export async function readNpzMember(npzPath: string, nameOrKey?: string): Promise<NpzMemberHeader> {
  return withArchive(npzPath, async (zip, members) => {
    const member = findMember(members, nameOrKey, npzPath);
    const where = memberLabel(npzPath, member.name);
    checkReadable(member, where);
    if (!member.compressed) {
      const end = member.dataOffset + member.compressedSize;
      return { member, header: await readNpyHeader(npzPath, member.dataOffset, { end, where }) };
    }
    return { member, header: await inflatedHeader(zip, member, where) };
  });
}

/** The member's header, for mapping: a compressed member is refused with what to do instead. */
export async function mapNpzMember(npzPath: string, nameOrKey?: string): Promise<NpzMemberHeader> {
  const result = await readNpzMember(npzPath, nameOrKey);
  if (result.member.compressed) {
    throw new ArrayscopeError(
      'compressed-member',
      `${memberLabel(npzPath, result.member.name)}: the member is compressed (np.savez_compressed), so it cannot be memory-mapped; extract it to a temporary .npy file and open that instead`,
    );
  }
  return result;
}

/** Inflates just enough of a deflated member to parse its header, then stops. */
async function inflatedHeader(zip: OpenZip, member: NpzMember, where: string): Promise<NpyHeader> {
  const stream = await zip.openStream(member);
  const chunks: Buffer[] = [];
  let have = 0;
  let needed: number | null = null; // known once the preamble has been inflated
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      have += chunk.length;
      if (needed === null && have >= Math.min(12, member.uncompressedSize)) {
        const pre = parseNpyPreamble(Buffer.concat(chunks).subarray(0, 12), where);
        needed = pre.preambleSize + checkHeaderLength(pre, member.uncompressedSize, where);
      }
      if (needed !== null && have >= needed) break;
    }
  } catch (err) {
    throw streamError(err, where);
  } finally {
    stream.destroy();
  }
  return parseNpyHeader(Buffer.concat(chunks), member.uncompressedSize, where);
}

function streamError(err: unknown, where: string): ArrayscopeError {
  if (err instanceof ArrayscopeError) return err;
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    return new ArrayscopeError('cancelled', `${where}: extraction cancelled`, { cause: err });
  }
  const message = e.message ?? String(err);
  const kind = /unexpected end|not enough bytes/i.test(message) ? 'truncated' : 'io';
  return new ArrayscopeError(kind, `${where}: compressed data is corrupt: ${message}`, { cause: err });
}

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes are written; `total` is the member's uncompressed size. */
  readonly onProgress?: (progress: { bytes: number; total: number }) => void;
}

/**
 * Writes a member's .npy bytes (inflated when compressed) to `destPath`: first to a temp file
 * beside it, checking size and CRC-32, then fsync and an atomic rename, so `destPath` either
 * does not change or holds the complete, verified member.
 */
export async function extractMember(
  npzPath: string,
  nameOrKey: string,
  destPath: string,
  options: ExtractOptions = {},
): Promise<{ path: string; bytes: number }> {
  return withArchive(npzPath, async (zip, members) => {
    const member = findMember(members, nameOrKey, npzPath);
    const where = memberLabel(npzPath, member.name);
    checkReadable(member, where);
    if (options.signal?.aborted) throw new ArrayscopeError('cancelled', `${where}: extraction cancelled`);
    const temp = path.join(path.dirname(destPath), `.${path.basename(destPath)}.${randomBytes(6).toString('hex')}.partial`);
    let renamed = false;
    try {
      const counter = new CheckingCounter(member, options.onProgress);
      const source = await zip.openStream(member);
      // 'wx': never clobber an existing file; flush: fsync before close, so the rename publishes durable data.
      const sink = createWriteStream(temp, { flags: 'wx', flush: true });
      await pipeline(source, counter, sink, { signal: options.signal }).catch((err: unknown) => {
        throw (err as { code?: string }).code === 'EEXIST' || (err as { syscall?: string }).syscall === 'open'
          ? fsError(err, temp)
          : streamError(err, where);
      });
      counter.verify(where);
      await rename(temp, destPath).catch((err: unknown) => {
        throw fsError(err, destPath);
      });
      renamed = true;
      return { path: destPath, bytes: counter.bytes };
    } finally {
      if (!renamed) await unlink(temp).catch(() => undefined);
    }
  });
}

/** Counts bytes and computes the CRC-32 of what passes through, reporting progress. */
class CheckingCounter extends Transform {
  bytes = 0;
  private crc = 0;
  constructor(
    private readonly member: NpzMember,
    private readonly onProgress?: ExtractOptions['onProgress'],
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    this.onProgress?.({ bytes: this.bytes, total: this.member.uncompressedSize });
    callback(null, chunk);
  }
  verify(where: string): void {
    if (this.bytes !== this.member.uncompressedSize) {
      throw new ArrayscopeError('truncated', `${where}: extracted ${this.bytes} bytes but the archive says ${this.member.uncompressedSize}`);
    }
    if (this.crc !== this.member.crc32) {
      throw new ArrayscopeError('io', `${where}: CRC-32 mismatch: the member's data is corrupt`);
    }
  }
}

let crcTable: Uint32Array | null = null;

/** zlib's CRC-32 (native on Node ≥ 20.15; a table-driven fallback before that). */
function crc32(data: Uint8Array, previous: number): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data, previous);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
