/**
 * What the user does to the grid, gathered for GridPanel: keys (grid-keys.ts), pointer input
 * (grid-pointer.ts), committing and cancelling the editor, Go to row, and jumping to a changed
 * cell (changing the view first when the cell is not in this one).
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { arrayElementOffset, locateElement } from './geometry.js';
import { gridKeys } from './grid-keys.js';
import { type GridInputOptions, gridNav } from './grid-nav.js';
import { useGridPointer } from './grid-pointer.js';
import { type CellPoint, cellSelection } from './selection.js';
import type { EditItem } from './use-edits.js';

export type { GridInputOptions };

export function useGridInput(o: GridInputOptions) {
  const { info, shown, selection, setSelection, editing } = o;
  const pendingJump = useRef<EditItem | null>(null);
  const nav = gridNav(o);
  const { focusGrid, moveTo, showAtTop } = nav;

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

  // After jumpToEdit changed the view, finish the jump once the new view is here. Only a new view
  // info triggers it; the props and navigation it uses are the latest ones.
  const finishJump = useEffectEvent((arrived: ViewInfo) => {
    const item = pendingJump.current;
    if (!item) return;
    const found = locateEdit(o.props, arrived, item);
    if (!found) return;
    pendingJump.current = null;
    showAtTop({ row: Math.max(0, found.row - 2), col: found.col });
    setSelection(cellSelection(found));
  });
  useEffect(() => finishJump(info), [info]);

  const onKeyDown = gridKeys(o, nav);
  const pointer = useGridPointer(o, nav, () => void commitAndMove({ rows: 0, cols: 0 }));
  return { onKeyDown, ...pointer, commitAndMove, cancelEdit, gotoRow, jumpToEdit };
}

function locateEdit(props: PanelProps, info: ViewInfo, item: EditItem): CellPoint | null {
  const leaf = info.leaves.findIndex((l) => l.path === item.field);
  if (leaf < 0) return null;
  const at = locateElement(info, arrayElementOffset(props.session, item.index));
  return at && { row: at.row, col: at.col * Math.max(1, info.leaves.length) + leaf };
}
