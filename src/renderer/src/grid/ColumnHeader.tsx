/**
 * A column header: the leaf path or column number, a button opening the column's format menu,
 * and a handle to resize the column by dragging (double-click the handle to fit it again).
 */
import { useEffect, useRef, useState } from 'react';
import { type FormatMode, type FormatOptions, MAX_PRECISION } from '../../../shared/values/index.js';

export interface ColumnHeaderProps {
  readonly gridCol: number;
  readonly label: string;
  readonly width: number;
  readonly formatted: boolean;
  readonly onOpenMenu: (gridCol: number) => void;
  readonly onResize: (gridCol: number, width: number | null) => void;
}

export function ColumnHeader({ gridCol, label, width, formatted, onOpenMenu, onResize }: ColumnHeaderProps) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <>
      <span className="grid-colheader-text" title={label}>
        {label}
      </span>
      <button
        type="button"
        className={`grid-colmenu-button${formatted ? ' formatted' : ''}`}
        aria-label={`Display format of column ${label}`}
        aria-haspopup="menu"
        onPointerDown={(e) => e.stopPropagation()}
        onClick={(e) => {
          e.stopPropagation();
          onOpenMenu(gridCol);
        }}
      >
        ▾
      </button>
      <span
        className="grid-resize-handle"
        aria-hidden="true"
        onPointerDown={(e) => {
          e.stopPropagation();
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, width };
        }}
        onPointerMove={(e) => {
          if (drag.current) onResize(gridCol, drag.current.width + e.clientX - drag.current.x);
        }}
        onPointerUp={(e) => {
          drag.current = null;
          e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onDoubleClick={(e) => {
          e.stopPropagation();
          onResize(gridCol, null);
        }}
      />
    </>
  );
}

const MODE_LABELS: Record<FormatMode, string> = {
  auto: 'Auto (numpy str)',
  fixed: 'Fixed precision',
  scientific: 'Scientific',
  hex: 'Hexadecimal',
  binary: 'Binary',
  bytes: 'Raw bytes',
};

export interface FormatMenuProps {
  readonly label: string;
  readonly left: number;
  readonly top: number;
  readonly modes: readonly FormatMode[];
  readonly format: FormatOptions;
  readonly onChange: (format: FormatOptions) => void;
  readonly onClose: () => void;
}

/** The column's display format: numpy's text, fixed/scientific with a precision, hex, binary or bytes. */
export function FormatMenu({ label, left, top, modes, format, onChange, onClose }: FormatMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [precision, setPrecision] = useState(format.precision ?? 6);
  useEffect(() => {
    ref.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
    const onDown = (e: PointerEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [onClose]);
  const withPrecision = format.mode === 'fixed' || format.mode === 'scientific';
  return (
    <div
      ref={ref}
      className="grid-popover grid-format-menu"
      role="dialog"
      aria-label={`Display format of column ${label}`}
      style={{ left, top }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
      }}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <fieldset>
        <legend>Format of {label}</legend>
        {modes.map((mode) => (
          <label key={mode} className="grid-menu-option">
            <input
              type="radio"
              name="grid-format"
              checked={format.mode === mode}
              onChange={() => onChange(mode === 'fixed' || mode === 'scientific' ? { mode, precision } : { mode })}
            />
            {MODE_LABELS[mode]}
          </label>
        ))}
      </fieldset>
      {withPrecision && (
        <label className="grid-menu-precision">
          Digits
          <input
            type="number"
            min={0}
            max={MAX_PRECISION}
            value={precision}
            onChange={(e) => {
              const p = Math.min(MAX_PRECISION, Math.max(0, Math.trunc(Number(e.target.value) || 0)));
              setPrecision(p);
              onChange({ mode: format.mode, precision: p });
            }}
          />
        </label>
      )}
      <div className="grid-menu-actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
