/**
 * The geometry of one render: header and index sizes, the axes and bars the scroller mirrors,
 * the position clamped to the current sizes, and the rows and columns drawn.
 */
import { useMemo } from 'react';
import { clampPosition, type PlacedItem, placeItems, scrollbarModel, uniformAxis, visibleSpan } from './axis.js';
import type { ColumnWidths } from './column-widths.js';
import type { GridPosition, ScrollerAxes } from './scroller.js';
import { indexColumnWidth, type Metrics } from './use-layout.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface ViewportLayout {
  readonly headerHeight: number;
  readonly indexWidth: number;
  readonly axes: ScrollerAxes;
  /** The position, clamped to what the sizes allow now. */
  readonly shown: GridPosition;
  readonly placedRows: readonly PlacedItem[];
  readonly placedCols: readonly PlacedItem[];
  readonly rowSpan: Span;
  readonly colSpan: Span;
  /** What to read pages for: the drawn spans, or an estimate before the first measurement. */
  readonly planRows: Span;
  readonly planCols: Span;
}

function spanOf(items: readonly PlacedItem[]): Span {
  return { start: items[0]?.index ?? 0, end: (items.at(-1)?.index ?? -1) + 1 };
}

export function useViewport(rows: number, widths: ColumnWidths, metrics: Metrics, size: { width: number; height: number }, pos: GridPosition): ViewportLayout {
  const headerHeight = metrics.rowHeight + 4;
  const indexWidth = indexColumnWidth(rows, metrics.charWidth);
  const viewportHeight = Math.max(0, size.height - headerHeight);
  const viewportWidth = Math.max(0, size.width - indexWidth);
  const rowAxis = useMemo(() => uniformAxis(rows, metrics.rowHeight), [rows, metrics.rowHeight]);
  const axes: ScrollerAxes = {
    rows: rowAxis,
    cols: widths,
    rowBar: scrollbarModel(rows * metrics.rowHeight, viewportHeight),
    colBar: scrollbarModel(widths.total(), viewportWidth),
    viewportHeight,
    viewportWidth,
    rowHeight: metrics.rowHeight,
  };
  const shown = { row: clampPosition(rowAxis, pos.row, viewportHeight), col: clampPosition(widths, pos.col, viewportWidth) };
  const placedRows = size.height > 0 ? placeItems(rowAxis, shown.row, viewportHeight) : [];
  const placedCols = size.width > 0 ? placeItems(widths, shown.col, viewportWidth) : [];
  const rowSpan = spanOf(placedRows);
  const colSpan = spanOf(placedCols);
  // Before the first measurement (a frame after mounting) pages are planned for the window's
  // size, so the first read does not wait for that frame.
  return {
    headerHeight,
    indexWidth,
    axes,
    shown,
    placedRows,
    placedCols,
    rowSpan,
    colSpan,
    planRows: size.height > 0 ? rowSpan : visibleSpan(rowAxis, shown.row, window.innerHeight),
    planCols: size.width > 0 ? colSpan : visibleSpan(widths, shown.col, window.innerWidth),
  };
}
