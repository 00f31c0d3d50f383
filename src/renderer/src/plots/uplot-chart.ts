/**
 * A uPlot instance owned by a React component: created when its options change, resized (not
 * recreated) when its box changes, destroyed on unmount. Axis and grid colours come from the
 * theme tokens.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotTheme } from './theme.js';

export type ChartSpec = { readonly options: Omit<uPlot.Options, 'width' | 'height'>; readonly data: uPlot.AlignedData };

export function useUPlot(container: RefObject<HTMLDivElement | null>, size: { width: number; height: number }, spec: ChartSpec | null): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  const sizeRef = useRef(size);
  useLayoutEffect(() => {
    sizeRef.current = size;
  });
  const ready = size.width > 0 && size.height > 0;
  useEffect(() => {
    const el = container.current;
    if (!el || !spec || !ready) return;
    const { width, height } = sizeRef.current;
    const u = new uPlot({ ...spec.options, width, height } as uPlot.Options, spec.data, el);
    plot.current = u;
    return () => {
      u.destroy();
      if (plot.current === u) plot.current = null;
    };
  }, [container, spec, ready]);
  const { width, height } = size;
  useEffect(() => {
    if (plot.current && ready) plot.current.setSize({ width, height });
  }, [width, height, ready]);
  return plot;
}

export function axis(theme: PlotTheme, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.muted,
    font: theme.font,
    grid: { stroke: theme.border, width: 1 },
    ticks: { stroke: theme.border, width: 1 },
    ...extra,
  };
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 3 });
const PLAIN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * Tick labels for an axis of element indices: exact below a million, compact above (`1.25M`,
 * `8.59B`), so labels of long columns never run into each other. The readout stays exact.
 */
export function indexTicks(_u: uPlot, splits: number[]): string[] {
  const span = Math.max(...splits.map(Math.abs));
  return splits.map((v) => (span >= 1e6 ? COMPACT.format(v) : PLAIN.format(v)));
}
