/**
 * The uPlot chart of the series panel. Each plotted column is two series (bucket min and max)
 * with the band between them filled, so a zoomed-out column shows its full envelope and raw
 * points (min = max) show as a line. The x scale is owned by the panel: drag-select and the wheel
 * zoom, shift+wheel (or a horizontal wheel) and the arrow keys pan, double-click and Home reset;
 * every change is reported through onRange and the panel fetches finer data for it.
 */
import { type KeyboardEvent, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { clampRange } from './series-data.js';
import { plotTheme, seriesColor, withAlpha } from './theme.js';
import { axis, type ChartSpec, indexTicks, useUPlot } from './uplot-chart.js';
import { useElementSize } from './common.js';

export interface ChartColumn {
  readonly label: string;
  /** Integers and booleans are drawn as steps. */
  readonly step: boolean;
}

export interface SeriesChartProps {
  readonly columns: readonly ChartColumn[];
  readonly data: uPlot.AlignedData | null;
  readonly range: readonly [number, number];
  readonly length: number;
  readonly logY: boolean;
  readonly timeY: boolean;
  readonly axisWord: string;
  readonly onRange: (range: [number, number]) => void;
  readonly onCursor: (index: number | null) => void;
  /** The plot's width in CSS pixels (the panel asks for one bucket per device pixel). */
  readonly onWidth: (width: number) => void;
  readonly label: string;
}

const WHEEL_ZOOM = 0.0015;

export function SeriesChart(props: SeriesChartProps) {
  const { columns, data, range, length, logY, timeY } = props;
  const box = useRef<HTMLDivElement>(null);
  const size = useElementSize(box);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  // The chart is rebuilt when its structure changes (the panel passes new column objects on
  // every render); the spec is made from the structure's text so it depends on nothing else.
  const structure = JSON.stringify([columns, logY, timeY, props.axisWord]);
  const spec = useMemo((): ChartSpec => {
    const [lines, log, time, axisWord] = JSON.parse(structure) as [ChartColumn[], boolean, boolean, string];
    const theme = plotTheme();
    const series: uPlot.Series[] = [{ label: axisWord }];
    const bands: uPlot.Band[] = [];
    lines.forEach((c, i) => {
      const color = seriesColor(theme, i);
      const paths = c.step ? uPlot.paths.stepped!({ align: 1 }) : undefined;
      series.push({ label: `${c.label} min`, stroke: color, width: 1, spanGaps: false, points: { show: false }, ...(paths ? { paths } : {}) });
      series.push({ label: `${c.label} max`, stroke: color, width: 1, spanGaps: false, points: { show: false }, ...(paths ? { paths } : {}) });
      bands.push({ series: [2 * i + 2, 2 * i + 1], fill: withAlpha(color, 0.35) });
    });
    return {
      data: [[], ...lines.flatMap(() => [[], []])],
      options: {
        scales: { x: { time: false, auto: false }, y: { ...(log ? { distr: 3 } : {}), ...(time ? { time: true } : { time: false }) } },
        series,
        bands,
        axes: [axis(theme, { space: 80, values: indexTicks }), axis(theme, { size: time ? 90 : 70 })],
        legend: { show: false },
        cursor: {
          drag: { x: true, y: false, setScale: false },
          points: { show: false },
          bind: { dblclick: () => () => null },
        },
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width > 2) {
                const lo = u.posToVal(u.select.left, 'x');
                const hi = u.posToVal(u.select.left + u.select.width, 'x');
                latest.current.onRange(clampRange(lo, hi, latest.current.length));
              }
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            },
          ],
          setCursor: [
            (u) => {
              const left = u.cursor.left ?? -1;
              if (left < 0) return;
              const x = u.posToVal(left, 'x');
              latest.current.onCursor(Math.min(latest.current.length - 1, Math.max(0, Math.round(x))));
            },
          ],
        },
      },
    };
  }, [structure]);
  const plot = useUPlot(box, size, spec);
  // useUPlot (re)creates the uPlot instance when `spec` changes or the box first gets a size; the
  // effects below that work on the instance list both, so they run again on a new instance.
  const ready = size.width > 0 && size.height > 0;

  const reportWidth = useEffectEvent((width: number) => props.onWidth(width));
  useEffect(() => reportWidth(size.width), [size.width]);

  // New data or a new range: show the data, then put the x scale where the panel wants it.
  const [min, max] = range;
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    if (data) u.setData(data, true);
    u.setScale('x', { min, max });
  }, [plot, data, min, max, spec, ready]);

  // Wheel: zoom around the cursor; shift or a horizontal wheel pans. Double-click resets.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const over = u.over;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const [lo, hi] = latest.current.range;
      const span = hi - lo;
      const { length: n, onRange } = latest.current;
      const horizontal = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (horizontal) {
        const delta = ((e.shiftKey ? e.deltaY : e.deltaX) / over.clientWidth) * span;
        onRange(clampRange(lo + delta, hi + delta, n));
        return;
      }
      const at = u.posToVal(e.offsetX, 'x');
      const factor = Math.exp(e.deltaY * WHEEL_ZOOM);
      onRange(clampRange(at - (at - lo) * factor, at + (hi - at) * factor, n));
    };
    const onDoubleClick = () => latest.current.onRange([0, latest.current.length]);
    over.addEventListener('wheel', onWheel, { passive: false });
    over.addEventListener('dblclick', onDoubleClick);
    return () => {
      over.removeEventListener('wheel', onWheel);
      over.removeEventListener('dblclick', onDoubleClick);
    };
  }, [plot, spec, ready]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const [lo, hi] = range;
    const span = hi - lo;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [lo - span / 10, hi - span / 10],
      ArrowRight: [lo + span / 10, hi + span / 10],
      '+': [lo + span / 4, hi - span / 4],
      '=': [lo + span / 4, hi - span / 4],
      '-': [lo - span / 2, hi + span / 2],
      Home: [0, length],
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    props.onRange(e.key === 'Home' ? [0, length] : clampRange(move[0], move[1], length));
  };

  return (
    <div
      ref={box}
      className="plot-chart series-chart"
      role="img"
      tabIndex={0}
      aria-label={`${props.label}. Arrow keys pan, + and − zoom, Home shows every ${props.axisWord}.`}
      onKeyDown={onKeyDown}
    />
  );
}
