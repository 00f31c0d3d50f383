/**
 * The preload bridge. It runs sandboxed (it can require only `electron`; the build bundles the
 * rest in) and exposes exactly one object, `window.arrayscope`: one function per contract method,
 * `onEvent`, and the small `shell` API. The page never sees ipcRenderer or an IpcRendererEvent,
 * and can only reach the channels named here.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, METHOD_NAMES, channelOf, type MethodName } from '../shared/methods.js';
import { SHELL_COMMAND_CHANNEL, SHELL_DIRTY_CHANNEL, isShellCommand, sanitizeDirtyNames } from '../main/shell-channels.js';
import type { ArrayscopeBridge, BridgeMethod, ShellBridge } from '../renderer/src/transport/bridge.js';

function subscribe(channel: string, deliver: (...args: unknown[]) => void): () => void {
  const listener = (_event: IpcRendererEvent, ...args: unknown[]): void => deliver(...args);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

function requireFunction(value: unknown, what: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`arrayscope.${what} expects a function`);
}

const methods = Object.fromEntries(
  METHOD_NAMES.map((name): [MethodName, BridgeMethod] => [name, (call, input) => ipcRenderer.invoke(channelOf(name), call, input)]),
) as Record<MethodName, BridgeMethod>;

const shell: ShellBridge = {
  onCommand(handler) {
    requireFunction(handler, 'shell.onCommand');
    return subscribe(SHELL_COMMAND_CHANNEL, (command) => {
      if (isShellCommand(command)) handler(command);
    });
  },
  reportDirty(names) {
    ipcRenderer.send(SHELL_DIRTY_CHANNEL, sanitizeDirtyNames(names));
  },
  getPathForFile(file) {
    return webUtils.getPathForFile(file);
  },
};

const bridge: ArrayscopeBridge = {
  ...methods,
  onEvent(handler) {
    requireFunction(handler, 'onEvent');
    return subscribe(EVENT_CHANNEL, (name, payload) => {
      if (typeof name === 'string') handler(name, payload);
    });
  },
  shell,
};

contextBridge.exposeInMainWorld('arrayscope', bridge);
