/**
 * Which reader a file needs, from its first bytes and its name: the magic decides; the
 * extension only turns "unrecognised" into the specific error a user expects for that kind
 * of file (an .npy without the magic, an .npz that is not a zip).
 */
import { ArrayscopeError } from '../../shared/errors.js';
import { NPY_MAGIC } from './npy.js';

export type DetectedFormat = 'npy' | 'npz' | 'raw-required';

/** How many leading bytes `detectFormat` looks at. */
export const DETECT_BYTES = 8;

/** `PK\x03\x04` starts a zip with members; `PK\x05\x06` (end of central directory) an empty one. */
function isZipSignature(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

function isNpyMagic(b: Uint8Array): boolean {
  return b.length >= NPY_MAGIC.length && NPY_MAGIC.every((v, i) => b[i] === v);
}

export function detectFormat(path: string, firstBytes: Uint8Array): DetectedFormat {
  if (isNpyMagic(firstBytes)) return 'npy';
  if (isZipSignature(firstBytes)) return 'npz';
  const lower = path.toLowerCase();
  if (lower.endsWith('.npy')) {
    // A few bytes of the magic and then the end: a cut-off .npy, which its reader reports as truncated.
    if (firstBytes.length > 0 && firstBytes.length < NPY_MAGIC.length && firstBytes.every((v, i) => v === NPY_MAGIC[i])) {
      return 'npy';
    }
    const what = firstBytes.length === 0 ? 'the file is empty' : 'it does not start with \\x93NUMPY';
    throw new ArrayscopeError('bad-magic', `${path}: not an .npy file (${what})`);
  }
  if (lower.endsWith('.npz')) {
    const what = firstBytes.length === 0 ? 'the file is empty' : 'it does not start with a zip signature';
    throw new ArrayscopeError('not-zip', `${path}: not an .npz file: not a zip archive (${what})`);
  }
  return 'raw-required';
}
