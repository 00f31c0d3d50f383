/**
 * The drawn grid: the ARIA grid element (the scroller), the sticky layer with the header row
 * (React) and the data rows (BodyRenderer), and the spacer that gives the native bars their size.
 *
 * ARIA (the e2e tests rely on it): role=grid with aria-rowcount = rows + 1 and aria-colcount =
 * grid columns + 1; the header row is aria-rowindex 1; data row r is aria-rowindex r + 2; the
 * index cell is a rowheader at aria-colindex 1; grid column j is a gridcell at aria-colindex j + 2
 * whose text (its accessible name) is the displayed value. The active cell is announced with
 * aria-activedescendant; focus stays on the grid element.
 */
import { memo, type ReactNode, type RefObject, useLayoutEffect, useRef } from 'react';
import { BodyRenderer, type CellView } from './body-renderer.js';
import { ColumnHeader } from './ColumnHeader.js';
import type { PlacedItem } from './axis.js';
import type { GridPosition, ScrollerAxes, ScrollDirectionPair } from './scroller.js';
import { useScroller } from './scroller.js';

export type { CellView };

export interface GridViewProps {
  readonly scrollerRef: RefObject<HTMLDivElement | null>;
  readonly domId: string;
  readonly label: string;
  readonly rowCount: number;
  readonly colCount: number;
  readonly axes: ScrollerAxes;
  readonly pos: GridPosition;
  readonly onScroll: (update: (pos: GridPosition) => GridPosition, direction: ScrollDirectionPair) => void;
  readonly headerHeight: number;
  readonly indexWidth: number;
  readonly rows: readonly PlacedItem[];
  readonly cols: readonly PlacedItem[];
  /** At least the most columns the viewport can show: columns are keyed by index modulo this. */
  readonly colSlots: number;
  /** What to draw in each cell: cells[i][j] for rows[i] × cols[j]. */
  readonly cells: readonly (readonly CellView[])[];
  readonly isSelected: (row: number, gridCol: number) => boolean;
  readonly isRowSelected: (row: number) => boolean;
  readonly isColSelected: (gridCol: number) => boolean;
  readonly active: { readonly row: number; readonly col: number } | null;
  readonly headerLabel: (gridCol: number) => string;
  readonly isFormatted: (gridCol: number) => boolean;
  readonly onOpenMenu: (gridCol: number) => void;
  readonly onResize: (gridCol: number, width: number | null) => void;
  readonly overlay: ReactNode;
  readonly focused: boolean;
  readonly onKeyDown: (e: React.KeyboardEvent<HTMLDivElement>) => void;
  readonly onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onDoubleClick: (e: React.MouseEvent<HTMLDivElement>) => void;
  readonly onFocusChange: (focused: boolean) => void;
}

/** The id of a cell; only the active cell carries it (for aria-activedescendant). */
export function cellId(domId: string, row: number, gridCol: number): string {
  return `${domId}-r${row}-c${gridCol}`;
}

export function GridView({ scrollerRef, ...props }: GridViewProps) {
  const { axes, pos, rows, cols, headerHeight, indexWidth, active, domId } = props;
  const bodyRef = useRef<HTMLDivElement>(null);
  const renderer = useRef<BodyRenderer | null>(null);
  const layerWidth = axes.viewportWidth + indexWidth;
  // The most rows the viewport can show (partly shown ones included): slot keys stay stable
  // however the partly shown rows come and go.
  const rowSlots = Math.max(1, Math.ceil(axes.viewportHeight / axes.rowHeight) + 1);
  const layerHeight = axes.viewportHeight + headerHeight;
  const activeVisible = active && rows.some((r) => r.index === active.row) && cols.some((c) => c.index === active.col);
  const { cells, colSlots, isSelected, isRowSelected } = props;

  // After every render: bring the drawn rows in line with this render's model (before the
  // scroller's effect reads the scroll offsets, so the frame is laid out once).
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    renderer.current ??= new BodyRenderer(body);
    renderer.current.render({ rows, cols, cells, indexWidth, rowSlots, colSlots, active, activeId: active ? cellId(domId, active.row, active.col) : '', isSelected, isRowSelected });
  });
  const { onNativeScroll } = useScroller(scrollerRef, axes, pos, props.onScroll);

  useLayoutEffect(
    () => () => {
      renderer.current?.clear();
      renderer.current = null;
    },
    [],
  );
  return (
    <div
      ref={scrollerRef}
      className={`grid-scroller${props.focused ? ' focused' : ''}`}
      role="grid"
      tabIndex={0}
      aria-label={props.label}
      aria-rowcount={props.rowCount + 1}
      aria-colcount={props.colCount + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeVisible ? cellId(domId, active.row, active.col) : undefined}
      onScroll={onNativeScroll}
      onKeyDown={props.onKeyDown}
      onPointerDown={props.onPointerDown}
      onPointerMove={props.onPointerMove}
      onDoubleClick={props.onDoubleClick}
      onFocus={() => props.onFocusChange(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) props.onFocusChange(false);
      }}
    >
      <div className="grid-layer" style={{ width: layerWidth, height: layerHeight }}>
        {/* The data rows are drawn by BodyRenderer (see body-renderer.ts), not by React. */}
        <div ref={bodyRef} className="grid-body" style={{ top: headerHeight }} />
        <div role="row" aria-rowindex={1} className="grid-header-row" style={{ height: headerHeight }}>
          <div role="columnheader" aria-colindex={1} className="grid-corner" style={{ width: indexWidth, height: headerHeight }}>
            <span className="grid-corner-text">index</span>
          </div>
          {cols.map((c) => (
            <HeaderCell
              key={c.index % props.colSlots}
              gridCol={c.index}
              left={indexWidth + c.start}
              width={c.size}
              height={headerHeight}
              label={props.headerLabel(c.index)}
              formatted={props.isFormatted(c.index)}
              selected={props.isColSelected(c.index)}
              current={active?.col === c.index}
              onOpenMenu={props.onOpenMenu}
              onResize={props.onResize}
            />
          ))}
        </div>
        {props.overlay}
      </div>
      <div className="grid-spacer" aria-hidden="true" style={spacerStyle(axes, indexWidth)} />
    </div>
  );
}

function spacerStyle(axes: ScrollerAxes, indexWidth: number): React.CSSProperties {
  // The layer occupies the first client box; the spacer adds what the bars need beyond it.
  return { width: indexWidth + axes.colBar.length, height: Math.max(0, axes.rowBar.length - axes.viewportHeight) };
}

interface HeaderCellProps {
  readonly gridCol: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  readonly label: string;
  readonly formatted: boolean;
  readonly selected: boolean;
  readonly current: boolean;
  readonly onOpenMenu: (gridCol: number) => void;
  readonly onResize: (gridCol: number, width: number | null) => void;
}

/** A column header; unchanged while scrolling vertically, so it is not re-rendered then. */
const HeaderCell = memo(function HeaderCell(p: HeaderCellProps) {
  return (
    <div
      role="columnheader"
      aria-colindex={p.gridCol + 2}
      data-colheader={p.gridCol}
      className={`grid-colheader${p.selected ? ' selected' : ''}${p.current ? ' current' : ''}`}
      style={{ left: p.left, width: p.width, height: p.height }}
    >
      <ColumnHeader gridCol={p.gridCol} label={p.label} width={p.width} formatted={p.formatted} onOpenMenu={p.onOpenMenu} onResize={p.onResize} />
    </div>
  );
});
