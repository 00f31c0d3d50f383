/**
 * Tells the shell what the grid shows: the visible rows and grid columns (throttled, so fast
 * scrolling does not re-render the whole app every frame) and the current column.
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import type { PanelProps } from '../app/panel.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { splitGridColumn } from './geometry.js';

const VIEWPORT_REPORT_MS = 120;

export function useReporting(
  props: Pick<PanelProps, 'onViewport' | 'onSelect'>,
  info: ViewInfo,
  rows: { start: number; end: number },
  cols: { start: number; end: number },
  activeCol: number | null,
): void {
  const report = useEffectEvent((viewport: { rows: [number, number]; cols: [number, number] }) => props.onViewport(viewport));
  const select = useEffectEvent((col: number, leaf: number) => props.onSelect({ col, leaf }));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ rows: [number, number]; cols: [number, number] } | null>(null);
  const sent = useRef('');

  useEffect(() => {
    if (rows.end <= rows.start) return;
    pending.current = { rows: [rows.start, rows.end], cols: [cols.start, cols.end] };
    if (timer.current) return;
    const flush = (): void => {
      timer.current = null;
      const next = pending.current;
      if (!next) return;
      const text = JSON.stringify(next);
      if (text === sent.current) return;
      sent.current = text;
      report(next);
    };
    if (sent.current === '') flush();
    else timer.current = setTimeout(flush, VIEWPORT_REPORT_MS);
  }, [rows.start, rows.end, cols.start, cols.end]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const { col, leaf } = activeCol === null ? { col: -1, leaf: -1 } : splitGridColumn(info, activeCol);
  useEffect(() => {
    if (col >= 0) select(col, leaf);
  }, [col, leaf]);
}
