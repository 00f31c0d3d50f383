/**
 * One file as a strip, one bucket per device pixel: how much of each part of the file is in RAM
 * now (the engine's `residency`, i.e. mincore). It is re-measured every ~1.5 s while the panel
 * is shown and the strip is on screen, so it follows scrolling, plotting and scans live. The
 * table's viewport is marked on it.
 */
import { type MouseEvent, type RefObject, useEffect, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import { formatBytes } from '../app/format.js';
import { type ByteRange, meanFraction } from './ranges.js';

const POLL_MS = 1500;
const STRIP_TIP =
  "Each column is a slice of the file; its height is the share of that slice's pages in RAM now (mincore). Those pages are read from RAM, not from disk. The outline marks the rows the table shows.";
const HEIGHT_CSS = 30;
const MAX_BUCKETS = 4096; // the engine's limit per call

interface Measured {
  readonly fractions: Float64Array;
  readonly sampled: boolean;
  /** False when the OS hides page-cache residency from this user (see the residency contract). */
  readonly reliable: boolean;
  readonly time: number;
}

export interface ResidencyStripProps {
  readonly client: DataClient;
  readonly session: string;
  readonly fileName: string;
  readonly mappedSize: number;
  readonly viewport: ByteRange | null;
  readonly active: boolean;
  /** Changing it re-measures at once (after a release or prefetch). */
  readonly pollKey: number;
}

function useVisibleWidth(ref: RefObject<HTMLElement | null>): { width: number; visible: boolean } {
  const [width, setWidth] = useState(0);
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const resize = new ResizeObserver(() => setWidth(el.clientWidth));
    const seen = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    resize.observe(el);
    seen.observe(el);
    setWidth(el.clientWidth);
    return () => {
      resize.disconnect();
      seen.disconnect();
    };
  }, [ref]);
  return { width, visible };
}

function useResidency(props: ResidencyStripProps, buckets: number, visible: boolean) {
  const [measured, setMeasured] = useState<Measured | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { client, session, active, pollKey } = props;
  useEffect(() => {
    if (!active || !visible || buckets < 1) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = performance.now();
      const r = await client.call('residency', { session, buckets }, { signal: abort.signal });
      if (abort.signal.aborted) return;
      if (!r.ok) {
        setError(r.error.message); // e.g. residency is not available on this platform: stop asking
        return;
      }
      setError(null);
      setMeasured({ fractions: r.value.fractions, sampled: r.value.sampled, reliable: r.value.reliable, time: Date.now() });
      // Huge files are sampled by the engine, but keep measuring to ≤ 5% of the time anyway.
      timer = setTimeout(() => void tick(), Math.max(POLL_MS, 20 * (performance.now() - started)));
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [client, session, buckets, active, visible, pollKey]);
  return { measured, error };
}

function draw(canvas: HTMLCanvasElement, fractions: Float64Array): void {
  const dpr = window.devicePixelRatio || 1;
  const height = Math.round(HEIGHT_CSS * dpr);
  canvas.width = fractions.length;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const style = getComputedStyle(canvas);
  ctx.fillStyle = style.getPropertyValue('--bg-alt').trim() || '#eee';
  ctx.fillRect(0, 0, canvas.width, height);
  ctx.fillStyle = style.getPropertyValue('--ok').trim() || 'green';
  fractions.forEach((f, i) => {
    if (!(f > 0)) return; // NaN: the bucket holds no bytes; 0: nothing in RAM
    const h = Math.max(1, Math.round(f * height));
    ctx.fillRect(i, height - h, 1, h);
  });
}

export function ResidencyStrip(props: ResidencyStripProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, visible } = useVisibleWidth(wrap);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.round(width * dpr)));
  const { measured, error } = useResidency(props, width > 0 ? buckets : 0, visible);
  const [hover, setHover] = useState<string | null>(null);
  const { mappedSize, viewport, fileName } = props;

  useEffect(() => {
    if (canvas.current && measured) draw(canvas.current, measured.reliable ? measured.fractions : new Float64Array(measured.fractions.length).fill(NaN));
  }, [measured]);

  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    if (!measured || !wrap.current) return;
    const x = (e.clientX - wrap.current.getBoundingClientRect().left) / wrap.current.clientWidth;
    const i = Math.min(measured.fractions.length - 1, Math.max(0, Math.floor(x * measured.fractions.length)));
    const f = measured.fractions[i]!;
    const at = Math.floor((i / measured.fractions.length) * mappedSize);
    setHover(`near byte ${at.toLocaleString('en-US')} (${formatBytes(at)}): ${Number.isNaN(f) ? 'no data' : `${Math.round(f * 100)}% of pages in RAM`}`);
  };

  const mean = measured ? meanFraction(measured.fractions) : null;
  const summary = measured && !measured.reliable
    ? 'unknown: the OS reports page-cache residency only for files this user owns or may write'
    : mean === null
      ? 'measuring…'
      : `${measured?.sampled ? '≈ ' : ''}${(mean * 100).toFixed(mean > 0 && mean < 0.01 ? 2 : 0)}% of the file in RAM (${formatBytes(mean * mappedSize)} of ${formatBytes(mappedSize)})`;
  const marker = viewport && mappedSize > 0 ? { left: (viewport[0] / mappedSize) * 100, width: ((viewport[1] - viewport[0]) / mappedSize) * 100 } : null;

  return (
    <div className="residency">
      <div className="residency-title" title={STRIP_TIP}>
        <span className="memory-label">Pages of the file in RAM now</span>
        <span className="memory-muted">(the OS page cache, whichever process read them; RSS counts only the pages this process maps)</span>
      </div>
      <div
        className="residency-strip"
        ref={wrap}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        title={STRIP_TIP}
      >
        {error ? (
          <div className="residency-error" role="status">{`Residency of ${fileName}: ${error}`}</div>
        ) : (
          <canvas ref={canvas} className="residency-canvas" role="img" aria-label={`Pages of ${fileName} in RAM: ${summary}`} />
        )}
        {marker && (
          <div className="residency-viewport" style={{ left: `${marker.left}%`, width: `${marker.width}%` }} title="The rows the table shows now" />
        )}
      </div>
      <div className="residency-scale">
        <span>0</span>
        <span>{formatBytes(mappedSize)}</span>
      </div>
      <div className="residency-caption" aria-live="polite">
        <span className="residency-summary" data-testid="residency-summary">{summary}</span>
        {measured && (
          <span className="memory-muted">
            {` · measured ${new Date(measured.time).toLocaleTimeString()}`}
            {measured.sampled ? ' from evenly spaced pages (the file is large)' : ', every page counted'}
          </span>
        )}
        {viewport && <span className="memory-muted">{` · viewport at ${formatBytes(viewport[0])} – ${formatBytes(viewport[1])} into the file`}</span>}
        {hover && <span className="residency-hover">{` · ${hover}`}</span>}
      </div>
    </div>
  );
}
