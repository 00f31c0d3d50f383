/**
 * The plots' long engine calls (series, buildPyramid, histogram, imageTile, stats) go through
 * one window-wide queue, because the engine runs only a few long calls per peer at once (four for
 * `arrayscope serve`) and refuses the rest as "too many long operations"; the plots take at most
 * two of them, so opening, saving and exporting still get through. Interactive calls
 * (series, tiles) go before background ones (pyramids, statistics), and background calls never
 * take more than one slot, so a long build cannot starve the plot. A call still refused because
 * another part of the app holds the slots is retried shortly, until it runs or is cancelled.
 */
import type { CallOptions, DataClient } from '../../../shared/client.js';
import type { Input, MethodName, Output } from '../../../shared/contract.js';
import { fail, type Result } from '../../../shared/errors.js';

export type Priority = 'interactive' | 'background';

const SLOTS = 2;
const BACKGROUND_SLOTS = 1;
const RETRY_MS = 120;

interface Waiter {
  readonly priority: Priority;
  readonly start: () => void;
}

const running: Record<Priority, number> = { interactive: 0, background: 0 };
const waiting: Waiter[] = [];

function canStart(priority: Priority): boolean {
  if (running.interactive + running.background >= SLOTS) return false;
  return priority === 'interactive' || running.background < BACKGROUND_SLOTS;
}

function pump(): void {
  for (;;) {
    const index = waiting.findIndex((w) => w.priority === 'interactive' && canStart('interactive'));
    const next = index >= 0 ? index : waiting.findIndex((w) => canStart(w.priority));
    if (next < 0) return;
    const [waiter] = waiting.splice(next, 1);
    running[waiter!.priority]++;
    waiter!.start();
  }
}

/** Waits for a slot; resolves false if the signal aborts first. */
function acquire(priority: Priority, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const waiter: Waiter = {
      priority,
      start: () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
    };
    const onAbort = () => {
      const i = waiting.indexOf(waiter);
      if (i >= 0) waiting.splice(i, 1);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiting.push(waiter);
    pump();
  });
}

function release(priority: Priority): void {
  running[priority]--;
  pump();
}

const isBusy = (error: { kind: string; message: string }) => error.kind === 'too-large' && error.message.startsWith('too many long operations');

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export async function longCall<M extends MethodName>(
  client: DataClient,
  method: M,
  input: Input<M>,
  options: CallOptions & { readonly priority?: Priority } = {},
): Promise<Result<Output<M>>> {
  const priority = options.priority ?? 'interactive';
  if (!(await acquire(priority, options.signal))) return fail('cancelled', `${method} was cancelled`);
  try {
    for (let attempt = 1; ; attempt++) {
      const result = await client.call(method, input, options);
      if (result.ok || !isBusy(result.error) || options.signal?.aborted) return result;
      await pause(RETRY_MS * Math.min(attempt, 8), options.signal);
      if (options.signal?.aborted) return fail('cancelled', `${method} was cancelled`);
    }
  } finally {
    release(priority);
  }
}
