/**
 * React glue for the PageCache: one cache per grid, invalidated when the engine announces a
 * change of the session, and a version number that changes (at most once per frame) whenever a
 * page arrives or goes. The context (session, view, page shape) is derived from the props of the
 * render that draws it and passed to every `get`, never remembered from an earlier render.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { PageGeometry } from '../../../shared/paging.js';
import type { ViewInfo } from '../../../shared/schemas.js';
import { type CacheContext, type FetchPage, PageCache } from './page-cache.js';

export function pageFetcher(client: DataClient): FetchPage {
  return (request, signal) => client.call('page', request, { signal });
}

export function usePageCache(
  client: DataClient,
  sessionId: string,
  info: ViewInfo,
  geometry: PageGeometry | null,
): { cache: PageCache; context: CacheContext | null; version: number } {
  const cache = useMemo(() => new PageCache(pageFetcher(client)), [client]);
  const [version, setVersion] = useState(0);
  const context = useMemo(() => (geometry ? { session: sessionId, view: info.spec, geometry } : null), [sessionId, info.spec, geometry]);

  useEffect(() => () => cache.dispose(), [cache]);

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

  // The engine emits `session` after every change of a session's bytes, before the call returns.
  useEffect(
    () =>
      client.on('session', (changed) => {
        if (changed.id === sessionId) cache.invalidate();
      }),
    [client, cache, sessionId],
  );

  return { cache, context, version };
}
