/**
 * The open mode, as numpy.memmap names it: `r` (read-only, the default), `c` (copy-on-write:
 * edits stay in memory until Save As) and `r+` (edits write into the file). Modes the host or
 * the format cannot honour are shown disabled with the reason, never hidden.
 */
import { useId } from 'react';

export type PickableMode = 'r' | 'c' | 'r+';

interface ModeChoice {
  readonly mode: PickableMode;
  readonly title: string;
  readonly detail: string;
}

const CHOICES: readonly ModeChoice[] = [
  { mode: 'r', title: 'read-only', detail: 'The file cannot change.' },
  { mode: 'c', title: 'copy-on-write', detail: 'Edit in memory; the file is never changed. Keep edits with Save As.' },
  { mode: 'r+', title: 'read-write', detail: 'Edits are written into the file itself.' },
];

export const READ_ONLY_REASON = 'This server is read-only: only mode r is available (start arrayscope serve with --allow-write to edit).';
const NPZ_REASON = 'Mode r+ is not available for .npz members: writing into the archive would break its checksum (use c and Save As).';

/** Why `mode` cannot be used here, or null when it can. */
export function modeRefusal(mode: PickableMode, allowWrites: boolean, format: 'npy' | 'npz' | 'raw'): string | null {
  if (mode === 'r') return null;
  if (!allowWrites) return READ_ONLY_REASON;
  if (mode === 'r+' && format === 'npz') return NPZ_REASON;
  return null;
}

export interface ModePickerProps {
  readonly value: PickableMode;
  readonly onChange: (mode: PickableMode) => void;
  readonly allowWrites: boolean;
  readonly format: 'npy' | 'npz' | 'raw';
  readonly fileName: string;
  readonly disabled?: boolean;
}

export function ModePicker({ value, onChange, allowWrites, format, fileName, disabled }: ModePickerProps) {
  const name = useId();
  const reasonId = useId();
  const reasons = [...new Set(CHOICES.map((c) => modeRefusal(c.mode, allowWrites, format)).filter((r): r is string => r !== null))];
  return (
    <fieldset className="mode-picker" disabled={disabled}>
      <legend>Open mode</legend>
      <div className="mode-choices">
        {CHOICES.map((choice) => {
          const refused = modeRefusal(choice.mode, allowWrites, format);
          return (
            <label key={choice.mode} className={`mode-choice${value === choice.mode ? ' is-checked' : ''}${refused ? ' is-disabled' : ''}`}>
              <input
                type="radio"
                name={name}
                value={choice.mode}
                checked={value === choice.mode}
                disabled={refused !== null}
                aria-describedby={refused ? reasonId : undefined}
                onChange={() => onChange(choice.mode)}
              />
              <span className="mode-name">
                <code>{choice.mode}</code> {choice.title}
              </span>
              <span className="mode-detail">{choice.detail}</span>
            </label>
          );
        })}
      </div>
      {reasons.length > 0 ? (
        <p id={reasonId} className="hint">
          {reasons.join(' ')}
        </p>
      ) : null}
      {value === 'r+' ? (
        <p className="note note-warning" role="note">
          Mode r+ writes every edit straight into <strong>{fileName}</strong>. Undo works while the tab is open; after that the old values are
          gone. Use c to try changes safely.
        </p>
      ) : null}
    </fieldset>
  );
}
