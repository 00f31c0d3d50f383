/**
 * Errors cross every boundary (native → core → IPC/WebSocket → renderer, core → CLI) as data:
 * `{ kind, message }`. Inside one runtime they travel as `ArrayscopeError` so `instanceof`
 * and stack traces still work; `toErrorData` is the single place that turns anything thrown
 * into that data form.
 */

/** Error kinds that the CLI's JSON contract names (issue #2, section 4). */
export const FILE_ERROR_KINDS = [
  'bad-magic',
  'bad-version',
  'bad-header',
  'bad-dtype',
  'unsafe-dtype',
  'truncated',
  'size-mismatch',
  'not-zip',
  'not-found',
  'bad-index',
  'read-only',
  'bad-value',
] as const;

/** Further kinds used by sessions, transports and the UI. */
export const OTHER_ERROR_KINDS = [
  /** An .npz member is deflate-compressed: it cannot be mapped, only extracted. */
  'compressed-member',
  /** An operating-system I/O error (permissions, disk full, file changed under us). */
  'io',
  /** The mapping or session was closed. */
  'closed',
  /** The user (or a newer request) cancelled the operation. */
  'cancelled',
  /** A request exceeded a size cap (page bytes, message size, element count). */
  'too-large',
  /** The caller is not allowed to do this (serve-mode path policy, token, origin). */
  'forbidden',
  /** A request payload failed validation. */
  'bad-request',
  /** A dtype or operation that Arrayscope understands but does not support (e.g. float128). */
  'unsupported',
  /** A bug: something that should not happen. The message says what. */
  'internal',
] as const;

export type FileErrorKind = (typeof FILE_ERROR_KINDS)[number];
export type ErrorKind = FileErrorKind | (typeof OTHER_ERROR_KINDS)[number];
export const ERROR_KINDS: readonly ErrorKind[] = [...FILE_ERROR_KINDS, ...OTHER_ERROR_KINDS];

export interface ErrorData {
  readonly kind: ErrorKind;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData };

export class ArrayscopeError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArrayscopeError';
    this.kind = kind;
  }
  toData(): ErrorData {
    return { kind: this.kind, message: this.message };
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** Converts anything thrown into error data; unknown exceptions become `internal`. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof ArrayscopeError) return err.toData();
  if (typeof err === 'object' && err !== null) {
    const { kind, message } = err as { kind?: unknown; message?: unknown };
    if (isErrorKind(kind) && typeof message === 'string') return { kind, message };
    if (typeof message === 'string') return { kind: 'internal', message };
  }
  return { kind: 'internal', message: String(err) };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: ErrorKind, message: string): Result<T> {
  return { ok: false, error: { kind, message } };
}

/** Runs `fn`, turning a thrown error into a failed Result. */
export async function capture<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

/** Unwraps a Result, re-throwing its error as an ArrayscopeError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ArrayscopeError(result.error.kind, result.error.message);
}
