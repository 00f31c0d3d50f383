/**
 * The drawn grid: the ARIA grid element (the scroller), the sticky layer with the header row,
 * the index column and the visible cells, and the spacer that gives the native bars their size.
 *
 * ARIA (the e2e tests rely on it): role=grid with aria-rowcount = rows + 1 and aria-colcount =
 * grid columns + 1; the header row is aria-rowindex 1; data row r is aria-rowindex r + 2; the
 * index cell is a rowheader at aria-colindex 1; grid column j is a gridcell at aria-colindex j + 2
 * whose text (its accessible name) is the displayed value. The active cell is announced with
 * aria-activedescendant; focus stays on the grid element.
 */
import { memo, type ReactNode, type RefObject } from 'react';
import type { PlacedItem } from './axis.js';
import type { GridPosition, ScrollerAxes, ScrollDirectionPair } from './scroller.js';
import { useScroller } from './scroller.js';

export interface CellView {
  readonly text: string;
  readonly loading: boolean;
  readonly special: boolean;
  readonly edited: boolean;
}

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
  /** What to draw in each cell: cells[i][j] for rows[i] × cols[j]. */
  readonly cells: readonly (readonly CellView[])[];
  readonly isSelected: (row: number, gridCol: number) => boolean;
  readonly isRowSelected: (row: number) => boolean;
  readonly isColSelected: (gridCol: number) => boolean;
  readonly active: { readonly row: number; readonly col: number } | null;
  readonly header: (gridCol: number, width: number) => ReactNode;
  readonly overlay: ReactNode;
  readonly focused: boolean;
  readonly onKeyDown: (e: React.KeyboardEvent<HTMLDivElement>) => void;
  readonly onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => void;
  readonly onDoubleClick: (e: React.MouseEvent<HTMLDivElement>) => void;
  readonly onFocusChange: (focused: boolean) => void;
}

const EMPTY: CellView = { text: '', loading: true, special: false, edited: false };

export function cellId(domId: string, row: number, gridCol: number): string {
  return `${domId}-r${row}-c${gridCol}`;
}

export function GridView({ scrollerRef, ...props }: GridViewProps) {
  const { axes, pos, rows, cols, headerHeight, indexWidth, active, domId } = props;
  const { onNativeScroll } = useScroller(scrollerRef, axes, pos, props.onScroll);
  const layerWidth = axes.viewportWidth + indexWidth;
  const layerHeight = axes.viewportHeight + headerHeight;
  const activeVisible = active && rows.some((r) => r.index === active.row) && cols.some((c) => c.index === active.col);
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
        <div className="grid-body" style={{ top: headerHeight }}>
          {rows.map((r, i) => (
            <GridRow key={r.index} row={r} cells={props.cells[i] ?? []} props={props} />
          ))}
        </div>
        <div role="row" aria-rowindex={1} className="grid-header-row" style={{ height: headerHeight }}>
          <div role="columnheader" aria-colindex={1} className="grid-corner" style={{ width: indexWidth, height: headerHeight }}>
            <span className="grid-corner-text">index</span>
          </div>
          {cols.map((c) => (
            <div
              key={c.index}
              role="columnheader"
              aria-colindex={c.index + 2}
              data-colheader={c.index}
              className={`grid-colheader${props.isColSelected(c.index) ? ' selected' : ''}${active?.col === c.index ? ' current' : ''}`}
              style={{ left: indexWidth + c.start, width: c.size, height: headerHeight }}
            >
              {props.header(c.index, c.size)}
            </div>
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

interface GridRowProps {
  readonly row: PlacedItem;
  readonly cells: readonly CellView[];
  readonly props: Omit<GridViewProps, 'scrollerRef'>;
}

function GridRow({ row, cells, props }: GridRowProps) {
  const r = row.index;
  const rowSelected = props.isRowSelected(r);
  return (
    <div role="row" aria-rowindex={r + 2} className="grid-row" style={{ top: row.start, height: row.size }}>
      <div
        role="rowheader"
        aria-colindex={1}
        data-rowheader={r}
        className={`grid-rowheader${rowSelected ? ' selected' : ''}${props.active?.row === r ? ' current' : ''}`}
        style={{ width: props.indexWidth }}
      >
        {r}
      </div>
      {props.cols.map((c, j) => {
        const view = cells[j] ?? EMPTY;
        const selected = props.isSelected(r, c.index);
        const isActive = props.active?.row === r && props.active.col === c.index;
        return (
          <GridCell
            key={c.index}
            id={cellId(props.domId, r, c.index)}
            row={r}
            col={c.index}
            left={props.indexWidth + c.start}
            width={c.size}
            view={view}
            selected={selected}
            active={isActive}
          />
        );
      })}
    </div>
  );
}

interface GridCellProps {
  readonly id: string;
  readonly row: number;
  readonly col: number;
  readonly left: number;
  readonly width: number;
  readonly view: CellView;
  readonly selected: boolean;
  readonly active: boolean;
}

const GridCell = memo(function GridCell({ id, row, col, left, width, view, selected, active }: GridCellProps) {
  let className = 'grid-cell';
  if (view.loading) className += ' loading';
  if (view.special) className += ' special';
  if (view.edited) className += ' edited';
  if (selected) className += ' selected';
  if (active) className += ' active';
  return (
    <div
      role="gridcell"
      id={id}
      aria-colindex={col + 2}
      aria-selected={selected}
      aria-busy={view.loading || undefined}
      data-row={row}
      data-col={col}
      className={className}
      style={{ left, width }}
    >
      {view.text}
    </div>
  );
}, sameCell);

function sameCell(a: GridCellProps, b: GridCellProps): boolean {
  return (
    a.id === b.id &&
    a.left === b.left &&
    a.width === b.width &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.view.text === b.view.text &&
    a.view.loading === b.view.loading &&
    a.view.special === b.view.special &&
    a.view.edited === b.view.edited
  );
}
