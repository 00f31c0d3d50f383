/**
 * The table panel: a virtualized grid of any 2-D view of the array (see GridView for the ARIA
 * structure and scroller.ts for how it scrolls past the browser's element-size limit), with
 * paging through PageCache, per-column formats, editing, selection, copy as TSV, export, and the
 * changed-cells drawer.
 */
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import { ORIGIN } from './axis.js';
import { AUTO } from './cells.js';
import { ChangedCells } from './ChangedCells.js';
import { MIN_WIDTH } from './column-widths.js';
import { ExportDialog, type ExportRange } from './ExportDialog.js';
import { arrayColumnSpan, columnLabel, gridColumnCount, gridPageGeometry, viewKey } from './geometry.js';
import { GridOverlay } from './GridOverlay.js';
import { GridToolbar } from './GridToolbar.js';
import { GridView } from './GridView.js';
import type { GridPosition, ScrollDirectionPair } from './scroller.js';
import { describeRect, rectCells, rectContains, type Selection, selectionRect } from './selection.js';
import { useCells } from './use-cells.js';
import { useEditing } from './use-editing.js';
import { useEdits } from './use-edits.js';
import { useGridInput } from './use-grid-input.js';
import { useHello } from './use-host.js';
import { useClientSize, useColumnWidths, useMetrics } from './use-layout.js';
import { usePageCache, usePagePlan } from './use-pages.js';
import { useReporting } from './use-reporting.js';
import { useViewport } from './use-viewport.js';
import './grid.css';

const READ_ONLY_EXPORT = 'read-only server: start it with --allow-write to export';

export function GridPanel(props: PanelProps) {
  const { viewInfo } = props;
  if (!viewInfo) {
    return (
      <div className="grid-panel">
        <div className="grid-empty" role="status">
          No table to show: the view is being resolved, or its index expression is not valid (see the view bar).
        </div>
      </div>
    );
  }
  return <GridTable {...props} info={viewInfo} key={props.session.id} />;
}

/** Per-column display formats of one view (a new view starts with none). */
function useFormats(key: string) {
  const [formats, setFormats] = useState<{ key: string; map: ReadonlyMap<number, FormatOptions> }>({ key, map: new Map() });
  const map = useMemo(() => (formats.key === key ? formats.map : new Map<number, FormatOptions>()), [formats, key]);
  const formatOf = useCallback((gridCol: number): FormatOptions => map.get(gridCol) ?? AUTO, [map]);
  const isFormatted = useCallback((gridCol: number) => map.has(gridCol), [map]);
  const setFormat = (gridCol: number, format: FormatOptions): void => setFormats({ key, map: new Map(map).set(gridCol, format) });
  return { formatOf, isFormatted, setFormat };
}

function GridTable(props: PanelProps & { readonly info: ViewInfo }) {
  const { client, session, info, active } = props;
  const domId = useId();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const gotoRef = useRef<HTMLInputElement>(null);
  const direction = useRef<ScrollDirectionPair>({ rows: 0, cols: 0 });
  const key = viewKey(info.spec);
  const rows = info.rows;
  const gridCols = gridColumnCount(info);

  const geometry = useMemo(() => gridPageGeometry(info), [info]);
  const { cache, context, version } = usePageCache(client, session.id, session.revision, info, geometry);
  const hello = useHello(client);
  const metrics = useMetrics();
  const size = useClientSize(scrollerRef);
  const { widths, bump } = useColumnWidths(info, metrics.charWidth);
  const [pos, setPos] = useState<GridPosition>({ row: ORIGIN, col: ORIGIN });
  const layout = useViewport(rows, widths, metrics, size, pos);
  usePagePlan(cache, context, info, active, layout.planRows, layout.planCols, direction, version);

  const [selection, setSelection] = useState<Selection | null>(null);
  const [menuCol, setMenuCol] = useState<number | null>(null);
  const [drawer, setDrawer] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [focused, setFocused] = useState(false);
  const { formatOf, isFormatted, setFormat } = useFormats(key);
  const editing = useEditing(client, session, info, props.onSessionChange, props.notify);
  const edits = useEdits(client, session, active, editing.tick);

  // A new view: the selection (when it no longer fits), the menu and the editor were the old one's.
  const [drawnKey, setDrawnKey] = useState(key);
  if (drawnKey !== key) {
    setDrawnKey(key);
    setSelection((s) => (s && s.focus.row < rows && s.focus.col < gridCols ? s : null));
    setMenuCol(null);
    editing.cancel();
  }

  const { cells, textAt } = useCells({
    cache,
    context,
    info,
    session,
    rows: layout.placedRows,
    cols: layout.placedCols,
    formatOf,
    editKeys: edits.keys,
    widths,
    onWidthsChanged: bump,
    charWidth: metrics.charWidth,
  });

  const onScroll = useCallback((update: (p: GridPosition) => GridPosition, dir: ScrollDirectionPair) => {
    direction.current = dir;
    setPos(update);
  }, []);
  const { axes, shown } = layout;
  const input = useGridInput({ props, info, rows, gridCols, axes, shown, setPos, selection, setSelection, editing, cellTextAt: textAt, formatOf, scrollerRef, gotoRef, setMenuCol });
  useReporting(props, info, layout.rowSpan, layout.colSpan, selection?.focus.col ?? null);

  const label = useCallback((gridCol: number) => columnLabel(info, session, gridCol), [info, session]);
  const onResize = useCallback(
    (gridCol: number, width: number | null) => {
      widths.setDragged(gridCol, width);
      bump();
    },
    [widths, bump],
  );
  const focusGrid = (): void => scrollerRef.current?.focus({ preventScroll: true });

  const rect = selection ? selectionRect(selection, rows, gridCols) : null;
  const multi = rect !== null && rectCells(rect) > 1;
  const exportRange: ExportRange | null =
    rect && multi && selection
      ? { rows: [rect.r0, rect.r1], cols: pair(arrayColumnSpan(info, { start: rect.c0, end: rect.c1 })), description: describeRect(rect, selection) }
      : null;

  const overlay = (
    <GridOverlay
      info={info}
      rows={layout.placedRows}
      cols={layout.placedCols}
      headerHeight={layout.headerHeight}
      indexWidth={layout.indexWidth}
      width={size.width}
      label={label}
      editing={editing}
      onCommit={(move) => void input.commitAndMove(move)}
      onCancel={input.cancelEdit}
      menuCol={menuCol}
      formatOf={formatOf}
      onFormat={setFormat}
      onCloseMenu={() => {
        setMenuCol(null);
        focusGrid();
      }}
    />
  );

  return (
    <div className="grid-panel">
      <GridToolbar
        rows={rows}
        visible={layout.rowSpan}
        selectionText={exportRange?.description ?? null}
        gotoRef={gotoRef}
        onGoto={input.gotoRow}
        editCount={edits.list?.total ?? session.editCount}
        editable={session.editable}
        drawerOpen={drawer}
        onToggleDrawer={() => setDrawer((d) => !d)}
        exportDisabledReason={hello && !hello.allowWrites ? READ_ONLY_EXPORT : null}
        onExport={() => setExporting(true)}
      />
      <div className="grid-main">
        <div className="grid-area">
          <GridView
            scrollerRef={scrollerRef}
            domId={domId}
            label={`${session.fileName}${info.spec.index ? ` [${info.spec.index}]` : ''}`}
            rowCount={rows}
            colCount={gridCols}
            axes={axes}
            pos={shown}
            onScroll={onScroll}
            headerHeight={layout.headerHeight}
            indexWidth={layout.indexWidth}
            rows={layout.placedRows}
            cols={layout.placedCols}
            colSlots={Math.max(1, Math.ceil(axes.viewportWidth / MIN_WIDTH) + 1)}
            cells={cells}
            isSelected={(r, c) => multi && rectContains(rect, r, c)}
            isRowSelected={(r) => selection?.kind === 'rows' && rect !== null && r >= rect.r0 && r < rect.r1}
            isColSelected={(c) => selection?.kind === 'cols' && rect !== null && c >= rect.c0 && c < rect.c1}
            active={selection?.focus ?? null}
            headerLabel={label}
            isFormatted={isFormatted}
            onOpenMenu={setMenuCol}
            onResize={onResize}
            overlay={overlay}
            focused={focused}
            onKeyDown={input.onKeyDown}
            onPointerDown={input.onPointerDown}
            onPointerMove={input.onPointerMove}
            onDoubleClick={input.onDoubleClick}
            onFocusChange={setFocused}
          />
          <EmptyNotes info={info} gridCols={gridCols} pageable={geometry !== null} />
        </div>
        {drawer && session.editable && <ChangedCells list={edits.list} error={edits.error} onJump={input.jumpToEdit} onClose={() => setDrawer(false)} />}
      </div>
      {exporting && (
        <ExportDialog
          client={client}
          session={session}
          info={info}
          hello={hello}
          selection={exportRange}
          onDone={props.notify}
          onClose={() => {
            setExporting(false);
            focusGrid();
          }}
        />
      )}
    </div>
  );
}

/** Why the grid shows no cells: an empty view, or elements too large to page. */
function EmptyNotes({ info, gridCols, pageable }: { info: ViewInfo; gridCols: number; pageable: boolean }) {
  if (!pageable) {
    return (
      <div className="grid-empty-view" role="alert">
        One element is {info.itemsize.toLocaleString('en-US')} bytes, too large to show in the table.
      </div>
    );
  }
  if (info.rows > 0 && gridCols > 0) return null;
  return (
    <div className="grid-empty-view" role="status">
      The view is empty: shape ({info.shape.join(', ')}
      {info.shape.length === 1 ? ',' : ''})
    </div>
  );
}

function pair(span: { start: number; end: number }): [number, number] {
  return [span.start, span.end];
}
