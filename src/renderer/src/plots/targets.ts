/**
 * What a plot, histogram or statistics panel looks at: one column of the view (a grid column:
 * array column + leaf, complex ones by magnitude, real or imaginary part), every element of the
 * view, or the whole array. Pure helpers shared by the panels.
 */
import type { ScalarDType } from '../../../shared/dtype.js';
import type { ViewInfo, ViewSpec } from '../../../shared/schemas.js';
import type { ColumnSelection } from '../app/panel.js';

export type Part = 'abs' | 're' | 'im';
export type Scope = 'column' | 'view' | 'array';

export const PART_LABELS: Record<Part, string> = { abs: 'Magnitude', re: 'Real part', im: 'Imaginary part' };

export interface ColumnRef {
  readonly col: number;
  readonly leaf: number;
  readonly part: Part;
}

/** The kinds and sizes the engine's kernels can reduce (src/core/native.ts kernelTypeOf). */
export function isNumeric(dtype: ScalarDType): boolean {
  switch (dtype.kind) {
    case 'bool':
      return dtype.itemsize === 1;
    case 'int':
    case 'uint':
      return [1, 2, 4, 8].includes(dtype.itemsize);
    case 'float':
      return [2, 4, 8].includes(dtype.itemsize);
    case 'complex':
      return dtype.itemsize === 8 || dtype.itemsize === 16;
    case 'datetime':
    case 'timedelta':
      return dtype.itemsize === 8;
    default:
      return false;
  }
}

export function leafDType(info: ViewInfo, leaf: number): ScalarDType | null {
  return (info.leaves[leaf]?.dtype as ScalarDType | undefined) ?? null;
}

/** "column 3", "column 3 · pos.x"; in rows mode "row 3". */
export function columnLabel(info: ViewInfo, ref: { col: number; leaf: number; part?: Part }, axisWord = 'column'): string {
  const path = info.leaves[ref.leaf]?.path ?? '';
  const dtype = leafDType(info, ref.leaf);
  const part = dtype?.kind === 'complex' && ref.part && ref.part !== 'abs' ? ` (${ref.part === 're' ? 'real' : 'imag'})` : dtype?.kind === 'complex' ? ' |z|' : '';
  return `${axisWord} ${ref.col}${path ? ` · ${path}` : ''}${part}`;
}

/** The view with its two axes swapped, so "column j" of it is row j of the original. */
export function transposed(view: ViewSpec, info: ViewInfo): ViewSpec | null {
  if (info.shape.length !== 2) return null;
  const [row, col] = info.axes;
  return { ...view, rowAxis: col ?? 1, colAxis: row ?? 0 };
}

export function sameColumn(a: ColumnRef, b: ColumnRef): boolean {
  return a.col === b.col && a.leaf === b.leaf && a.part === b.part;
}

export function selectionColumn(selection: ColumnSelection | null, info: ViewInfo | null, part: Part): ColumnRef | null {
  if (!selection || !info || selection.col >= info.cols || selection.leaf >= info.leaves.length) return null;
  return { col: selection.col, leaf: selection.leaf, part };
}

/** A stable text key for a view spec (effects depend on it instead of the object). */
export function viewKey(view: ViewSpec): string {
  return JSON.stringify([view.index ?? '', view.rowAxis ?? null, view.colAxis ?? null, view.field ?? null]);
}
