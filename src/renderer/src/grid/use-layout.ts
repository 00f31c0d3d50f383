/**
 * Sizes the grid draws with: the row height (theme --row-height), the width of one character of
 * the cell font (for fitting columns), the scroller's client box, the index column width, and the
 * column width model of the current view.
 */
import { type RefObject, useLayoutEffect, useMemo, useReducer, useState } from 'react';
import type { ScalarDType } from '../../../shared/dtype.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { ColumnWidths, CELL_PADDING, defaultChars } from './column-widths.js';
import { viewKey } from './geometry.js';

export interface Metrics {
  readonly rowHeight: number;
  readonly charWidth: number;
}

const FALLBACK: Metrics = { rowHeight: 22, charWidth: 7.8 };

/** --row-height, and the width of '0' in the theme's monospace font at its size (canvas text metrics). */
function readMetrics(): Metrics {
  const root = getComputedStyle(document.documentElement);
  const rowHeight = Number.parseFloat(root.getPropertyValue('--row-height')) || FALLBACK.rowHeight;
  const size = root.getPropertyValue('--font-size').trim() || '13px';
  const family = root.getPropertyValue('--font-mono').trim() || 'monospace';
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return { ...FALLBACK, rowHeight };
  context.font = `${size} ${family}`;
  return { rowHeight, charWidth: context.measureText('0000000000').width / 10 || FALLBACK.charWidth };
}

export function useMetrics(): Metrics {
  const [metrics] = useState(readMetrics);
  return metrics;
}

/** The element's client box (inside its scrollbars), kept up to date by a ResizeObserver. */
export function useClientSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The observer reports the first size as soon as it starts observing.
    const observer = new ResizeObserver(() => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Width of the index column: the widest row number of the view, at least "index". */
export function indexColumnWidth(rows: number, charWidth: number): number {
  const digits = Math.max(5, String(Math.max(0, rows - 1)).length);
  return Math.ceil(digits * charWidth + CELL_PADDING + 4);
}

/**
 * The column widths of a view, recreated when the view changes; `bump` re-renders after the
 * mutable model changed (fitting, dragging).
 */
export function useColumnWidths(info: ViewInfo, charWidth: number): { widths: ColumnWidths; version: number; bump: () => void } {
  const [version, bump] = useReducer((v: number) => v + 1, 0);
  // A new width model per view (its key), not per resolution of the same view: the model is
  // made from this text alone, which is equal for every resolution of one view.
  const model = useMemo(() => {
    const leafWidths = info.leaves.map((l) => defaultChars(l.dtype as ScalarDType) * charWidth + CELL_PADDING);
    return JSON.stringify([viewKey(info.spec), info.cols, leafWidths]);
  }, [info, charWidth]);
  const widths = useMemo(() => {
    const [, cols, leaves] = JSON.parse(model) as [string, number, number[]];
    return ColumnWidths.forLeaves(cols, leaves);
  }, [model]);
  return { widths, version, bump };
}
