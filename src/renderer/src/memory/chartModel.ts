/**
 * Turns the sample history into the chart's series and columns. Every value is an engine (or
 * browser) measurement; a figure the platform does not give (the RSS split outside Linux, a
 * mapping's resident bytes before it was measured) is a gap, never an estimate.
 */
import type { MemorySample } from '../../../shared/schemas.js';

/** One engine sample and, measured in the page when it arrived, the page's own JS heap. */
export interface HistoryPoint {
  readonly sample: MemorySample;
  /** performance.memory.usedJSHeapSize of this page; null where the browser does not expose it. */
  readonly pageHeap: number | null;
}

export type SeriesKind = 'rss' | 'anon' | 'file' | 'shmem' | 'heap' | 'process' | 'pageHeap' | 'mapped' | 'resident';

export interface SeriesDef {
  readonly key: string;
  readonly label: string;
  readonly kind: SeriesKind;
  /** For mapping series: which file (palette index); 0 otherwise. */
  readonly file: number;
  readonly pick: (point: HistoryPoint) => number | null;
}

export interface ChartModel {
  readonly series: readonly SeriesDef[];
  /** uPlot's columns: seconds since the epoch, then one column per series. */
  readonly data: (number | null)[][];
  /** Changes when the set of series changes (the chart is rebuilt then, otherwise only fed data). */
  readonly signature: string;
}

/** Electron's process types (app.getAppMetrics) in words; the main ('Browser') one is the mapping process itself. */
export function processLabel(type: string): string {
  if (type === 'Tab') return 'Renderer processes (RSS)';
  if (type === 'GPU') return 'GPU process (RSS)';
  return `${type} processes (RSS)`;
}

/** Processes other than the one holding the mappings, whose RSS the chart shows summed by type. */
export function otherProcessTypes(sample: MemorySample): string[] {
  return [...new Set(sample.processes.map((p) => p.type).filter((t) => t !== 'Browser'))];
}

function sumOfType(sample: MemorySample, type: string): number | null {
  const of = sample.processes.filter((p) => p.type === type);
  return of.length ? of.reduce((a, p) => a + p.rss, 0) : null;
}

function processSeries(points: readonly HistoryPoint[]): SeriesDef[] {
  const split = points.some((p) => p.sample.source === 'proc-status');
  const out: SeriesDef[] = [
    {
      key: 'rss',
      label: split ? 'RSS total' : 'RSS total (this platform gives no split)',
      kind: 'rss',
      file: 0,
      pick: (p) => p.sample.rss,
    },
  ];
  if (split) {
    out.push(
      { key: 'anon', label: 'Anonymous (allocated)', kind: 'anon', file: 0, pick: (p) => p.sample.rssAnon },
      { key: 'file', label: 'File-backed (page cache)', kind: 'file', file: 0, pick: (p) => p.sample.rssFile },
      { key: 'shmem', label: 'Shared', kind: 'shmem', file: 0, pick: (p) => p.sample.rssShmem },
    );
  }
  out.push({ key: 'heap', label: 'JS heap used', kind: 'heap', file: 0, pick: (p) => p.sample.heapUsed });
  const types = [...new Set(points.flatMap((p) => otherProcessTypes(p.sample)))];
  for (const type of types) {
    out.push({ key: `process:${type}`, label: processLabel(type), kind: 'process', file: 0, pick: (p) => sumOfType(p.sample, type) });
  }
  if (points.some((p) => p.pageHeap !== null)) {
    out.push({ key: 'pageHeap', label: "This page's JS heap (browser)", kind: 'pageHeap', file: 0, pick: (p) => p.pageHeap });
  }
  return out;
}

function mappingSeries(points: readonly HistoryPoint[], name: (session: string, path: string) => string): SeriesDef[] {
  const seen = new Map<string, string>();
  for (const p of points) for (const m of p.sample.mappings) if (!seen.has(m.session)) seen.set(m.session, m.path);
  const out: SeriesDef[] = [];
  let file = 0;
  for (const [session, path] of seen) {
    const label = name(session, path);
    const find = (p: HistoryPoint) => p.sample.mappings.find((m) => m.session === session);
    out.push(
      { key: `mapped:${session}`, label: `${label}: mapped (file size)`, kind: 'mapped', file, pick: (p) => find(p)?.mapped ?? null },
      { key: `resident:${session}`, label: `${label}: resident`, kind: 'resident', file, pick: (p) => find(p)?.resident ?? null },
    );
    file += 1;
  }
  return out;
}

/**
 * `log`: values ≤ 0 become gaps, since a logarithmic axis cannot place them. The name function
 * labels a mapping (file name, member…).
 */
export function chartModel(points: readonly HistoryPoint[], name: (session: string, path: string) => string, log: boolean): ChartModel {
  const series = [...processSeries(points), ...mappingSeries(points, name)];
  const x = points.map((p) => p.sample.time / 1000);
  const columns = series.map((s) =>
    points.map((p) => {
      const v = s.pick(p);
      return v === null || (log && v <= 0) ? null : v;
    }),
  );
  return { series, data: [x, ...columns], signature: `${log}|${series.map((s) => `${s.key}=${s.label}`).join('|')}` };
}
