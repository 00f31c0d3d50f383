/**
 * The grid's keys (keyboard.ts maps them): moving, paging, the edges, editing, undo/redo, select
 * all, Go to row, and copying the selection as TSV read from the engine.
 */
import { itemsPerPage, scrollBy } from './axis.js';
import type { GridInputOptions, GridNav } from './grid-nav.js';
import { keyAction } from './keyboard.js';
import { MAX_COPY_CELLS, readRectAsTsv } from './read-rect.js';
import { cellSelection, rectCells, selectionRect } from './selection.js';
import { pageFetcher } from './use-pages.js';

export function gridKeys(o: GridInputOptions, nav: GridNav): (e: React.KeyboardEvent<HTMLDivElement>) => void {
  const { info, rows, gridCols, axes, shown, setPos, selection, setSelection, editing } = o;
  const { activeOrTopLeft, moveTo, startEdit } = nav;

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

  return (e: React.KeyboardEvent<HTMLDivElement>): void => {
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
