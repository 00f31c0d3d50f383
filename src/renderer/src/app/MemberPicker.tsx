/**
 * Choosing one array of an .npz archive: name, dtype, shape, size and whether it is stored or
 * compressed. Stored members are mapped in place; a compressed one can only be extracted to a
 * temporary .npy first, which the dialog explains and offers. A member whose header cannot be
 * read shows the engine's error and cannot be chosen.
 */
import { useId } from 'react';
import type { Output } from '../../../shared/contract.js';
import { ErrorText } from './ErrorBanner.js';
import { formatBytes, formatShape } from './format.js';

export type MemberInfo = NonNullable<Output<'probe'>['members']>[number];

export interface MemberPickerProps {
  readonly members: readonly MemberInfo[];
  readonly value: string | null;
  readonly onChange: (name: string) => void;
  readonly onActivate: (name: string) => void;
  readonly disabled?: boolean;
}

export function MemberPicker({ members, value, onChange, onActivate, disabled }: MemberPickerProps) {
  const name = useId();
  if (members.length === 0) return <p className="note note-error">The archive holds no arrays.</p>;
  return (
    <fieldset className="member-picker" disabled={disabled}>
      <legend>Arrays in the archive ({members.length})</legend>
      <div className="member-table-wrap">
        <table className="member-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Choose</span>
              </th>
              <th scope="col">name</th>
              <th scope="col">dtype</th>
              <th scope="col">shape</th>
              <th scope="col" className="num">
                size
              </th>
              <th scope="col">storage</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr
                key={m.name}
                className={`${value === m.name ? 'is-selected' : ''}${m.error ? ' has-error' : ''}`}
                onClick={() => !m.error && !disabled && onChange(m.name)}
                onDoubleClick={() => !m.error && !disabled && onActivate(m.name)}
              >
                <td>
                  <input
                    type="radio"
                    name={name}
                    aria-label={`member ${m.key}`}
                    checked={value === m.name}
                    disabled={m.error !== null}
                    onChange={() => onChange(m.name)}
                  />
                </td>
                <td className="mono">{m.key}</td>
                {m.error ? (
                  <td colSpan={4} className="member-error">
                    <ErrorText error={m.error} />
                  </td>
                ) : (
                  <>
                    <td className="mono">{m.dtypeName}</td>
                    <td className="mono">{m.shape ? formatShape(m.shape) : ''}</td>
                    <td className="num">{formatBytes(m.uncompressedSize)}</td>
                    <td>{m.compressed ? <span className="badge badge-warning">compressed</span> : <span className="badge">stored</span>}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

/** Why a compressed member needs extracting, shown when one is chosen. */
export function ExtractNote({ member }: { member: MemberInfo }) {
  return (
    <p className="note note-info" role="note">
      <strong>{member.key}</strong> is compressed inside the archive, so it cannot be memory-mapped in place. Arrayscope can extract it to a
      temporary .npy file ({formatBytes(member.uncompressedSize)} of disk space) and open that; the file is removed when the tab is closed.
    </p>
  );
}
