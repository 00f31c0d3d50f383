/**
 * The unsaved-changes prompt when a dirty tab is closed. What "unsaved" means depends on the mode:
 * in `c` the edits exist only in memory (Save As keeps them, closing loses them); in `r+`/`w+`
 * they are already in the mapped file but not yet flushed to disk.
 */
import { useId } from 'react';
import type { SessionInfo } from '../../../shared/schemas.js';
import { sessionLabel } from './format.js';
import { Modal } from './Modal.js';

export interface ConfirmCloseProps {
  readonly session: SessionInfo;
  readonly canSave: boolean;
  readonly onSaveAs: () => void;
  readonly onFlushAndClose: () => void;
  readonly onCloseAnyway: () => void;
  readonly onCancel: () => void;
}

export function ConfirmCloseDialog({ session, canSave, onSaveAs, onFlushAndClose, onCloseAnyway, onCancel }: ConfirmCloseProps) {
  const textId = useId();
  const name = sessionLabel(session);
  const copyOnWrite = session.mode === 'c';
  const edits = `${session.editCount} ${session.editCount === 1 ? 'edit' : 'edits'}`;
  const footer = copyOnWrite ? (
    <>
      <span className="footer-spacer" />
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className="button button-danger" onClick={onCloseAnyway}>
        Discard changes and close
      </button>
      <button type="button" className="button button-primary" onClick={onSaveAs} disabled={!canSave} data-autofocus>
        Save As…
      </button>
    </>
  ) : (
    <>
      <span className="footer-spacer" />
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className="button" onClick={onCloseAnyway}>
        Close without flushing
      </button>
      <button type="button" className="button button-primary" onClick={onFlushAndClose} data-autofocus>
        Flush and close
      </button>
    </>
  );
  return (
    <Modal title={`${name} has unsaved changes`} onClose={onCancel} footer={footer} role="alertdialog" describedBy={textId} className="confirm-dialog">
      <p id={textId}>
        {copyOnWrite
          ? `This tab holds ${edits} made in copy-on-write mode. They exist only in memory: closing the tab loses them. Save As writes a new .npy with them.`
          : `This tab's ${edits} are already in ${session.fileName} but not yet flushed to disk. Flush makes sure they are on disk before the tab closes.`}
      </p>
    </Modal>
  );
}
