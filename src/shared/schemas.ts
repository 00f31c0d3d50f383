/**
 * zod schemas for the DTOs that cross process boundaries. Every receiver (main-process IPC
 * handlers, the WebSocket server, and the renderer's client for responses) validates with these,
 * so a malformed or hostile payload is refused as `bad-request` data before any handler runs.
 */
import { z } from 'zod';
import { DATE_UNITS, type DType } from './dtype.js';
import { ERROR_KINDS } from './errors.js';

/** Bytes in a file or a count of elements: a non-negative safe integer. */
export const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Any IEEE double, including NaN and ±Infinity (zod's z.number() refuses those). */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
export const index = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
/** Paths are bounded so a client cannot make a receiver hold megabytes of path text. */
export const filePath = z.string().min(1).max(4096);
export const sessionId = z.string().min(1).max(64);
export const callId = z.string().min(1).max(64);

export const openMode = z.enum(['r', 'c', 'r+', 'w+']);
export const arrayFormat = z.enum(['npy', 'npz', 'raw']);
export const byteOrder = z.enum(['<', '>', '|']);

const scalarDType = z.object({
  kind: z.enum(['bool', 'int', 'uint', 'float', 'complex', 'bytes', 'unicode', 'datetime', 'timedelta', 'void']),
  itemsize: count,
  byteorder: byteOrder,
  unit: z.enum(DATE_UNITS as [string, ...string[]]).nullable().optional(),
  unitCount: z.number().int().positive().optional(),
});

export const dtypeSchema: z.ZodType<DType> = z.lazy(() =>
  z.union([
    scalarDType,
    z.object({
      kind: z.literal('struct'),
      itemsize: count,
      fields: z
        .array(z.object({ name: z.string().max(1024), title: z.string().max(1024).nullable(), offset: count, dtype: dtypeSchema }))
        .max(100_000),
    }),
    z.object({ kind: z.literal('subarray'), itemsize: count, base: dtypeSchema, shape: z.array(count).max(32) }),
  ]),
) as z.ZodType<DType>;

export const descrSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.array(z.array(z.union([z.string(), z.array(z.string()), descrSchema, z.array(count)])))]),
);

export const errorData = z.object({ kind: z.enum(ERROR_KINDS as [string, ...string[]]), message: z.string() });

export const rawOptions = z.object({
  dtype: z.string().min(1).max(4096),
  /** null: infer a 1-D shape from the file size; one entry may be -1 (inferred). */
  shape: z.array(z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER)).max(32).nullable(),
  offset: count.default(0),
  order: z.enum(['C', 'F']).default('C'),
});
export type RawOptions = z.infer<typeof rawOptions>;

/** A 2-D window of an N-D array: a numpy index expression plus which remaining axes are rows/cols. */
export const viewSpec = z.object({
  index: z.string().max(4096).default(''),
  rowAxis: z.number().int().min(0).max(31).optional(),
  colAxis: z.number().int().min(0).max(31).optional(),
  /** Structured dtypes: show only this field (its leaves) across elements, e.g. `pos` or `pos.x`. */
  field: z.string().max(1024).optional(),
});
export type ViewSpec = z.infer<typeof viewSpec>;

export const leafSchema = z.object({ path: z.string(), offset: count, dtype: scalarDType });

export const sessionInfo = z.object({
  id: sessionId,
  path: z.string(),
  fileName: z.string(),
  fileSize: count,
  format: arrayFormat,
  member: z.string().nullable(),
  version: z.tuple([z.number(), z.number()]).nullable(),
  dtype: dtypeSchema,
  descr: descrSchema,
  dtypeName: z.string(),
  shape: z.array(count),
  fortranOrder: z.boolean(),
  dataOffset: count,
  nbytes: count,
  mode: openMode,
  warning: z.string().nullable(),
  editable: z.boolean(),
  /** `c`: unsaved in-memory edits exist; `r+`/`w+`: writes not yet flushed. */
  dirty: z.boolean(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  editCount: count,
  /** Bumped by every edit, undo, redo and discard: results computed at an older revision are stale. */
  revision: count,
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const viewInfo = z.object({
  spec: viewSpec,
  /** Shape after indexing (≤ 2 dims are shown; more is a bad-index error). */
  shape: z.array(count),
  rows: count,
  /** Array columns of the window; the grid shows `cols × leaves.length` columns. */
  cols: count,
  leaves: z.array(leafSchema),
  itemsize: count,
  /** Which axes of the indexed view are rows and columns (null where the view has fewer dims). */
  axes: z.tuple([z.number().nullable(), z.number().nullable()]),
  /** Where the window lies in the file: cell (r, c) starts at offset + r·rowStride + c·colStride. */
  offset: count,
  rowStride: index,
  colStride: index,
});
export type ViewInfo = z.infer<typeof viewInfo>;

/** Typed arrays are checked by class; any backing buffer is accepted (IPC and sockets both copy). */
export const u8 = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');
export const f64 = z.custom<Float64Array>((v) => v instanceof Float64Array, 'expected a Float64Array');

export const pageRequest = z.object({
  session: sessionId,
  view: viewSpec,
  row0: count,
  rowCount: count,
  col0: count,
  colCount: count,
});
export const page = z.object({
  row0: count,
  rowCount: count,
  col0: count,
  colCount: count,
  itemsize: count,
  /** rowCount × colCount elements, row-major, each `itemsize` bytes in the file's byte order. */
  bytes: u8,
  /** Bumped by every edit/undo/redo/discard, so a cache can drop pages read before it. */
  revision: count,
});
export type Page = z.infer<typeof page>;

export const cellRef = z.object({ row: count, col: count, leaf: count.default(0) });

/** A grid column (array column + leaf); complex leaves can be read as magnitude, real or imaginary part. */
export const columnRef = z.object({ col: count, leaf: count.default(0), part: z.enum(['abs', 're', 'im']).default('abs') });
export type ColumnRef = z.infer<typeof columnRef>;

export const statsResult = z.object({
  count,
  nanCount: count,
  infCount: count,
  zeroCount: count,
  min: z.string(),
  max: z.string(),
  mean: anyNumber,
  std: anyNumber,
  elements: count,
});
export type StatsResult = z.infer<typeof statsResult>;

export const memorySample = z.object({
  time: z.number(),
  /** The process holding the mappings (Electron main, or the serve process). */
  pid: z.number().int(),
  /** Where the numbers come from: Linux /proc split, or a platform total only. */
  source: z.enum(['proc-status', 'process-memory-usage']),
  rss: count,
  rssAnon: count.nullable(),
  rssFile: count.nullable(),
  rssShmem: count.nullable(),
  heapUsed: count,
  heapTotal: count,
  external: count,
  processes: z.array(z.object({ type: z.string(), pid: z.number(), rss: count })),
  mappings: z.array(z.object({ session: sessionId, path: z.string(), mapped: count, resident: count.nullable() })),
});
export type MemorySample = z.infer<typeof memorySample>;
