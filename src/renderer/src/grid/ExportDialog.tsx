/**
 * Export the view, or the selected rectangle of it, to a new .npy or CSV file (`exportView`),
 * with progress and cancel. The destination is chosen with the desktop's save dialog
 * (`pickFile`) or typed as a path on the server (serve resolves relative paths against --root).
 * The engine's refusal (read-only server, outside the root) is shown verbatim.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { SessionInfo, ViewInfo } from '../../../shared/schemas.js';
import { Modal } from '../app/Modal.js';
import { defaultExportPath, withExtension } from './export-path.js';
import type { Hello } from './use-host.js';

export interface ExportRange {
  readonly rows: [number, number];
  /** Array columns (not grid columns: structured elements are exported whole). */
  readonly cols: [number, number];
  readonly description: string;
}

export interface ExportDialogProps {
  readonly client: DataClient;
  readonly session: SessionInfo;
  readonly info: ViewInfo;
  readonly hello: Hello | null;
  readonly selection: ExportRange | null;
  readonly onDone: (message: string, tone: 'info' | 'error') => void;
  readonly onClose: () => void;
}

export function ExportDialog({ client, session, info, hello, selection, onDone, onClose }: ExportDialogProps) {
  const id = useId();
  const [scope, setScope] = useState<'view' | 'selection'>(selection ? 'selection' : 'view');
  const [format, setFormat] = useState<'npy' | 'csv'>('npy');
  const [path, setPath] = useState(() => defaultExportPath(session.path, 'npy'));
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const desktop = hello?.host === 'electron';
  const fmt = (n: number): string => n.toLocaleString('en-US');

  const browse = async (): Promise<void> => {
    const r = await client.call('pickFile', { purpose: 'save', defaultPath: path });
    if (r.ok && r.value.path) setPath(r.value.path);
    else if (!r.ok) setError(r.error.message);
  };

  const start = async (): Promise<void> => {
    const target = path.trim();
    if (target === '' || running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setError(null);
    setProgress({ done: 0, total: 0 });
    const range = scope === 'selection' && selection ? { rows: selection.rows, cols: selection.cols } : {};
    const r = await client.call(
      'exportView',
      { session: session.id, view: info.spec, format, path: target, ...range },
      { signal: controller.signal, onProgress: (done, total) => setProgress({ done, total }) },
    );
    running.current = null;
    setProgress(null);
    if (r.ok) {
      onDone(`Exported ${fmt(r.value.bytes)} bytes to ${r.value.path}`, 'info');
      onClose();
    } else if (r.error.kind === 'cancelled') setError('Export cancelled; no file was written.');
    else setError(r.error.message);
  };

  const footer = (
    <>
      {progress ? (
        <div className="dialog-progress" role="status">
          <progress max={progress.total || undefined} value={progress.total ? progress.done : undefined} aria-label="Export progress" />
          <span>Exporting… {progress.total ? `${Math.round((100 * progress.done) / progress.total)}%` : ''}</span>
        </div>
      ) : (
        <span className="footer-spacer" />
      )}
      {progress ? (
        <button type="button" className="button" onClick={() => running.current?.abort()}>
          Cancel export
        </button>
      ) : (
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      )}
      <button type="submit" form={`${id}-form`} className="button button-primary" disabled={progress !== null || path.trim() === ''}>
        Export
      </button>
    </>
  );

  return (
    <Modal title="Export" onClose={() => (progress ? running.current?.abort() : onClose())} footer={footer} className="grid-export-dialog">
      <form
        id={`${id}-form`}
        className="grid-export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset disabled={progress !== null}>
          <legend>What</legend>
          <label>
            <input type="radio" name={`${id}-scope`} checked={scope === 'view'} onChange={() => setScope('view')} />
            The whole view ({fmt(info.rows)} × {fmt(info.cols)})
          </label>
          <label>
            <input type="radio" name={`${id}-scope`} checked={scope === 'selection'} disabled={!selection} onChange={() => setScope('selection')} />
            The selection{selection ? ` (${selection.description})` : ' (select cells, rows or columns first)'}
          </label>
        </fieldset>
        <fieldset disabled={progress !== null}>
          <legend>Format</legend>
          {(['npy', 'csv'] as const).map((f) => (
            <label key={f}>
              <input
                type="radio"
                name={`${id}-format`}
                checked={format === f}
                onChange={() => {
                  setFormat(f);
                  setPath((p) => withExtension(p, f));
                }}
              />
              {f === 'npy' ? '.npy (keeps the dtype)' : 'CSV (numpy text)'}
            </label>
          ))}
        </fieldset>
        <label className="field-label" htmlFor={`${id}-path`}>
          {desktop ? 'Save to' : 'Path on the server'}
        </label>
        <span className="grid-export-pathrow">
          <input
            id={`${id}-path`}
            className="text-input mono wide"
            value={path}
            disabled={progress !== null}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setPath(e.target.value)}
          />
          {desktop && (
            <button type="button" className="button" onClick={() => void browse()} disabled={progress !== null}>
              Browse…
            </button>
          )}
        </span>
        {!desktop && (
          <p className="hint">
            {hello?.root ? `Relative paths are inside ${hello.root}.` : 'Without --root, the server writes only into the folder of a file named on its command line.'}
          </p>
        )}
        {error && (
          <div className="note note-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Modal>
  );
}
