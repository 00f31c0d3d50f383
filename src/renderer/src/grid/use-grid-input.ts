/**
 * What the user does to the grid: keys (keyboard.ts), clicks and drags (select cells, rows from
 * the index column, columns from the header), double-click to edit, Go to row, jumping to a
 * changed cell, and copying the selection as TSV.
 */
import { type RefObject, useEffect, useRef } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { clampPosition, itemsPerPage, revealItem, scrollBy } from './axis.js';
import { arrayElementOffset, locateElement } from './geometry.js';
import { keyAction } from './keyboard.js';
import { MAX_COPY_CELLS, readRectAsTsv } from './read-rect.js';
import type { GridPosition, ScrollerAxes } from './scroller.js';
import { type CellPoint, cellSelection, extendSelection, rectCells, type Selection, selectionRect } from './selection.js';
import type { Editing } from './use-editing.js';
import type { EditItem } from './use-edits.js';
import { pageFetcher } from './use-pages.js';

export interface GridInputOptions {
  readonly props: PanelProps;
  readonly info: ViewInfo;
  readonly rows: number;
  readonly gridCols: number;
  readonly axes: ScrollerAxes;
  readonly shown: GridPosition;
  readonly setPos: (pos: GridPosition | ((p: GridPosition) => GridPosition)) => void;
  readonly selection: Selection | null;
  readonly setSelection: (s: Selection | null) => void;
  readonly editing: Editing;
  readonly cellTextAt: (row: number, gridCol: number) => string | null;
  readonly formatOf: (gridCol: number) => FormatOptions;
  readonly scrollerRef: RefObject<HTMLDivElement | null>;
  readonly gotoRef: RefObject<HTMLInputElement | null>;
  readonly setMenuCol: (col: number | null) => void;
}

type Drag = 'cells' | 'rows' | 'cols' | null;

function pointFromTarget(target: EventTarget | null): { kind: 'cell' | 'row' | 'col'; row: number; col: number } | null {
  const el = (target as Element | null)?.closest?.('[data-row],[data-rowheader],[data-colheader]');
  if (!el) return null;
  const data = (el as HTMLElement).dataset;
  if (data.row !== undefined) return { kind: 'cell', row: Number(data.row), col: Number(data.col) };
  if (data.rowheader !== undefined) return { kind: 'row', row: Number(data.rowheader), col: -1 };
  return { kind: 'col', row: -1, col: Number(data.colheader) };
}

export function useGridInput(o: GridInputOptions) {
  const { info, rows, gridCols, axes, shown, setPos, selection, setSelection, editing } = o;
  const drag = useRef<Drag>(null);
  const pendingJump = useRef<EditItem | null>(null);
  const focusGrid = (): void => o.scrollerRef.current?.focus({ preventScroll: true });

  const activeOrTopLeft = (): CellPoint => selection?.focus ?? { row: shown.row.index, col: shown.col.index };
  const clampPoint = (p: CellPoint): CellPoint => ({
    row: Math.max(0, Math.min(rows - 1, p.row)),
    col: Math.max(0, Math.min(gridCols - 1, p.col)),
  });

  const reveal = (p: CellPoint): void =>
    setPos((at) => ({
      row: revealItem(axes.rows, clampPosition(axes.rows, at.row, axes.viewportHeight), p.row, axes.viewportHeight),
      col: revealItem(axes.cols, clampPosition(axes.cols, at.col, axes.viewportWidth), p.col, axes.viewportWidth),
    }));

  const moveTo = (target: CellPoint, extend: boolean): void => {
    if (rows === 0 || gridCols === 0) return;
    const p = clampPoint(target);
    setSelection(extend && selection ? extendSelection(selection, p) : cellSelection(p));
    editing.setNote(null);
    reveal(p);
  };

  /** Selects the cell at (row, col) and scrolls so that the row is the first one shown. */
  const showAtTop = (p: CellPoint): void => {
    const point = clampPoint(p);
    setSelection(cellSelection(point));
    setPos((at) => ({
      row: clampPosition(axes.rows, { index: point.row, offset: 0 }, axes.viewportHeight),
      col: revealItem(axes.cols, at.col, point.col, axes.viewportWidth),
    }));
  };

  const startEdit = (p: CellPoint, initial: string | null): void => {
    reveal(p);
    const text = initial ?? o.cellTextAt(p.row, p.col) ?? '';
    editing.start(p, text);
  };

  const copy = async (): Promise<void> => {
    const sel = selection ?? cellSelection(activeOrTopLeft());
    const rect = selectionRect(sel, rows, gridCols);
    const cells = rectCells(rect);
    if (cells > MAX_COPY_CELLS) {
      o.props.notify(`The selection has ${cells.toLocaleString('en-US')} cells, more than ${MAX_COPY_CELLS.toLocaleString('en-US')} can be copied; export it instead`, 'error');
      return;
    }
    try {
      const tsv = await readRectAsTsv(pageFetcher(o.props.client), { session: o.props.session.id, info, rect, format: o.formatOf, signal: new AbortController().signal });
      await writeClipboard(tsv);
      o.props.notify(`Copied ${cells.toLocaleString('en-US')} cell${cells === 1 ? '' : 's'} as tab-separated text`, 'info');
    } catch (err) {
      o.props.notify(`Copy failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // keys inside the editor, menus and dialogs are theirs
    const action = keyAction({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey, alt: e.altKey });
    if (!action) return;
    e.preventDefault();
    const at = activeOrTopLeft();
    switch (action.type) {
      case 'move':
        return moveTo({ row: at.row + action.rows, col: at.col + action.cols }, action.extend);
      case 'page': {
        const step = itemsPerPage(axes.rows, shown.row, axes.viewportHeight) * action.direction;
        setPos((p) => ({ ...p, row: scrollBy(axes.rows, p.row, step * axes.rowHeight, axes.viewportHeight) }));
        return moveTo({ row: at.row + step, col: at.col }, action.extend);
      }
      case 'edge': {
        const to = { rowStart: { row: at.row, col: 0 }, rowEnd: { row: at.row, col: gridCols - 1 }, gridStart: { row: 0, col: 0 }, gridEnd: { row: rows - 1, col: gridCols - 1 } }[action.to];
        return moveTo(to, action.extend);
      }
      case 'edit':
        return rows > 0 && gridCols > 0 ? startEdit(at, action.initial) : undefined;
      case 'copy':
        return void copy();
      case 'undo':
      case 'redo':
        return void editing.history(action.type);
      case 'selectAll':
        if (rows > 0 && gridCols > 0) setSelection({ kind: 'cells', anchor: { row: rows - 1, col: gridCols - 1 }, focus: at });
        return;
      case 'goto':
        return o.gotoRef.current?.focus();
      case 'escape':
        editing.setNote(null);
        o.setMenuCol(null);
        if (selection) setSelection(cellSelection(selection.focus));
    }
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    const hit = pointFromTarget(e.target);
    if (!hit) return;
    if (editing.editor) {
      void commitAndMove({ rows: 0, cols: 0 });
      return;
    }
    editing.setNote(null);
    e.preventDefault(); // no text selection while dragging a cell range
    focusGrid();
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

  useEffect(() => {
    const up = (): void => {
      drag.current = null;
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>): void => {
    const hit = pointFromTarget(document.elementFromPoint(e.clientX, e.clientY));
    if (hit?.kind === 'cell') startEdit({ row: hit.row, col: hit.col }, null);
  };

  const commitAndMove = async (move: { rows: number; cols: number }): Promise<void> => {
    const at = editing.editor;
    if (!at) return;
    if (await editing.commit()) {
      if (move.rows !== 0 || move.cols !== 0) moveTo({ row: at.row + move.rows, col: at.col + move.cols }, false);
      focusGrid();
    }
  };

  const cancelEdit = (): void => {
    editing.cancel();
    focusGrid();
  };

  const gotoRow = (row: number): void => {
    showAtTop({ row, col: selection?.focus.col ?? shown.col.index });
    focusGrid();
  };

  /** Selects an edited cell: in this view when it is in it, else in a view that holds it. */
  const jumpToEdit = (item: EditItem): void => {
    const found = locateEdit(o.props, info, item);
    if (found) {
      showAtTop({ row: Math.max(0, found.row - 2), col: found.col });
      setSelection(cellSelection(found));
      focusGrid();
      return;
    }
    pendingJump.current = item;
    const ndim = o.props.session.shape.length;
    const fixed = item.index.slice(0, Math.max(0, ndim - 2)).map(String);
    const index = ndim > 2 ? [...fixed, ':', ':'].join(', ') : '';
    o.props.onViewChange({ index });
  };

  // After jumpToEdit changed the view, finish the jump once the new view is here.
  useEffect(() => {
    const item = pendingJump.current;
    if (!item) return;
    const found = locateEdit(o.props, info, item);
    if (!found) return;
    pendingJump.current = null;
    showAtTop({ row: Math.max(0, found.row - 2), col: found.col });
    setSelection(cellSelection(found));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [info]);

  return { onKeyDown, onPointerDown, onPointerMove, onDoubleClick, commitAndMove, cancelEdit, gotoRow, jumpToEdit };
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

function locateEdit(props: PanelProps, info: ViewInfo, item: EditItem): CellPoint | null {
  const leaf = info.leaves.findIndex((l) => l.path === item.field);
  if (leaf < 0) return null;
  const at = locateElement(info, arrayElementOffset(props.session, item.index));
  return at && { row: at.row, col: at.col * Math.max(1, info.leaves.length) + leaf };
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall back to a selected textarea (no clipboard permission, or an insecure origin).
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'grid-clipboard';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the clipboard is not available here');
}
