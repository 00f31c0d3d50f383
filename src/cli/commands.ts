/**
 * The CLI's commands over the engine. Each returns both its JSON document (the contract scripts
 * rely on, see README) and its human text; main.ts picks one and owns exit codes.
 */
import path from 'node:path';
import { elementCount, nbytes } from '../shared/array.js';
import { type Descr, dtypeName, leaves, isScalar } from '../shared/dtype.js';
import { ArrayscopeError } from '../shared/errors.js';
import { parseIndexExpr } from '../shared/index-expr.js';
import { applyIndex, baseView, elementOffset, type StridedView } from '../shared/view.js';
import { formatElement, formatScalar, jsonElement, jsonScalar, type JsonValue } from '../shared/values/index.js';
import { type FileLayout, listNpzMembers, readLayout, readNpzMember } from '../core/formats/index.js';
import { createArray, openSession } from '../core/open.js';
import { computeStats, extremeScalar } from '../core/scans.js';
import type { Session } from '../core/session.js';
import { parseIntegerList, parseShapeText } from '../shared/int-list.js';
import { type Flags, rawOptionsFrom } from './args.js';

export interface Output {
  readonly json: Record<string, JsonValue>;
  readonly text: string;
}

/** At most this many elements are printed by `slice`; a larger slice asks for a narrower one. */
export const MAX_SLICE_ELEMENTS = 1_000_000;

type ArrayInfo = {
  dtype: Descr;
  shape: number[];
  fortran_order: boolean;
  version: [number, number] | null;
  data_offset: number;
  size: number;
  nbytes: number;
};

interface Described {
  readonly layout: FileLayout['layout'];
  readonly descr: Descr;
  readonly version: readonly [number, number] | null;
  readonly warning?: string | null;
}

function infoJson(found: Described): ArrayInfo {
  const { layout } = found;
  return {
    dtype: found.descr,
    shape: [...layout.shape],
    fortran_order: layout.fortranOrder,
    version: found.version ? [found.version[0], found.version[1]] : null,
    data_offset: layout.dataOffset,
    size: elementCount(layout.shape),
    nbytes: nbytes(layout),
  };
}

function infoText(name: string, info: ArrayInfo, dtype: string, warning: string | null): string {
  const shape = `(${info.shape.join(', ')}${info.shape.length === 1 ? ',' : ''})`;
  const lines = [
    `${name}: ${dtype} ${shape}, ${info.fortran_order ? 'Fortran' : 'C'} order, ${info.version ? `.npy v${info.version.join('.')}` : 'raw'}`,
    `  descr        ${JSON.stringify(info.dtype)}`,
    `  elements     ${info.size}`,
    `  bytes        ${info.nbytes}`,
    `  data offset  ${info.data_offset}`,
  ];
  if (warning) lines.push(`  warning      ${warning}`);
  return lines.join('\n');
}

export async function info(file: string, flags: Flags): Promise<Output> {
  const raw = rawOptionsFrom(flags);
  if (!raw && flags.member === undefined && file.toLowerCase().endsWith('.npz')) {
    const members = await listNpzMembers(file);
    const json: Record<string, ArrayInfo> = {};
    const text: string[] = [`${file}: .npz archive with ${members.length} arrays`];
    for (const m of members) {
      const { header } = await readNpzMember(file, m.name);
      json[m.key] = infoJson(header);
      text.push(infoText(`  ${m.key}${m.compressed ? ' (compressed)' : ''}`, json[m.key]!, dtypeName(header.layout.dtype), null));
    }
    return { json: { ok: true, members: json }, text: text.join('\n') };
  }
  let found: Described;
  try {
    found = await readLayout(file, { raw, member: flags.member, format: raw ? 'raw' : undefined });
  } catch (err) {
    // A compressed member can still be described: its header comes from the inflated stream.
    if (!(err instanceof ArrayscopeError && err.kind === 'compressed-member')) throw err;
    found = { ...(await readNpzMember(file, flags.member)).header, warning: null };
  }
  const json = infoJson(found);
  const name = flags.member ? `${path.basename(file)}:${flags.member}` : path.basename(file);
  return { json: { ok: true, ...json }, text: infoText(name, json, dtypeName(found.layout.dtype), found.warning ?? null) };
}

async function withSession<T>(file: string, flags: Flags, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = await openSession({
    path: file,
    mode: 'r',
    raw: rawOptionsFrom(flags),
    member: flags.member,
    extract: flags.extract ?? false,
  });
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

function parseIndexList(text: string): number[] {
  return parseIntegerList(text, '--index') ?? [];
}

export async function get(file: string, flags: Flags): Promise<Output> {
  if (flags.index === undefined) throw new ArrayscopeError('bad-index', "get needs --index i,j,k (use --index '' for a 0-d array)");
  const index = parseIndexList(flags.index);
  return withSession(file, flags, async (session) => {
    const offset = elementOffset(baseView(session.layout), index);
    const { dtype } = session.layout;
    const bytes = await session.mapping.readAsync(offset, dtype.itemsize);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { json: { ok: true, value: jsonElement(dtype, view, 0) }, text: formatElement(dtype, view, 0) };
  });
}

/** Reads every element of an N-D strided view into nested JSON arrays (C order). */
async function readView(session: Session, view: StridedView): Promise<{ bytes: Uint8Array; count: number }> {
  const count = view.shape.reduce((a, b) => a * b, 1);
  if (count > MAX_SLICE_ELEMENTS) {
    throw new ArrayscopeError('too-large', `the slice has ${count} elements; slice prints at most ${MAX_SLICE_ELEMENTS}, so narrow the expression`);
  }
  const bytes = count === 0 ? new Uint8Array(0) : await session.mapping.gatherAsync(view, session.layout.dtype.itemsize);
  return { bytes, count };
}

function nest(shape: readonly number[], leafAt: (i: number) => JsonValue): JsonValue {
  let next = 0;
  const build = (axis: number): JsonValue => {
    if (axis === shape.length) return leafAt(next++);
    return Array.from({ length: shape[axis]! }, () => build(axis + 1));
  };
  return build(0);
}

export async function slice(file: string, expr: string, flags: Flags): Promise<Output> {
  return withSession(file, flags, async (session) => {
    const view = applyIndex(baseView(session.layout), parseIndexExpr(expr));
    const { bytes } = await readView(session, view);
    const { dtype } = session.layout;
    const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values = nest(view.shape, (i) => jsonElement(dtype, data, i * dtype.itemsize));
    const text = flags.csv ? toCsv(session, view, data) : toTable(session, view, data);
    return { json: { ok: true, shape: [...view.shape], values }, text };
  });
}

function rowsOf(view: StridedView): { rows: number; cols: number } {
  if (view.shape.length > 2) {
    throw new ArrayscopeError('bad-index', `the slice has ${view.shape.length} dimensions; text and CSV output show at most 2 (use --json)`);
  }
  return { rows: view.shape.length === 0 ? 1 : view.shape[0]!, cols: view.shape.length === 2 ? view.shape[1]! : 1 };
}

/** Cells of one row as text: one per element, or one per scalar field for structured dtypes. */
function rowCells(session: Session, data: DataView, first: number, cols: number): string[] {
  const { dtype } = session.layout;
  const fields = leaves(dtype);
  const out: string[] = [];
  for (let c = 0; c < cols; c++) {
    const base = (first + c) * dtype.itemsize;
    if (isScalar(dtype)) out.push(formatScalar(dtype, data, base));
    else for (const leaf of fields) out.push(formatScalar(leaf.dtype, data, base + leaf.offset));
  }
  return out;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(session: Session, view: StridedView, data: DataView): string {
  const { rows, cols } = rowsOf(view);
  const lines: string[] = [];
  const { dtype } = session.layout;
  if (!isScalar(dtype)) {
    const names = leaves(dtype).map((l) => l.path);
    const header = cols === 1 ? names : Array.from({ length: cols }, (_, c) => names.map((n) => `${c}.${n}`)).flat();
    lines.push(header.map(csvField).join(','));
  }
  for (let r = 0; r < rows; r++) lines.push(rowCells(session, data, r * cols, cols).map(csvField).join(','));
  return lines.join('\n');
}

function toTable(session: Session, view: StridedView, data: DataView): string {
  if (view.shape.length > 2) return JSON.stringify(nest(view.shape, (i) => formatElement(session.layout.dtype, data, i * session.layout.dtype.itemsize)));
  const { rows, cols } = rowsOf(view);
  const table = Array.from({ length: rows }, (_, r) => rowCells(session, data, r * cols, cols));
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => row[c]!.length))) ?? [];
  return table.map((row) => row.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n');
}

export async function stats(file: string, expr: string | undefined, flags: Flags, onProgress?: (d: number, t: number) => void): Promise<Output> {
  return withSession(file, flags, async (session) => {
    const fields = leaves(session.layout.dtype);
    const leaf = flags.field === undefined ? 0 : fields.findIndex((l) => l.path === flags.field);
    if (leaf < 0) throw new ArrayscopeError('bad-index', `no field '${flags.field}' (fields: ${fields.map((l) => l.path).join(', ')})`);
    if (flags.field === undefined && fields.length > 1) {
      throw new ArrayscopeError('bad-index', `the array is structured; choose a field with --field (${fields.map((l) => l.path).join(', ')})`);
    }
    const target = expr === undefined ? {} : { view: { index: expr } };
    const r = await computeStats(session, { ...target, leaf }, { onProgress });
    const extreme = (value: number, exact: string | null): JsonValue => {
      if (r.count === 0) return 'NaN';
      const e = extremeScalar(r.dtype, value, exact);
      return jsonScalar(e.dtype, e.view, 0);
    };
    const float = (x: number): JsonValue => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x);
    const json = {
      count: r.count,
      min: extreme(r.min, r.minExact),
      max: extreme(r.max, r.maxExact),
      mean: float(r.mean),
      std: float(r.std),
      nan_count: r.nanCount,
      inf_count: r.infCount,
    };
    const text = Object.entries(json)
      .map(([k, v]) => `${k.padEnd(10)} ${String(v)}`)
      .join('\n');
    return { json: { ok: true, stats: json }, text };
  });
}

export async function create(file: string, flags: Flags): Promise<Output> {
  if (flags.dtype === undefined || flags.shape === undefined) {
    throw new ArrayscopeError('bad-value', 'create needs --dtype and --shape (e.g. --dtype float32 --shape 1000,64)');
  }
  const shape = parseShapeText(flags.shape, '--shape') ?? [];
  if (shape.some((n) => n < 0)) throw new ArrayscopeError('bad-value', `create needs a concrete shape, got '${flags.shape}'`);
  const order = flags.order ?? 'C';
  if (order !== 'C' && order !== 'F') throw new ArrayscopeError('bad-value', `--order must be C or F, got '${order}'`);
  const session = await createArray({ path: file, format: flags.raw ? 'raw' : 'npy', dtype: flags.dtype, shape, order, fill: flags.fill });
  try {
    const s = session.info();
    const json = infoJson({ layout: session.layout, descr: s.descr as Descr, version: s.version });
    return { json: { ok: true, ...json }, text: infoText(path.basename(file), json, s.dtypeName, null) };
  } finally {
    session.close();
  }
}
