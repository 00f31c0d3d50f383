/**
 * The grid's own toolbar: "Go to row" (negative numbers count from the end, as in numpy), what
 * is visible and selected, the changed-cells drawer toggle and the export button.
 */
import { type RefObject, useState } from 'react';
import { parseRowInput } from './row-input.js';

export interface GridToolbarProps {
  readonly rows: number;
  readonly visible: { readonly start: number; readonly end: number };
  readonly selectionText: string | null;
  readonly gotoRef: RefObject<HTMLInputElement | null>;
  readonly onGoto: (row: number) => void;
  readonly editCount: number;
  readonly editable: boolean;
  readonly drawerOpen: boolean;
  readonly onToggleDrawer: () => void;
  readonly exportDisabledReason: string | null;
  readonly onExport: () => void;
}

export function GridToolbar({ gotoRef, ...props }: GridToolbarProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const shown = props.visible.end > props.visible.start ? `rows ${fmt(props.visible.start)}–${fmt(props.visible.end - 1)} of ${fmt(props.rows)}` : `${fmt(props.rows)} rows`;
  return (
    <div className="grid-toolbar" role="toolbar" aria-label="Table">
      <form
        className="grid-goto"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parseRowInput(text, props.rows);
          if ('error' in parsed) setError(parsed.error);
          else {
            setError(null);
            props.onGoto(parsed.row);
          }
        }}
      >
        <label>
          Go to row
          <input
            ref={gotoRef}
            type="text"
            inputMode="numeric"
            value={text}
            placeholder="e.g. 1000 or -1"
            aria-invalid={error !== null}
            aria-describedby={error ? 'grid-goto-error' : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
        </label>
        <button type="submit">Go</button>
        {error && (
          <span id="grid-goto-error" className="grid-inline-error" role="alert">
            {error}
          </span>
        )}
      </form>
      <span className="grid-status" aria-live="off">
        {shown}
        {props.selectionText && <span className="grid-status-selection"> · selected {props.selectionText}</span>}
      </span>
      <span className="grid-toolbar-spacer" />
      {props.editable && (
        <button type="button" aria-pressed={props.drawerOpen} onClick={props.onToggleDrawer}>
          Changed cells ({fmt(props.editCount)})
        </button>
      )}
      <button
        type="button"
        onClick={props.onExport}
        disabled={props.exportDisabledReason !== null}
        title={props.exportDisabledReason ?? 'Export the view or the selection to .npy or CSV'}
        aria-describedby={props.exportDisabledReason ? 'grid-export-reason' : undefined}
      >
        Export…
      </button>
      {props.exportDisabledReason && (
        <span id="grid-export-reason" className="grid-export-reason">
          {props.exportDisabledReason}
        </span>
      )}
    </div>
  );
}
