/**
 * Editing: the editor's state, committing through `setCell` (the engine parses the text for the
 * cell's dtype and refuses with a reason, which stays next to the open editor), undo and redo.
 * Every success reports the new session info to the shell.
 */
import { useCallback, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { SessionInfo, ViewInfo } from '../../../shared/schemas.js';
import type { EditorState } from './CellEditor.js';
import { splitGridColumn } from './geometry.js';
import type { CellPoint } from './selection.js';

export const READ_ONLY_TEXT = 'opened read-only (r): reopen in c or r+ to edit';

export interface Note {
  readonly row: number;
  readonly col: number;
  readonly text: string;
}

export interface Editing {
  readonly editor: EditorState | null;
  readonly note: Note | null;
  /** Increments after every edit, undo or redo this grid made (refreshes the changed-cells list). */
  readonly tick: number;
  start(point: CellPoint, text: string): void;
  change(text: string): void;
  commit(): Promise<boolean>;
  cancel(): void;
  history(kind: 'undo' | 'redo'): Promise<void>;
  setNote(note: Note | null): void;
}

export function useEditing(
  client: DataClient,
  session: SessionInfo,
  info: ViewInfo,
  onSessionChange: (info: SessionInfo) => void,
  notify: (message: string, tone?: 'info' | 'error') => void,
): Editing {
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [tick, setTick] = useState(0);

  const start = useCallback(
    (point: CellPoint, text: string) => {
      if (!session.editable) {
        setNote({ row: point.row, col: point.col, text: READ_ONLY_TEXT });
        return;
      }
      setNote(null);
      setEditor({ row: point.row, col: point.col, text, error: null, busy: false });
    },
    [session.editable],
  );

  const commit = useCallback(async (): Promise<boolean> => {
    if (!editor || editor.busy) return false;
    setEditor({ ...editor, busy: true });
    const { col, leaf } = splitGridColumn(info, editor.col);
    const r = await client.call('setCell', { session: session.id, view: info.spec, cell: { row: editor.row, col, leaf }, text: editor.text });
    if (!r.ok) {
      setEditor({ ...editor, busy: false, error: r.error.message });
      return false;
    }
    setEditor(null);
    setTick((t) => t + 1);
    onSessionChange(r.value);
    return true;
  }, [client, editor, info, session.id, onSessionChange]);

  const history = useCallback(
    async (kind: 'undo' | 'redo') => {
      if (!session.editable) {
        notify(`Nothing to ${kind}: ${READ_ONLY_TEXT}`, 'error');
        return;
      }
      const r = await client.call(kind, { session: session.id });
      if (!r.ok) {
        notify(r.error.message, 'error');
        return;
      }
      setTick((t) => t + 1);
      onSessionChange(r.value);
    },
    [client, session.editable, session.id, onSessionChange, notify],
  );

  return {
    editor,
    note,
    tick,
    start,
    change: (text) => setEditor((e) => (e && !e.busy ? { ...e, text, error: null } : e)),
    commit,
    cancel: () => setEditor(null),
    history,
    setNote,
  };
}
