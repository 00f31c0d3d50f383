/**
 * Grid column widths: a default width per leaf (from its dtype), widths fitted to the content
 * seen so far (they only grow while scrolling, so columns do not jitter), and widths the user
 * dragged (they win over fitting). Sparse: a million columns cost nothing until they are seen.
 *
 * Invariant: every width is an integer in [MIN_WIDTH, MAX_WIDTH]; `total()` is the exact sum of
 * `size(i)` over all columns, kept incrementally.
 */
import type { ScalarDType } from '../../../shared/dtype.js';
import type { AxisSizes } from './axis.js';

export const MIN_WIDTH = 36;
export const MAX_WIDTH = 640;
/** Horizontal padding of a cell (both sides) plus room for the resize handle. */
export const CELL_PADDING = 14;

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, px)));
}

/** A starting width in characters for a scalar dtype, before any value has been seen. */
export function defaultChars(dt: ScalarDType): number {
  switch (dt.kind) {
    case 'bool':
      return 5;
    case 'int':
    case 'uint':
      // Narrow to start with: fitting widens a column as soon as wider values are drawn.
      return [4, 6, 7, 8][Math.log2(dt.itemsize)] ?? 8;
    case 'float':
      return dt.itemsize <= 2 ? 7 : 10;
    case 'complex':
      return 24;
    case 'datetime':
    case 'timedelta':
      return 20;
    case 'unicode':
      return Math.min(24, Math.max(6, dt.itemsize / 4 + 2));
    default:
      return Math.min(24, Math.max(6, dt.itemsize * 3));
  }
}

export class ColumnWidths implements AxisSizes {
  private readonly fitted = new Map<number, number>();
  private readonly dragged = new Map<number, number>();
  private sum: number;
  readonly uniform = null;

  /**
   * @param count grid columns
   * @param baseWidth default width of grid column i (a function of its leaf), already clamped
   */
  constructor(
    readonly count: number,
    private readonly baseWidth: (i: number) => number,
    private readonly baseTotal: number,
  ) {
    this.sum = baseTotal;
  }

  /** Width of every column of `count` columns that cycle through `leafWidths` (one per leaf). */
  static forLeaves(arrayCols: number, leafWidths: readonly number[]): ColumnWidths {
    const widths = (leafWidths.length > 0 ? leafWidths : [MIN_WIDTH]).map(clampWidth);
    const leaves = widths.length;
    const perElement = widths.reduce((a, b) => a + b, 0);
    return new ColumnWidths(arrayCols * leaves, (i) => widths[i % leaves] ?? MIN_WIDTH, arrayCols * perElement);
  }

  size(i: number): number {
    return this.dragged.get(i) ?? this.fitted.get(i) ?? this.baseWidth(i);
  }

  total(): number {
    return this.sum;
  }

  isDragged(i: number): boolean {
    return this.dragged.has(i);
  }

  /** Grows column i to fit `px` of content; returns whether its width changed. */
  fit(i: number, px: number): boolean {
    if (this.dragged.has(i)) return false;
    const width = clampWidth(px);
    const before = this.size(i);
    if (width <= before) return false;
    this.fitted.set(i, width);
    this.sum += width - before;
    return true;
  }

  /** The user's width for column i (null restores fitting from scratch). */
  setDragged(i: number, px: number | null): void {
    const before = this.size(i);
    if (px === null) {
      this.dragged.delete(i);
      this.fitted.delete(i);
    } else {
      this.dragged.set(i, clampWidth(px));
    }
    this.sum += this.size(i) - before;
  }
}

/** Pixel width of text in the grid's monospace font, from the width of one character. */
export function textWidth(text: string, charWidth: number): number {
  return text.length * charWidth + CELL_PADDING;
}
