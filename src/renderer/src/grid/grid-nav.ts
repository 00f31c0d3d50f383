/**
 * Moving the active cell and the view together: what every way of navigating the grid (keys,
 * clicks, Go to row, the changed-cells list) shares. Plain functions over one render's state.
 */
import type { RefObject } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import { clampPosition, revealItem } from './axis.js';
import type { GridPosition, ScrollerAxes } from './scroller.js';
import { type CellPoint, cellSelection, extendSelection, type Selection } from './selection.js';
import type { Editing } from './use-editing.js';

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

export interface GridNav {
  readonly focusGrid: () => void;
  /** The active cell, or the top-left drawn cell when there is none. */
  readonly activeOrTopLeft: () => CellPoint;
  /** Makes `target` (clamped to the grid) the active cell, extending the selection or not, and shows it. */
  readonly moveTo: (target: CellPoint, extend: boolean) => void;
  /** Selects a cell and scrolls so that its row is the first one shown. */
  readonly showAtTop: (p: CellPoint) => void;
  /** Opens the editor on a cell (or says why it cannot be edited). */
  readonly startEdit: (p: CellPoint, initial: string | null) => void;
}

export function gridNav(o: GridInputOptions): GridNav {
  const { rows, gridCols, axes, shown, setPos, selection, setSelection, editing } = o;
  const clampPoint = (p: CellPoint): CellPoint => ({
    row: Math.max(0, Math.min(rows - 1, p.row)),
    col: Math.max(0, Math.min(gridCols - 1, p.col)),
  });
  const reveal = (p: CellPoint): void =>
    setPos((at) => ({
      row: revealItem(axes.rows, clampPosition(axes.rows, at.row, axes.viewportHeight), p.row, axes.viewportHeight),
      col: revealItem(axes.cols, clampPosition(axes.cols, at.col, axes.viewportWidth), p.col, axes.viewportWidth),
    }));
  return {
    focusGrid: () => o.scrollerRef.current?.focus({ preventScroll: true }),
    activeOrTopLeft: () => selection?.focus ?? { row: shown.row.index, col: shown.col.index },
    moveTo: (target, extend) => {
      if (rows === 0 || gridCols === 0) return;
      const p = clampPoint(target);
      setSelection(extend && selection ? extendSelection(selection, p) : cellSelection(p));
      editing.setNote(null);
      reveal(p);
    },
    showAtTop: (p) => {
      const point = clampPoint(p);
      setSelection(cellSelection(point));
      setPos((at) => ({
        row: clampPosition(axes.rows, { index: point.row, offset: 0 }, axes.viewportHeight),
        col: revealItem(axes.cols, at.col, point.col, axes.viewportWidth),
      }));
    },
    startEdit: (p, initial) => {
      reveal(p);
      editing.start(p, initial ?? o.cellTextAt(p.row, p.col) ?? '');
    },
  };
}
