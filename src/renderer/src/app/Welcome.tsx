/**
 * What the window shows with no tab open: how to open a file, and (in serve mode) the files the
 * server was started with, one click away.
 */
import type { Hello } from './useTabActions.js';
import { baseName } from './format.js';

export interface WelcomeProps {
  readonly hello: Hello;
  readonly onOpen: () => void;
  readonly onOpenPath: (path: string) => void;
}

export function Welcome({ hello, onOpen, onOpenPath }: WelcomeProps) {
  const key = hello.platform === 'darwin' ? '⌘O' : 'Ctrl+O';
  const files = hello.initialFiles.slice(0, 12);
  return (
    <div className="welcome">
      <div className="welcome-card">
        <h1>Arrayscope</h1>
        <p className="welcome-lead">View NumPy .npy and .npz files and raw binary arrays of any size, exactly as numpy prints them.</p>
        <p>
          <button type="button" className="button button-primary" onClick={onOpen}>
            Open a file…
          </button>{' '}
          <span className="hint">
            or press <kbd>{key}</kbd>
            {hello.host === 'electron' ? ', or drop a file on the window' : ''}
          </span>
        </p>
        {hello.host === 'serve' && files.length > 0 ? (
          <div className="welcome-files">
            <h2>Files on this server</h2>
            <ul>
              {files.map((path) => (
                <li key={path}>
                  <button type="button" className="link-button mono" title={path} onClick={() => onOpenPath(path)}>
                    {baseName(path)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="hint welcome-version">
          Arrayscope {hello.version} · {hello.host === 'electron' ? 'desktop' : 'served'} · {hello.allowWrites ? 'edits allowed' : 'read-only'}
        </p>
      </div>
    </div>
  );
}
