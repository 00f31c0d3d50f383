/**
 * Every open session in this process. The memory panel reports all of them; each peer (window or
 * socket) may only use the sessions it opened, which the service enforces.
 */
import { ArrayscopeError } from '../shared/errors.js';
import type { Session } from './session.js';

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  add(session: Session): Session {
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session || session.closed) throw new ArrayscopeError('closed', `no open array with id '${id}' (it was closed)`);
    return session;
  }

  /** Closes and forgets a session; unknown ids are ignored (close is idempotent). */
  close(id: string): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    session?.close();
  }

  all(): Session[] {
    return [...this.sessions.values()].filter((s) => !s.closed);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}

/** The process-wide store used by the desktop app, the server and the CLI. */
export const sessions = new SessionStore();
