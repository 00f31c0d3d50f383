/**
 * Validates a view spec with the engine (`view`) as the user types, debounced, cancelling the
 * previous check; gives the engine's error verbatim, or the shape the view would have.
 */
import { useEffect, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ViewInfo, ViewSpec } from '../../../shared/schemas.js';

export type ViewCheck = { readonly state: 'idle' | 'checking' } | { readonly state: 'ok'; readonly info: ViewInfo } | { readonly state: 'error'; readonly message: string };

const answerKey = (session: string, specText: string) => `${session}\u0001${specText}`;

export function useViewCheck(client: DataClient, session: string, spec: ViewSpec | null, delayMs = 150): ViewCheck {
  const [answer, setAnswer] = useState<{ key: string; check: ViewCheck } | null>(null);
  // The spec as text: callers pass a new object on every render, the check follows its content.
  const specText = spec ? JSON.stringify(spec) : null;
  const key = specText === null ? null : answerKey(session, specText);
  useEffect(() => {
    if (specText === null) return;
    const view = JSON.parse(specText) as ViewSpec;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void client.call('view', { session, view }, { signal: controller.signal }).then((r) => {
        if (controller.signal.aborted) return;
        setAnswer({ key: answerKey(session, specText), check: r.ok ? { state: 'ok', info: r.value } : { state: 'error', message: r.error.message } });
      });
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, session, specText, delayMs]);
  if (key === null) return { state: 'idle' };
  return answer?.key === key ? answer.check : { state: 'checking' };
}
