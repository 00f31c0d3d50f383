/**
 * What floats over the cells: the editor (with the engine's refusal next to it), the note that
 * says why a cell cannot be edited, and a column's format menu.
 */
import type { ScalarDType } from '../../../shared/dtype.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import type { PlacedItem } from './axis.js';
import { type CellBox, CellEditor, CellNote } from './CellEditor.js';
import { formatModesFor } from './cells.js';
import { FormatMenu } from './ColumnHeader.js';
import { splitGridColumn } from './geometry.js';
import type { Editing } from './use-editing.js';

export interface GridOverlayProps {
  readonly info: ViewInfo;
  readonly rows: readonly PlacedItem[];
  readonly cols: readonly PlacedItem[];
  readonly headerHeight: number;
  readonly indexWidth: number;
  readonly width: number;
  readonly label: (gridCol: number) => string;
  readonly editing: Editing;
  readonly onCommit: (move: { rows: number; cols: number }) => void;
  readonly onCancel: () => void;
  readonly menuCol: number | null;
  readonly formatOf: (gridCol: number) => FormatOptions;
  readonly onFormat: (gridCol: number, format: FormatOptions) => void;
  readonly onCloseMenu: () => void;
}

export function GridOverlay(p: GridOverlayProps) {
  const { editor, note } = p.editing;
  const box = (row: number, gridCol: number): CellBox | null => {
    const r = p.rows.find((item) => item.index === row);
    const c = p.cols.find((item) => item.index === gridCol);
    return r && c ? { left: p.indexWidth + c.start, top: p.headerHeight + r.start, width: c.size, height: r.size } : null;
  };
  const editorBox = editor ? box(editor.row, editor.col) : null;
  const noteBox = note ? box(note.row, note.col) : null;
  const menuItem = p.menuCol !== null ? p.cols.find((c) => c.index === p.menuCol) : undefined;
  const menuLeaf = p.menuCol !== null ? p.info.leaves[splitGridColumn(p.info, p.menuCol).leaf] : undefined;
  return (
    <>
      {editor && editorBox && (
        <CellEditor
          key={`${editor.row}:${editor.col}`}
          box={editorBox}
          state={editor}
          label={`Edit ${p.label(editor.col)} of row ${editor.row}`}
          onChange={p.editing.change}
          onCommit={p.onCommit}
          onCancel={p.onCancel}
        />
      )}
      {note && noteBox && <CellNote box={noteBox} text={note.text} tone="info" />}
      {p.menuCol !== null && menuItem && menuLeaf && (
        <FormatMenu
          label={p.label(p.menuCol)}
          left={Math.min(p.indexWidth + menuItem.start, Math.max(0, p.width - 240))}
          top={p.headerHeight}
          modes={formatModesFor(menuLeaf.dtype as ScalarDType)}
          format={p.formatOf(p.menuCol)}
          onChange={(format) => p.onFormat(p.menuCol!, format)}
          onClose={p.onCloseMenu}
        />
      )}
    </>
  );
}
