/**
 * Resolves a ViewSpec (index expression + axis choice) against an array layout into the grid
 * window the table pages through, plus the scalar leaves each element shows as columns.
 *
 * Grid coordinates: row r, grid column j → array column `floor(j / leaves.length)` and leaf
 * `j % leaves.length`, so a structured array shows one grid column per field. Pages, however,
 * are requested in *array* columns and carry whole elements; the renderer decodes the leaves.
 */
import type { ArrayLayout } from '../shared/array.js';
import { type Leaf, leaves as leavesOf } from '../shared/dtype.js';
import { ArrayscopeError } from '../shared/errors.js';
import { parseIndexExpr } from '../shared/index-expr.js';
import type { ViewInfo, ViewSpec } from '../shared/schemas.js';
import { applyIndex, baseView, type GridWindow, type StridedView, toGrid } from '../shared/view.js';

export interface ResolvedView {
  readonly spec: ViewSpec;
  readonly view: StridedView;
  readonly window: GridWindow;
  readonly leaves: readonly Leaf[];
  readonly info: ViewInfo;
}

const CACHE_LIMIT = 64;

export class ViewResolver {
  private readonly cache = new Map<string, ResolvedView>();
  private readonly base: StridedView;
  private readonly leaves: readonly Leaf[];

  constructor(private readonly layout: ArrayLayout) {
    this.base = baseView(layout);
    this.leaves = leavesOf(layout.dtype);
  }

  resolve(spec: ViewSpec): ResolvedView {
    const key = JSON.stringify([spec.index, spec.rowAxis ?? null, spec.colAxis ?? null, spec.field ?? null]);
    const hit = this.cache.get(key);
    if (hit) {
      // refresh recency
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const view = applyIndex(this.base, parseIndexExpr(spec.index));
    const window = toGrid(view, spec.rowAxis, spec.colAxis);
    const leaves = spec.field ? this.fieldLeaves(spec.field) : this.leaves;
    const info: ViewInfo = {
      spec,
      shape: [...view.shape],
      rows: window.rows,
      cols: window.cols,
      leaves: leaves.map((l) => ({ path: l.path, offset: l.offset, dtype: l.dtype })),
      itemsize: this.layout.dtype.itemsize,
      axes: [window.axes.row, window.axes.col],
      offset: window.offset,
      rowStride: window.rowStride,
      colStride: window.colStride,
    };
    const resolved: ResolvedView = { spec, view, window, leaves, info };
    this.cache.set(key, resolved);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return resolved;
  }

  /** The leaves of one field (`pos`, `pos.x`, `b[1]`): the field itself and everything inside it. */
  private fieldLeaves(field: string): readonly Leaf[] {
    const inside = this.leaves.filter((l) => l.path === field || l.path.startsWith(`${field}.`) || l.path.startsWith(`${field}[`));
    if (inside.length === 0) {
      const names = this.leaves.map((l) => l.path).filter(Boolean);
      throw new ArrayscopeError('bad-index', names.length ? `no field '${field}' (fields: ${names.join(', ')})` : `the array has no fields, so field '${field}' does not exist`);
    }
    return inside;
  }

  /** The strided view an index expression selects, of any number of dimensions (no grid). */
  indexed(index: string): StridedView {
    return applyIndex(this.base, parseIndexExpr(index));
  }

  /** A leaf by index: of the view's leaves when a view is given, else of the whole dtype. */
  leaf(index: number, view?: ResolvedView): Leaf {
    const list = view ? view.leaves : this.leaves;
    const leaf = list[index];
    if (!leaf) throw new ArrayscopeError('bad-index', `field index ${index} is out of range (${list.length} fields)`);
    return leaf;
  }

  /**
   * The array index (in the file's array, not the view) of the element at an absolute byte
   * offset of an element start. Valid because the base view is contiguous in C or F order.
   */
  arrayIndexAt(elementOffset: number): number[] {
    const { shape, fortranOrder, dataOffset, dtype } = this.layout;
    let linear = (elementOffset - dataOffset) / dtype.itemsize;
    const index = new Array<number>(shape.length).fill(0);
    const axes = shape.map((_, d) => d);
    if (!fortranOrder) axes.reverse();
    for (const d of axes) {
      const n = shape[d]!;
      index[d] = n === 0 ? 0 : linear % n;
      linear = n === 0 ? 0 : Math.floor(linear / n);
    }
    return index;
  }
}
