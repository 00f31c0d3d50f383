/**
 * Selection: a rectangle of cells between an anchor and a focus (the active cell), or whole rows
 * (index column) or whole columns (header). Coordinates are view rows and grid columns.
 * Rectangles are half-open: rows [r0, r1) × grid columns [c0, c1).
 */

export interface CellPoint {
  readonly row: number;
  readonly col: number;
}

export type SelectionKind = 'cells' | 'rows' | 'cols';

export interface Selection {
  readonly kind: SelectionKind;
  readonly anchor: CellPoint;
  readonly focus: CellPoint;
}

export interface Rect {
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

export function cellSelection(point: CellPoint): Selection {
  return { kind: 'cells', anchor: point, focus: point };
}

/** Moves the focus (shift-click, shift+arrows, drag) keeping the anchor and the kind. */
export function extendSelection(selection: Selection, focus: CellPoint): Selection {
  return { ...selection, focus };
}

export function selectionRect(selection: Selection, rows: number, cols: number): Rect {
  const { anchor, focus, kind } = selection;
  const r0 = Math.min(anchor.row, focus.row);
  const r1 = Math.max(anchor.row, focus.row) + 1;
  const c0 = Math.min(anchor.col, focus.col);
  const c1 = Math.max(anchor.col, focus.col) + 1;
  if (kind === 'rows') return { r0, r1, c0: 0, c1: cols };
  if (kind === 'cols') return { r0: 0, r1: rows, c0, c1 };
  return { r0, r1, c0, c1 };
}

export function rectContains(rect: Rect, row: number, col: number): boolean {
  return row >= rect.r0 && row < rect.r1 && col >= rect.c0 && col < rect.c1;
}

export function rectCells(rect: Rect): number {
  return Math.max(0, rect.r1 - rect.r0) * Math.max(0, rect.c1 - rect.c0);
}

/**
 * Tab-separated text of a rectangle, one line per row (no trailing newline), as spreadsheets
 * paste it. Values are given verbatim (numpy text never holds tabs except inside strings; those
 * and newlines are replaced by spaces so the table shape survives).
 */
export function rectToTsv(rect: Rect, text: (row: number, col: number) => string): string {
  const lines: string[] = [];
  for (let r = rect.r0; r < rect.r1; r++) {
    const cells: string[] = [];
    for (let c = rect.c0; c < rect.c1; c++) cells.push(text(r, c).replace(/[\t\r\n]/g, ' '));
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

/** A short human description: "3 × 2 cells", "rows 5–9", "column 4". */
export function describeRect(rect: Rect, selection: Selection): string {
  const rows = rect.r1 - rect.r0;
  const cols = rect.c1 - rect.c0;
  if (selection.kind === 'rows') return rows === 1 ? `row ${rect.r0}` : `rows ${rect.r0}–${rect.r1 - 1}`;
  if (selection.kind === 'cols') return cols === 1 ? `column ${rect.c0}` : `columns ${rect.c0}–${rect.c1 - 1}`;
  return `${rows.toLocaleString('en-US')} × ${cols.toLocaleString('en-US')} cells`;
}
