/**
 * Save As in the browser: the browser cannot show the server's folders in a native dialog, so the
 * user types a path on the server (relative to --root when the server has one). The write is a
 * long call with progress and Cancel; the engine's refusal (outside the root, read-only server,
 * the open file itself) is shown here verbatim.
 */
import { useId, useState } from 'react';
import type { ErrorData, Result } from '../../../shared/errors.js';
import type { SessionInfo } from '../../../shared/schemas.js';
import { ErrorText } from './ErrorBanner.js';
import { percent, sessionLabel } from './format.js';
import { Modal } from './Modal.js';
import type { RunOptions } from './useLongCalls.js';

export interface SaveAsDialogProps {
  readonly session: SessionInfo;
  readonly defaultPath: string;
  readonly root: string | null;
  readonly save: (path: string, options: RunOptions) => Promise<Result<{ path: string; bytes: number }>>;
  readonly onClose: (saved: boolean) => void;
}

export function SaveAsDialog({ session, defaultPath, root, save, onClose }: SaveAsDialogProps) {
  const id = useId();
  const [path, setPath] = useState(defaultPath);
  const [busy, setBusy] = useState<{ done: number; total: number; controller: AbortController } | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);

  const submit = async (): Promise<void> => {
    const target = path.trim();
    if (target === '' || busy) return;
    const controller = new AbortController();
    setBusy({ done: 0, total: 0, controller });
    setError(null);
    const result = await save(target, {
      signal: controller.signal,
      onProgress: (done, total) => setBusy((b) => (b?.controller === controller ? { ...b, done, total } : b)),
    });
    setBusy(null);
    if (result.ok) onClose(true);
    else if (result.error.kind !== 'cancelled') setError(result.error);
  };
  const cancel = (): void => {
    busy?.controller.abort();
    onClose(false);
  };

  const footer = (
    <>
      {busy ? (
        <div className="dialog-progress" role="status">
          <progress max={busy.total || undefined} value={busy.total ? busy.done : undefined} aria-label="Saving progress" />
          <span>Saving… {percent(busy.done, busy.total)}</span>
        </div>
      ) : (
        <span className="footer-spacer" />
      )}
      <button type="button" className="button" onClick={cancel}>
        Cancel
      </button>
      <button type="submit" form={`${id}-form`} className="button button-primary" disabled={busy !== null || path.trim() === ''}>
        Save
      </button>
    </>
  );

  return (
    <Modal title={`Save ${sessionLabel(session)} as .npy`} onClose={cancel} footer={footer} className="save-dialog">
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label" htmlFor={`${id}-path`}>
          Path on the server
        </label>
        <input
          id={`${id}-path`}
          className="text-input mono wide"
          value={path}
          data-autofocus
          spellCheck={false}
          autoComplete="off"
          disabled={busy !== null}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setPath(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {root
            ? `Relative paths are inside ${root}.`
            : 'Without --root, the server writes only into the folder of a file named on its command line.'}{' '}
          A file already at that path is replaced, but only once the new one is completely written.
        </p>
        {session.dirty ? <p className="hint">The copy includes the edits of this tab.</p> : null}
        {error ? (
          <div className="note note-error" role="alert">
            <ErrorText error={error} />
          </div>
        ) : null}
      </form>
    </Modal>
  );
}
