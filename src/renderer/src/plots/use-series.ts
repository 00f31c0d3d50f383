/**
 * Data for the series plot: `series` min/max answers for the visible rows (one bucket per device
 * pixel; a newer range cancels the older request), and the background pyramid builds that make
 * later zooms cost O(pixels) on columns with more than PYRAMID_MIN_ROWS rows.
 *
 * Both restart when the session info object changes (the shell replaces it after every edit), so
 * an edit is reflected at once; the engine drops pyramids of older revisions by itself.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewSpec } from '../../../shared/schemas.js';
import type { SeriesAnswer } from './series-data.js';
import type { ColumnRef } from './targets.js';

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

export function useSeries(
  client: DataClient,
  session: SessionInfo,
  view: ViewSpec | null,
  columns: readonly ColumnRef[],
  range: readonly [number, number],
  buckets: number,
  active: boolean,
  refresh: number,
): SeriesFetch {
  const [state, setState] = useState<SeriesFetch>({ answers: null, columns: [], loading: false, error: null });
  const key = JSON.stringify([view, columns, Math.floor(range[0]), Math.ceil(range[1]), buckets, refresh]);
  useEffect(() => {
    if (!active || !view || columns.length === 0 || buckets < 1) return;
    const controller = new AbortController();
    const start = Math.max(0, Math.floor(range[0]));
    const end = Math.max(start, Math.ceil(range[1]));
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      const calls = columns.map((column) =>
        client.call('series', { session: session.id, view, column, start, end, buckets }, { signal: controller.signal }),
      );
      void Promise.all(calls).then((results) => {
        if (controller.signal.aborted) return;
        const failed = results.find((r) => !r.ok);
        if (failed && !failed.ok) setState((s) => ({ ...s, loading: false, error: failed.error }));
        else setState({ answers: results.map((r) => (r.ok ? r.value : { start, end, min: new Float64Array(0), max: new Float64Array(0) })), columns, loading: false, error: null });
      });
    }, FETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, active, session]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
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

/** Builds the pyramids of long plotted columns one after another, in the background. */
export function usePyramids(client: DataClient, session: SessionInfo, view: ViewSpec | null, columns: readonly ColumnRef[], length: number, active: boolean): PyramidState {
  const [building, setBuilding] = useState<PyramidState['building']>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [declined, setDeclined] = useState<readonly string[]>([]);
  const [ready, setReady] = useState(0);
  const built = useRef(new WeakMap<SessionInfo, Set<string>>());
  const controller = useRef<AbortController | null>(null);
  const builtFor = (info: SessionInfo) => {
    let set = built.current.get(info);
    if (!set) built.current.set(info, (set = new Set()));
    return set;
  };
  const wanted = view && length > PYRAMID_MIN_ROWS ? columns.filter((c) => !builtFor(session).has(columnKey(view, c)) && !declined.includes(columnKey(view, c))) : [];
  const next = wanted[0] ?? null;
  const nextKey = next && view ? columnKey(view, next) : null;

  useEffect(() => {
    if (!active || !next || !view || !nextKey) return;
    const abort = new AbortController();
    controller.current = abort;
    setBuilding({ column: next, done: 0, total: length });
    setError(null);
    const onProgress = (done: number, total: number) => setBuilding({ column: next, done, total });
    void client.call('buildPyramid', { session: session.id, view, column: next }, { signal: abort.signal, onProgress }).then((r) => {
      if (controller.current === abort) controller.current = null;
      if (abort.signal.aborted) return;
      setBuilding(null);
      builtFor(session).add(nextKey);
      if (r.ok) setReady((n) => n + 1);
      else setError(r.error); // shown once; the plot keeps working from raw scans
    });
    return () => {
      abort.abort();
      setBuilding(null);
    };
  }, [active, nextKey, session]); // eslint-disable-line react-hooks/exhaustive-deps

  const cancel = useCallback(() => {
    if (building && view) setDeclined((d) => [...d, columnKey(view, building.column)]);
    controller.current?.abort();
  }, [building, view]);
  const build = useCallback(
    (column: ColumnRef) => {
      if (!view) return;
      const k = columnKey(view, column);
      builtFor(session).delete(k);
      setDeclined((d) => d.filter((x) => x !== k));
    },
    [view, session], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return { building, error, declined, ready, cancel, build };
}

export function isDeclined(state: PyramidState, view: ViewSpec | null, column: ColumnRef): boolean {
  return view !== null && state.declined.includes(columnKey(view, column));
}
