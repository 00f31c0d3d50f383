/**
 * The memory panel: RSS of the process holding the mappings against the size of the mapped
 * files, split into what is really allocated (anonymous) and what is reclaimable file cache, so
 * page cache counted in RSS is not taken for a leak. Every figure comes from the engine's
 * `memory` samples (or, for the page's own heap, from the browser); the residency strips and the
 * release/prefetch controls are per mapped file of this window.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { MemorySample, SessionInfo } from '../../../shared/schemas.js';
import { baseName, formatBytes, formatExactBytes, sessionLabel } from '../app/format.js';
import type { PanelProps } from '../app/panel.js';
import { chartModel } from './chartModel.js';
import { type HistorySnapshot, memoryHistory } from './history.js';
import { MappingCard } from './MappingCard.js';
import { MemoryChart } from './MemoryChart.js';
import { OtherMappings, OtherProcesses } from './Processes.js';
import { viewportByteRange } from './ranges.js';
import './MemoryPanel.css';

export const TIPS = {
  rss: 'Resident set size: all RAM pages the process has mapped now, of every kind.',
  anon: 'Anonymous memory: heaps, stacks and buffers the program allocated. No file backs it, so it is what a leak would grow (RssAnon in /proc/self/status).',
  file: 'File-backed memory: pages of files mapped into the process, such as your arrays and the program code. This is the OS page cache: reclaimable, not a leak; the OS drops these pages when it needs the RAM and reads them from the file again when used (RssFile).',
  shmem: 'Shared memory: tmpfs and shared-memory segments (RssShmem).',
  heap: "The JavaScript heap of the process holding the mappings (V8's heapUsed of heapTotal). The mapped files are never on it.",
};

/** The latest history, re-rendering on new samples only while the panel is shown. */
function useHistory(props: PanelProps): HistorySnapshot {
  const store = memoryHistory(props.client);
  const subscribe = useCallback((changed: () => void) => (props.active ? store.subscribe(changed) : () => {}), [store, props.active]);
  return useSyncExternalStore(subscribe, () => store.current);
}

/** This window's sessions, re-listed when the set of mappings in the process changes. */
function useOwnSessions(props: PanelProps, sample: MemorySample | null): SessionInfo[] {
  const [own, setOwn] = useState<SessionInfo[]>([props.session]);
  const ids = sample?.mappings.map((m) => m.session).join(',') ?? '';
  useEffect(() => {
    if (!props.active) return;
    let live = true;
    void props.client.call('listSessions', {}).then((r) => {
      if (live && r.ok) setOwn(r.value);
    });
    return () => {
      live = false;
    };
  }, [props.client, props.active, ids]);
  // The tab's own session first, with its latest info (the list may be a moment older).
  return [props.session, ...own.filter((s) => s.id !== props.session.id)];
}

function Figure(props: { label: string; value: number | null; tip: string; testId: string; note?: string }) {
  return (
    <div className="memory-figure" title={props.tip}>
      <span className="memory-label">{props.label}</span>
      <span className="memory-value" data-testid={props.testId} data-bytes={props.value ?? ''}>
        {props.value === null ? 'n/a' : formatBytes(props.value)}
      </span>
      {props.note && <span className="memory-muted">{props.note}</span>}
    </div>
  );
}

function ProcessFigures({ sample }: { sample: MemorySample }) {
  const split = sample.source === 'proc-status';
  return (
    <div className="memory-figures">
      <Figure label="RSS total" value={sample.rss} tip={`${TIPS.rss} ${formatExactBytes(sample.rss)}`} testId="memory-rss" />
      {split ? (
        <>
          <Figure label="Anonymous (allocated)" value={sample.rssAnon} tip={TIPS.anon} testId="memory-rss-anon" />
          <Figure label="File-backed (page cache)" value={sample.rssFile} tip={TIPS.file} testId="memory-rss-file" />
          <Figure label="Shared" value={sample.rssShmem} tip={TIPS.shmem} testId="memory-rss-shmem" />
        </>
      ) : (
        <div className="memory-figure memory-nosplit" title="Only Linux's /proc/self/status splits RSS into anonymous and file-backed pages.">
          <span className="memory-label">Anonymous / file-backed</span>
          <span className="memory-muted">not reported on this platform: the total above includes both</span>
        </div>
      )}
      <Figure
        label="JS heap used"
        value={sample.heapUsed}
        tip={TIPS.heap}
        testId="memory-heap"
        note={`of ${formatBytes(sample.heapTotal)}; external ${formatBytes(sample.external)}`}
      />
    </div>
  );
}

type Scale = 'auto' | 'linear' | 'log';

export function MemoryPanel(props: PanelProps) {
  const history = useHistory(props);
  const latest = history.points.at(-1)?.sample ?? null;
  const own = useOwnSessions(props, latest);
  const [scale, setScale] = useState<Scale>('auto');
  const names = useMemo(() => new Map(own.map((s) => [s.id, sessionLabel(s)])), [own]);
  const largest = Math.max(0, ...(latest?.mappings.map((m) => m.mapped) ?? []));
  const log = scale === 'log' || (scale === 'auto' && latest !== null && largest > 8 * latest.rss);
  const model = useMemo(() => chartModel(history.points, (id, p) => names.get(id) ?? baseName(p), log), [history.points, names, log]);
  const mappedSize = latest?.mappings.find((m) => m.session === props.session.id)?.mapped ?? props.session.fileSize;
  const viewport = props.viewInfo && props.viewport ? viewportByteRange(props.viewInfo, props.viewport, mappedSize) : null;
  const holder = history.host === 'serve' ? 'the arrayscope serve process' : history.host === 'electron' ? "the desktop app's main process" : 'the engine process';
  const ownIds = new Set(own.map((s) => s.id));
  const poll = () => void memoryHistory(props.client).poll();

  return (
    <div className="memory-panel">
      <header className="memory-header">
        <h3>{`Memory of ${holder}`}</h3>
        <span className="memory-muted">
          {latest
            ? `It holds the file mappings. Figures from ${latest.source === 'proc-status' ? "Linux's /proc/self/status" : "Node's process.memoryUsage() (total only)"}, updated every second.`
            : 'Waiting for the first sample…'}
        </span>
      </header>
      {history.error && (
        <p className="memory-error" role="alert">
          {history.error}
        </p>
      )}
      {latest && <ProcessFigures sample={latest} />}
      <p className="memory-note">
        <strong>File-backed memory is not a leak.</strong> Pages of a mapped file that have been read count in RSS, but they are the operating
        system&apos;s page cache: copies of the file that the OS drops whenever it needs the RAM and reads again when they are used. What the
        program really allocated is the anonymous memory; that is the figure a leak would grow. <em>Release</em> below drops a file&apos;s
        pages from this process at once.
      </p>
      <div className="memory-chart-head">
        <h4>Last 10 minutes</h4>
        <label>
          Scale{' '}
          <select value={scale} onChange={(e) => setScale(e.target.value as Scale)}>
            <option value="auto">{`Automatic (${log ? 'logarithmic' : 'linear'})`}</option>
            <option value="linear">Linear</option>
            <option value="log">Logarithmic</option>
          </select>
        </label>
      </div>
      <MemoryChart model={model} log={log} active={props.active} />
      {latest && <OtherProcesses sample={latest} host={history.host} pageHeap={history.points.at(-1)?.pageHeap ?? null} />}
      <h4 className="memory-section">Mapped files of this window</h4>
      {own.map((info) => (
        <MappingCard
          key={info.id}
          client={props.client}
          info={info}
          sample={latest}
          viewport={info.id === props.session.id ? viewport : null}
          current={info.id === props.session.id}
          active={props.active}
          notify={props.notify}
          pollMemory={poll}
        />
      ))}
      {latest && <OtherMappings sample={latest} exclude={ownIds} />}
    </div>
  );
}
