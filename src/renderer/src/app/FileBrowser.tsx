/**
 * The serve-mode file list (`listFiles`): the files named on the command line, or the directories
 * under --root, navigable but never above it. A listbox: arrows move, Enter opens a file or enters
 * a directory, Backspace goes up; a click selects and a double click opens.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { Output } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import { ErrorText } from './ErrorBanner.js';
import { formatBytes } from './format.js';

export type Listing = Output<'listFiles'>;
export type FileEntry = Listing['entries'][number];

export interface FileBrowserProps {
  readonly client: DataClient;
  /** The directory to list; null = the server's starting point (root, or the named files). */
  readonly dir: string | null;
  readonly root: string | null;
  readonly selected: string | null;
  readonly onNavigate: (dir: string | null) => void;
  readonly onSelect: (entry: FileEntry) => void;
  readonly onActivate: (entry: FileEntry) => void;
}

function isInsideRoot(root: string | null, dir: string | null): boolean {
  if (root === null || dir === null) return false;
  const r = root.replace(/[\\/]+$/, '');
  return dir.length > r.length && dir.startsWith(r) && '\\/'.includes(dir[r.length]!);
}

export function FileBrowser({ client, dir, root, selected, onNavigate, onSelect, onActivate }: FileBrowserProps) {
  const [answer, setAnswer] = useState<{ dir: string | null; result: Result<Listing> } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const idBase = useId();

  useEffect(() => {
    let live = true;
    void client.call('listFiles', { dir }).then((result) => live && setAnswer({ dir, result }));
    return () => {
      live = false;
    };
  }, [client, dir]);

  const loading = answer === null || answer.dir !== dir;
  const listing = !loading && answer.result.ok ? answer.result.value : null;
  const entries = listing?.entries ?? [];
  const canGoUp = listing !== null && listing.parent !== null && isInsideRoot(root, listing.dir);
  const selectedIndex = entries.findIndex((e) => e.path === selected);
  const optionId = (i: number): string => `${idBase}-opt-${i}`;

  const activate = (entry: FileEntry): void => (entry.isDir ? onNavigate(entry.path) : onActivate(entry));
  const goUp = (): void => {
    if (canGoUp) onNavigate(listing.parent);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const move = (to: number): void => {
      const entry = entries[Math.max(0, Math.min(entries.length - 1, to))];
      if (entry) onSelect(entry);
      event.preventDefault();
    };
    if (event.key === 'ArrowDown') move(selectedIndex + 1);
    else if (event.key === 'ArrowUp') move(selectedIndex < 0 ? 0 : selectedIndex - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(entries.length - 1);
    else if (event.key === 'Enter' && entries[selectedIndex]) {
      event.preventDefault();
      activate(entries[selectedIndex]);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      goUp();
    }
  };

  // Keyboard moves keep the chosen entry in sight.
  useEffect(() => {
    if (selectedIndex >= 0) document.getElementById(`${idBase}-opt-${selectedIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [idBase, selectedIndex]);

  return (
    <div className="file-browser">
      <div className="browser-bar">
        <button type="button" className="button button-small" onClick={goUp} disabled={!canGoUp} aria-label="Up one directory">
          <UpIcon /> Up
        </button>
        <span className="browser-path mono" title={listing?.dir ?? undefined}>
          <bdi>{listing?.dir ?? (loading ? '' : 'Files named on the command line')}</bdi>
        </span>
      </div>
      {!loading && !answer.result.ok ? (
        <p className="note note-error">
          <ErrorText error={answer.result.error} />
        </p>
      ) : null}
      <ul
        ref={listRef}
        className="file-list"
        role="listbox"
        aria-label="Files"
        tabIndex={0}
        data-autofocus
        aria-activedescendant={selectedIndex >= 0 ? optionId(selectedIndex) : undefined}
        aria-busy={loading}
        onKeyDown={onKeyDown}
      >
        {entries.map((entry, i) => (
          <li
            key={entry.path}
            id={optionId(i)}
            role="option"
            aria-selected={i === selectedIndex}
            className={`file-entry${i === selectedIndex ? ' is-selected' : ''}`}
            title={entry.path}
            onClick={() => {
              onSelect(entry);
              listRef.current?.focus();
            }}
            onDoubleClick={() => activate(entry)}
          >
            {entry.isDir ? <FolderIcon /> : <FileIcon />}
            <span className="file-name">{entry.name}</span>
            <span className="file-size">{entry.isDir ? 'folder' : formatBytes(entry.size)}</span>
          </li>
        ))}
        {listing !== null && entries.length === 0 ? <li className="file-empty">This directory is empty.</li> : null}
      </ul>
    </div>
  );
}

function UpIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <path d="M5 9V1.5M1.5 5 5 1.5 8.5 5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function FolderIcon() {
  return (
    <svg className="file-icon is-folder" width="14" height="12" viewBox="0 0 14 12" aria-hidden="true" focusable="false">
      <path d="M1 2.2c0-.6.4-1 1-1h3.3l1.3 1.4H12c.6 0 1 .4 1 1V10c0 .6-.4 1-1 1H2c-.6 0-1-.4-1-1z" fill="currentColor" opacity="0.85" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg className="file-icon" width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
      <path d="M2 1h5.5L10.5 4v8.5c0 .3-.2.5-.5.5H2c-.3 0-.5-.2-.5-.5v-11c0-.3.2-.5.5-.5z M7.5 1v3h3" fill="none" stroke="currentColor" strokeWidth="1" />
    </svg>
  );
}
