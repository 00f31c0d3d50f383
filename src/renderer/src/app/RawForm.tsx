/**
 * The raw-open form (numpy.memmap's parameters: dtype, shape, offset, order) with a live preview
 * of the layout the engine would use: the inferred shape, the size it needs against the file's
 * size, or the engine's error. The owner disables Open unless the check says `ok`.
 */
import { useId } from 'react';
import { parseDTypeString } from '../../../shared/dtype.js';
import { ErrorText } from './ErrorBanner.js';
import { formatBytes, formatExactBytes, formatShape } from './format.js';
import { DTYPE_SUGGESTIONS, parseOffsetText, parseShapeField, type RawCheck, type RawFields } from './rawLayout.js';

export interface RawFormProps {
  readonly fields: RawFields;
  readonly onChange: (fields: RawFields) => void;
  readonly check: RawCheck;
  /** From the probe; null when the file could not be probed (the check's answer says it then). */
  readonly fileSize: number | null;
  /** The fields were guessed from the file name (said so, so the user checks them). */
  readonly guessed: boolean;
  readonly disabled?: boolean;
}

export function RawForm({ fields, onChange, check, fileSize, guessed, disabled }: RawFormProps) {
  const id = useId();
  const set = (change: Partial<RawFields>): void => onChange({ ...fields, ...change });
  return (
    <fieldset className="raw-form" disabled={disabled}>
      <legend>Raw layout (as numpy.memmap)</legend>
      {guessed ? <p className="hint">dtype and shape were guessed from the file name; check them.</p> : null}
      <div className="form-grid">
        <label htmlFor={`${id}-dtype`}>dtype</label>
        <div>
          <input
            id={`${id}-dtype`}
            className="text-input mono"
            list={`${id}-dtypes`}
            value={fields.dtype}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => set({ dtype: e.target.value })}
          />
          <datalist id={`${id}-dtypes`}>
            {DTYPE_SUGGESTIONS.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </div>
        <label htmlFor={`${id}-shape`}>shape</label>
        <div>
          <input
            id={`${id}-shape`}
            className="text-input mono"
            value={fields.shape}
            placeholder="inferred 1-D"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-shape-hint`}
            onChange={(e) => set({ shape: e.target.value })}
          />
          <span id={`${id}-shape-hint`} className="field-hint">
            e.g. 1000, 256 · empty: 1-D · one axis may be -1
          </span>
        </div>
        <label htmlFor={`${id}-offset`}>offset</label>
        <div>
          <input
            id={`${id}-offset`}
            className="text-input mono narrow"
            value={fields.offset}
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => set({ offset: e.target.value })}
          />
          <span className="field-hint">bytes before the first element</span>
        </div>
        <span id={`${id}-order`}>order</span>
        <div role="radiogroup" aria-labelledby={`${id}-order`} className="inline-choices">
          {(['C', 'F'] as const).map((order) => (
            <label key={order}>
              <input type="radio" name={`${id}-order`} value={order} checked={fields.order === order} onChange={() => set({ order })} />{' '}
              {order === 'C' ? 'C (row-major)' : 'F (column-major)'}
            </label>
          ))}
        </div>
      </div>
      <LayoutPreview check={check} fields={fields} fileSize={fileSize} />
    </fieldset>
  );
}

/** The bytes a fully given layout needs (offset + elements × itemsize), or null when it cannot be told here. */
function expectedBytes(fields: RawFields): number | null {
  const shape = parseShapeField(fields.shape);
  const offset = parseOffsetText(fields.offset);
  if (!shape.ok || !offset.ok || shape.value === null || shape.value.includes(-1)) return null;
  try {
    const itemsize = parseDTypeString(fields.dtype).itemsize;
    return offset.value + shape.value.reduce((a, b) => a * b, 1) * itemsize;
  } catch {
    return null;
  }
}

function LayoutPreview({ check, fields, fileSize }: { check: RawCheck; fields: RawFields; fileSize: number | null }) {
  const size = check.state === 'ok' ? check.fileSize : fileSize;
  const fileText = size === null ? '—' : `${formatExactBytes(size)} (${formatBytes(size)})`;
  if (check.state === 'ok') {
    const expected = check.options.offset + check.nbytes;
    return (
      <div className={`layout-preview ${check.warning ? 'is-warning' : 'is-ok'}`} aria-live="polite" data-testid="raw-preview">
        <dl className="facts">
          <dt>shape</dt>
          <dd className="mono">{formatShape(check.shape)}</dd>
          <dt>expected size</dt>
          <dd>{formatExactBytes(expected)}</dd>
          <dt>file size</dt>
          <dd>{fileText}</dd>
        </dl>
        {check.warning ? (
          <p className="note note-warning">{check.warning}</p>
        ) : (
          <p className="note note-ok">The layout covers the file exactly.</p>
        )}
      </div>
    );
  }
  const expected = expectedBytes(fields);
  return (
    <div className={`layout-preview ${check.state === 'checking' ? '' : 'is-error'}`} aria-live="polite" data-testid="raw-preview">
      <dl className="facts">
        <dt>expected size</dt>
        <dd>{expected === null ? '—' : formatExactBytes(expected)}</dd>
        <dt>file size</dt>
        <dd>{fileText}</dd>
      </dl>
      {check.state === 'checking' ? <p className="hint">Checking the layout…</p> : null}
      {check.state === 'invalid' ? <p className="note note-error">{check.message}</p> : null}
      {check.state === 'error' ? (
        <p className="note note-error">
          <ErrorText error={check.error} />
        </p>
      ) : null}
    </div>
  );
}
