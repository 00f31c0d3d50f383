/**
 * React glue for the PageCache: one cache per grid, invalidated when the engine announces a
 * change of the session, and a version number that changes (at most once per frame) whenever a
 * page arrives or goes. The context (session, view, page shape) is derived from the props of the
 * render that draws it and passed to every `get`, never remembered from an earlier render.
 */
import { type RefObject, useEffect, useMemo, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import { type PageGeometry, pagesFor } from '../../../shared/paging.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { arrayColumnSpan } from './geometry.js';
import { type CacheContext, type FetchPage, PageCache } from './page-cache.js';
import type { ScrollDirectionPair } from './scroller.js';
import type { Span } from './use-viewport.js';

export function pageFetcher(client: DataClient): FetchPage {
  return (request, signal) => client.call('page', request, { signal });
}

export function usePageCache(
  client: DataClient,
  sessionId: string,
  revision: number,
  info: ViewInfo,
  geometry: PageGeometry | null,
): { cache: PageCache; context: CacheContext | null; version: number } {
  const cache = useMemo(() => new PageCache(pageFetcher(client)), [client]);
  const [version, setVersion] = useState(0);
  const context = useMemo(() => (geometry ? { session: sessionId, view: info.spec, geometry } : null), [sessionId, info.spec, geometry]);

  // Unmounting cancels the reads in flight. (Not dispose(): React may run this cleanup and mount
  // again with the same cache, as StrictMode does in development.)
  useEffect(() => () => cache.cancelAll(), [cache]);

  // Pages arriving re-render the grid at most once per frame; the first one after a quiet spell
  // re-renders at once (no frame of delay before the first values of a view appear).
  useEffect(() => {
    let frame = 0;
    let last = 0;
    const unsubscribe = cache.subscribe(() => {
      if (frame) return;
      const now = performance.now();
      if (now - last > 50) {
        last = now;
        setVersion((v) => v + 1);
        return;
      }
      frame = requestAnimationFrame(() => {
        frame = 0;
        last = performance.now();
        setVersion((v) => v + 1);
      });
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [cache]);

  // The engine emits `session` (with the new revision) after every change of a session's bytes,
  // before the call that made it returns; the shell's session prop carries the same revision.
  useEffect(
    () =>
      client.on('session', (changed) => {
        if (changed.id === sessionId) cache.invalidate(changed.revision);
      }),
    [client, cache, sessionId],
  );
  useEffect(() => cache.invalidate(revision), [cache, revision]);

  return { cache, context, version };
}

/**
 * Keeps the cache reading what the viewport needs, plus one page ahead in the scroll direction;
 * nothing (and every read cancelled) while the grid is hidden.
 */
export function usePagePlan(
  cache: PageCache,
  context: CacheContext | null,
  info: ViewInfo,
  active: boolean,
  rows: Span,
  gridCols: Span,
  direction: RefObject<ScrollDirectionPair>,
  version: number,
): void {
  const { start: row0, end: row1 } = rows;
  const { start: col0, end: col1 } = gridCols;
  useEffect(() => {
    if (!active || !context || row1 <= row0 || col1 <= col0) {
      cache.want(null, { visible: [], prefetch: [] });
      return;
    }
    const cols = arrayColumnSpan(info, { start: col0, end: col1 });
    cache.want(context, pagesFor({ start: row0, end: row1 }, cols, context.geometry, { direction: direction.current, prefetch: 1 }));
    // `version`: a page arrived or went, so the plan is looked at again.
  }, [cache, context, info, active, row0, row1, col0, col1, direction, version]);
}
