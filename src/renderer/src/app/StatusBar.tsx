/**
 * The status bar: where the engine is (Electron IPC or the server's socket) and whether it lets
 * files change, the shell's long calls with Cancel, the last message, and a one-line memory
 * readout (the Memory panel has the details).
 */
import type { MemorySample } from '../../../shared/schemas.js';
import { formatBytes, percent } from './format.js';
import type { LongCall } from './useLongCalls.js';

export interface StatusMessage {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

export interface StatusBarProps {
  readonly hostLabel: string;
  readonly readOnly: boolean;
  readonly disconnected: boolean;
  readonly calls: readonly LongCall[];
  readonly message: StatusMessage | null;
  readonly memory: MemorySample | null;
}

export function StatusBar({ hostLabel, readOnly, disconnected, calls, message, memory }: StatusBarProps) {
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-host${disconnected ? ' is-lost' : ''}`} title={disconnected ? 'The connection to the engine is closed' : 'Connected to the engine'}>
        <span className="status-dot" aria-hidden="true" />
        {hostLabel}
      </span>
      {readOnly ? (
        <span className="status-badge" title="This server cannot change files (start it with --allow-write to edit)">
          read-only
        </span>
      ) : null}
      {calls.map((call) => (
        <span key={call.id} className="status-call" role="status">
          <progress max={call.total || undefined} value={call.total ? call.done : undefined} aria-label={call.label} />
          <span className="status-call-label">
            {call.label}… {percent(call.done, call.total)}
          </span>
          <button type="button" className="link-button" onClick={call.cancel}>
            Cancel
          </button>
        </span>
      ))}
      <span className={`status-message${message?.tone === 'error' ? ' is-error' : ''}`} role="status" aria-live="polite" title={message?.text}>
        {message?.text ?? ''}
      </span>
      {memory ? <MemoryReadout sample={memory} /> : null}
    </footer>
  );
}

function MemoryReadout({ sample }: { sample: MemorySample }) {
  const mapped = sample.mappings.reduce((sum, m) => sum + m.mapped, 0);
  const files = sample.mappings.length;
  const title =
    `Engine process resident memory: ${formatBytes(sample.rss)}` +
    (sample.rssFile !== null ? ` (of which mapped file pages: ${formatBytes(sample.rssFile)})` : '') +
    `. ${files} mapped ${files === 1 ? 'file' : 'files'} totalling ${formatBytes(mapped)}: mapping reserves addresses, not memory.`;
  return (
    <span className="status-memory" title={title}>
      RSS {formatBytes(sample.rss)} · files {formatBytes(mapped)}
    </span>
  );
}
