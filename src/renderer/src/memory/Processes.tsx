/**
 * Memory outside the mapping process: the desktop app's renderer and GPU processes (Electron's
 * app metrics, in the sample), or, in serve mode, what the server cannot see (the browser) and
 * the page's own JS heap where the browser exposes it. Also mappings of other windows.
 */
import type { MemorySample } from '../../../shared/schemas.js';
import { baseName, formatBytes } from '../app/format.js';
import { RESIDENT_TIP_MINCORE, RESIDENT_TIP_SPLIT } from './MappingCard.js';

export function OtherProcesses({ sample, host, pageHeap }: { sample: MemorySample; host: 'electron' | 'serve' | null; pageHeap: number | null }) {
  if (host === 'serve') {
    return (
      <p className="memory-other" data-testid="memory-browser-note">
        The browser&apos;s own memory is not visible to the server: the figures above are the server process only.{' '}
        {pageHeap !== null
          ? `This page's JavaScript heap: ${formatBytes(pageHeap)} (the browser's performance.memory, rounded by the browser).`
          : 'This browser does not expose the page\u2019s memory.'}
      </p>
    );
  }
  const others = sample.processes.filter((p) => p.type !== 'Browser');
  if (others.length === 0) return null;
  return (
    <table className="memory-table" aria-label="Other processes of the app">
      <caption>Other processes of the app (Electron&apos;s app metrics, working set)</caption>
      <thead>
        <tr>
          <th scope="col">Process</th>
          <th scope="col">PID</th>
          <th scope="col">RSS</th>
        </tr>
      </thead>
      <tbody>
        {others.map((p) => (
          <tr key={p.pid}>
            <td>{p.type === 'Tab' ? 'Renderer (this window or another)' : p.type}</td>
            <td>{p.pid}</td>
            <td className="memory-num">{formatBytes(p.rss)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Mappings this window did not open (other windows or browser tabs): figures only. */
export function OtherMappings({ sample, exclude }: { sample: MemorySample; exclude: ReadonlySet<string> }) {
  const rows = sample.mappings.filter((m) => !exclude.has(m.session));
  if (rows.length === 0) return null;
  const split = sample.source === 'proc-status';
  return (
    <table className="memory-table" aria-label="Files mapped by other windows">
      <caption>Files mapped in the same process by other windows</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Mapped</th>
          <th scope="col" title={split ? RESIDENT_TIP_SPLIT : RESIDENT_TIP_MINCORE}>
            {split ? 'Resident in the process' : 'In RAM'}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.session}>
            <td title={m.path}>{baseName(m.path)}</td>
            <td className="memory-num">{formatBytes(m.mapped)}</td>
            <td className="memory-num">{m.resident === null ? 'not measured yet' : formatBytes(m.resident)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
