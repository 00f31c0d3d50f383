/**
 * The tab's header: what the array is (file, dtype, shape, order, mode, size) and the edit
 * actions its session allows. Enabled states come from SessionInfo only (canUndo, canRedo,
 * dirty, mode) and the host's allowWrites, so they are right after every edit.
 */
import type { SessionInfo } from '../../../shared/schemas.js';
import { formatBytes, formatExactBytes, formatShape, sessionLabel } from './format.js';

export interface EditActions {
  readonly undo: () => void;
  readonly redo: () => void;
  readonly saveAs: () => void;
  readonly discard: () => void;
  readonly flush: () => void;
}

const MODE_TITLES: Record<SessionInfo['mode'], string> = {
  r: 'read-only',
  c: 'copy-on-write',
  'r+': 'read-write',
  'w+': 'new file, read-write',
};

const MODE_HELP: Record<SessionInfo['mode'], string> = {
  r: 'Mode r: the file cannot change.',
  c: 'Mode c: edits stay in memory; the file never changes. Save As keeps them.',
  'r+': 'Mode r+: edits are written into the file.',
  'w+': 'Mode w+: a new file; edits are written into it.',
};

export function FileToolbar({ session, allowWrites, actions }: { session: SessionInfo; allowWrites: boolean; actions: EditActions }) {
  const writes = session.mode === 'r+' || session.mode === 'w+';
  const order = session.fortranOrder ? 'F' : 'C';
  return (
    <div className="file-toolbar" role="toolbar" aria-label={`${sessionLabel(session)} actions`}>
      <div className="file-facts">
        <strong className="file-title" title={session.path}>
          {sessionLabel(session)}
        </strong>
        <span className="fact mono" title="dtype">
          {session.dtypeName}
        </span>
        <span className="fact mono" title="shape">
          {formatShape(session.shape)}
        </span>
        <span className="fact" title={order === 'C' ? 'C order (row-major)' : 'Fortran order (column-major)'}>
          {order} order
        </span>
        <span className={`mode-badge mode-${session.mode === 'r+' || session.mode === 'w+' ? 'write' : session.mode}`} title={MODE_HELP[session.mode]}>
          <code>{session.mode}</code> {MODE_TITLES[session.mode]}
        </span>
        <span className="fact" title={`file: ${formatExactBytes(session.fileSize)}; array data: ${formatExactBytes(session.nbytes)}`}>
          {formatBytes(session.fileSize)}
        </span>
        {session.dirty ? (
          <span className="fact dirty-fact" title={session.mode === 'c' ? 'Edits not saved yet' : 'Writes not flushed yet'}>
            {session.editCount} {session.editCount === 1 ? 'edit' : 'edits'}, {session.mode === 'c' ? 'unsaved' : 'not flushed'}
          </span>
        ) : null}
      </div>
      <div className="file-actions">
        <button type="button" className="button button-small" disabled={!session.canUndo} onClick={actions.undo} title="Undo the last edit (Ctrl+Z)">
          <UndoIcon /> Undo
        </button>
        <button type="button" className="button button-small" disabled={!session.canRedo} onClick={actions.redo} title="Redo (Ctrl+Shift+Z)">
          <UndoIcon flip /> Redo
        </button>
        <span className="toolbar-separator" aria-hidden="true" />
        <button
          type="button"
          className="button button-small"
          disabled={!allowWrites}
          onClick={actions.saveAs}
          title={allowWrites ? 'Write the array, with its edits, to a new .npy file' : 'This server is read-only (start it with --allow-write)'}
        >
          Save As…
        </button>
        {session.mode === 'c' ? (
          <button type="button" className="button button-small" disabled={!session.dirty} onClick={actions.discard} title="Drop every in-memory edit of this tab">
            Discard
          </button>
        ) : null}
        {writes ? (
          <button type="button" className="button button-small" disabled={!session.dirty} onClick={actions.flush} title="Make sure the written edits are on disk">
            Flush
          </button>
        ) : null}
      </div>
    </div>
  );
}

function UndoIcon({ flip }: { flip?: boolean }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false" className={flip ? 'flip-x' : undefined}>
      <path d="M4 2 1.5 4.5 4 7M1.8 4.5h5.7a3 3 0 0 1 0 6H5" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
