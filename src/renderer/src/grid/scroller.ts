/**
 * The scroller: a native scroll container whose spacer is capped (see axis.ts, MAX_SCROLL_PX),
 * with the drawn cells in a `position: sticky` layer that never moves. The grid position lives
 * in React state as (row, column) AxisPositions; the native scroll offsets only mirror it:
 *
 * - wheel input is taken over (preventDefault) and moves the position by real pixels, so a
 *   wheel notch scrolls three rows whether the grid has 30 rows or 10^12;
 * - after each render the scroll offsets are set to the position's fraction of the bar, and the
 *   offset written is remembered;
 * - a scroll event at any other offset comes from the user's hand on the bar (drag, click in the
 *   track, middle-click autoscroll): the position jumps to that fraction of the array.
 *
 * So the bar is always proportional, small movements are exact, and no element is ever taller or
 * wider than MAX_SCROLL_PX.
 */
import { type RefObject, useEffect, useEffectEvent, useLayoutEffect, useRef } from 'react';
import { type AxisPosition, type AxisSizes, positionForScrollOffset, type ScrollbarModel, scrollBy, scrollOffsetFor } from './axis.js';

export interface GridPosition {
  readonly row: AxisPosition;
  readonly col: AxisPosition;
}

export interface ScrollerAxes {
  readonly rows: AxisSizes;
  readonly cols: AxisSizes;
  readonly rowBar: ScrollbarModel;
  readonly colBar: ScrollbarModel;
  /** Data viewport in pixels (the scroller's client box minus the header row / index column). */
  readonly viewportHeight: number;
  readonly viewportWidth: number;
  readonly rowHeight: number;
}

export type ScrollDirectionPair = { rows: -1 | 0 | 1; cols: -1 | 0 | 1 };

const LINE_PX = 3; // rows per wheel "line" (deltaMode 1)

/** Wheel delta in pixels along each axis (lines and pages converted; Shift turns vertical into horizontal). */
export function wheelPixels(e: Pick<WheelEvent, 'deltaX' | 'deltaY' | 'deltaMode' | 'shiftKey'>, rowHeight: number, viewport: { width: number; height: number }): { dx: number; dy: number } {
  const unitY = e.deltaMode === 1 ? rowHeight * LINE_PX : e.deltaMode === 2 ? viewport.height : 1;
  const unitX = e.deltaMode === 1 ? rowHeight * LINE_PX : e.deltaMode === 2 ? viewport.width : 1;
  let dx = e.deltaX * unitX;
  let dy = e.deltaY * unitY;
  if (e.shiftKey && dx === 0) [dx, dy] = [dy, 0];
  return { dx, dy };
}

export function useScroller(
  ref: RefObject<HTMLDivElement | null>,
  axes: ScrollerAxes,
  pos: GridPosition,
  onScroll: (update: (pos: GridPosition) => GridPosition, direction: ScrollDirectionPair) => void,
): { onNativeScroll: () => void } {
  const written = useRef({ top: -1, left: -1 });
  const wanted = useRef({ top: -1, left: -1 });
  const pending = useRef({ dx: 0, dy: 0, frame: 0 });

  // Mirror the position onto the native bars after every render that moved it. The offsets last
  // written are remembered, so a render that did not move reads nothing from the DOM (a read of
  // scrollTop would force a synchronous layout).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const top = scrollOffsetFor(axes.rows, pos.row, axes.viewportHeight, axes.rowBar);
    const left = scrollOffsetFor(axes.cols, pos.col, axes.viewportWidth, axes.colBar);
    if (top === wanted.current.top && left === wanted.current.left) return;
    wanted.current = { top, left };
    if (Math.abs(el.scrollTop - top) > 1) el.scrollTop = top;
    if (Math.abs(el.scrollLeft - left) > 1) el.scrollLeft = left;
    written.current = { top: el.scrollTop, left: el.scrollLeft };
  });

  /** Applies the wheel movement gathered during one frame to the latest position. */
  const applyWheel = useEffectEvent(() => {
    const p = pending.current;
    const { dx, dy } = p;
    const direction = { rows: Math.sign(dy) as -1 | 0 | 1, cols: Math.sign(dx) as -1 | 0 | 1 };
    p.dx = 0;
    p.dy = 0;
    p.frame = 0;
    // Relative to the newest position, even when an earlier frame has not rendered yet.
    onScroll(
      (at) => ({ row: scrollBy(axes.rows, at.row, dy, axes.viewportHeight), col: scrollBy(axes.cols, at.col, dx, axes.viewportWidth) }),
      direction,
    );
  });

  const onWheel = useEffectEvent((e: WheelEvent) => {
    if (e.ctrlKey) return; // browser zoom
    e.preventDefault();
    const { dx, dy } = wheelPixels(e, axes.rowHeight, { width: axes.viewportWidth, height: axes.viewportHeight });
    const p = pending.current;
    p.dx += dx;
    p.dy += dy;
    if (!p.frame) p.frame = requestAnimationFrame(() => applyWheel());
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = (e: WheelEvent): void => onWheel(e);
    const p = pending.current;
    el.addEventListener('wheel', listener, { passive: false });
    return () => {
      el.removeEventListener('wheel', listener);
      if (p.frame) cancelAnimationFrame(p.frame);
      p.frame = 0;
    };
  }, [ref]);

  const onNativeScroll = (): void => {
    const el = ref.current;
    if (!el) return;
    const movedTop = Math.abs(el.scrollTop - written.current.top) > 1;
    const movedLeft = Math.abs(el.scrollLeft - written.current.left) > 1;
    if (!movedTop && !movedLeft) return;
    const next = {
      row: movedTop ? positionForScrollOffset(axes.rows, el.scrollTop, axes.viewportHeight, axes.rowBar) : pos.row,
      col: movedLeft ? positionForScrollOffset(axes.cols, el.scrollLeft, axes.viewportWidth, axes.colBar) : pos.col,
    };
    const direction = {
      rows: (movedTop ? Math.sign(el.scrollTop - written.current.top) : 0) as -1 | 0 | 1,
      cols: (movedLeft ? Math.sign(el.scrollLeft - written.current.left) : 0) as -1 | 0 | 1,
    };
    written.current = { top: el.scrollTop, left: el.scrollLeft };
    wanted.current = { top: -1, left: -1 }; // the next render re-syncs the bar to the position
    onScroll(() => next, direction);
  };

  return { onNativeScroll };
}
