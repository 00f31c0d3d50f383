/**
 * The view bar's model: an index expression seen per axis of the array. Each axis is either
 * fixed at an integer (an input and a slider) or kept as a slice (`:`, `::2`, `10:20`), and at
 * most two kept axes are shown, one as rows and one as columns.
 *
 * `planFromSpec` reads a ViewSpec into that per-axis form (null when the expression uses `None`
 * or does not parse: then only the text box edits it); `specFromPlan` writes it back, with
 * `rowAxis`/`colAxis` counted among the kept axes as ViewSpec expects (omitted when default).
 */
import { type IndexItem, parseIndexExpr } from '../../../shared/index-expr.js';
import type { DType } from '../../../shared/dtype.js';
import type { ViewSpec } from '../../../shared/schemas.js';

export type AxisRole = { readonly kind: 'fixed'; readonly index: number } | { readonly kind: 'kept'; readonly slice: string };

export interface AxisPlan {
  readonly roles: readonly AxisRole[];
  /** Array axes shown as rows and columns (null: none, e.g. a 1-D view has no column axis). */
  readonly rowAxis: number | null;
  readonly colAxis: number | null;
}

export function planFromSpec(spec: ViewSpec, shape: readonly number[]): AxisPlan | null {
  let items: IndexItem[];
  try {
    items = parseIndexExpr(spec.index ?? '');
  } catch {
    return null;
  }
  if (items.some((it) => it.kind === 'newaxis')) return null;
  const consumed = items.filter((it) => it.kind !== 'ellipsis').length;
  if (consumed > shape.length) return null;
  const roles: AxisRole[] = [];
  for (const item of items) {
    if (item.kind === 'ellipsis') for (let k = 0; k < shape.length - consumed; k++) roles.push({ kind: 'kept', slice: ':' });
    else if (item.kind === 'int') roles.push({ kind: 'fixed', index: item.index < 0 ? item.index + (shape[roles.length] ?? 0) : item.index });
    else if (item.kind === 'slice') roles.push({ kind: 'kept', slice: sliceText(item) });
  }
  while (roles.length < shape.length) roles.push({ kind: 'kept', slice: ':' });
  const kept = roles.flatMap((r, axis) => (r.kind === 'kept' ? [axis] : []));
  const rowPick = pickKept(spec.rowAxis, kept.length);
  const colPick = pickKept(spec.colAxis, kept.length);
  let row = rowPick ?? (colPick !== null && kept.length === 2 ? 1 - colPick : 0);
  let col = colPick ?? (kept.length >= 2 ? 1 - row : null);
  if (kept.length === 0) row = -1;
  if (kept.length === 1) col = null;
  return { roles, rowAxis: kept[row] ?? null, colAxis: col === null ? null : (kept[col] ?? null) };
}

function pickKept(axis: number | undefined, keptCount: number): number | null {
  if (axis === undefined) return null;
  return axis < 0 ? axis + keptCount : axis;
}

function sliceText(item: Extract<IndexItem, { kind: 'slice' }>): string {
  const part = (n: number | null): string => (n === null ? '' : String(n));
  const base = `${part(item.start)}:${part(item.stop)}`;
  return item.step === null ? base : `${base}:${item.step}`;
}

export function specFromPlan(plan: AxisPlan, field: string | undefined): ViewSpec {
  const parts = plan.roles.map((r) => (r.kind === 'fixed' ? String(r.index) : r.slice));
  const kept = plan.roles.flatMap((r, axis) => (r.kind === 'kept' ? [axis] : []));
  const spec: { index: string; rowAxis?: number; colAxis?: number; field?: string } = { index: parts.join(', ') };
  if (kept.length === 2 && plan.rowAxis !== null && kept.indexOf(plan.rowAxis) === 1) spec.rowAxis = 1;
  if (field !== undefined) spec.field = field;
  return spec;
}

/**
 * Makes `axis` the row (or column) axis: it becomes kept (with its slice, or `:`), the axis it
 * replaces becomes fixed at `fixedAt(axis)` (its last fixed index, or 0), and when it was the
 * other picker's axis the two swap.
 */
export function assignAxis(plan: AxisPlan, which: 'row' | 'col', axis: number | null, fixedAt: (axis: number) => number): AxisPlan {
  const current = which === 'row' ? plan.rowAxis : plan.colAxis;
  const other = which === 'row' ? plan.colAxis : plan.rowAxis;
  if (axis === current) return plan;
  if (axis !== null && axis === other) {
    return which === 'row' ? { ...plan, rowAxis: axis, colAxis: current } : { ...plan, colAxis: axis, rowAxis: current };
  }
  const roles = plan.roles.map((role, d): AxisRole => {
    if (d === axis) return role.kind === 'kept' ? role : { kind: 'kept', slice: ':' };
    if (d === current) return { kind: 'fixed', index: fixedAt(d) };
    return role;
  });
  const next = which === 'row' ? { roles, rowAxis: axis, colAxis: other } : { roles, rowAxis: other, colAxis: axis };
  return keepOnlyShown(next);
}

/** Fixes every kept axis that is neither rows nor columns (the grid shows two). */
function keepOnlyShown(plan: AxisPlan): AxisPlan {
  const roles = plan.roles.map((role, d): AxisRole => (role.kind === 'kept' && d !== plan.rowAxis && d !== plan.colAxis ? { kind: 'fixed', index: 0 } : role));
  return { ...plan, roles };
}

export function setFixedIndex(plan: AxisPlan, axis: number, index: number): AxisPlan {
  return { ...plan, roles: plan.roles.map((r, d) => (d === axis ? { kind: 'fixed', index } : r)) };
}

/** numpy's way of printing an N-D array: the last two axes as rows × columns, the others at 0. */
export function defaultPlan(shape: readonly number[]): AxisPlan {
  const roles: AxisRole[] = shape.map((_, d) => (d >= shape.length - 2 ? { kind: 'kept', slice: ':' } : { kind: 'fixed', index: 0 }));
  const n = shape.length;
  return { roles, rowAxis: n >= 1 ? Math.max(0, n - 2) : null, colAxis: n >= 2 ? n - 1 : null };
}

/** Field paths a structured dtype offers for the field picker: every field and nested field. */
export function fieldPaths(dtype: DType, prefix = ''): string[] {
  if (dtype.kind !== 'struct') return [];
  const out: string[] = [];
  for (const f of dtype.fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name;
    out.push(path);
    out.push(...fieldPaths(f.dtype, path));
  }
  return out;
}

/** The expression without `a[` … `]` or `[` … `]` around it (the bar shows its own brackets). */
export function bareIndex(index: string | undefined): string {
  const text = (index ?? '').trim();
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*)?\[(.*)\]$/s.exec(text);
  return m ? m[1]!.trim() : text;
}
