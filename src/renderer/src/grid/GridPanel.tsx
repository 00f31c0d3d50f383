/**
 * The table panel: a virtualized grid of any 2-D view of the array (see GridView for the ARIA
 * structure and scroller.ts for how it scrolls past the browser's element-size limit), with
 * paging through PageCache, per-column formats, editing, selection, copy as TSV, export, and the
 * changed-cells drawer.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ScalarDType } from '../../../shared/dtype.js';
import { pagesFor } from '../../../shared/paging.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import { clampPosition, ORIGIN, placeItems, scrollbarModel, uniformAxis, visibleSpan } from './axis.js';
import { CellEditor, CellNote } from './CellEditor.js';
import { AUTO, cellText, formatModesFor, isSpecialValue } from './cells.js';
import { ChangedCells } from './ChangedCells.js';
import { FormatMenu } from './ColumnHeader.js';
import { MIN_WIDTH, textWidth } from './column-widths.js';
import { ExportDialog } from './ExportDialog.js';
import { arrayColumnSpan, cellElementOffset, columnLabel, editKey, gridColumnCount, gridPageGeometry, splitGridColumn, viewKey } from './geometry.js';
import { type CellView, GridView } from './GridView.js';
import { GridToolbar } from './GridToolbar.js';
import type { GridPosition, ScrollDirectionPair, ScrollerAxes } from './scroller.js';
import { describeRect, rectCells, rectContains, type Selection, selectionRect } from './selection.js';
import { useGridInput } from './use-grid-input.js';
import { useEditing } from './use-editing.js';
import { useEdits } from './use-edits.js';
import { useHello } from './use-host.js';
import { indexColumnWidth, useClientSize, useColumnWidths, useMetrics } from './use-layout.js';
import { usePageCache } from './use-pages.js';
import { useReporting } from './use-reporting.js';
import './grid.css';

const LOADING: CellView = { text: '', loading: true, special: false, edited: false };

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

function GridTable(props: PanelProps & { readonly info: ViewInfo }) {
  const { client, session, info, active } = props;
  const domId = useId();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const gotoRef = useRef<HTMLInputElement>(null);
  const key = viewKey(info.spec);

  const rows = info.rows;
  const gridCols = gridColumnCount(info);
  const geometry = useMemo(() => gridPageGeometry(info), [info]);
  const { cache, context, version } = usePageCache(client, session.id, info, geometry);
  const hello = useHello(client);
  const metrics = useMetrics();
  const size = useClientSize(scrollerRef);
  const { widths, version: widthsVersion, bump } = useColumnWidths(info, metrics.charWidth);

  const [pos, setPos] = useState<GridPosition>({ row: ORIGIN, col: ORIGIN });
  const direction = useRef<ScrollDirectionPair>({ rows: 0, cols: 0 });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [formats, setFormats] = useState<{ key: string; map: ReadonlyMap<number, FormatOptions> }>({ key, map: new Map() });
  const [menuCol, setMenuCol] = useState<number | null>(null);
  const [drawer, setDrawer] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [focused, setFocused] = useState(false);

  const editing = useEditing(client, session, info, props.onSessionChange, props.notify);
  const edits = useEdits(client, session, active, editing.tick);
  const formatMap = useMemo(() => (formats.key === key ? formats.map : new Map<number, FormatOptions>()), [formats, key]);
  const formatOf = useCallback((gridCol: number): FormatOptions => formatMap.get(gridCol) ?? AUTO, [formatMap]);

  // Geometry of this render.
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
  void widthsVersion; // widths is mutable; its version re-renders this component
  const shown: GridPosition = { row: clampPosition(rowAxis, pos.row, viewportHeight), col: clampPosition(widths, pos.col, viewportWidth) };
  const placedRows = size.height > 0 ? placeItems(rowAxis, shown.row, viewportHeight) : [];
  const placedCols = size.width > 0 ? placeItems(widths, shown.col, viewportWidth) : [];
  const rowSpan = { start: placedRows[0]?.index ?? 0, end: (placedRows.at(-1)?.index ?? -1) + 1 };
  const colSpan = { start: placedCols[0]?.index ?? 0, end: (placedCols.at(-1)?.index ?? -1) + 1 };
  // Before the first measurement (a frame after mounting), the pages are asked for with the
  // window's size as the estimate, so the first read does not wait for that frame.
  const planRows = size.height > 0 ? rowSpan : visibleSpan(rowAxis, shown.row, window.innerHeight);
  const planCols = size.width > 0 ? colSpan : visibleSpan(widths, shown.col, window.innerWidth);

  // Pages: what the viewport needs, plus one page ahead in the scroll direction.
  const { start: row0, end: row1 } = planRows;
  const { start: col0, end: col1 } = planCols;
  useEffect(() => {
    if (!active || !context || row1 <= row0 || col1 <= col0) {
      cache.want(null, { visible: [], prefetch: [] });
      return;
    }
    const cols = arrayColumnSpan(info, { start: col0, end: col1 });
    cache.want(context, pagesFor({ start: row0, end: row1 }, cols, context.geometry, { direction: direction.current, prefetch: 1 }));
  }, [cache, context, info, active, row0, row1, col0, col1, version]);

  // A new view: formats, selection, menu and editor belonged to the old one.
  const [drawnKey, setDrawnKey] = useState(key);
  if (drawnKey !== key) {
    setDrawnKey(key);
    setSelection((s) => (s && s.focus.row < rows && s.focus.col < gridCols ? s : null));
    setMenuCol(null);
    editing.cancel();
  }

  // Cell contents of this render (rows × columns drawn); widths are fitted to what is drawn.
  const drawnChars = new Map<number, number>();
  const cells = placedRows.map((r) => placedCols.map((c) => cellView(r.index, c.index)));
  function cellView(row: number, gridCol: number): CellView {
    if (!context) return LOADING;
    const { col, leaf } = splitGridColumn(info, gridCol);
    const page = cache.get(context, Math.floor(row / context.geometry.pageRows), Math.floor(col / context.geometry.pageCols));
    if (!page) return LOADING;
    const format = formatOf(gridCol);
    const text = cellText(page, info, row, col, leaf, format);
    const leafInfo = info.leaves[leaf];
    drawnChars.set(gridCol, Math.max(drawnChars.get(gridCol) ?? 0, text.length));
    const special = leafInfo !== undefined && format.mode !== 'bytes' && isSpecialValue(leafInfo.dtype as ScalarDType, text);
    const edited = edits.keys.size > 0 && edits.keys.has(editKey(cellElementOffset(info, row, col), leafInfo?.path ?? ''));
    return { text, loading: false, special, edited };
  }
  const cellTextAt = (row: number, gridCol: number): string | null => {
    const i = placedRows.findIndex((r) => r.index === row);
    const j = placedCols.findIndex((c) => c.index === gridCol);
    const view = i >= 0 && j >= 0 ? cells[i]![j]! : cellView(row, gridCol);
    return view.loading ? null : view.text;
  };

  useEffect(() => {
    let changed = false;
    for (const [gridCol, chars] of drawnChars) {
      const label = columnLabel(info, session, gridCol);
      changed = widths.fit(gridCol, Math.max(textWidth(label, metrics.charWidth) + 14, textWidth('x'.repeat(chars), metrics.charWidth))) || changed;
    }
    if (changed) bump();
  });

  const rect = selection ? selectionRect(selection, rows, gridCols) : null;
  const multi = rect !== null && rectCells(rect) > 1;
  const activeCell = selection?.focus ?? null;

  const onScroll = useCallback((update: (p: GridPosition) => GridPosition, dir: ScrollDirectionPair) => {
    direction.current = dir;
    setPos(update);
  }, []);

  const input = useGridInput({
    props,
    info,
    rows,
    gridCols,
    axes,
    shown,
    setPos,
    selection,
    setSelection,
    editing,
    cellTextAt,
    formatOf,
    scrollerRef,
    gotoRef,
    setMenuCol,
  });

  useReporting(props, info, rowSpan, colSpan, activeCell?.col ?? null);

  const headerLabel = useCallback((gridCol: number) => columnLabel(info, session, gridCol), [info, session]);
  const isFormatted = useCallback((gridCol: number) => formatMap.has(gridCol), [formatMap]);
  const onResize = useCallback(
    (gridCol: number, width: number | null) => {
      widths.setDragged(gridCol, width);
      bump();
    },
    [widths, bump],
  );

  const cellBox = (row: number, gridCol: number) => {
    const r = placedRows.find((p) => p.index === row);
    const c = placedCols.find((p) => p.index === gridCol);
    if (!r || !c) return null;
    return { left: indexWidth + c.start, top: headerHeight + r.start, width: c.size, height: r.size };
  };

  const editorBox = editing.editor ? cellBox(editing.editor.row, editing.editor.col) : null;
  const noteBox = editing.note ? cellBox(editing.note.row, editing.note.col) : null;
  const menuItem = menuCol !== null ? placedCols.find((c) => c.index === menuCol) : undefined;
  const menuLeaf = menuCol !== null ? info.leaves[splitGridColumn(info, menuCol).leaf] : undefined;

  const overlay = (
    <>
      {editing.editor && editorBox && (
        <CellEditor
          key={`${editing.editor.row}:${editing.editor.col}`}
          box={editorBox}
          state={editing.editor}
          label={`Edit ${columnLabel(info, session, editing.editor.col)} of row ${editing.editor.row}`}
          onChange={editing.change}
          onCommit={(move) => void input.commitAndMove(move)}
          onCancel={input.cancelEdit}
        />
      )}
      {editing.note && noteBox && <CellNote box={noteBox} text={editing.note.text} tone="info" />}
      {menuCol !== null && menuItem && menuLeaf && (
        <FormatMenu
          label={columnLabel(info, session, menuCol)}
          left={Math.min(indexWidth + menuItem.start, Math.max(0, size.width - 240))}
          top={headerHeight}
          modes={formatModesFor(menuLeaf.dtype as ScalarDType)}
          format={formatOf(menuCol)}
          onChange={(format) => setFormats({ key, map: new Map(formatMap).set(menuCol, format) })}
          onClose={() => {
            setMenuCol(null);
            scrollerRef.current?.focus({ preventScroll: true });
          }}
        />
      )}
    </>
  );

  const exportRange =
    rect && multi
      ? { rows: [rect.r0, rect.r1] as [number, number], cols: toPair(arrayColumnSpan(info, { start: rect.c0, end: rect.c1 })), description: describeRect(rect, selection!) }
      : null;
  const exportReason = hello && !hello.allowWrites ? 'read-only server: start it with --allow-write to export' : null;

  return (
    <div className="grid-panel">
      <GridToolbar
        rows={rows}
        visible={rowSpan}
        selectionText={rect && selection && multi ? describeRect(rect, selection) : null}
        gotoRef={gotoRef}
        onGoto={input.gotoRow}
        editCount={edits.list?.total ?? session.editCount}
        editable={session.editable}
        drawerOpen={drawer}
        onToggleDrawer={() => setDrawer((d) => !d)}
        exportDisabledReason={exportReason}
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
            headerHeight={headerHeight}
            indexWidth={indexWidth}
            rows={placedRows}
            cols={placedCols}
            colSlots={Math.max(1, Math.ceil(viewportWidth / MIN_WIDTH) + 1)}
            cells={cells}
            isSelected={(r, c) => multi && rectContains(rect, r, c)}
            isRowSelected={(r) => selection?.kind === 'rows' && rect !== null && r >= rect.r0 && r < rect.r1}
            isColSelected={(c) => selection?.kind === 'cols' && rect !== null && c >= rect.c0 && c < rect.c1}
            active={activeCell}
            headerLabel={headerLabel}
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
          {(rows === 0 || gridCols === 0) && (
            <div className="grid-empty-view" role="status">
              The view is empty: shape ({info.shape.join(', ')}{info.shape.length === 1 ? ',' : ''})
            </div>
          )}
          {!geometry && (
            <div className="grid-empty-view" role="alert">
              One element is {info.itemsize.toLocaleString('en-US')} bytes, too large to show in the table.
            </div>
          )}
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
            scrollerRef.current?.focus({ preventScroll: true });
          }}
        />
      )}
    </div>
  );
}

function toPair(span: { start: number; end: number }): [number, number] {
  return [span.start, span.end];
}
