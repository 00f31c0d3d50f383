/**
 * The two ways to prefetch part of a file: the table's viewport widened by a margin, or a typed
 * offset and length ("32 GB", "0x1000"). Input that cannot be read is refused with a message
 * saying why, never guessed.
 */
import { type FormEvent, useState } from 'react';
import { formatExactBytes } from '../app/format.js';
import { type ByteRange, parseByteCount, widen } from './ranges.js';

const PREFETCH_TIP =
  'Asks the OS to read the range into its page cache ahead of use (madvise MADV_WILLNEED). The strip shows it arrive; RSS grows only when the pages are used.';

export interface PrefetchFormsProps {
  readonly name: string;
  readonly mapped: number;
  /** The table's viewport in bytes, or null (another tab's file, or nothing shown yet). */
  readonly viewport: ByteRange | null;
  readonly busy: boolean;
  readonly onPrefetch: (range: ByteRange) => void;
}

export function PrefetchForms({ name, mapped, viewport, busy, onPrefetch }: PrefetchFormsProps) {
  const [margin, setMargin] = useState('16 MB');
  const [offset, setOffset] = useState('0');
  const [length, setLength] = useState('64 MB');
  const [error, setError] = useState<string | null>(null);

  const aroundViewport = (e: FormEvent) => {
    e.preventDefault();
    const m = parseByteCount(margin);
    if (!m.ok) return setError(m.message);
    if (!viewport) return setError(`The table has not shown any rows of ${name} yet.`);
    setError(null);
    onPrefetch(widen(viewport, m.value, mapped));
  };

  const typedRange = (e: FormEvent) => {
    e.preventDefault();
    const o = parseByteCount(offset);
    if (!o.ok) return setError(o.message);
    const l = parseByteCount(length);
    if (!l.ok) return setError(l.message);
    if (o.value >= mapped) return setError(`Offset ${formatExactBytes(o.value)} is past the end of ${name} (${formatExactBytes(mapped)})`);
    if (l.value === 0) return setError('Length must be more than 0 bytes.');
    setError(null);
    onPrefetch([o.value, Math.min(mapped, o.value + l.value)]);
  };

  return (
    <>
      <form className="mapping-form" onSubmit={aroundViewport}>
        <label>
          Viewport ±
          <input value={margin} onChange={(e) => setMargin(e.target.value)} size={8} aria-label="Margin around the viewport" />
        </label>
        <button type="submit" disabled={busy || !viewport} title={viewport ? PREFETCH_TIP : 'Only for the file this tab shows, once the table has drawn'}>
          Prefetch around viewport
        </button>
      </form>
      <form className="mapping-form" onSubmit={typedRange}>
        <label>
          Offset
          <input value={offset} onChange={(e) => setOffset(e.target.value)} size={10} aria-label="Prefetch offset" />
        </label>
        <label>
          Length
          <input value={length} onChange={(e) => setLength(e.target.value)} size={8} aria-label="Prefetch length" />
        </label>
        <button type="submit" disabled={busy} title={PREFETCH_TIP}>
          Prefetch range
        </button>
      </form>
      {error && (
        <p className="memory-error mapping-form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
