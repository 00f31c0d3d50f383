/**
 * Scroll math for one axis of the grid (rows or columns), independent of the DOM.
 *
 * A position is `{ index, offset }`: the item at the viewport's leading edge and how many pixels
 * of it are scrolled past. Keeping the index as an integer (never a pixel total) is what keeps
 * positions exact for any count up to 2^53, where pixel totals (count × 22 px) would not be.
 *
 * Invariants of every position these functions return: `0 ≤ index < max(count, 1)`,
 * `0 ≤ offset < size(index)` (or 0 for an empty axis), and the position is ≤ `endPosition`
 * (the last position that still fills the viewport), compared lexicographically.
 *
 * The native scrollbar is proportional: its fraction is the *fractional index*
 * `index + offset / size(index)` over that of the end position. With uniform sizes and an unscaled
 * scrollbar this is exactly the pixel position, so small grids scroll like any page.
 */

export interface AxisSizes {
  readonly count: number;
  /** Size in pixels of item `i` (> 0). */
  size(i: number): number;
  /** The common size when every item has it (rows), else null (columns with fitted widths). */
  readonly uniform: number | null;
}

export interface AxisPosition {
  readonly index: number;
  readonly offset: number;
}

export const ORIGIN: AxisPosition = { index: 0, offset: 0 };

/** Walking item by item is bounded; beyond it, variable axes step by their average size. */
const MAX_WALK = 20_000;

export function uniformAxis(count: number, size: number): AxisSizes {
  return { count, uniform: size, size: () => size };
}

export function comparePositions(a: AxisPosition, b: AxisPosition): number {
  return a.index !== b.index ? a.index - b.index : a.offset - b.offset;
}

/**
 * The position whose viewport ends exactly at the end of item `endExclusive - 1`, or the origin
 * when items [0, endExclusive) fit in the viewport.
 */
export function positionEndingAt(axis: AxisSizes, endExclusive: number, viewport: number): AxisPosition {
  if (endExclusive <= 0 || viewport <= 0) return ORIGIN;
  if (axis.uniform !== null) {
    const items = Math.ceil(viewport / axis.uniform);
    if (items >= endExclusive) return ORIGIN;
    return normalise(axis, { index: endExclusive - items, offset: items * axis.uniform - viewport });
  }
  let covered = 0;
  for (let i = endExclusive - 1, steps = 0; i >= 0 && steps < MAX_WALK; i--, steps++) {
    covered += axis.size(i);
    if (covered >= viewport) return normalise(axis, { index: i, offset: covered - viewport });
  }
  return ORIGIN;
}

/** The last position that still fills the viewport. */
export function endPosition(axis: AxisSizes, viewport: number): AxisPosition {
  return positionEndingAt(axis, axis.count, viewport);
}

export function clampPosition(axis: AxisSizes, pos: AxisPosition, viewport: number): AxisPosition {
  if (axis.count === 0 || pos.index < 0 || (pos.index === 0 && pos.offset < 0)) return ORIGIN;
  const end = endPosition(axis, viewport);
  return comparePositions(pos, end) > 0 ? end : normalise(axis, pos);
}

/** Keeps 0 ≤ offset < size(index) by carrying whole items into the index (fast for uniform sizes). */
function normalise(axis: AxisSizes, pos: AxisPosition): AxisPosition {
  let { index, offset } = pos;
  if (axis.uniform !== null) {
    const carry = Math.floor(offset / axis.uniform);
    index += carry;
    offset -= carry * axis.uniform;
  } else {
    let steps = 0;
    while (offset < 0 && index > 0 && steps++ < MAX_WALK) offset += axis.size(--index);
    while (index < axis.count - 1 && offset >= axis.size(index) && steps++ < MAX_WALK) offset -= axis.size(index++);
    if (steps >= MAX_WALK) {
      // A huge jump across variable sizes: finish it at the average size of what was walked.
      const average = axis.size(index);
      const carry = Math.floor(offset / average);
      index += carry;
      offset -= carry * average;
    }
  }
  if (index < 0) return ORIGIN;
  if (index >= axis.count) return { index: Math.max(0, axis.count - 1), offset: 0 };
  return { index, offset: Math.max(0, Math.min(offset, axis.size(index) - 1e-9)) };
}

/** Moves by `delta` pixels (wheel, arrow keys), clamped to [origin, end]. */
export function scrollBy(axis: AxisSizes, pos: AxisPosition, delta: number, viewport: number): AxisPosition {
  if (!Number.isFinite(delta) || delta === 0) return clampPosition(axis, pos, viewport);
  return clampPosition(axis, normalise(axis, { index: pos.index, offset: pos.offset + delta }), viewport);
}

function fractionalIndex(axis: AxisSizes, pos: AxisPosition): number {
  return axis.count === 0 ? 0 : pos.index + pos.offset / axis.size(pos.index);
}

/** Where the position lies between the origin (0) and the end position (1). */
export function toFraction(axis: AxisSizes, pos: AxisPosition, viewport: number): number {
  const end = fractionalIndex(axis, endPosition(axis, viewport));
  if (end <= 0) return 0;
  return Math.min(1, Math.max(0, fractionalIndex(axis, pos) / end));
}

/** The position at a fraction of the scroll range; 1 is exactly the end position. */
export function fromFraction(axis: AxisSizes, fraction: number, viewport: number): AxisPosition {
  const end = endPosition(axis, viewport);
  if (!(fraction > 0)) return ORIGIN;
  if (fraction >= 1) return end;
  const target = fractionalIndex(axis, end) * fraction;
  const index = Math.min(Math.floor(target), end.index);
  const pos = { index, offset: (target - index) * axis.size(index) };
  return comparePositions(pos, end) > 0 ? end : normalise(axis, pos);
}

/** An item drawn in the viewport: its index and where it starts (px, may be negative). */
export interface PlacedItem {
  readonly index: number;
  readonly start: number;
  readonly size: number;
}

/** Items that intersect [0, viewport) from `pos`, in order. */
export function placeItems(axis: AxisSizes, pos: AxisPosition, viewport: number): PlacedItem[] {
  const out: PlacedItem[] = [];
  let start = -pos.offset;
  for (let i = pos.index; i < axis.count && start < viewport; i++) {
    const size = axis.size(i);
    out.push({ index: i, start, size });
    start += size;
  }
  return out;
}

/** The half-open index range of `placeItems` (empty when there are none). */
export function visibleSpan(axis: AxisSizes, pos: AxisPosition, viewport: number): { start: number; end: number } {
  const items = placeItems(axis, pos, viewport);
  if (items.length === 0) return { start: pos.index, end: pos.index };
  return { start: items[0]!.index, end: items[items.length - 1]!.index + 1 };
}

/**
 * The nearest position (to `pos`) at which item `index` is fully visible: unchanged when it
 * already is, its leading edge at the viewport start when it lies before, its trailing edge at
 * the viewport end when after. An item larger than the viewport is aligned at its start.
 */
export function revealItem(axis: AxisSizes, pos: AxisPosition, index: number, viewport: number): AxisPosition {
  if (axis.count === 0) return ORIGIN;
  const target = Math.max(0, Math.min(index, axis.count - 1));
  const atStart = clampPosition(axis, { index: target, offset: 0 }, viewport);
  if (comparePositions({ index: target, offset: 0 }, pos) < 0) return atStart;
  const alignedEnd = positionEndingAt(axis, target + 1, viewport);
  if (comparePositions(alignedEnd, pos) <= 0) return pos;
  return axis.size(target) >= viewport ? atStart : clampPosition(axis, alignedEnd, viewport);
}

/** How many whole items fit in the viewport (at least 1): the PageUp/PageDown step. */
export function itemsPerPage(axis: AxisSizes, pos: AxisPosition, viewport: number): number {
  if (axis.uniform !== null) return Math.max(1, Math.floor(viewport / axis.uniform));
  return Math.max(1, placeItems(axis, { index: pos.index, offset: 0 }, viewport).filter((p) => p.start + p.size <= viewport).length);
}

/**
 * Scrollbar geometry. Browsers cap an element's size (Chromium ≈ 33.5 M px, Firefox ≈ 17.9 M px),
 * so the spacer is capped well below both; past the cap the thumb is proportional (`toFraction`),
 * and wheel input moves the position in real pixels rather than through the scaled bar.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface ScrollbarModel {
  /** The spacer length in pixels (content + leading fixed part, capped). */
  readonly length: number;
  /** Whether the bar is scaled (content longer than the cap). */
  readonly scaled: boolean;
}

export function scrollbarModel(totalPx: number, viewport: number): ScrollbarModel {
  const content = Math.max(totalPx, viewport);
  return { length: Math.min(content, MAX_SCROLL_PX), scaled: content > MAX_SCROLL_PX };
}

/** The scrollTop/scrollLeft that shows `pos` on a bar of `length` (viewport excluded). */
export function scrollOffsetFor(axis: AxisSizes, pos: AxisPosition, viewport: number, bar: ScrollbarModel): number {
  const range = Math.max(0, bar.length - viewport);
  // Unscaled rows: the bar is the content itself, pixel for pixel.
  if (axis.uniform !== null && !bar.scaled) return Math.min(range, Math.round(pos.index * axis.uniform + pos.offset));
  return Math.round(toFraction(axis, pos, viewport) * range);
}

/** The position a native scroll offset (scrollbar drag) stands for. */
export function positionForScrollOffset(axis: AxisSizes, scrollOffset: number, viewport: number, bar: ScrollbarModel): AxisPosition {
  const range = Math.max(0, bar.length - viewport);
  if (range === 0) return ORIGIN;
  if (scrollOffset >= range - 0.5) return endPosition(axis, viewport);
  if (axis.uniform !== null && !bar.scaled) {
    const index = Math.floor(scrollOffset / axis.uniform);
    return clampPosition(axis, { index, offset: scrollOffset - index * axis.uniform }, viewport);
  }
  return fromFraction(axis, scrollOffset / range, viewport);
}
