/**
 * The last ten minutes of memory samples, one store per DataClient. The engine pushes a `memory`
 * event about once a second; the store starts listening the first time a memory panel asks for
 * it and keeps listening, so the chart already has history when the panel is opened later.
 *
 * Next to each engine sample it records this page's own JS heap where the browser exposes it
 * (Chromium's non-standard performance.memory); that figure is measured here, in the page.
 */
import type { DataClient } from '../../../shared/client.js';
import type { MemorySample } from '../../../shared/schemas.js';
import type { HistoryPoint } from './chartModel.js';

export const HISTORY_MS = 10 * 60 * 1000;


export interface HistorySnapshot {
  readonly points: readonly HistoryPoint[];
  /** Who holds the mappings: the desktop app's main process or a `serve` process; null until known. */
  readonly host: 'electron' | 'serve' | null;
  /** The latest error from asking for a sample, shown instead of silently stale figures. */
  readonly error: string | null;
}

interface BrowserMemory {
  readonly usedJSHeapSize: number;
}

function pageHeapNow(): number | null {
  const memory = (globalThis.performance as (Performance & { memory?: BrowserMemory }) | undefined)?.memory;
  return memory && Number.isFinite(memory.usedJSHeapSize) ? memory.usedJSHeapSize : null;
}

export class MemoryHistory {
  private snapshot: HistorySnapshot = { points: [], host: null, error: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: DataClient) {
    client.on('memory', (sample) => this.push(sample));
    void this.start();
  }

  get current(): HistorySnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a sample now (after a release, so the drop shows without waiting for the tick). */
  async poll(): Promise<void> {
    const result = await this.client.call('memory', {});
    if (result.ok) this.push(result.value);
    else this.update({ error: `Memory figures are unavailable: ${result.error.message}` });
  }

  private async start(): Promise<void> {
    const hello = await this.client.call('hello', {});
    if (hello.ok) this.update({ host: hello.value.host });
    await this.poll();
  }

  private push(sample: MemorySample): void {
    const last = this.snapshot.points.at(-1);
    if (last && sample.time <= last.sample.time) return; // a polled sample can race the pushed one
    const cutoff = sample.time - HISTORY_MS;
    const kept = this.snapshot.points.filter((p) => p.sample.time >= cutoff);
    this.update({ points: [...kept, { sample, pageHeap: pageHeapNow() }], error: null });
  }

  private update(change: Partial<HistorySnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<DataClient, MemoryHistory>();

export function memoryHistory(client: DataClient): MemoryHistory {
  let store = stores.get(client);
  if (!store) stores.set(client, (store = new MemoryHistory(client)));
  return store;
}
