/**
 * Pointer input: click a cell, an index cell (whole rows) or a header (whole columns); shift-click
 * and drag extend the selection (dragging past the top or bottom scrolls); double-click edits.
 */
import { useEffect, useRef } from 'react';
import { clampPosition, scrollBy } from './axis.js';
import type { GridInputOptions, GridNav } from './grid-nav.js';
import type { ScrollerAxes } from './scroller.js';
import { cellSelection, extendSelection } from './selection.js';

type Drag = 'cells' | 'rows' | 'cols' | null;

function pointFromTarget(target: EventTarget | null): { kind: 'cell' | 'row' | 'col'; row: number; col: number } | null {
  const el = (target as Element | null)?.closest?.('[data-row],[data-rowheader],[data-colheader]');
  if (!el) return null;
  const data = (el as HTMLElement).dataset;
  if (data.row !== undefined) return { kind: 'cell', row: Number(data.row), col: Number(data.col) };
  if (data.rowheader !== undefined) return { kind: 'row', row: Number(data.rowheader), col: -1 };
  return { kind: 'col', row: -1, col: Number(data.colheader) };
}

export interface GridPointer {
  readonly onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onDoubleClick: (e: React.MouseEvent<HTMLDivElement>) => void;
}

/** `commitOpenEditor`: a click anywhere in the grid first commits an open editor. */
export function useGridPointer(o: GridInputOptions, nav: GridNav, commitOpenEditor: () => void): GridPointer {
  const { rows, axes, shown, setPos, selection, setSelection, editing } = o;
  const drag = useRef<Drag>(null);

  useEffect(() => {
    const up = (): void => {
      drag.current = null;
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    const hit = pointFromTarget(e.target);
    if (!hit) return;
    if (editing.editor) {
      commitOpenEditor();
      return;
    }
    editing.setNote(null);
    e.preventDefault(); // no text selection while dragging a cell range
    nav.focusGrid();
    const base = selection?.focus ?? { row: 0, col: 0 };
    if (hit.kind === 'cell') {
      const p = { row: hit.row, col: hit.col };
      setSelection(e.shiftKey && selection ? extendSelection(selection, p) : cellSelection(p));
      drag.current = 'cells';
    } else if (hit.kind === 'row') {
      const p = { row: hit.row, col: base.col };
      setSelection(e.shiftKey && selection?.kind === 'rows' ? extendSelection(selection, p) : { kind: 'rows', anchor: p, focus: p });
      drag.current = 'rows';
    } else {
      const p = { row: base.row, col: hit.col };
      setSelection(e.shiftKey && selection?.kind === 'cols' ? extendSelection(selection, p) : { kind: 'cols', anchor: p, focus: p });
      drag.current = 'cols';
    }
    // Moves outside the grid still extend the selection (and scroll it along).
    e.currentTarget.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>): void => {
    if (!drag.current || !selection || (e.buttons & 1) === 0) return;
    // Under pointer capture every move targets the grid itself: find the cell under the pointer.
    const hit = pointFromTarget(document.elementFromPoint(e.clientX, e.clientY));
    const edge = dragEdge(e, o.scrollerRef.current, axes);
    if (edge !== 0 && drag.current !== 'cols') {
      // Past the top or bottom edge: scroll a row per move and extend to the row that comes in.
      const at = clampPosition(axes.rows, shown.row, axes.viewportHeight);
      const row = edge < 0 ? Math.max(0, at.index - 1) : Math.min(rows - 1, at.index + Math.floor(axes.viewportHeight / axes.rowHeight));
      setPos((p) => ({ ...p, row: scrollBy(axes.rows, p.row, edge * axes.rowHeight, axes.viewportHeight) }));
      setSelection(extendSelection(selection, { row, col: selection.focus.col }));
      return;
    }
    if (!hit) return;
    const focus = {
      row: drag.current === 'cols' ? selection.focus.row : hit.row >= 0 ? hit.row : selection.focus.row,
      col: drag.current === 'rows' ? selection.focus.col : hit.col >= 0 ? hit.col : selection.focus.col,
    };
    if (focus.row !== selection.focus.row || focus.col !== selection.focus.col) setSelection(extendSelection(selection, focus));
  };

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>): void => {
    const hit = pointFromTarget(document.elementFromPoint(e.clientX, e.clientY));
    if (hit?.kind === 'cell') nav.startEdit({ row: hit.row, col: hit.col }, null);
  };

  return { onPointerDown, onPointerMove, onDoubleClick };
}

/** -1 above the data rows, 1 below them, 0 within (the header row is above the data). */
function dragEdge(e: { clientY: number }, scroller: HTMLElement | null, axes: ScrollerAxes): -1 | 0 | 1 {
  if (!scroller) return 0;
  const box = scroller.getBoundingClientRect();
  const headerBottom = box.top + (scroller.clientHeight - axes.viewportHeight);
  if (e.clientY < headerBottom) return -1;
  if (e.clientY > headerBottom + axes.viewportHeight) return 1;
  return 0;
}
