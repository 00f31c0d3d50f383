/**
 * The Arrayscope API, declared once. Electron IPC registration (main), the preload bridge, the
 * WebSocket server and the renderer's DataClient are all derived from this object, so no channel
 * string or payload shape is written twice.
 *
 * Every method takes one JSON-like input object (validated by `input`) and resolves to one
 * output (validated by `output` on the receiving side). Binary data (pages, series, tiles) travels
 * as typed arrays inside the output, never as JSON rows. Long calls report progress as `progress`
 * events tagged with the caller's call id and can be cancelled with that id.
 */
import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from './methods.js';
import {
  callId,
  cellRef,
  columnRef as column,
  count,
  descrSchema,
  dtypeSchema,
  errorData,
  f64,
  filePath,
  memorySample,
  openMode,
  page,
  pageRequest,
  rawOptions,
  sessionId,
  sessionInfo,
  statsResult,
  viewInfo,
  viewSpec,
} from './schemas.js';

const session = z.object({ session: sessionId });
const nothing = z.null();

const memberInfo = z.object({
  name: z.string(),
  key: z.string(),
  compressed: z.boolean(),
  uncompressedSize: count,
  dtypeName: z.string().nullable(),
  shape: z.array(count).nullable(),
  error: errorData.nullable(),
});


function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, opts: { long?: boolean; writes?: boolean } = {}) {
  return { input, output, long: opts.long ?? false, writes: opts.writes ?? false };
}

export const contract = {
  /** Who is on the other end: the desktop app or a `serve` process, and what it allows. */
  hello: method(
    z.object({}),
    z.object({
      host: z.enum(['electron', 'serve']),
      version: z.string(),
      allowWrites: z.boolean(),
      /** Files given on the command line (serve) or to open at start (desktop). */
      initialFiles: z.array(z.string()),
      /** serve --root, when given: the directory the browser may list and open files under. */
      root: z.string().nullable(),
      platform: z.string(),
    }),
  ),
  /** Lists a directory (serve: only under --root, plus the files named on the command line). */
  listFiles: method(
    z.object({ dir: filePath.nullable() }),
    z.object({
      dir: z.string().nullable(),
      parent: z.string().nullable(),
      entries: z.array(z.object({ name: z.string(), path: z.string(), size: count, isDir: z.boolean() })),
    }),
  ),
  /** A native file dialog (desktop only; serve answers `unsupported` and the UI lists files instead). */
  pickFile: method(
    z.object({ purpose: z.enum(['open', 'save']), defaultPath: filePath.optional() }),
    z.object({ path: z.string().nullable() }),
  ),
  /** What a path holds before opening it: npy, npz (with members) or raw (needs a layout). */
  probe: method(
    z.object({ path: filePath }),
    z.object({
      path: z.string(),
      fileName: z.string(),
      fileSize: count,
      format: z.enum(['npy', 'npz', 'raw']),
      members: z.array(memberInfo).nullable(),
    }),
  ),
  /** Checks a raw layout against the file without opening it (the raw dialog previews with it). */
  rawLayout: method(
    z.object({ path: filePath, raw: rawOptions }),
    z.object({ shape: z.array(count), nbytes: count, fileSize: count, warning: z.string().nullable() }),
  ),
  open: method(
    z.object({
      path: filePath,
      mode: openMode.default('r'),
      raw: rawOptions.optional(),
      member: z.string().max(4096).optional(),
      /** For a deflated .npz member: extract it to a temporary .npy first (the user's choice). */
      extract: z.boolean().optional(),
    }),
    sessionInfo,
    { long: true },
  ),
  create: method(
    z.object({
      path: filePath,
      format: z.enum(['npy', 'raw']),
      dtype: z.string().min(1).max(4096),
      shape: z.array(count).max(32),
      order: z.enum(['C', 'F']).default('C'),
      fill: z.string().max(4096).optional(),
    }),
    sessionInfo,
    { long: true, writes: true },
  ),
  close: method(session, nothing),
  describe: method(session, sessionInfo),
  listSessions: method(z.object({}), z.array(sessionInfo)),
  view: method(session.extend({ view: viewSpec }), viewInfo),
  page: method(pageRequest, page),
  setCell: method(
    session.extend({ view: viewSpec, cell: cellRef, text: z.string().max(65536) }),
    sessionInfo,
    { writes: true },
  ),
  undo: method(session, sessionInfo, { writes: true }),
  redo: method(session, sessionInfo, { writes: true }),
  edits: method(
    session.extend({ limit: count.max(10_000).default(1000) }),
    z.object({
      total: count,
      items: z.array(z.object({ index: z.array(count), field: z.string(), before: z.string(), after: z.string() })),
    }),
  ),
  saveAs: method(
    session.extend({ path: filePath }),
    z.object({ path: z.string(), bytes: count }),
    { long: true, writes: true },
  ),
  /** Writes rows × cols of a view (all of it by default) to a new .npy or CSV file, atomically. */
  exportView: method(
    session.extend({
      view: viewSpec,
      rows: z.tuple([count, count]).optional(),
      cols: z.tuple([count, count]).optional(),
      format: z.enum(['npy', 'csv']),
      path: filePath,
    }),
    z.object({ path: z.string(), bytes: count }),
    { long: true, writes: true },
  ),
  discard: method(session, sessionInfo, { writes: true }),
  flush: method(session, sessionInfo, { long: true, writes: true }),
  /**
   * Statistics of a column, of every element of a view, or of the whole array. `leaf` picks the
   * scalar field of a structured dtype when no column is given (a column carries its own leaf).
   */
  stats: method(session.extend({ view: viewSpec.optional(), column: column.optional(), leaf: count.optional() }), statsResult, { long: true }),
  /**
   * Min/max per bucket of a column over rows [start, end). When a pyramid is built, buckets are
   * whole multiples of its block, so the answer may cover a slightly wider range: the returned
   * `start`/`end` are the range actually covered (rows past the last one are empty buckets).
   */
  series: method(
    session.extend({ view: viewSpec, column, start: count, end: count, buckets: count.min(1).max(16384) }),
    z.object({ start: count, end: count, min: f64, max: f64 }),
    { long: true },
  ),
  /**
   * Builds (once, in the background) the multi-resolution min/max pyramid of a column, so later
   * `series` calls over it cost O(pixels). Resolves when built; edits invalidate it.
   */
  buildPyramid: method(
    session.extend({ view: viewSpec, column }),
    z.object({ levels: count, bytes: count }),
    { long: true },
  ),
  histogram: method(
    session.extend({
      view: viewSpec.optional(),
      column: column.optional(),
      leaf: count.optional(),
      bins: count.min(1).max(10_000),
      range: z.tuple([z.number(), z.number()]).optional(),
    }),
    z.object({ edges: f64, counts: f64 }),
    { long: true },
  ),
  /**
   * Builds (once, in the background) a min/max/mean pyramid of a 2-D view's leaf, so zoomed-out
   * image tiles of huge slices cost O(tile cells) instead of a scan of every element they cover.
   * `block` is the side of level 0's square blocks; tiles whose blocks are multiples of it (and
   * aligned to it) are answered from the pyramid. Edits invalidate it.
   */
  buildImagePyramid: method(
    session.extend({ view: viewSpec, leaf: count.default(0) }),
    z.object({ levels: count, bytes: count, block: count }),
    { long: true },
  ),
  imageTile: method(
    session.extend({
      view: viewSpec,
      leaf: count.default(0),
      row0: count,
      rows: count,
      col0: count,
      cols: count,
      blockRows: count.min(1),
      blockCols: count.min(1),
    }),
    z.object({ rows: count, cols: count, min: f64, max: f64, mean: f64 }),
    { long: true },
  ),
  memory: method(z.object({}), memorySample),
  residency: method(
    session.extend({ buckets: count.min(1).max(8192) }),
    z.object({
      fractions: f64,
      sampled: z.boolean(),
      pageSize: count,
      /**
       * False where the OS does not tell this process about the page cache: Linux's mincore
       * reports every page of a file as resident unless the caller owns it, can write it, or is
       * root. The UI then says "unknown" instead of showing 100 %.
       */
      reliable: z.boolean(),
    }),
  ),
  /** Unmaps this process's resident pages (RSS falls); `evict` also asks the OS to drop the file's page cache. */
  release: method(session.extend({ evict: z.boolean().default(false) }), nothing),
  prefetch: method(session.extend({ offset: count, length: count }), nothing),
  /** Cancels a long call by the id its caller gave it. Resolves whether or not it was running. */
  cancel: method(z.object({ call: callId }), nothing),
} satisfies Record<MethodName, ReturnType<typeof method>>;

// Compile-time proof that METHOD_NAMES and the contract list the same methods.
const _namesMatch: Record<keyof typeof contract, true> = Object.fromEntries(METHOD_NAMES.map((n) => [n, true])) as Record<
  MethodName,
  true
>;
void _namesMatch;

export type Contract = typeof contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export const events = {
  progress: z.object({ call: callId, done: z.number().nonnegative(), total: z.number().nonnegative() }),
  memory: memorySample,
  session: sessionInfo,
  closed: z.object({ session: sessionId, reason: z.string() }),
  /** The desktop shell asks the UI to open a file (menu, drag-and-drop on the dock, argv, recent). */
  openRequest: z.object({ path: z.string() }),
};
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export { METHOD_NAMES, type MethodName };
export { descrSchema, dtypeSchema };
