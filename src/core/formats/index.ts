/**
 * The file-format layer's entry point: `readLayout` resolves any supported file (an .npy, an
 * .npz member, or raw data with numpy.memmap's parameters) to an ArrayLayout whose bytes are
 * known to be inside the file.
 */
import { type ArrayFormat, type ArrayLayout } from '../../shared/array.js';
import { type Descr, toDescr } from '../../shared/dtype.js';
import { ArrayscopeError } from '../../shared/errors.js';
import { DETECT_BYTES, detectFormat } from './detect.js';
import { readAt, withFile } from './fileio.js';
import { readNpyHeader } from './npy.js';
import { mapNpzMember, memberLabel } from './npz.js';
import { type RawParams, rawLayout } from './raw.js';

export { detectFormat, type DetectedFormat, DETECT_BYTES } from './detect.js';
export { descrRepr, dtypeFromDescr, dtypeFromDescrValue, foldSubarray } from './descr.js';
export {
  MAX_HEADER_BYTES,
  NPY_MAGIC,
  type NpyBounds,
  type NpyHeader,
  type NpyVersion,
  encodeNpyHeader,
  parseNpyHeader,
  readNpyHeader,
} from './npy.js';
export {
  type ExtractOptions,
  type NpzMember,
  type NpzMemberHeader,
  extractMember,
  findMember,
  listNpzMembers,
  mapNpzMember,
  memberKey,
  readNpzMember,
} from './npz.js';
export { type PyValue, parsePyLiteral, pyRepr, pyStrRepr } from './pyliteral.js';
export { type MemoryOrder, type RawLayout, type RawParams, rawLayout } from './raw.js';

export interface ReadLayoutOptions {
  /** Skip detection: 'raw' reads any file (even an .npy) as raw data with `raw`'s parameters. */
  readonly format?: ArrayFormat;
  /** The .npz member, by file name (`a.npy`) or key (`a`); optional for one-member archives. */
  readonly member?: string;
  /** numpy.memmap parameters, used when the file is raw data. */
  readonly raw?: RawParams;
}

export interface FileLayout {
  readonly format: ArrayFormat;
  readonly layout: ArrayLayout;
  /** The .npy format version, or null for raw files. */
  readonly version: [number, number] | null;
  /** `np.lib.format.dtype_to_descr` of the array's dtype, as JSON. */
  readonly descr: Descr;
  readonly nbytes: number;
  readonly fileSize: number;
  /** Something the user should know that does not stop the file from opening. */
  readonly warning: string | null;
  /** The .npz member's file name. */
  readonly member?: string;
}

function trailingWarning(where: string, trailing: number): string | null {
  return trailing > 0 ? `${where}: ${trailing} bytes after the array data are ignored` : null;
}

/** Resolves a file to its array layout; every error names the file (and member). */
export async function readLayout(path: string, options: ReadLayoutOptions = {}): Promise<FileLayout> {
  const { size, first } = await withFile(path, async (handle, fileSize) => ({
    size: fileSize,
    first: await readAt(handle, 0, Math.min(DETECT_BYTES, fileSize), path),
  }));
  const format = options.format ?? toArrayFormat(detectFormat(path, first), options, path);
  if (format === 'npy') {
    const h = await readNpyHeader(path);
    const version: [number, number] = [h.version[0], h.version[1]];
    const warning = trailingWarning(path, h.trailingBytes);
    return { format, layout: h.layout, version, descr: h.descr, nbytes: h.nbytes, fileSize: size, warning };
  }
  if (format === 'npz') {
    const { member, header: h } = await mapNpzMember(path, options.member);
    const version: [number, number] = [h.version[0], h.version[1]];
    const warning = trailingWarning(memberLabel(path, member.name), h.trailingBytes);
    return { format, layout: h.layout, version, descr: h.descr, nbytes: h.nbytes, fileSize: size, warning, member: member.name };
  }
  if (!options.raw) {
    throw new ArrayscopeError('bad-value', `${path}: raw data needs numpy.memmap parameters: at least a dtype (and optionally shape, offset, order)`);
  }
  const raw = rawLayout(size, options.raw, path);
  return {
    format: 'raw',
    layout: raw.layout,
    version: null,
    descr: toDescr(raw.layout.dtype),
    nbytes: raw.nbytes,
    fileSize: size,
    warning: raw.warning,
  };
}

function toArrayFormat(detected: ReturnType<typeof detectFormat>, options: ReadLayoutOptions, path: string): ArrayFormat {
  if (detected !== 'raw-required') return detected;
  if (!options.raw) {
    throw new ArrayscopeError(
      'bad-value',
      `${path}: not an .npy or .npz file; to open it as raw data give numpy.memmap parameters: a dtype (and optionally shape, offset, order)`,
    );
  }
  return 'raw';
}
