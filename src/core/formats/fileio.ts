/**
 * Bounded file reads shared by the format readers. Nothing here allocates more than the caller
 * asks for, and callers only ask for sizes they have checked against the real file size.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { ArrayscopeError } from '../../shared/errors.js';

/** Turns a Node fs error into an ArrayscopeError naming the file. */
export function fsError(err: unknown, path: string): ArrayscopeError {
  if (err instanceof ArrayscopeError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ArrayscopeError('not-found', `${path}: file not found`, { cause: err });
  }
  if (code === 'EISDIR') return new ArrayscopeError('io', `${path}: is a directory, not a file`, { cause: err });
  if (code === 'EACCES' || code === 'EPERM') {
    return new ArrayscopeError('io', `${path}: permission denied`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ArrayscopeError('io', `${path}: ${message}`, { cause: err });
}

/** Opens a regular file for reading and returns its handle and size. */
export async function openForRead(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fsError(err, path);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ArrayscopeError('io', `${path}: is a directory, not a file`);
    return { handle, size: stat.size };
  } catch (err) {
    await handle.close();
    throw fsError(err, path);
  }
}

/** Reads up to `length` bytes at `position`; returns fewer only at end of file. */
export async function readAt(handle: FileHandle, position: number, length: number, path: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  try {
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
  } catch (err) {
    throw fsError(err, path);
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** Runs `fn` with an open handle, closing it afterwards. */
export async function withFile<T>(
  path: string,
  fn: (handle: FileHandle, size: number) => Promise<T>,
): Promise<T> {
  const { handle, size } = await openForRead(path);
  try {
    return await fn(handle, size);
  } finally {
    await handle.close();
  }
}

/** Prefixes an error's message with where it happened, keeping its kind. */
export function located(where: string, err: unknown): ArrayscopeError {
  if (err instanceof ArrayscopeError) {
    if (err.message.startsWith(`${where}:`)) return err;
    return new ArrayscopeError(err.kind, `${where}: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ArrayscopeError('internal', `${where}: ${message}`, { cause: err });
}
