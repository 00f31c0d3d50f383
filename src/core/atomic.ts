/**
 * Atomic file creation: bytes go to a temporary file in the destination's directory, which is
 * fsynced and renamed over the destination only when complete. Readers see the old file or the
 * whole new one, never a half-written file; failure or cancel removes the temporary file.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ArrayscopeError } from '../shared/errors.js';

export async function writeAtomically<T>(destination: string, write: (handle: FileHandle) => Promise<T>): Promise<T> {
  const dir = path.dirname(destination);
  const temp = path.join(dir, `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.arrayscope-tmp`);
  const handle = await open(temp, 'wx', 0o644).catch((err: NodeJS.ErrnoException) => {
    throw new ArrayscopeError(err.code === 'ENOENT' ? 'not-found' : 'io', `cannot write '${destination}': ${err.message}`);
  });
  let committed = false;
  try {
    const result = await write(handle);
    await handle.sync();
    await handle.close();
    await rename(temp, destination);
    committed = true;
    await syncDirectory(dir);
    return result;
  } catch (err) {
    if (err instanceof ArrayscopeError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new ArrayscopeError('io', `cannot write '${destination}': ${e.message ?? String(err)}`, { cause: err });
  } finally {
    if (!committed) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}

/** fsync the directory so the rename itself survives a crash (best effort: not every filesystem allows it). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* the data itself is already synced */
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new ArrayscopeError('cancelled', `${what} was cancelled`);
}
