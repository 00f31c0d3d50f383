/**
 * Electron IPC for the contract: one `ipcMain.handle(channelOf(name))` per METHOD_NAMES entry.
 * Every call is checked before anything else runs: the sender must be the main frame of a window
 * we created, showing our renderer page. Anything else gets a `forbidden` Result and the
 * dispatcher is never called. Validation, the write policy and cancellation are the Dispatcher's.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, channelOf, type MethodName } from '../shared/methods.js';
import { fail, toErrorData, type Result } from '../shared/errors.js';
import { SHELL_DIRTY_CHANNEL, sanitizeDirtyNames } from './shell-channels.js';
import { isRendererUrl } from './trust.js';
import type { Peer, PeerRegistry } from './peers.js';

export interface IpcOptions {
  readonly registry: PeerRegistry;
  /** The exact page we load (file:// URL of out/renderer/index.html, or the dev server). */
  readonly rendererUrl: string;
  /** Called after every answered call (e.g. to record a successfully opened file as recent). */
  readonly onResult?: (method: MethodName, result: Result<unknown>, peer: Peer) => void;
  /** Called when a window's UI reports its unsaved tabs. */
  readonly onDirtyChanged?: (peer: Peer) => void;
}

function frameUrl(event: IpcMainEvent | IpcMainInvokeEvent): string | null {
  try {
    const frame = event.senderFrame;
    // A frame that navigated away or was destroyed since sending is null: not trustworthy.
    if (!frame || frame.parent !== null || frame !== event.sender.mainFrame) return null;
    return frame.url;
  } catch {
    return null;
  }
}

/** The peer that sent `event`, or null when the sender is not our renderer's main frame. */
export function trustedPeer(event: IpcMainEvent | IpcMainInvokeEvent, registry: PeerRegistry, rendererUrl: string): Peer | null {
  const contents = event.sender;
  if (!contents || contents.isDestroyed()) return null;
  const peer = registry.forContents(contents);
  if (!peer || peer.window.isDestroyed()) return null;
  if (BrowserWindow.fromWebContents(contents) !== peer.window) return null;
  const url = frameUrl(event);
  return url !== null && isRendererUrl(url, rendererUrl) ? peer : null;
}

const FORBIDDEN_MESSAGE = 'IPC refused: the sender is not the Arrayscope window';

async function answer(name: MethodName, peer: Peer, call: unknown, input: unknown): Promise<Result<unknown>> {
  try {
    return await peer.dispatcher.handle(name, call, input);
  } catch (err) {
    // The Dispatcher turns every outcome into a Result; this is a last line so nothing rejects.
    return { ok: false, error: toErrorData(err) };
  }
}

/** Registers the handlers; returns a function that removes them again. */
export function registerIpc(options: IpcOptions): () => void {
  const { registry, rendererUrl } = options;
  for (const name of METHOD_NAMES) {
    ipcMain.handle(channelOf(name), async (event, call: unknown, input: unknown) => {
      const peer = trustedPeer(event, registry, rendererUrl);
      if (!peer) return fail('forbidden', `${name}: ${FORBIDDEN_MESSAGE}`);
      const result = await answer(name, peer, call, input);
      try {
        options.onResult?.(name, result, peer);
      } catch {
        // Bookkeeping (recent files) must never turn an answered call into a failure.
      }
      return result;
    });
  }
  const onDirty = (event: IpcMainEvent, names: unknown): void => {
    const peer = trustedPeer(event, registry, rendererUrl);
    if (!peer) return;
    peer.dirtyNames = sanitizeDirtyNames(names);
    options.onDirtyChanged?.(peer);
  };
  ipcMain.on(SHELL_DIRTY_CHANNEL, onDirty);
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(channelOf(name));
    ipcMain.removeListener(SHELL_DIRTY_CHANNEL, onDirty);
  };
}
