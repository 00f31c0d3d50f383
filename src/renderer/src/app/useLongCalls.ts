/**
 * Long engine calls started by the shell (open, extract, save as, flush): each one gets an
 * AbortController and a progress figure, so the status bar can show it with a Cancel button.
 * Cancelling aborts the call's signal; the DataClient turns that into a `cancel` call and the
 * result into a `cancelled` error.
 */
import { useCallback, useState } from 'react';
import type { CallOptions } from '../../../shared/client.js';
import type { Result } from '../../../shared/errors.js';

export interface LongCall {
  readonly id: number;
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly cancel: () => void;
}

export interface RunOptions {
  /** Aborting it cancels the call too (a dialog's own Cancel button). */
  readonly signal?: AbortSignal;
  /** Also told about progress (a dialog showing its own bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

export type RunLong = <T>(label: string, call: (options: CallOptions) => Promise<Result<T>>, options?: RunOptions) => Promise<Result<T>>;

let nextId = 1;

export function useLongCalls(): { calls: readonly LongCall[]; run: RunLong } {
  const [calls, setCalls] = useState<readonly LongCall[]>([]);

  const run: RunLong = useCallback(async (label, call, options = {}) => {
    const id = nextId++;
    const controller = new AbortController();
    const cancel = (): void => controller.abort();
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.signal?.aborted) cancel();
    setCalls((list) => [...list, { id, label, done: 0, total: 0, cancel }]);
    const onProgress = (done: number, total: number): void => {
      options.onProgress?.(done, total);
      setCalls((list) => list.map((c) => (c.id === id ? { ...c, done, total } : c)));
    };
    try {
      return await call({ signal: controller.signal, onProgress });
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      setCalls((list) => list.filter((c) => c.id !== id));
    }
  }, []);

  return { calls, run };
}
