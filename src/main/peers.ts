/**
 * A peer is one window and everything that serves it: its own engine service (sessions opened by
 * the window are closed with it), the Dispatcher that validates its calls, and the unsaved-tab
 * names its UI last reported. The registry maps a sender's webContents to its peer; IPC from any
 * webContents that is not in the registry is refused.
 */
import type { BrowserWindow, WebContents } from 'electron';
import { EVENT_CHANNEL } from '../shared/methods.js';
import { SHELL_COMMAND_CHANNEL, type ShellCommand } from './shell-channels.js';
import type { EventName, EventPayload } from '../shared/contract.js';
import { Dispatcher } from '../shared/dispatch.js';
import type { Service, ServiceOptions } from '../core/service-types.js';

/** Long calls (scans, saves) one window may run at once; more are refused with `too-large`. */
export const MAX_CONCURRENT_LONG_CALLS = 4;

export interface Peer {
  readonly window: BrowserWindow;
  readonly contentsId: number;
  readonly dispatcher: Pick<Dispatcher, 'handle' | 'cancelAll'>;
  /** Sends an event to this window's renderer on EVENT_CHANNEL (dropped once it is gone). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Sends a menu command to this window's UI on SHELL_COMMAND_CHANNEL. */
  command(command: ShellCommand): void;
  /** Tab names the UI reported as unsaved (SHELL_DIRTY_CHANNEL). */
  dirtyNames: readonly string[];
  dispose(): void;
}

export type ServiceFactory = (options: ServiceOptions) => Service;

export interface PeerOptions {
  readonly allowWrites: boolean;
  readonly initialFiles: readonly string[];
  readonly createService: ServiceFactory;
  readonly policy: ServiceOptions['policy'];
  readonly pickFile: NonNullable<ServiceOptions['pickFile']>;
  readonly processMetrics: NonNullable<ServiceOptions['processMetrics']>;
}

function eventSender(contents: WebContents): Peer['emit'] {
  return (name, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  };
}

export function createPeer(window: BrowserWindow, options: PeerOptions): Peer {
  const contents = window.webContents;
  const emit = eventSender(contents);
  const service = options.createService({
    host: 'electron',
    allowWrites: options.allowWrites,
    policy: options.policy,
    initialFiles: options.initialFiles,
    root: null,
    emit,
    pickFile: options.pickFile,
    processMetrics: options.processMetrics,
  });
  const dispatcher = new Dispatcher(service.handlers, {
    allowWrites: options.allowWrites,
    maxConcurrentLong: MAX_CONCURRENT_LONG_CALLS,
    emitProgress: (call, done, total) => emit('progress', { call, done, total }),
  });
  let disposed = false;
  return {
    window,
    contentsId: contents.id,
    dispatcher,
    emit,
    command(command) {
      if (!contents.isDestroyed()) contents.send(SHELL_COMMAND_CHANNEL, command);
    },
    dirtyNames: [],
    dispose() {
      if (disposed) return;
      disposed = true;
      dispatcher.cancelAll();
      service.dispose();
    },
  };
}

export class PeerRegistry {
  private readonly byContents = new Map<number, Peer>();

  add(peer: Peer): void {
    this.byContents.set(peer.contentsId, peer);
  }

  remove(peer: Peer): void {
    if (this.byContents.get(peer.contentsId) === peer) this.byContents.delete(peer.contentsId);
  }

  forContents(contents: WebContents): Peer | undefined {
    return this.byContents.get(contents.id);
  }

  all(): Peer[] {
    return [...this.byContents.values()];
  }
}
