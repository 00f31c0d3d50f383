/**
 * The renderer's Transport in the desktop app: the contract over Electron IPC, through the
 * preload's `window.arrayscope` bridge. `serve` mode uses the WebSocket transport instead;
 * `ipcBridge()` tells which one applies.
 */
import type { Transport } from '../../../shared/client.js';
import type { ArrayscopeBridge, ShellBridge } from './bridge.js';

/** The preload bridge when running in the desktop app, otherwise null. */
export function ipcBridge(scope: { arrayscope?: ArrayscopeBridge } = globalThis as { arrayscope?: ArrayscopeBridge }): ArrayscopeBridge | null {
  return scope.arrayscope ?? null;
}

export function createIpcTransport(bridge: ArrayscopeBridge): Transport {
  return {
    label: 'Electron IPC',
    // ipcRenderer.invoke rejects only when IPC itself fails (e.g. the main process is gone);
    // the DataClient turns that rejection into an error Result.
    request: (method, call, input) => bridge[method](call, input),
    onEvent: (handler) => bridge.onEvent(handler),
  };
}

/** The desktop-only shell API (menu commands, unsaved-changes report, dropped-file paths). */
export function desktopShell(bridge: ArrayscopeBridge | null = ipcBridge()): ShellBridge | null {
  return bridge?.shell ?? null;
}
