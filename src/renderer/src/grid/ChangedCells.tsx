/**
 * The "Changed cells" drawer: every cell this session changed (from the `edits` method), with
 * its value before and after; clicking one jumps to it.
 */
import type { EditItem, EditList } from './use-edits.js';

export interface ChangedCellsProps {
  readonly list: EditList | null;
  readonly error: string | null;
  readonly onJump: (item: EditItem) => void;
  readonly onClose: () => void;
}

export function indexText(item: EditItem): string {
  return `[${item.index.join(', ')}]${item.field ? ` ${item.field}` : ''}`;
}

export function ChangedCells({ list, error, onJump, onClose }: ChangedCellsProps) {
  const items = list?.items ?? [];
  const total = list?.total ?? 0;
  return (
    <aside className="grid-drawer" aria-label="Changed cells">
      <header className="grid-drawer-header">
        <h2>Changed cells</h2>
        <span className="grid-drawer-count">{total.toLocaleString('en-US')}</span>
        <button type="button" onClick={onClose} aria-label="Close the changed cells list">
          ×
        </button>
      </header>
      {error && (
        <p className="grid-drawer-error" role="alert">
          {error}
        </p>
      )}
      {items.length === 0 && !error && <p className="grid-drawer-empty">No cell has been changed.</p>}
      <ol className="grid-drawer-list">
        {items.map((item) => (
          <li key={`${item.index.join(',')}|${item.field}`}>
            <button type="button" onClick={() => onJump(item)} title="Show this cell">
              <span className="grid-drawer-index">{indexText(item)}</span>
              <span className="grid-drawer-change">
                <span className="before">{item.before}</span> → <span className="after">{item.after}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {total > items.length && (
        <p className="grid-drawer-more">
          Showing the first {items.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')}.
        </p>
      )}
    </aside>
  );
}
