/**
 * The session's changed cells (the `edits` method), re-read whenever the session info changes
 * (every edit, undo, redo, discard replaces it), plus a set of keys to mark them in the grid.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { Output } from '../../../shared/contract.js';
import type { SessionInfo } from '../../../shared/schemas.js';
import { arrayElementOffset, editKey } from './geometry.js';

export type EditList = Output<'edits'>;
export type EditItem = EditList['items'][number];

/** The changed-cells list shows (and marks) at most this many cells. */
export const EDITS_LIMIT = 10_000;
const NO_KEYS: ReadonlySet<string> = new Set();

export function useEdits(client: DataClient, session: SessionInfo, active: boolean, refresh: number): { list: EditList | null; keys: ReadonlySet<string>; error: string | null } {
  const [list, setList] = useState<EditList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wanted = session.editable;

  useEffect(() => {
    if (!active || !wanted) return;
    const controller = new AbortController();
    void client.call('edits', { session: session.id, limit: EDITS_LIMIT }, { signal: controller.signal }).then((r) => {
      if (controller.signal.aborted) return;
      if (r.ok) {
        setList(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => controller.abort();
    // `refresh` changes after this grid's own edits, in case the shell keeps the session object.
  }, [client, session, wanted, active, refresh]);

  const keys = useMemo(() => {
    const set = new Set<string>();
    for (const item of list?.items ?? []) set.add(editKey(arrayElementOffset(session, item.index), item.field));
    return set;
  }, [list, session]);

  return wanted ? { list, keys, error } : { list: null, keys: NO_KEYS, error: null };
}
