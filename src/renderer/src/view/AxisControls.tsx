/**
 * Axis pickers: which array axis is shown as rows and which as columns, and for every other axis
 * the index it is fixed at (a number input and a slider, kept in step).
 */
import { useState } from 'react';
import type { AxisPlan } from './view-model.js';

export interface AxisControlsProps {
  readonly shape: readonly number[];
  readonly plan: AxisPlan;
  readonly onPick: (which: 'row' | 'col', axis: number | null) => void;
  readonly onFix: (axis: number, index: number) => void;
}

export function AxisControls({ shape, plan, onPick, onFix }: AxisControlsProps) {
  const axisName = (d: number): string => `axis ${d} (${shape[d]!.toLocaleString('en-US')})`;
  return (
    <div className="viewbar-axes">
      <label className="viewbar-field">
        Rows
        <select value={plan.rowAxis ?? ''} onChange={(e) => onPick('row', e.target.value === '' ? null : Number(e.target.value))} aria-label="Row axis">
          {shape.map((_, d) => (
            <option key={d} value={d}>
              {axisName(d)}
            </option>
          ))}
        </select>
      </label>
      <label className="viewbar-field">
        Columns
        <select value={plan.colAxis ?? ''} onChange={(e) => onPick('col', e.target.value === '' ? null : Number(e.target.value))} aria-label="Column axis">
          <option value="">none (one column)</option>
          {shape.map((_, d) => (
            <option key={d} value={d}>
              {axisName(d)}
            </option>
          ))}
        </select>
      </label>
      {plan.roles.map((role, d) =>
        role.kind === 'fixed' ? <FixedAxis key={d} axis={d} size={shape[d]!} index={role.index} onFix={onFix} /> : null,
      )}
    </div>
  );
}

function FixedAxis({ axis, size, index, onFix }: { axis: number; size: number; index: number; onFix: (axis: number, index: number) => void }) {
  const [text, setText] = useState(String(index));
  // A new index from outside (slider, another picker) replaces what the box shows.
  const [shown, setShown] = useState(index);
  if (shown !== index) {
    setShown(index);
    setText(String(index));
  }
  const parsed = Number(text);
  const valid = text.trim() !== '' && Number.isSafeInteger(parsed) && parsed >= -size && parsed < size;
  const apply = (value: number): void => onFix(axis, value < 0 ? value + size : value);
  return (
    <div className="viewbar-fixed" role="group" aria-label={`Fixed axis ${axis}`}>
      <label className="viewbar-field">
        <span>axis {axis}</span>
        <input
          type="number"
          className="viewbar-number"
          min={-size}
          max={size - 1}
          step={1}
          value={text}
          aria-label={`Index along axis ${axis}`}
          aria-invalid={!valid}
          title={valid ? undefined : `an index along axis ${axis} is an integer from ${-size} to ${size - 1}`}
          onChange={(e) => {
            setText(e.target.value);
            const n = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isSafeInteger(n) && n >= -size && n < size) apply(n);
          }}
        />
      </label>
      <input
        type="range"
        className="viewbar-slider"
        min={0}
        max={Math.max(0, size - 1)}
        step={1}
        value={index}
        aria-label={`Slider for axis ${axis}`}
        onChange={(e) => apply(Number(e.target.value))}
      />
      <span className="viewbar-of">/ {(size - 1).toLocaleString('en-US')}</span>
    </div>
  );
}
