/**
 * The zip layer under .npz: the central directory comes from yauzl (which handles zip64, as
 * numpy writes it with `force_zip64=True`); the local file header that locates each member's
 * bytes is read here, because a stored member is mapped in place at that absolute offset.
 */
import { type FileHandle } from 'node:fs/promises';
import { type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ArrayscopeError } from '../../shared/errors.js';
import { readAt } from './fileio.js';

export interface ZipMember {
  /** Position of the entry in the central directory. */
  readonly index: number;
  /** The member's file name in the archive, e.g. `a.npy`. */
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly compressionMethod: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  readonly encrypted: boolean;
  /** Absolute offset of the member's local file header. */
  readonly localHeaderOffset: number;
}

/** yauzl's Entry as it really is at runtime (its @types predate these fields). */
type RawEntry = yauzl.Entry & { fileNameRaw: Buffer };
type FileNameDecoder = (flags: number, raw: Buffer, extra: yauzl.Entry['extraFields'], strict: boolean) => string;
const decodeFileName = (yauzl as unknown as { getFileNameLowLevel: FileNameDecoder }).getFileNameLowLevel;

export interface OpenZip {
  readonly members: readonly ZipMember[];
  /** Streams a member's inflated (or stored) bytes. */
  openStream(member: ZipMember): Promise<Readable>;
  close(): void;
}

function zipError(err: unknown, path: string): ArrayscopeError {
  if (err instanceof ArrayscopeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/end of central directory record signature not found/.test(message)) {
    return new ArrayscopeError('not-zip', `${path}: not a zip archive (no end-of-central-directory record), so not an .npz file`);
  }
  return new ArrayscopeError('not-zip', `${path}: corrupt zip archive: ${message}`, { cause: err });
}

/** Opens a zip archive and reads its whole central directory. Close it when done. */
export async function openZip(path: string): Promise<OpenZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false }, (err, zipfile) =>
      err ? reject(zipError(err, path)) : resolve(zipfile),
    );
  });
  const entries: RawEntry[] = [];
  const members: ZipMember[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: RawEntry) => {
        // Names are decoded as Python's zipfile does: UTF-8 when flagged, else CP437; kept verbatim.
        const name = decodeFileName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
        const member: ZipMember = {
          index: entries.length,
          name,
          compressionMethod: entry.compressionMethod,
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          crc32: entry.crc32,
          encrypted: (entry.generalPurposeBitFlag & 1) !== 0,
          localHeaderOffset: entry.relativeOffsetOfLocalHeader,
        };
        entries.push(entry);
        members.push(member);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: unknown) => reject(zipError(err, path)));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    members,
    openStream: (member) =>
      new Promise<Readable>((resolve, reject) => {
        const entry = entries[member.index];
        if (!entry) return reject(new ArrayscopeError('internal', `${path}: member '${member.name}' is not from this archive`));
        zip.openReadStream(entry, (err, stream) => (err ? reject(zipError(err, path)) : resolve(stream)));
      }),
    close: () => zip.close(),
  };
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;

/**
 * Absolute offset of a member's first data byte: its local file header is 30 bytes plus the
 * name and extra field, whose lengths there may differ from the central directory's.
 */
export async function memberDataOffset(
  handle: FileHandle,
  fileSize: number,
  member: ZipMember,
  where: string,
  path: string,
): Promise<number> {
  const header = await readAt(handle, member.localHeaderOffset, 30, path);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    throw new ArrayscopeError('not-zip', `${where}: corrupt zip archive: no local file header at offset ${member.localHeaderOffset}`);
  }
  const dataOffset = member.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (dataOffset + member.compressedSize > fileSize) {
    throw new ArrayscopeError(
      'truncated',
      `${where}: member data should end at byte ${dataOffset + member.compressedSize} but the archive has only ${fileSize} bytes`,
    );
  }
  return dataOffset;
}
