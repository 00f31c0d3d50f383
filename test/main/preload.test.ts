import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { EVENT_CHANNEL, METHOD_NAMES, channelOf } from '../../src/shared/methods.js';
import { SHELL_COMMAND_CHANNEL, SHELL_DIRTY_CHANNEL } from '../../src/main/shell-channels.js';
import type { ArrayscopeBridge } from '../../src/renderer/src/transport/bridge.js';
import { contextBridge, ipcRenderer, webUtils } from './electron-mock.js';

let bridge: ArrayscopeBridge;

beforeAll(async () => {
  await import('../../src/preload/index.js');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('arrayscope');
  bridge = api as ArrayscopeBridge;
});

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.send.mockClear();
});

describe('preload bridge', () => {
  it('exposes exactly the contract methods, onEvent and shell', () => {
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'onEvent', 'shell'].sort());
    expect(Object.keys(bridge.shell).sort()).toEqual(['getPathForFile', 'onCommand', 'reportDirty']);
    for (const value of Object.values(bridge)) expect(['function', 'object']).toContain(typeof value);
  });

  it('invokes channelOf(name) with just the call id and input, for every method', async () => {
    for (const name of METHOD_NAMES) {
      ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: name });
      await expect(bridge[name]('c1', { any: 'input' })).resolves.toEqual({ ok: true, value: name });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf(name), 'c1', { any: 'input' });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(METHOD_NAMES.length);
  });

  it('delivers events as (name, payload) without the IpcRendererEvent, and unsubscribes', () => {
    const handler = vi.fn();
    const unsubscribe = bridge.onEvent(handler);
    ipcRenderer.emit(EVENT_CHANNEL, 'openRequest', { path: '/a.npy' });
    ipcRenderer.emit(EVENT_CHANNEL, 42, { path: '/b.npy' });
    expect(handler.mock.calls).toEqual([['openRequest', { path: '/a.npy' }]]);
    unsubscribe();
    ipcRenderer.emit(EVENT_CHANNEL, 'openRequest', { path: '/c.npy' });
    expect(handler).toHaveBeenCalledOnce();
    expect(ipcRenderer.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('rejects a non-function handler', () => {
    expect(() => bridge.onEvent('x' as never)).toThrow(TypeError);
    expect(() => bridge.shell.onCommand(null as never)).toThrow(TypeError);
  });

  it('passes only well-formed menu commands to the page', () => {
    const handler = vi.fn();
    const unsubscribe = bridge.shell.onCommand(handler);
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, { command: 'saveAs' });
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, { command: 'openRaw', path: '/x.bin' });
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, { command: 'rm -rf' });
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, 'saveAs');
    expect(handler.mock.calls).toEqual([[{ command: 'saveAs' }], [{ command: 'openRaw', path: '/x.bin' }]]);
    unsubscribe();
    expect(ipcRenderer.listeners.get(SHELL_COMMAND_CHANNEL)?.size).toBe(0);
  });

  it('reports unsaved tab names on the dirty channel, sanitized', () => {
    bridge.shell.reportDirty(['a.npy', 3, 'b.npy'] as never);
    bridge.shell.reportDirty('nope' as never);
    expect(ipcRenderer.send.mock.calls).toEqual([
      [SHELL_DIRTY_CHANNEL, ['a.npy', 'b.npy']],
      [SHELL_DIRTY_CHANNEL, []],
    ]);
  });

  it('resolves dropped files through webUtils', () => {
    const file = { name: 'a.npy' } as unknown as File;
    expect(bridge.shell.getPathForFile(file)).toBe('/dropped/file.npy');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith(file);
  });
});
