/** A yes/no question before something that cannot be undone (Discard). */
import { useId } from 'react';
import { Modal } from './Modal.js';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly text: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function ConfirmDialog({ title, text, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const textId = useId();
  const footer = (
    <>
      <span className="footer-spacer" />
      <button type="button" className="button" onClick={onCancel} data-autofocus>
        Cancel
      </button>
      <button type="button" className="button button-danger" onClick={onConfirm}>
        {confirmLabel}
      </button>
    </>
  );
  return (
    <Modal title={title} onClose={onCancel} footer={footer} role="alertdialog" describedBy={textId} className="confirm-dialog">
      <p id={textId}>{text}</p>
    </Modal>
  );
}
