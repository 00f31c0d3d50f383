/**
 * The text of every drawn cell, from the page cache (a placeholder while its page loads), with
 * the marks the grid shows (NaN/Inf/NaT, edited); and column widths fitted to what was drawn.
 */
import { useEffect } from 'react';
import type { ScalarDType } from '../../../shared/dtype.js';
import type { SessionInfo, ViewInfo } from '../../../shared/schemas.js';
import type { FormatOptions } from '../../../shared/values/index.js';
import type { PlacedItem } from './axis.js';
import type { CellView } from './body-renderer.js';
import { cellText, isSpecialValue } from './cells.js';
import { type ColumnWidths, textWidth } from './column-widths.js';
import { cellElementOffset, columnLabel, editKey, splitGridColumn } from './geometry.js';
import type { CacheContext, PageCache } from './page-cache.js';

const LOADING: CellView = { text: '', loading: true, special: false, edited: false };
/** Room for the header's menu button next to its label. */
const HEADER_BUTTON = 14;

export interface CellsInput {
  readonly cache: PageCache;
  readonly context: CacheContext | null;
  readonly info: ViewInfo;
  readonly session: SessionInfo;
  readonly rows: readonly PlacedItem[];
  readonly cols: readonly PlacedItem[];
  readonly formatOf: (gridCol: number) => FormatOptions;
  readonly editKeys: ReadonlySet<string>;
  readonly widths: ColumnWidths;
  readonly onWidthsChanged: () => void;
  readonly charWidth: number;
}

export function useCells(o: CellsInput): { cells: CellView[][]; textAt: (row: number, gridCol: number) => string | null } {
  const { info, context } = o;
  const drawnChars = new Map<number, number>();

  const cellView = (row: number, gridCol: number): CellView => {
    if (!context) return LOADING;
    const { col, leaf } = splitGridColumn(info, gridCol);
    const page = o.cache.get(context, Math.floor(row / context.geometry.pageRows), Math.floor(col / context.geometry.pageCols));
    if (!page) return LOADING;
    const format = o.formatOf(gridCol);
    const text = cellText(page, info, row, col, leaf, format);
    const leafInfo = info.leaves[leaf];
    drawnChars.set(gridCol, Math.max(drawnChars.get(gridCol) ?? 0, text.length));
    const special = leafInfo !== undefined && format.mode !== 'bytes' && isSpecialValue(leafInfo.dtype as ScalarDType, text);
    const edited = o.editKeys.size > 0 && o.editKeys.has(editKey(cellElementOffset(info, row, col), leafInfo?.path ?? ''));
    return { text, loading: false, special, edited };
  };
  const cells = o.rows.map((r) => o.cols.map((c) => cellView(r.index, c.index)));

  // Columns grow to fit the widest value drawn in them (and their label); they never shrink here.
  useEffect(() => {
    let changed = false;
    for (const [gridCol, chars] of drawnChars) {
      const label = textWidth(columnLabel(info, o.session, gridCol), o.charWidth) + HEADER_BUTTON;
      changed = o.widths.fit(gridCol, Math.max(label, textWidth('x'.repeat(chars), o.charWidth))) || changed;
    }
    if (changed) o.onWidthsChanged();
  });

  const textAt = (row: number, gridCol: number): string | null => {
    const i = o.rows.findIndex((r) => r.index === row);
    const j = o.cols.findIndex((c) => c.index === gridCol);
    const view = i >= 0 && j >= 0 ? cells[i]![j]! : cellView(row, gridCol);
    return view.loading ? null : view.text;
  };
  return { cells, textAt };
}
