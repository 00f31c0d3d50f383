/**
 * What a transport (Electron main, the WebSocket server) gives the engine's service, and gets
 * back. One service instance serves one peer (a window or a socket); sessions it opens are
 * closed when the peer goes away.
 */
import type { EventName, EventPayload } from '../shared/contract.js';
import type { Handlers } from '../shared/dispatch.js';

export interface PathPolicy {
  /** Resolves (realpath) and checks a path the peer wants to read; throws ArrayscopeError('forbidden'). */
  readable(path: string): Promise<string>;
  /** Resolves and checks a path the peer wants to create or overwrite; throws ArrayscopeError('forbidden'). */
  writable(path: string): Promise<string>;
  /** Whether listing this (resolved) directory is allowed; `null` lists the peer's start places. */
  listable(dir: string | null): Promise<string | null>;
}

export interface ServiceOptions {
  readonly host: 'electron' | 'serve';
  readonly allowWrites: boolean;
  readonly policy: PathPolicy;
  readonly initialFiles: readonly string[];
  readonly root: string | null;
  /** Sends an event to this peer. */
  readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  /** Desktop only: shows a native file dialog. */
  readonly pickFile?: (purpose: 'open' | 'save', defaultPath?: string) => Promise<string | null>;
  /** Desktop only: renderer/GPU process metrics (Electron app.getAppMetrics) for the memory panel. */
  readonly processMetrics?: () => { type: string; pid: number; rss: number }[];
}

export interface Service {
  readonly handlers: Handlers;
  /** Closes every session this peer opened and stops its timers. Idempotent. */
  dispose(): void;
}
