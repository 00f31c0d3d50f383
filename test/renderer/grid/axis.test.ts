import { describe, expect, it } from 'vitest';
import {
  type AxisPosition,
  comparePositions,
  endPosition,
  fromFraction,
  itemsPerPage,
  MAX_SCROLL_PX,
  placeItems,
  positionForScrollOffset,
  revealItem,
  scrollbarModel,
  scrollBy,
  scrollOffsetFor,
  toFraction,
  uniformAxis,
  visibleSpan,
} from '../../../src/renderer/src/grid/axis.js';
import { ColumnWidths } from '../../../src/renderer/src/grid/column-widths.js';

const ROW = 22;

describe('uniform axes (rows)', () => {
  it('ends exactly at the last row for counts up to 2^53', () => {
    for (const count of [1e12, 2 ** 33, 2 ** 53]) {
      const axis = uniformAxis(count, ROW);
      expect(endPosition(axis, 880)).toEqual({ index: count - 40, offset: 0 });
      expect(endPosition(axis, 881)).toEqual({ index: count - 41, offset: 41 * ROW - 881 });
      const span = visibleSpan(axis, endPosition(axis, 881), 881);
      expect(span.end).toBe(count);
      const placed = placeItems(axis, endPosition(axis, 881), 881);
      const last = placed[placed.length - 1]!;
      expect(last.start + last.size).toBe(881); // the last row ends at the viewport's edge
    }
  });

  it('keeps everything at the origin when the rows fit', () => {
    const axis = uniformAxis(10, ROW);
    expect(endPosition(axis, 500)).toEqual({ index: 0, offset: 0 });
    expect(scrollBy(axis, { index: 0, offset: 0 }, 1000, 500)).toEqual({ index: 0, offset: 0 });
    expect(toFraction(axis, { index: 0, offset: 0 }, 500)).toBe(0);
  });

  it('scrolls by exact pixels anywhere in 10^12 rows, clamped at both ends', () => {
    const axis = uniformAxis(1e12, ROW);
    const mid: AxisPosition = { index: 5e11, offset: 0 };
    expect(scrollBy(axis, mid, 5, 880)).toEqual({ index: 5e11, offset: 5 });
    expect(scrollBy(axis, mid, 3 * ROW + 1, 880)).toEqual({ index: 5e11 + 3, offset: 1 });
    expect(scrollBy(axis, mid, -1, 880)).toEqual({ index: 5e11 - 1, offset: ROW - 1 });
    expect(scrollBy(axis, { index: 0, offset: 3 }, -100, 880)).toEqual({ index: 0, offset: 0 });
    expect(scrollBy(axis, mid, 1e15, 880)).toEqual(endPosition(axis, 880));
  });

  it('maps fractions to positions and back; 0 and 1 are exactly the ends', () => {
    const axis = uniformAxis(1e12, ROW);
    expect(fromFraction(axis, 0, 880)).toEqual({ index: 0, offset: 0 });
    expect(fromFraction(axis, 1, 880)).toEqual(endPosition(axis, 880));
    for (const f of [0.1, 0.25, 0.5, 0.999999]) {
      const pos = fromFraction(axis, f, 880);
      expect(toFraction(axis, pos, 880)).toBeCloseTo(f, 9);
    }
  });

  it('without scaling, the bar offset is the exact pixel offset and maps back', () => {
    const axis = uniformAxis(10_000, ROW);
    const bar = scrollbarModel(10_000 * ROW, 880);
    expect(bar.scaled).toBe(false);
    const pos = { index: 1234, offset: 7 };
    expect(scrollOffsetFor(axis, pos, 880, bar)).toBe(1234 * ROW + 7);
    expect(positionForScrollOffset(axis, 1234 * ROW + 7, 880, bar)).toEqual(pos);
  });

  it('caps the bar below every browser limit for 10^12 rows, and its end is the last row', () => {
    const axis = uniformAxis(1e12, ROW);
    const bar = scrollbarModel(1e12 * ROW, 880);
    expect(bar.scaled).toBe(true);
    expect(bar.length).toBe(MAX_SCROLL_PX);
    expect(MAX_SCROLL_PX).toBeLessThan(17_800_000);
    expect(positionForScrollOffset(axis, bar.length - 880, 880, bar)).toEqual(endPosition(axis, 880));
    const half = positionForScrollOffset(axis, (bar.length - 880) / 2, 880, bar);
    expect(Math.abs(half.index - (1e12 - 40) / 2)).toBeLessThan(1e12 / MAX_SCROLL_PX);
  });

  it('reveals a row with the least movement', () => {
    const axis = uniformAxis(1000, ROW);
    const at = { index: 100, offset: 0 };
    expect(revealItem(axis, at, 110, 220)).toEqual({ index: 101, offset: 0 }); // rows 100..109 are visible
    expect(revealItem(axis, at, 105, 220)).toBe(at);
    expect(revealItem(axis, at, 120, 220)).toEqual({ index: 111, offset: 0 });
    expect(revealItem(axis, at, 50, 220)).toEqual({ index: 50, offset: 0 });
    expect(revealItem(axis, { index: 100, offset: 5 }, 100, 220)).toEqual({ index: 100, offset: 0 });
    expect(revealItem(axis, at, 999, 220)).toEqual(endPosition(axis, 220));
    expect(itemsPerPage(axis, at, 230)).toBe(10);
  });
});

describe('variable axes (columns)', () => {
  const widths = (): ColumnWidths => {
    const w = ColumnWidths.forLeaves(500, [50, 80]); // 1000 columns, alternating 50, 80
    w.setDragged(3, 200);
    return w;
  };

  it('keeps the total in step with fitted and dragged widths', () => {
    const w = widths();
    expect(w.total()).toBe(500 * 130 + 120);
    expect(w.fit(3, 500)).toBe(false); // dragged wins over fitting
    expect(w.fit(4, 40)).toBe(false); // fitting never shrinks
    expect(w.fit(4, 90)).toBe(true);
    expect(w.total()).toBe(500 * 130 + 120 + 40);
    w.setDragged(3, null);
    expect(w.size(3)).toBe(80);
    expect(w.total()).toBe(500 * 130 + 40);
  });

  it('walks variable widths for scrolling, the end and placing', () => {
    const w = widths();
    expect(scrollBy(w, { index: 0, offset: 0 }, 50 + 80 + 50 + 10, 400)).toEqual({ index: 3, offset: 10 });
    expect(scrollBy(w, { index: 3, offset: 10 }, -20, 400)).toEqual({ index: 2, offset: 40 });
    const end = endPosition(w, 400);
    const placed = placeItems(w, end, 400);
    expect(placed[placed.length - 1]!.index).toBe(999);
    const last = placed[placed.length - 1]!;
    expect(last.start + last.size).toBeCloseTo(400, 9);
    expect(comparePositions(fromFraction(w, 1, 400), end)).toBe(0);
    expect(revealItem(w, { index: 0, offset: 0 }, 3, 300)).toEqual({ index: 1, offset: 30 });
    expect(revealItem(w, { index: 0, offset: 0 }, 3, 200)).toEqual({ index: 3, offset: 0 }); // as wide as the viewport
  });
});
