/**
 * Byte-range arithmetic for the memory panel: where the table's viewport lies in the file, the
 * range "viewport ± margin" to prefetch, and sizes typed by the user ("64 MiB", "0x1000").
 * Pure functions, so they are unit-tested without a DOM.
 */
import type { ViewInfo } from '../../../shared/schemas.js';

/** The table's visible rows and grid columns ([start, end)), as the shell's Viewport gives them. */
export interface ViewportCells {
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
}

/** A half-open byte range [start, end) in the mapped file. */
export type ByteRange = readonly [number, number];

/**
 * The bytes the viewport's cells occupy: cell (r, c) starts at offset + r·rowStride + c·colStride.
 * For a transposed or strided view the cells are not contiguous; this is the span from the
 * lowest to the highest cell (strides may be negative, so all four corners are considered).
 * Grid columns are array columns × leaves (fields); a leaf lies inside its element.
 */
export function viewportByteRange(info: ViewInfo, viewport: ViewportCells, mappedSize: number): ByteRange | null {
  const leaves = Math.max(1, info.leaves.length);
  const r0 = Math.max(0, viewport.rows[0]);
  const r1 = Math.min(info.rows, viewport.rows[1]);
  const c0 = Math.max(0, Math.floor(viewport.cols[0] / leaves));
  const c1 = Math.min(info.cols, Math.ceil(viewport.cols[1] / leaves));
  if (r1 <= r0 || c1 <= c0 || info.itemsize === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of [r0, r1 - 1]) {
    for (const c of [c0, c1 - 1]) {
      const at = info.offset + r * info.rowStride + c * info.colStride;
      lo = Math.min(lo, at);
      hi = Math.max(hi, at + info.itemsize);
    }
  }
  const start = Math.max(0, Math.min(lo, mappedSize));
  const end = Math.max(start, Math.min(hi, mappedSize));
  return end > start ? [start, end] : null;
}

/** `range` grown by `margin` bytes on each side, clipped to the file. */
export function widen(range: ByteRange, margin: number, mappedSize: number): ByteRange {
  return [Math.max(0, range[0] - margin), Math.min(mappedSize, range[1] + margin)];
}

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A byte count typed by the user: `4096`, `0x1000`, `1.5 GiB`, `64M`, `512 KB` (binary multiples,
 * as the rest of the UI shows sizes). Returns an error message instead of guessing.
 */
export function parseByteCount(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return checked(Number.parseInt(t.slice(2), 16), text);
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(t);
  const unit = m ? MULTIPLIERS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    return { ok: false, message: `'${text}' is not a byte count (write e.g. 4096, 0x1000, 64 MB or 1.5 GB)` };
  }
  return checked(Math.round(Number(m[1]) * unit), text);
}

function checked(value: number, text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!Number.isSafeInteger(value)) return { ok: false, message: `'${text}' is too large` };
  return { ok: true, value };
}

/** Mean resident fraction of a residency result (NaN buckets, which cover no bytes, are skipped). */
export function meanFraction(fractions: Float64Array): number | null {
  let sum = 0;
  let n = 0;
  for (const f of fractions) {
    if (Number.isNaN(f)) continue;
    sum += f;
    n += 1;
  }
  return n === 0 ? null : sum / n;
}
