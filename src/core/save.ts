/**
 * Save As: writes a session's array (with its in-memory edits) as a new .npy file, atomically
 * (see atomic.ts) and streamed in bounded chunks, so saving a file larger than RAM costs a few
 * megabytes. All-zero chunks are skipped (left as holes), so sparse sources stay sparse.
 */
import { nbytes } from '../shared/array.js';
import { encodeNpyHeader } from './formats/npy.js';
import { throwIfCancelled, writeAtomically } from './atomic.js';
import type { Session } from './session.js';

const CHUNK = 8 << 20;

export interface SaveOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export function isAllZero(bytes: Uint8Array): boolean {
  const words = bytes.byteOffset % 8 === 0 ? bytes.byteLength >>> 3 : 0;
  const view = new BigUint64Array(bytes.buffer, bytes.byteOffset, words);
  for (let i = 0; i < words; i++) if (view[i] !== 0n) return false;
  for (let i = words << 3; i < bytes.byteLength; i++) if (bytes[i] !== 0) return false;
  return true;
}

export async function saveAsNpy(session: Session, destination: string, options: SaveOptions = {}): Promise<number> {
  session.ensureOpen();
  const { layout } = session;
  const header = encodeNpyHeader(layout);
  const dataBytes = nbytes(layout);
  const total = header.byteLength + dataBytes;
  return writeAtomically(destination, async (handle) => {
    await handle.write(header, 0, header.byteLength, 0);
    for (let done = 0; done < dataBytes; ) {
      throwIfCancelled(options.signal, `saving '${destination}'`);
      const length = Math.min(CHUNK, dataBytes - done);
      const chunk = await session.mapping.readAsync(layout.dataOffset + done, length);
      if (!isAllZero(chunk)) await handle.write(chunk, 0, length, header.byteLength + done);
      done += length;
      options.onProgress?.(header.byteLength + done, total);
    }
    await handle.truncate(total); // gives trailing holes their size
    return total;
  });
}
