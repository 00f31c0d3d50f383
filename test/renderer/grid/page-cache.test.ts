import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/shared/errors.js';
import { pageGeometry, pagesFor } from '../../../src/shared/paging.js';
import type { Page, ViewSpec } from '../../../src/shared/schemas.js';
import { type CacheContext, type FetchPage, PageCache, type PageRequestInput } from '../../../src/renderer/src/grid/page-cache.js';

/**
 * A scripted engine: every read waits until the test releases it, and answers with bytes that
 * encode (revision, row, col) so a test can tell which version of which cell it got.
 */
class FakeEngine {
  revision = 0;
  readonly calls: { request: PageRequestInput; signal: AbortSignal; release: () => void; revisionAtRead: number }[] = [];
  readonly fetch: FetchPage = (request, signal) =>
    new Promise<Result<Page>>((resolve) => {
      const call = {
        request,
        signal,
        revisionAtRead: this.revision,
        release: () => resolve({ ok: true, value: this.page(request, call.revisionAtRead) }),
      };
      this.calls.push(call);
    });

  private page(r: PageRequestInput, revision: number): Page {
    const bytes = new Uint8Array(r.rowCount * r.colCount * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < r.rowCount; i++) for (let j = 0; j < r.colCount; j++) view.setInt32((i * r.colCount + j) * 4, revision * 1_000_000 + (r.row0 + i) * 1000 + r.col0 + j, true);
    return { row0: r.row0, rowCount: r.rowCount, col0: r.col0, colCount: r.colCount, itemsize: 4, bytes, revision };
  }

  /** Reads run against the bytes of the moment they are released (like the engine reading at that time). */
  releaseAll(): void {
    for (const c of this.calls.splice(0)) {
      c.revisionAtRead = this.revision;
      c.release();
    }
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const VIEW: ViewSpec = { index: '' };
const geometry = pageGeometry({ rows: 1000, cols: 10 }, 4, { maxPageBytes: 400, maxPageCols: 10 }); // 10 rows × 10 cols per page

const CONTEXT: CacheContext = { session: 's1', view: VIEW, geometry };

function valueAt(cache: PageCache, row: number, col: number, context = CONTEXT): number | undefined {
  const entry = cache.get(context, Math.floor(row / geometry.pageRows), Math.floor(col / geometry.pageCols));
  if (!entry) return undefined;
  const { page, data } = entry;
  return data.getInt32(((row - page.row0) * page.colCount + (col - page.col0)) * 4, true);
}

function setup(maxBytes?: number) {
  const engine = new FakeEngine();
  const cache = new PageCache(engine.fetch, { maxBytes });
  const want = (plan: ReturnType<typeof pagesFor>, context = CONTEXT): void => cache.want(context, plan);
  return { engine, cache, want };
}

describe('PageCache', () => {
  it('fetches visible pages first, then prefetches in the scroll direction', async () => {
    const { engine, cache, want } = setup();
    want(pagesFor({ start: 5, end: 25 }, { start: 0, end: 10 }, geometry, { direction: { rows: 1 }, prefetch: 1 }));
    expect(engine.calls.map((c) => c.request.row0)).toEqual([0, 10, 20, 30]);
    expect(valueAt(cache, 12, 3)).toBeUndefined(); // a placeholder until the page is here
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 12, 3)).toBe(12 * 1000 + 3);
    expect(valueAt(cache, 35, 9)).toBe(35 * 1000 + 9);
  });

  it('cancels reads the viewport no longer needs', async () => {
    const { engine, cache, want } = setup();
    want(pagesFor({ start: 0, end: 20 }, { start: 0, end: 10 }, geometry));
    const first = [...engine.calls];
    want(pagesFor({ start: 500, end: 520 }, { start: 0, end: 10 }, geometry));
    expect(first.every((c) => c.signal.aborted)).toBe(true);
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 0, 0)).toBeUndefined(); // the cancelled answer was not stored
    expect(valueAt(cache, 505, 1)).toBe(505_001);
    expect(cache.stats.cancelled).toBe(2);
  });

  it('never shows a page for another view or session', async () => {
    const { engine, cache, want } = setup();
    const plan = pagesFor({ start: 0, end: 10 }, { start: 0, end: 10 }, geometry);
    want(plan);
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 1, 1)).toBe(1001);
    const reversed = { ...CONTEXT, view: { index: '::-1' } };
    expect(valueAt(cache, 1, 1, reversed)).toBeUndefined();
    want(plan, reversed);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.request.view).toEqual({ index: '::-1' });
    expect(valueAt(cache, 1, 1)).toBe(1001); // still cached for its own view
    expect(valueAt(cache, 1, 1, { ...CONTEXT, session: 's2' })).toBeUndefined();
  });

  it('after an edit hides every page until the revision is known, then drops the older ones', async () => {
    const { engine, cache, want } = setup();
    const plan = pagesFor({ start: 0, end: 20 }, { start: 0, end: 10 }, geometry);
    want(plan);
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 15, 0)).toBe(15_000);

    // A read issued before the edit, answered after it with the old bytes.
    want(pagesFor({ start: 40, end: 50 }, { start: 0, end: 10 }, geometry));
    const staleRead = engine.calls.pop()!;
    engine.revision = 1; // the edit
    cache.invalidate();
    expect(valueAt(cache, 15, 0)).toBeUndefined(); // hidden until verified
    staleRead.release(); // answers with revision 0
    await settle();
    expect(valueAt(cache, 45, 0)).toBeUndefined();

    const probe = engine.calls.find((c) => c.request.rowCount === 0)!;
    expect(probe).toBeDefined();
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 15, 0)).toBeUndefined(); // revision 0 < 1: dropped
    want(plan);
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 15, 0)).toBe(1_000_000 + 15_000);
  });

  it('drops older pages at once when told the new revision, and late answers from before it', async () => {
    const { engine, cache, want } = setup();
    const plan = pagesFor({ start: 0, end: 20 }, { start: 0, end: 10 }, geometry);
    want(plan);
    engine.releaseAll();
    await settle();
    want(pagesFor({ start: 40, end: 50 }, { start: 0, end: 10 }, geometry));
    const lateRead = engine.calls.pop()!; // issued at revision 0
    engine.revision = 3;
    cache.invalidate(3);
    expect(valueAt(cache, 15, 0)).toBeUndefined();
    lateRead.release();
    await settle();
    expect(valueAt(cache, 45, 0)).toBeUndefined();
    cache.invalidate(2); // an older announcement changes nothing
    want(plan);
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 15, 0)).toBe(3_000_000 + 15_000);
    expect(engine.calls.filter((c) => c.request.rowCount === 0)).toHaveLength(0); // no probe needed
  });

  it('keeps its pages when a session event changed nothing (same revision)', async () => {
    const { engine, cache, want } = setup();
    want(pagesFor({ start: 0, end: 10 }, { start: 0, end: 10 }, geometry));
    engine.releaseAll();
    await settle();
    cache.invalidate(); // e.g. flush: announced, but no byte changed
    expect(valueAt(cache, 3, 3)).toBeUndefined();
    engine.releaseAll();
    await settle();
    expect(valueAt(cache, 3, 3)).toBe(3003);
    expect(engine.calls).toHaveLength(0);
  });

  it('stays within its byte bound', async () => {
    const { engine, cache, want } = setup(2000); // five pages of 400 bytes (+ bookkeeping)
    for (let start = 0; start < 500; start += 20) {
      want(pagesFor({ start, end: start + 20 }, { start: 0, end: 10 }, geometry));
      engine.releaseAll();
      await settle();
      expect(cache.bytes).toBeLessThanOrEqual(2000);
    }
    expect(valueAt(cache, 495, 0)).toBe(495_000);
    expect(valueAt(cache, 0, 0)).toBeUndefined();
  });
});
