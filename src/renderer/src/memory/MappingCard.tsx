/**
 * One mapped file of this window: its size and resident bytes (from the engine's memory sample),
 * its residency strip, and the controls: release its resident pages, prefetch around the
 * viewport or a typed range. After a release the card shows the figures before and now, so the
 * user watches RSS fall.
 */
import { useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { MemorySample, SessionInfo } from '../../../shared/schemas.js';
import { formatBytes, formatExactBytes, sessionLabel } from '../app/format.js';
import { PrefetchForms } from './PrefetchForms.js';
import type { ByteRange } from './ranges.js';
import { ResidencyStrip } from './ResidencyStrip.js';

export const RESIDENT_TIP_SPLIT =
  "Bytes of this file mapped into the process now: the kernel's count for this mapping (/proc/self/smaps Rss), part of the file-backed RSS. Measured every second or so (less often when measuring is slow).";
export const RESIDENT_TIP_MINCORE = 'Pages of this file in RAM now (mincore), whether this process or the OS cache holds them.';

interface Released {
  readonly time: number;
  readonly rssFile: number | null;
  readonly resident: number | null;
}

export interface MappingCardProps {
  readonly client: DataClient;
  readonly info: SessionInfo;
  readonly sample: MemorySample | null;
  /** The table's viewport in bytes; only for the file of the current tab. */
  readonly viewport: ByteRange | null;
  readonly current: boolean;
  readonly active: boolean;
  readonly notify: (message: string, tone?: 'info' | 'error') => void;
  /** Asks the engine for a fresh memory sample. */
  readonly pollMemory: () => void;
}

function Figure({ label, value, tip, testId }: { label: string; value: number | null; tip: string; testId: string }) {
  return (
    <div className="mapping-figure" title={tip}>
      <span className="memory-label">{label}</span>
      <span className="memory-value" data-testid={testId} data-bytes={value ?? ''}>
        {value === null ? 'not measured yet' : formatBytes(value)}
      </span>
    </div>
  );
}

export function MappingCard(props: MappingCardProps) {
  const { client, info, sample, viewport, current, notify } = props;
  const [pollKey, setPollKey] = useState(0);
  const [released, setReleased] = useState<Released | null>(null);
  const [busy, setBusy] = useState(false);
  const figure = sample?.mappings.find((m) => m.session === info.id) ?? null;
  const mapped = figure?.mapped ?? info.fileSize;
  const split = sample?.source === 'proc-status';
  const name = sessionLabel(info);

  const [evict, setEvict] = useState(false);
  const release = async () => {
    setBusy(true);
    const before: Released = { time: Date.now(), rssFile: sample?.rssFile ?? null, resident: figure?.resident ?? null };
    const r = await client.call('release', { session: info.id, evict });
    setBusy(false);
    if (!r.ok) return notify(`Could not release ${name}: ${r.error.message}`, 'error');
    setReleased(before);
    setPollKey((k) => k + 1);
    props.pollMemory();
  };

  const prefetch = async (range: ByteRange) => {
    setBusy(true);
    const r = await client.call('prefetch', { session: info.id, offset: range[0], length: range[1] - range[0] });
    setBusy(false);
    if (!r.ok) return notify(`Could not prefetch ${name}: ${r.error.message}`, 'error');
    notify(`Prefetching ${formatBytes(range[1] - range[0])} of ${name} from byte ${range[0].toLocaleString('en-US')}`);
    setPollKey((k) => k + 1);
  };

  return (
    <section className={`mapping-card${current ? ' mapping-current' : ''}`} aria-label={`Memory of ${name}`}>
      <header className="mapping-head">
        <h4 title={info.path}>{name}</h4>
        <span className="memory-muted">{`mode ${info.mode}${current ? ' · this tab' : ''}`}</span>
      </header>
      <div className="mapping-figures">
        <Figure label="File size" value={info.fileSize} tip={formatExactBytes(info.fileSize)} testId="mapping-file-size" />
        <Figure label="Mapped" value={mapped} tip="Address space reserved for the file. Not memory in use: only pages that are touched take RAM." testId="mapping-mapped" />
        <Figure
          label={split ? 'Resident in this process' : 'In RAM'}
          value={figure?.resident ?? null}
          tip={split ? RESIDENT_TIP_SPLIT : RESIDENT_TIP_MINCORE}
          testId="mapping-resident"
        />
      </div>
      <ResidencyStrip
        client={client}
        session={info.id}
        fileName={name}
        mappedSize={mapped}
        viewport={viewport}
        active={props.active}
        pollKey={pollKey}
      />
      <div className="mapping-controls">
        <button
          type="button"
          onClick={() => void release()}
          disabled={busy}
          title={`Drops this file's pages from the process (madvise MADV_DONTNEED): RSS falls. Nothing is lost; pages are read again from the file when needed.${info.mode === 'c' ? ' Pages holding your unsaved edits (mode c) are kept.' : ''}`}
        >
          Release resident pages
        </button>
        <label className="memory-evict" title="Also asks the OS to drop this file's pages from its page cache (posix_fadvise DONTNEED), so the strip empties too. Other programs reading the file will read it from disk again.">
          <input type="checkbox" checked={evict} onChange={(e) => setEvict(e.target.checked)} /> also drop from the OS page cache
        </label>
        <PrefetchForms name={name} mapped={mapped} viewport={viewport} busy={busy} onPrefetch={(range) => void prefetch(range)} />
      </div>
      {released && <ReleaseOutcome released={released} sample={sample} resident={figure?.resident ?? null} split={split} />}
    </section>
  );
}

function ReleaseOutcome(props: { released: Released; sample: MemorySample | null; resident: number | null; split: boolean }) {
  const { released, sample, resident, split } = props;
  const show = (v: number | null) => (v === null ? '?' : formatBytes(v));
  return (
    <p className="memory-released" role="status" data-testid="release-outcome">
      {`Released at ${new Date(released.time).toLocaleTimeString()}: `}
      {released.rssFile !== null && `file-backed RSS ${show(released.rssFile)} → ${show(sample?.rssFile ?? null)} now; `}
      {`this file ${split ? 'resident in the process' : 'in RAM'} ${show(released.resident)} → ${show(resident)} now.`}
    </p>
  );
}
