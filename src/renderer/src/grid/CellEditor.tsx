/**
 * The in-cell editor (Enter commits through `setCell`, Esc cancels, Tab commits and moves on)
 * and the note shown next to a cell: the engine's refusal reason (the editor stays open) or why
 * the array cannot be edited at all.
 */
import { useEffect, useRef } from 'react';

export interface CellBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface EditorState {
  readonly row: number;
  readonly col: number;
  readonly text: string;
  readonly error: string | null;
  readonly busy: boolean;
}

export interface CellEditorProps {
  readonly box: CellBox;
  readonly state: EditorState;
  readonly label: string;
  readonly onChange: (text: string) => void;
  readonly onCommit: (move: { rows: number; cols: number }) => void;
  readonly onCancel: () => void;
}

export function CellEditor({ box, state, label, onChange, onCommit, onCancel }: CellEditorProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <>
      <input
        ref={input}
        className={`grid-editor${state.error ? ' invalid' : ''}`}
        style={{ left: box.left, top: box.top, width: Math.max(box.width, 140), height: box.height }}
        aria-label={label}
        aria-invalid={state.error !== null}
        aria-describedby={state.error ? 'grid-editor-error' : undefined}
        value={state.text}
        readOnly={state.busy}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            onCommit({ rows: e.shiftKey ? -1 : 1, cols: 0 });
          } else if (e.key === 'Tab') {
            e.preventDefault();
            onCommit({ rows: 0, cols: e.shiftKey ? -1 : 1 });
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
        onPointerDown={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
      />
      {state.error && (
        <CellNote id="grid-editor-error" box={{ ...box, width: Math.max(box.width, 140) }} text={state.error} tone="error" />
      )}
    </>
  );
}

export function CellNote({ id, box, text, tone }: { id?: string; box: CellBox; text: string; tone: 'error' | 'info' }) {
  return (
    <div id={id} role="alert" className={`grid-note ${tone}`} style={{ left: box.left, top: box.top + box.height + 2, minWidth: box.width }}>
      {text}
    </div>
  );
}
