/**
 * The image panel's canvas: draws the tiles that cover the visible part of the 2-D view at the
 * level matching the zoom (coarser tiles already cached fill in while finer ones load), with
 * nearest-neighbour scaling so single elements show as crisp squares. Wheel zooms around the
 * pointer, dragging pans, keys pan/zoom/fit; hovering shows the element's exact value.
 *
 * Transform: `scaleX` / `scaleY` device pixels per element column / row (equal unless the view's
 * shape is too elongated to fit with square cells); (originRow, originCol) is the element
 * position at the canvas's top-left corner. They are exposed as data-* attributes for tests.
 */
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef } from 'react';
import type { ErrorData } from '../../../shared/errors.js';
import { floatStr } from '../../../shared/values/index.js';
import { useElementSize } from './common.js';
import { type Levels, levelsFor, type Reduction, type TileStore, tileRect, tilesCovering } from './image-tiles.js';

export interface Transform {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly originRow: number;
  readonly originCol: number;
}

/** What the canvas shows now, for the status line. */
export interface ImageState extends Transform {
  readonly level: Levels;
  readonly width: number;
  readonly height: number;
  /** Tiles requested but not yet here. */
  readonly loading: number;
  /** The last tile the engine refused, if any. */
  readonly error: ErrorData | null;
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
  /** The side of the zoom overview's finest cells once the engine has built it, else null. */
  readonly overviewBlock: number | null;
  /** The element under the pointer (null when it leaves the image). */
  readonly onHover: (at: { row: number; col: number; x: number; y: number } | null) => void;
  /** Reports the value range of the tiles on screen (used while automatic limits are computed). */
  readonly onVisibleRange: (range: [number, number] | null) => void;
  readonly onState: (t: ImageState) => void;
  /** The transform the panel chose (buttons, earlier gestures), or null to fit the image. */
  readonly transform: Transform | null;
  readonly onTransform: (t: Transform) => void;
  /** The canvas size in device pixels, for the panel's zoom buttons. */
  readonly onSize: (width: number, height: number) => void;
  readonly label: string;
}

const MAX_SCALE = 64;
/** Square cells unless that would leave the image thinner than this fraction of the canvas. */
const MIN_FILL = 0.25;

export function fitTransform(rows: number, cols: number, width: number, height: number): Transform {
  const fx = width / Math.max(cols, 1);
  const fy = height / Math.max(rows, 1);
  const square = Math.min(MAX_SCALE, fx, fy);
  const stretch = square * cols < width * MIN_FILL || square * rows < height * MIN_FILL;
  const scaleX = stretch ? Math.min(MAX_SCALE, fx) : square;
  const scaleY = stretch ? Math.min(MAX_SCALE, fy) : square;
  return { scaleX, scaleY, originRow: (rows - height / scaleY) / 2, originCol: (cols - width / scaleX) / 2 };
}

export function minScaleFor(rows: number, cols: number, width: number, height: number): { scaleX: number; scaleY: number } {
  const fit = fitTransform(rows, cols, width, height);
  return { scaleX: Math.min(1, fit.scaleX / 4), scaleY: Math.min(1, fit.scaleY / 4) };
}

export function zoomAt(t: Transform, factor: number, x: number, y: number, minScale: { scaleX: number; scaleY: number }): Transform {
  const f = Math.min(MAX_SCALE / Math.max(t.scaleX, t.scaleY), Math.max(Math.max(minScale.scaleX / t.scaleX, minScale.scaleY / t.scaleY), factor));
  const scaleX = t.scaleX * f;
  const scaleY = t.scaleY * f;
  const row = t.originRow + y / t.scaleY;
  const col = t.originCol + x / t.scaleX;
  return { scaleX, scaleY, originRow: row - y / scaleY, originCol: col - x / scaleX };
}

/** What one frame draws: the tiles' colours and the part of the image on the canvas. */
interface Frame {
  readonly store: TileStore;
  readonly rows: number;
  readonly cols: number;
  readonly transform: Transform;
  readonly width: number;
  readonly height: number;
  readonly limits: readonly [number, number] | null;
  readonly colorKey: string;
  readonly reduction: Reduction;
  readonly lut: Uint8Array;
  readonly missing: readonly [number, number, number];
  readonly overviewBlock: number | null;
}

/**
 * Draws the tiles covering the canvas (asking the store for the missing ones); returns the tile
 * level drawn and the value range of the wanted tiles on screen (null before any is here).
 */
function drawFrame(ctx: CanvasRenderingContext2D, f: Frame): { level: Levels; visible: [number, number] | null } {
  const { store, rows, cols, width, height } = f;
  const { scaleX, scaleY, originRow, originCol } = f.transform;
  const level = levelsFor(scaleX, scaleY, rows, cols, f.overviewBlock);
  const r1 = originRow + height / scaleY;
  const c1 = originCol + width / scaleX;
  const wanted = tilesCovering(level, originRow, r1, originCol, c1, rows, cols);
  store.want(wanted);
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  ctx.save();
  ctx.beginPath();
  ctx.rect(-originCol * scaleX, -originRow * scaleY, cols * scaleX, rows * scaleY);
  ctx.clip();
  // The value range on screen: the colour limits until automatic ones are known.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of wanted) {
    const values = store.get(t)?.[f.reduction];
    if (!values) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const [a, b] = f.limits ?? (lo <= hi ? [lo, hi] : [0, 1]);
  const colorKey = f.limits ? f.colorKey : `${f.colorKey}|visible ${a} ${b}`;
  // Coarser cached tiles first (placeholders), then the wanted level on top.
  for (let up = 4; up >= 0; up--) {
    const l = { rows: Math.min(level.rows + up, 60), cols: Math.min(level.cols + up, 60) };
    const tiles = up === 0 ? wanted : tilesCovering(l, originRow, r1, originCol, c1, rows, cols);
    for (const t of tiles) {
      const tile = store.get(t);
      const bitmap = tile ? store.bitmap(tile, colorKey, f.reduction, a, b, f.lut, f.missing) : null;
      if (!tile || !bitmap) continue;
      const rect = tileRect(t, rows, cols);
      const w = tile.cols * 2 ** t.level.cols * scaleX;
      const h = tile.rows * 2 ** t.level.rows * scaleY;
      ctx.drawImage(bitmap, (rect.col0 - originCol) * scaleX, (rect.row0 - originRow) * scaleY, w, h);
    }
  }
  ctx.restore();
  return { level, visible: lo <= hi ? [lo, hi] : null };
}

export function ImageCanvas(props: ImageCanvasProps) {
  const { store, rows, cols, colorKey, reduction, lut, missing, overviewBlock } = props;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(size.width * dpr);
  const height = Math.round(size.height * dpr);
  const setTransform = props.onTransform;
  const [tick, bump] = useReducer((n: number) => n + 1, 0);
  const drag = useRef<{ x: number; y: number; t: Transform } | null>(null);
  const minScale = useMemo(() => minScaleFor(rows, cols, width, height), [rows, cols, width, height]);
  // Memoised so `current` is a new object only when the transform or the fit really changes.
  const fitted = useMemo(() => (width > 0 && height > 0 ? fitTransform(rows, cols, width, height) : null), [rows, cols, width, height]);
  const current = props.transform ?? fitted;
  // The limits as numbers: the panel may pass equal limits in a new array.
  const limitLo = props.limits?.[0] ?? null;
  const limitHi = props.limits?.[1] ?? null;

  useEffect(() => store.subscribe(bump), [store]);
  const reportSize = useEffectEvent((w: number, h: number) => props.onSize(w, h));
  useEffect(() => reportSize(width, height), [width, height]);
  const reportFrame = useEffectEvent((visible: [number, number] | null, state: ImageState) => {
    props.onVisibleRange(visible);
    props.onState(state);
  });

  // When the overview arrives, tiles still being reduced from the data are asked for again (at the
  // draw below, which runs after this effect).
  useEffect(() => {
    if (overviewBlock !== null) store.restart();
  }, [store, overviewBlock]);

  // Draw whenever anything visible changes (`tick`: a tile arrived).
  useEffect(() => {
    const el = canvas.current;
    if (!el || !current || width === 0 || height === 0) return;
    el.width = width;
    el.height = height;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    const limits = limitLo !== null && limitHi !== null ? ([limitLo, limitHi] as const) : null;
    const drawn = drawFrame(ctx, { store, rows, cols, transform: current, width, height, limits, colorKey, reduction, lut, missing, overviewBlock });
    reportFrame(drawn.visible, { ...current, level: drawn.level, width, height, loading: store.loading, error: store.error });
  }, [current, width, height, tick, store, rows, cols, colorKey, limitLo, limitHi, reduction, lut, missing, overviewBlock]);

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
  }, [current, dpr, minScale, setTransform]);

  const elementAt = useCallback(
    (clientX: number, clientY: number) => {
      const el = box.current;
      if (!el || !current) return null;
      const rect = el.getBoundingClientRect();
      const x = clientX - rect.left;
      const y = clientY - rect.top;
      const row = Math.floor(current.originRow + (y * dpr) / current.scaleY);
      const col = Math.floor(current.originCol + (x * dpr) / current.scaleX);
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
      const dx = ((e.clientX - d.x) * dpr) / d.t.scaleX;
      const dy = ((e.clientY - d.y) * dpr) / d.t.scaleY;
      setTransform({ ...d.t, originRow: d.t.originRow - dy, originCol: d.t.originCol - dx });
      return;
    }
    props.onHover(elementAt(e.clientX, e.clientY));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!current) return;
    const stepR = height / current.scaleY / 10;
    const stepC = width / current.scaleX / 10;
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
        data-scale-x={current ? String(current.scaleX) : undefined}
        data-scale-y={current ? String(current.scaleY) : undefined}
        data-origin-row={current ? String(current.originRow) : undefined}
        data-origin-col={current ? String(current.originCol) : undefined}
        data-limits={props.limits ? `${floatStr(props.limits[0], 8)},${floatStr(props.limits[1], 8)}` : undefined}
      />
    </div>
  );
}
