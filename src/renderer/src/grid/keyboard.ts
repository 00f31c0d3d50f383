/**
 * The grid's keyboard map, as data: a key press becomes a GridAction the panel applies.
 * Ctrl stands for Cmd on macOS (`meta`).
 */

export interface KeyPress {
  readonly key: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

export type GridAction =
  | { readonly type: 'move'; readonly rows: number; readonly cols: number; readonly extend: boolean }
  | { readonly type: 'page'; readonly direction: 1 | -1; readonly extend: boolean }
  /** Home/End: first/last column of the row; with Ctrl the first/last cell of the grid. */
  | { readonly type: 'edge'; readonly to: 'rowStart' | 'rowEnd' | 'gridStart' | 'gridEnd'; readonly extend: boolean }
  | { readonly type: 'edit'; readonly initial: string | null }
  | { readonly type: 'copy' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'selectAll' }
  | { readonly type: 'goto' }
  | { readonly type: 'escape' };

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

export function keyAction(k: KeyPress): GridAction | null {
  const command = k.ctrl || k.meta;
  const arrow = ARROWS[k.key];
  if (arrow && !k.alt) return { type: 'move', rows: arrow[0], cols: arrow[1], extend: k.shift };
  switch (k.key) {
    case 'PageDown':
    case 'PageUp':
      return { type: 'page', direction: k.key === 'PageDown' ? 1 : -1, extend: k.shift };
    case 'Home':
    case 'End': {
      const start = k.key === 'Home';
      return { type: 'edge', to: command ? (start ? 'gridStart' : 'gridEnd') : start ? 'rowStart' : 'rowEnd', extend: k.shift };
    }
    case 'Enter':
    case 'F2':
      return command || k.alt ? null : { type: 'edit', initial: null };
    case 'Tab':
      return command || k.alt ? null : { type: 'move', rows: 0, cols: k.shift ? -1 : 1, extend: false };
    case 'Escape':
      return { type: 'escape' };
  }
  if (command && !k.alt) {
    const lower = k.key.toLowerCase();
    if (lower === 'c') return { type: 'copy' };
    if (lower === 'z') return { type: k.shift ? 'redo' : 'undo' };
    if (lower === 'y') return { type: 'redo' };
    if (lower === 'a') return { type: 'selectAll' };
    if (lower === 'g') return { type: 'goto' };
    return null;
  }
  // A printable character starts editing with it, as spreadsheets do.
  if (!command && !k.alt && k.key.length === 1 && k.key !== ' ') return { type: 'edit', initial: k.key };
  return null;
}
