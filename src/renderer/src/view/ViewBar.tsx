/**
 * The view bar: which 2-D window of the array the tab shows. A numpy index box (`3, :, ::2`,
 * checked with the engine as you type, applied with Enter), row/column axis pickers with an input
 * and a slider for every other axis, and for structured dtypes a field picker (one field across
 * elements). It only composes ViewSpecs and hands them to `onViewChange`; the shell resolves them.
 */
import { useId, useMemo, useRef, useState } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ViewSpec } from '../../../shared/schemas.js';
import { AxisControls } from './AxisControls.js';
import { useViewCheck } from './use-view-check.js';
import { type AxisPlan, assignAxis, bareIndex, fieldPaths, planFromSpec, setFixedIndex, specFromPlan } from './view-model.js';
import './viewbar.css';

type ViewBarProps = Pick<PanelProps, 'client' | 'session' | 'view' | 'viewInfo' | 'onViewChange'>;

function sameSpec(a: ViewSpec, b: ViewSpec): boolean {
  return (a.index ?? '') === (b.index ?? '') && a.rowAxis === b.rowAxis && a.colAxis === b.colAxis && a.field === b.field;
}

export function ViewBar({ client, session, view, viewInfo, onViewChange }: ViewBarProps) {
  const errorId = useId();
  const shape = session.shape;
  const [draft, setDraft] = useState(bareIndex(view.index));
  const [editing, setEditing] = useState(false);
  const remembered = useRef(new Map<number, number>());
  const frame = useRef(0);

  // The applied view changed elsewhere (pickers, shell): the box shows it, ending any typing.
  const [applied, setApplied] = useState(view.index);
  if (applied !== view.index) {
    setApplied(view.index);
    setDraft(bareIndex(view.index));
    setEditing(false);
  }

  const draftSpec = useMemo<ViewSpec>(() => ({ ...view, index: draft }), [view, draft]);
  const draftCheck = useViewCheck(client, session.id, editing && draft !== bareIndex(view.index) ? draftSpec : null);

  const plan = useMemo(() => planFromSpec(view, shape), [view, shape]);
  const fields = useMemo(() => fieldPaths(session.dtype), [session.dtype]);

  const applyPlan = (next: AxisPlan): void => {
    for (const [d, role] of next.roles.entries()) if (role.kind === 'fixed') remembered.current.set(d, role.index);
    const spec = specFromPlan(next, view.field);
    if (!sameSpec(spec, view)) onViewChange(spec);
  };

  const applyDraft = (): void => {
    setEditing(false);
    if (draft.trim() === bareIndex(view.index)) return;
    onViewChange({ ...view, index: draft.trim() });
  };

  const onFix = (axis: number, index: number): void => {
    if (!plan) return;
    cancelAnimationFrame(frame.current);
    // Sliders fire on every pixel; apply at most once a frame.
    frame.current = requestAnimationFrame(() => applyPlan(setFixedIndex(plan, axis, index)));
  };

  // The applied view's own error is shown by the shell under the bar; this one is the draft's.
  const error = draftCheck.state === 'error' ? draftCheck.message : null;
  const preview = editing && draftCheck.state === 'ok' ? draftCheck.info : viewInfo;

  return (
    <div className="viewbar" role="region" aria-label="View">
      <form
        className="viewbar-index"
        onSubmit={(e) => {
          e.preventDefault();
          applyDraft();
        }}
      >
        <label className="viewbar-field">
          Index
          <span className="viewbar-index-box">
            <span className="viewbar-bracket" aria-hidden="true">
              a[
            </span>
            <input
              type="text"
              value={draft}
              placeholder=":"
              spellCheck={false}
              aria-label="Index expression"
              aria-invalid={error !== null}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => {
                setDraft(e.target.value);
                setEditing(true);
              }}
              onBlur={() => {
                if (draft === bareIndex(view.index)) setEditing(false);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setDraft(bareIndex(view.index));
                  setEditing(false);
                }
              }}
            />
            <span className="viewbar-bracket" aria-hidden="true">
              ]
            </span>
          </span>
        </label>
        <button type="submit" disabled={!editing}>
          Apply
        </button>
      </form>
      {shape.length >= 2 &&
        (plan ? (
          <AxisControls shape={shape} plan={plan} onPick={(which, axis) => applyPlan(assignAxis(plan, which, axis, (d) => remembered.current.get(d) ?? 0))} onFix={onFix} />
        ) : (
          <span className="viewbar-note">The index uses None or cannot be read; edit it as text.</span>
        ))}
      {fields.length > 0 && (
        <label className="viewbar-field">
          Field
          <select
            value={view.field ?? ''}
            aria-label="Field"
            onChange={(e) => {
              const { field: _old, ...rest } = view;
              onViewChange(e.target.value === '' ? rest : { ...rest, field: e.target.value });
            }}
          >
            <option value="">all fields</option>
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="viewbar-shape" aria-live="polite">
        {preview ? shapeText(preview.shape, preview.rows, preview.cols, preview.leaves.length) : ''}
      </span>
      {error && (
        <span id={errorId} className="viewbar-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function shapeText(shape: readonly number[], rows: number, cols: number, leaves: number): string {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const dims = `(${shape.map(fmt).join(', ')}${shape.length === 1 ? ',' : ''})`;
  const table = `${fmt(rows)} × ${fmt(cols * Math.max(1, leaves))}`;
  return `shape ${dims} → ${table} table`;
}
