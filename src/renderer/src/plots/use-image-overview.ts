/**
 * The image panel's zoom overview: for slices of more than OVERVIEW_MIN_ELEMENTS elements, the
 * engine's min/max/mean pyramid (`buildImagePyramid`) is built in the background while the panel
 * is open, with progress and Cancel. Once it is built, `block` is the side of its finest cells,
 * and tiles whose blocks are multiples of it (aligned to them) cost O(tile cells).
 *
 * It restarts when the session info object changes (the shell replaces it after every edit, and
 * the engine drops pyramids of older revisions), or when the field changes.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { CallOptions, DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewSpec } from '../../../shared/schemas.js';
import { longCall } from './long-calls.js';

/** The engine builds image pyramids for slices larger than this (image-pyramid.ts MIN_ELEMENTS). */
export const OVERVIEW_MIN_ELEMENTS = 1 << 24;

export interface ImageOverview {
  /** Progress of the running build, or null. */
  readonly building: { readonly done: number; readonly total: number } | null;
  /** The side of the built pyramid's finest cells in elements, or null while there is none. */
  readonly block: number | null;
  readonly error: ErrorData | null;
  /** The user stopped the build; it is not started again until `build()`. */
  readonly declined: boolean;
  cancel(): void;
  build(): void;
}

interface Outcome {
  /** What the outcome is for: the session info object and the field. */
  readonly session: SessionInfo;
  readonly leaf: number;
  readonly block: number | null;
  readonly error: ErrorData | null;
}

export function useImageOverview(client: DataClient, session: SessionInfo, view: ViewSpec, leaf: number, elements: number, active: boolean): ImageOverview {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [declined, setDeclined] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const current = outcome?.session === session && outcome.leaf === leaf ? outcome : null;
  const wanted = active && !declined && elements > OVERVIEW_MIN_ELEMENTS && current === null;

  // The view is read as it is when the build starts: the panel remounts for another view, and a
  // parent's new but equal view object must not restart (and so cancel) a running build.
  const start = useEffectEvent((info: SessionInfo, field: number, options: CallOptions) =>
    longCall(client, 'buildImagePyramid', { session: info.id, view, leaf: field }, { ...options, priority: 'background' }),
  );
  useEffect(() => {
    if (!wanted) return;
    const abort = new AbortController();
    controller.current = abort;
    const onProgress = (done: number, total: number) => setProgress({ done, total });
    void start(session, leaf, { signal: abort.signal, onProgress }).then((r) => {
      if (controller.current === abort) controller.current = null;
      if (abort.signal.aborted) return;
      // A failure is shown once and not retried: the image keeps working from direct tiles.
      setOutcome({ session, leaf, block: r.ok && r.value.levels > 0 ? r.value.block : null, error: r.ok ? null : r.error });
      setProgress(null);
    });
    return () => abort.abort();
  }, [session, leaf, wanted]);

  const cancel = useCallback(() => {
    setDeclined(true);
    setProgress(null);
    controller.current?.abort();
  }, []);
  const build = useCallback(() => setDeclined(false), []);
  return { building: wanted ? (progress ?? { done: 0, total: elements }) : null, block: current?.block ?? null, error: current?.error ?? null, declined, cancel, build };
}
