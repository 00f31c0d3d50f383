/**
 * The live memory chart (uPlot): the last ten minutes of the mapping process's RSS and its split,
 * the JS heap, the other processes, and each mapping's size and resident bytes. The chart is
 * rebuilt only when its series change; otherwise each new sample just feeds it data.
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatBytes } from '../app/format.js';
import type { ChartModel, SeriesDef } from './chartModel.js';
import { HISTORY_MS } from './history.js';

const HEIGHT = 280;
const WINDOW_S = HISTORY_MS / 1000;
const MIN_WINDOW_S = 60;

interface Palette {
  fg: string;
  muted: string;
  border: string;
  anon: string;
  file: string;
  shmem: string;
  heap: string;
  files: string[];
}

function readPalette(el: HTMLElement): Palette {
  const style = getComputedStyle(el);
  const v = (name: string) => style.getPropertyValue(name).trim() || 'gray';
  return {
    fg: v('--fg'),
    muted: v('--fg-muted'),
    border: v('--border'),
    anon: v('--warning'),
    file: v('--ok'),
    shmem: v('--special'),
    heap: v('--accent'),
    files: [v('--accent'), v('--error'), v('--special'), v('--warning'), v('--ok')],
  };
}

function seriesOptions(def: SeriesDef, p: Palette): uPlot.Series {
  const base: uPlot.Series = {
    label: def.label,
    value: (_u, v) => (v === null || v === undefined ? '—' : formatBytes(v)),
    points: { show: false },
    width: 1.5,
  };
  const fileColor = p.files[def.file % p.files.length]!;
  switch (def.kind) {
    case 'rss':
      return { ...base, stroke: p.fg, width: 2 };
    case 'anon':
      return { ...base, stroke: p.anon, width: 2 };
    case 'file':
      return { ...base, stroke: p.file, width: 2 };
    case 'shmem':
      return { ...base, stroke: p.shmem };
    case 'heap':
      return { ...base, stroke: p.heap, dash: [2, 2] };
    case 'process':
      return { ...base, stroke: p.muted, dash: [6, 3] };
    case 'pageHeap':
      return { ...base, stroke: p.muted, dash: [1, 3] };
    case 'mapped':
      return { ...base, stroke: fileColor, dash: [10, 5], width: 1 };
    case 'resident':
      return { ...base, stroke: fileColor, width: 2 };
  }
}

function chartOptions(model: ChartModel, width: number, log: boolean, p: Palette): uPlot.Options {
  const axis = { stroke: p.muted, grid: { stroke: p.border, width: 1 }, ticks: { stroke: p.border, width: 1 } };
  return {
    width,
    height: HEIGHT,
    series: [{ label: 'Time' }, ...model.series.map((s) => seriesOptions(s, p))],
    scales: {
      // The window grows with the history up to ten minutes, so the first minute is not a sliver.
      x: { time: true, range: (_u, min, max) => [max - Math.min(WINDOW_S, Math.max(MIN_WINDOW_S, max - min)), max] },
      y: log ? { distr: 3, log: 2 } : { range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] },
    },
    axes: [axis, { ...axis, size: 72, values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : formatBytes(v))) }],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

export function MemoryChart({ model, log, active }: { model: ChartModel; log: boolean; active: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  // The chart is rebuilt only when the set of series or the scale changes (the signature covers
  // both); each new sample reaches it through setData below, so the model is read, not followed.
  const createChart = useEffectEvent((el: HTMLDivElement, logScale: boolean): uPlot | null => {
    if (model.series.length === 0) return null;
    return new uPlot(chartOptions(model, Math.max(200, el.clientWidth), logScale, readPalette(el)), model.data as uPlot.AlignedData, el);
  });
  const { signature } = model;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = createChart(el, log);
    if (!u) return;
    plot.current = u;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [signature, log]);

  useEffect(() => {
    if (active) plot.current?.setData(model.data as uPlot.AlignedData);
  }, [model, active]);

  return <div className="memory-chart" ref={box} role="img" aria-label="Memory over the last 10 minutes" />;
}
