/**
 * Validates a view spec with the engine (`view`) as the user types, debounced, cancelling the
 * previous check; gives the engine's error verbatim, or the shape the view would have.
 */
import { useEffect, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ViewInfo, ViewSpec } from '../../../shared/schemas.js';

export type ViewCheck = { readonly state: 'idle' | 'checking' } | { readonly state: 'ok'; readonly info: ViewInfo } | { readonly state: 'error'; readonly message: string };

export function useViewCheck(client: DataClient, session: string, spec: ViewSpec | null, delayMs = 150): ViewCheck {
  const [answer, setAnswer] = useState<{ key: string; check: ViewCheck } | null>(null);
  const key = spec ? `${session}\u0001${JSON.stringify(spec)}` : null;
  useEffect(() => {
    if (key === null || spec === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void client.call('view', { session, view: spec }, { signal: controller.signal }).then((r) => {
        if (controller.signal.aborted) return;
        setAnswer({ key, check: r.ok ? { state: 'ok', info: r.value } : { state: 'error', message: r.error.message } });
      });
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for session and spec.
  }, [client, key, delayMs]); // eslint-disable-line react-hooks/exhaustive-deps
  if (key === null) return { state: 'idle' };
  return answer?.key === key ? answer.check : { state: 'checking' };
}
