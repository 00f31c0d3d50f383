/**
 * The unsaved-changes prompt. A window's `close` is held back until we know whether it has unsaved
 * changes: the tab names its UI last reported (SHELL_DIRTY_CHANNEL) together with the sessions the
 * engine itself marks dirty, so the prompt still appears when the renderer is hung or crashed.
 * Nothing here waits on the renderer.
 */
import type { BrowserWindow } from 'electron';
import type { SessionInfo } from '../shared/schemas.js';
import type { Peer } from './peers.js';

export interface CloseGuardOptions {
  unsavedNames(): Promise<readonly string[]>;
  /** Resolves true when the user agrees to lose the unsaved changes. */
  confirm(names: readonly string[]): Promise<boolean>;
  /** The close may go ahead (close the window again, or resume a quit). */
  proceed(): void;
  /** The user kept the window open (a pending quit must be abandoned). */
  cancelled(): void;
}

/** The union of the UI's reported tabs and the engine's dirty sessions, by name. */
export async function unsavedNames(peer: Pick<Peer, 'dirtyNames' | 'dispatcher'>): Promise<string[]> {
  return [...new Set([...peer.dirtyNames, ...(await engineDirtyNames(peer))])];
}

/** File names of the engine sessions marked dirty; none when the engine cannot answer. */
async function engineDirtyNames(peer: Pick<Peer, 'dispatcher'>): Promise<string[]> {
  try {
    const result = await peer.dispatcher.handle('listSessions', `shell-close-${Date.now().toString(36)}`, {});
    if (!result.ok || !Array.isArray(result.value)) return [];
    return (result.value as Partial<SessionInfo>[]).filter((s) => s?.dirty === true && typeof s.fileName === 'string').map((s) => s.fileName as string);
  } catch {
    return [];
  }
}

export function guardClose(window: BrowserWindow, options: CloseGuardOptions): void {
  let allowed = false;
  let asking = false;
  const decide = async (): Promise<void> => {
    let names: readonly string[];
    try {
      names = await options.unsavedNames();
    } catch {
      names = [];
    }
    const agreed = names.length === 0 || (await options.confirm(names));
    if (agreed) {
      allowed = true;
      options.proceed();
    } else {
      options.cancelled();
    }
  };
  window.on('close', (event) => {
    if (allowed) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    decide()
      .catch(() => options.cancelled())
      .finally(() => {
        asking = false;
      });
  });
}
