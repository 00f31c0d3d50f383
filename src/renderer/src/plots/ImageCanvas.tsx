/**
 * The image panel's canvas: draws the tiles that cover the visible part of the 2-D view at the
 * level matching the zoom (coarser tiles already cached fill in while finer ones load), with
 * nearest-neighbour scaling so single elements show as crisp squares. Wheel zooms around the
 * pointer, dragging pans, keys pan/zoom/fit; hovering shows the element's exact value.
 *
 * Transform: `scale` device pixels per element; (originRow, originCol) is the element position
 * at the canvas's top-left corner. They are exposed as data-* attributes for tests and tools.
 */
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { floatStr } from '../../../shared/values/index.js';
import { useElementSize } from './common.js';
import { levelFor, type Reduction, type TileStore, tileRect, tilesCovering } from './image-tiles.js';

export interface Transform {
  readonly scale: number;
  readonly originRow: number;
  readonly originCol: number;
}

/** What the canvas shows now, for the status line. */
export interface ImageState extends Transform {
  readonly level: number;
  readonly width: number;
  readonly height: number;
  /** Tiles requested but not yet here. */
  readonly loading: number;
}

export interface ImageCanvasProps {
  readonly store: TileStore;
  readonly rows: number;
  readonly cols: number;
  readonly lut: Uint8Array;
  readonly colorKey: string;
  readonly limits: readonly [number, number] | null;
  readonly reduction: Reduction;
  readonly missing: readonly [number, number, number];
  /** The element under the pointer (null when it leaves the image). */
  readonly onHover: (at: { row: number; col: number; x: number; y: number } | null) => void;
  /** Reports the value range of the tiles on screen (used while automatic limits are computed). */
  readonly onVisibleRange: (range: [number, number] | null) => void;
  readonly onTransform: (t: ImageState) => void;
  readonly command: { readonly name: 'fit' | 'one' | 'in' | 'out'; readonly seq: number } | null;
  readonly label: string;
}

const MAX_SCALE = 64;

function fitTransform(rows: number, cols: number, width: number, height: number): Transform {
  const scale = Math.min(MAX_SCALE, width / Math.max(cols, 1), height / Math.max(rows, 1));
  return { scale, originRow: (rows - height / scale) / 2, originCol: (cols - width / scale) / 2 };
}

function zoomAt(t: Transform, factor: number, x: number, y: number, minScale: number): Transform {
  const scale = Math.min(MAX_SCALE, Math.max(minScale, t.scale * factor));
  const row = t.originRow + y / t.scale;
  const col = t.originCol + x / t.scale;
  return { scale, originRow: row - y / scale, originCol: col - x / scale };
}

export function ImageCanvas(props: ImageCanvasProps) {
  const { store, rows, cols } = props;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(size.width * dpr);
  const height = Math.round(size.height * dpr);
  const [transform, setTransform] = useState<Transform | null>(null);
  const [tick, bump] = useReducer((n: number) => n + 1, 0);
  const drag = useRef<{ x: number; y: number; t: Transform } | null>(null);
  const minScale = Math.min(1, fitTransform(rows, cols, width, height).scale / 4);
  const current = transform ?? (width > 0 && height > 0 ? fitTransform(rows, cols, width, height) : null);

  useEffect(() => {
    store.changedListener = bump;
    return () => {
      store.changedListener = null;
    };
  }, [store]);

  useEffect(() => {
    if (!props.command || width === 0) return;
    const t = current ?? fitTransform(rows, cols, width, height);
    const name = props.command.name;
    if (name === 'fit') setTransform(fitTransform(rows, cols, width, height));
    else if (name === 'one') setTransform({ scale: dpr, originRow: t.originRow + height / t.scale / 2 - height / dpr / 2, originCol: t.originCol + width / t.scale / 2 - width / dpr / 2 });
    else setTransform(zoomAt(t, name === 'in' ? 2 : 0.5, width / 2, height / 2, minScale));
  }, [props.command?.seq]); // eslint-disable-line react-hooks/exhaustive-deps

  // Draw whenever anything visible changes.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !current || width === 0 || height === 0) return;
    el.width = width;
    el.height = height;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    const { scale, originRow, originCol } = current;
    const level = levelFor(scale, rows, cols);
    const r1 = originRow + height / scale;
    const c1 = originCol + width / scale;
    const wanted = tilesCovering(level, originRow, r1, originCol, c1, rows, cols);
    store.want(wanted);
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = false;
    ctx.save();
    ctx.beginPath();
    ctx.rect(-originCol * scale, -originRow * scale, cols * scale, rows * scale);
    ctx.clip();
    // The value range on screen: the colour limits until automatic ones are known.
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of wanted) {
      const values = store.get(t)?.[props.reduction];
      if (!values) continue;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const [a, b] = props.limits ?? (lo <= hi ? [lo, hi] : [0, 1]);
    const colorKey = props.limits ? props.colorKey : `${props.colorKey}|visible ${a} ${b}`;
    // Coarser cached tiles first (placeholders), then the wanted level on top.
    for (let l = Math.min(level + 4, 40); l >= level; l--) {
      const tiles = l === level ? wanted : tilesCovering(l, originRow, r1, originCol, c1, rows, cols);
      for (const t of tiles) {
        const tile = store.get(t);
        const bitmap = tile ? store.bitmap(tile, colorKey, props.reduction, a, b, props.lut, props.missing) : null;
        if (!tile || !bitmap) continue;
        const rect = tileRect(t, rows, cols);
        const block = 2 ** t.level;
        ctx.drawImage(bitmap, (rect.col0 - originCol) * scale, (rect.row0 - originRow) * scale, tile.cols * block * scale, tile.rows * block * scale);
      }
    }
    ctx.restore();
    props.onVisibleRange(lo <= hi ? [lo, hi] : null);
    props.onTransform({ ...current, level, width, height, loading: store.loading });
  }, [current?.scale, current?.originRow, current?.originCol, width, height, tick, props.colorKey, props.limits?.[0], props.limits?.[1], props.reduction, store]); // eslint-disable-line react-hooks/exhaustive-deps

  // Wheel zoom around the pointer (a non-passive listener, so the page does not scroll).
  useEffect(() => {
    const el = box.current;
    if (!el || !current) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      setTransform(zoomAt(current, Math.exp(-e.deltaY * 0.0015), (e.clientX - rect.left) * dpr, (e.clientY - rect.top) * dpr, minScale));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [current, dpr, minScale]);

  const elementAt = useCallback(
    (clientX: number, clientY: number) => {
      const el = box.current;
      if (!el || !current) return null;
      const rect = el.getBoundingClientRect();
      const x = clientX - rect.left;
      const y = clientY - rect.top;
      const row = Math.floor(current.originRow + (y * dpr) / current.scale);
      const col = Math.floor(current.originCol + (x * dpr) / current.scale);
      return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col, x, y } : null;
    },
    [current, dpr, rows, cols],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!current || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, t: current };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) {
      const dx = ((e.clientX - d.x) * dpr) / d.t.scale;
      const dy = ((e.clientY - d.y) * dpr) / d.t.scale;
      setTransform({ ...d.t, originRow: d.t.originRow - dy, originCol: d.t.originCol - dx });
      return;
    }
    props.onHover(elementAt(e.clientX, e.clientY));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!current) return;
    const stepR = height / current.scale / 10;
    const stepC = width / current.scale / 10;
    const pan: Record<string, [number, number]> = { ArrowUp: [-stepR, 0], ArrowDown: [stepR, 0], ArrowLeft: [0, -stepC], ArrowRight: [0, stepC] };
    if (pan[e.key]) {
      const [dr, dc] = pan[e.key]!;
      setTransform({ ...current, originRow: current.originRow + dr, originCol: current.originCol + dc });
    } else if (e.key === '+' || e.key === '=') setTransform(zoomAt(current, 2, width / 2, height / 2, minScale));
    else if (e.key === '-') setTransform(zoomAt(current, 0.5, width / 2, height / 2, minScale));
    else if (e.key === '0') setTransform(fitTransform(rows, cols, width, height));
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={box}
      className="image-canvas-box"
      role="img"
      tabIndex={0}
      aria-label={`${props.label}. Drag or use the arrow keys to pan; the wheel, + and − zoom; 0 fits the image.`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerLeave={() => props.onHover(null)}
      onKeyDown={onKeyDown}
    >
      <canvas
        ref={canvas}
        className="image-canvas"
        data-scale={current ? String(current.scale) : undefined}
        data-origin-row={current ? String(current.originRow) : undefined}
        data-origin-col={current ? String(current.originCol) : undefined}
        data-limits={props.limits ? `${floatStr(props.limits[0], 8)},${floatStr(props.limits[1], 8)}` : undefined}
      />
    </div>
  );
}
