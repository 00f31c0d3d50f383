/**
 * Export a view (or a rectangle of it) to a new .npy or CSV file: streamed page by page, atomic
 * (temp file + rename), with progress and cancel. The .npy keeps the element dtype (structured
 * records stay whole) with the rectangle's 2-D shape (1-D when the view is 1-D); CSV holds
 * numpy-exact text of each scalar field, with a header row naming the fields of structured data.
 */
import { isScalar } from '../shared/dtype.js';
import { ArrayscopeError } from '../shared/errors.js';
import type { ViewSpec } from '../shared/schemas.js';
import { gridRegion } from '../shared/view.js';
import { formatScalar } from '../shared/values/index.js';
import { throwIfCancelled, writeAtomically } from './atomic.js';
import { encodeNpyHeader } from './formats/npy.js';
import type { Session } from './session.js';

const CHUNK_BYTES = 4 << 20;

export interface ExportRequest {
  readonly view: ViewSpec;
  readonly rows?: readonly [number, number];
  readonly cols?: readonly [number, number];
  readonly format: 'npy' | 'csv';
  readonly path: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

function span(range: readonly [number, number] | undefined, size: number, what: string): [number, number] {
  const [start, end] = range ?? [0, size];
  if (!(start <= end && end <= size)) throw new ArrayscopeError('bad-request', `${what} range [${start}, ${end}) is outside the view's ${size} ${what}s`);
  return [start, end];
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function exportView(session: Session, request: ExportRequest): Promise<number> {
  const resolved = session.view(request.view);
  const { window, leaves } = resolved;
  const [r0, r1] = span(request.rows, window.rows, 'row');
  const [c0, c1] = span(request.cols, window.cols, 'column');
  const rows = r1 - r0;
  const cols = c1 - c0;
  const { dtype } = session.layout;
  const rowBytes = Math.max(1, cols * dtype.itemsize);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
  const oneDimensional = resolved.view.shape.length <= 1 && request.cols === undefined;
  const encoder = new TextEncoder();
  return writeAtomically(request.path, async (handle) => {
    let position = 0;
    const put = async (bytes: Uint8Array): Promise<void> => {
      await handle.write(bytes, 0, bytes.byteLength, position);
      position += bytes.byteLength;
    };
    if (request.format === 'npy') {
      await put(encodeNpyHeader({ dtype, shape: oneDimensional ? [rows] : [rows, cols], fortranOrder: false }));
    } else if (!isScalar(dtype) || request.view.field) {
      const names = leaves.map((l) => l.path);
      const header = cols === 1 ? names : Array.from({ length: cols }, (_, c) => names.map((n) => `${c0 + c}.${n}`)).flat();
      await put(encoder.encode(`${header.map(csvField).join(',')}\n`));
    }
    for (let done = 0; done < rows; ) {
      throwIfCancelled(request.signal, `exporting to '${request.path}'`);
      const n = Math.min(rowsPerChunk, rows - done);
      const bytes = cols === 0 ? new Uint8Array(0) : await session.mapping.gatherAsync(gridRegion(window, r0 + done, n, c0, cols), dtype.itemsize);
      if (request.format === 'npy') await put(bytes);
      else await put(encoder.encode(csvRows(bytes, n, cols, dtype.itemsize, leaves)));
      done += n;
      request.onProgress?.(done, rows);
    }
    return position;
  });
}

function csvRows(bytes: Uint8Array, rows: number, cols: number, itemsize: number, leaves: ReturnType<Session['view']>['leaves']): string {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * itemsize;
      for (const leaf of leaves) cells.push(csvField(formatScalar(leaf.dtype, data, base + leaf.offset)));
    }
    out += `${cells.join(',')}\n`;
  }
  return out;
}
