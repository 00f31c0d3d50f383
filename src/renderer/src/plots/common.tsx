/**
 * Pieces the plot panels share: a long engine call with progress and Cancel (`useTask`), its
 * progress row, and the pickers for what to reduce (scope) and how to read complex values (part).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CallOptions } from '../../../shared/client.js';
import type { ErrorData, Result } from '../../../shared/errors.js';
import { ErrorText } from '../app/ErrorBanner.js';
import { PART_LABELS, type Part, type Scope } from './targets.js';

export interface TaskState<T> {
  readonly running: boolean;
  readonly value: T | null;
  readonly error: ErrorData | null;
  readonly done: number;
  readonly total: number;
  /** What the running or last call was for (the key given to `run`); value and error belong to it. */
  readonly key: string | null;
}

const IDLE = { running: false, value: null, error: null, done: 0, total: 0, key: null };

/**
 * One long call at a time: `run` cancels the previous one. A cancelled call ends quietly (no
 * error shown); its stale result never overwrites a newer one.
 */
export function useTask<T>() {
  const [state, setState] = useState<TaskState<T>>(IDLE);
  const current = useRef<AbortController | null>(null);
  const run = useCallback(async (key: string, call: (options: CallOptions) => Promise<Result<T>>): Promise<Result<T> | null> => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState((s) => ({ running: true, value: s.key === key ? s.value : null, error: null, done: 0, total: 0, key }));
    const onProgress = (done: number, total: number) => {
      if (current.current === controller) setState((s) => ({ ...s, done, total }));
    };
    const result = await call({ signal: controller.signal, onProgress });
    if (current.current !== controller) return null;
    current.current = null;
    if (result.ok) setState({ running: false, value: result.value, error: null, done: 0, total: 0, key });
    else setState((s) => ({ ...s, running: false, error: result.error.kind === 'cancelled' ? null : result.error }));
    return result;
  }, []);
  const cancel = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setState((s) => ({ ...s, running: false, done: 0, total: 0 }));
  }, []);
  const reset = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setState(IDLE);
  }, []);
  useEffect(() => () => current.current?.abort(), []);
  return { state, run, cancel, reset };
}

export function ProgressRow({ label, done, total, onCancel }: { label: string; done: number; total: number; onCancel: () => void }) {
  const fraction = total > 0 ? Math.min(1, done / total) : null;
  return (
    <div className="plot-progress" role="status">
      <span>{label}</span>
      <progress max={1} value={fraction ?? undefined} aria-label={label} />
      <span className="plot-progress-figure">{fraction === null ? '' : `${Math.floor(fraction * 100)} %`}</span>
      <button type="button" className="button button-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function PlotError({ error, what }: { error: ErrorData; what: string }) {
  return (
    <p className="note note-error plot-error" role="alert">
      <strong>{what}: </strong>
      <ErrorText error={error} />
    </p>
  );
}

export function ScopePicker({ scope, onChange, columnText, disabled }: { scope: Scope; onChange: (s: Scope) => void; columnText: string; disabled?: boolean }) {
  const name = useId();
  const options: [Scope, string][] = [
    ['column', columnText],
    ['view', 'Whole view'],
    ['array', 'Whole array'],
  ];
  return (
    <fieldset className="plot-choice" disabled={disabled}>
      <legend className="visually-hidden">Values to use</legend>
      {options.map(([value, text]) => (
        <label key={value}>
          <input type="radio" name={name} value={value} checked={scope === value} onChange={() => onChange(value)} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}

export function PartPicker({ part, onChange }: { part: Part; onChange: (p: Part) => void }) {
  const id = useId();
  return (
    <label className="plot-field" htmlFor={id}>
      Complex values
      <select id={id} value={part} onChange={(e) => onChange(e.target.value as Part)}>
        {(Object.keys(PART_LABELS) as Part[]).map((p) => (
          <option key={p} value={p}>
            {PART_LABELS[p]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The size of an element in CSS pixels, kept up to date by a ResizeObserver. */
export function useElementSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const rect = el.getBoundingClientRect();
      setSize((s) => (s.width === Math.floor(rect.width) && s.height === Math.floor(rect.height) ? s : { width: Math.floor(rect.width), height: Math.floor(rect.height) }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
