/**
 * Per-process memory for the memory panel (ServiceOptions.processMetrics): the renderer, GPU and
 * utility processes that Node's own numbers in the main process cannot see.
 */
import { app, type ProcessMetric } from 'electron';

export interface ProcessSample {
  type: string;
  pid: number;
  /** Resident set size in bytes (Electron reports the working set in kilobytes). */
  rss: number;
}

export function toProcessSamples(metrics: readonly ProcessMetric[]): ProcessSample[] {
  return metrics.map((m) => ({
    type: m.type,
    pid: m.pid,
    rss: Math.max(0, Math.round((m.memory?.workingSetSize ?? 0) * 1024)),
  }));
}

export function processMetrics(): ProcessSample[] {
  return toProcessSamples(app.getAppMetrics());
}
