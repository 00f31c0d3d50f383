/**
 * Data for the series plot: `series` min/max answers for the visible rows (one bucket per device
 * pixel; a newer range cancels the older request), and the background pyramid builds that make
 * later zooms cost O(pixels) on columns with more than PYRAMID_MIN_ROWS rows.
 *
 * Both restart when the session info object changes (the shell replaces it after every edit), so
 * an edit is reflected at once; the engine drops pyramids of older revisions by itself.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewSpec } from '../../../shared/schemas.js';
import type { SeriesAnswer } from './series-data.js';
import type { ColumnRef, Part } from './targets.js';
import { longCall } from './long-calls.js';

/** Columns longer than this get a pyramid (a full scan per redraw would be noticeable). */
export const PYRAMID_MIN_ROWS = 4_000_000;
const FETCH_DELAY_MS = 30;

export interface SeriesFetch {
  readonly answers: readonly SeriesAnswer[] | null;
  /** The columns `answers` belong to (answers lag behind while a new request runs). */
  readonly columns: readonly ColumnRef[];
  readonly loading: boolean;
  readonly error: ErrorData | null;
}

interface Fetched {
  readonly answers: readonly SeriesAnswer[] | null;
  readonly columns: readonly ColumnRef[];
  readonly error: ErrorData | null;
  /** The request (and session info) the answers or error belong to. */
  readonly key: string;
  readonly session: SessionInfo | null;
}

export function useSeries(
  client: DataClient,
  session: SessionInfo,
  view: ViewSpec | null,
  columns: readonly ColumnRef[],
  range: readonly [number, number],
  buckets: number,
  active: boolean,
  refresh: number,
  onFirst: () => void,
): SeriesFetch {
  const [state, setState] = useState<Fetched>({ answers: null, columns: [], error: null, key: '', session: null });
  // The request as text: the effect restarts when its content changes, not the objects' identity.
  const key = JSON.stringify([view, columns, Math.floor(range[0]), Math.ceil(range[1]), buckets, refresh]);
  const wanted = active && view !== null && columns.length > 0 && buckets >= 1;
  const plotted = useEffectEvent(() => onFirst());
  useEffect(() => {
    if (!wanted) return;
    const [requestView, requestColumns, first, last, count] = JSON.parse(key) as [ViewSpec, ColumnRef[], number, number, number];
    const controller = new AbortController();
    const start = Math.max(0, first);
    const end = Math.max(start, last);
    const timer = setTimeout(() => {
      const calls = requestColumns.map((column) =>
        longCall(client, 'series', { session: session.id, view: requestView, column, start, end, buckets: count }, { signal: controller.signal }),
      );
      void Promise.all(calls).then((results) => {
        if (controller.signal.aborted) return;
        const failed = results.find((r) => !r.ok);
        if (failed && !failed.ok) {
          setState((s) => ({ ...s, error: failed.error, key, session }));
          return;
        }
        setState({ answers: results.map((r) => (r.ok ? r.value : { start, end, min: new Float64Array(0), max: new Float64Array(0) })), columns: requestColumns, error: null, key, session });
        plotted();
      });
    }, FETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, key, wanted, session]);
  const current = state.key === key && state.session === session;
  return { answers: state.answers, columns: state.columns, loading: wanted && !current, error: current ? state.error : null };
}

export interface PyramidState {
  /** The column being built, with progress. */
  readonly building: { readonly column: ColumnRef; readonly done: number; readonly total: number } | null;
  readonly error: ErrorData | null;
  /** Columns the user stopped; they are not built again until asked. */
  readonly declined: readonly string[];
  /** Bumped whenever a pyramid is ready, so the plot refetches through it. */
  readonly ready: number;
  cancel(): void;
  build(column: ColumnRef): void;
}

const columnKey = (view: ViewSpec, c: ColumnRef) => JSON.stringify([view, c.col, c.leaf, c.part]);

/**
 * Builds the pyramids of long plotted columns one after another, in the background. What is
 * built is remembered per session info object, so an edit (a new info object) builds again.
 */
export function usePyramids(client: DataClient, session: SessionInfo, view: ViewSpec | null, columns: readonly ColumnRef[], length: number, active: boolean): PyramidState {
  const [built, setBuilt] = useState<{ session: SessionInfo | null; keys: readonly string[] }>({ session: null, keys: [] });
  const [progress, setProgress] = useState<{ key: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [declined, setDeclined] = useState<readonly string[]>([]);
  const [ready, setReady] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const builtKeys = built.session === session ? built.keys : [];
  const next = view && length > PYRAMID_MIN_ROWS ? (columns.find((c) => !builtKeys.includes(columnKey(view, c)) && !declined.includes(columnKey(view, c))) ?? null) : null;
  const nextKey = next && view ? columnKey(view, next) : null;

  useEffect(() => {
    if (!active || !nextKey) return;
    // The column to build, read back from its key (the key changes only when the column does).
    const [buildView, col, leaf, part] = JSON.parse(nextKey) as [ViewSpec, number, number, Part];
    const abort = new AbortController();
    controller.current = abort;
    const onProgress = (done: number, total: number) => setProgress({ key: nextKey, done, total });
    void longCall(client, 'buildPyramid', { session: session.id, view: buildView, column: { col, leaf, part } }, { signal: abort.signal, onProgress, priority: 'background' }).then((r) => {
      if (controller.current === abort) controller.current = null;
      if (abort.signal.aborted) return;
      // A failure is shown once and not retried: the plot keeps working from raw scans.
      setBuilt((b) => ({ session, keys: [...(b.session === session ? b.keys : []), nextKey] }));
      setError(r.ok ? null : r.error);
      if (r.ok) setReady((n) => n + 1);
    });
    return () => abort.abort();
  }, [client, active, nextKey, session]);

  const building = active && next && nextKey ? { column: next, done: progress?.key === nextKey ? progress.done : 0, total: progress?.key === nextKey ? progress.total : length } : null;
  const cancel = useCallback(() => {
    if (nextKey) setDeclined((d) => [...d, nextKey]);
    controller.current?.abort();
  }, [nextKey]);
  const build = useCallback(
    (column: ColumnRef) => {
      if (!view) return;
      const k = columnKey(view, column);
      setBuilt((b) => ({ session: b.session, keys: b.keys.filter((x) => x !== k) }));
      setDeclined((d) => d.filter((x) => x !== k));
    },
    [view],
  );
  return { building, error, declined, ready, cancel, build };
}

export function isDeclined(state: PyramidState, view: ViewSpec | null, column: ColumnRef): boolean {
  return view !== null && state.declined.includes(columnKey(view, column));
}
