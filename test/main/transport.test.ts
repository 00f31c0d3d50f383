/**
 * The whole desktop path in one process: DataClient → IPC transport → preload bridge →
 * (mocked) ipcRenderer/ipcMain → sender check → Dispatcher → a fake engine service, and events
 * back the other way. Only Electron's message passing is simulated.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { DataClient } from '../../src/shared/client.js';
import { registerIpc } from '../../src/main/ipc.js';
import { createIpcTransport, desktopShell, ipcBridge } from '../../src/renderer/src/transport/ipc.js';
import type { ArrayscopeBridge } from '../../src/renderer/src/transport/bridge.js';
import { contextBridge, FakeFrame, ipcMain, ipcRenderer, resetElectronMock } from './electron-mock.js';
import { eventFrom, harness, RENDERER_URL, type Harness } from './fixtures.js';

let bridge: ArrayscopeBridge;
let h: Harness;
let client: DataClient;

beforeAll(async () => {
  await import('../../src/preload/index.js');
  bridge = contextBridge.exposeInMainWorld.mock.calls[0]![1] as ArrayscopeBridge;
});

beforeEach(() => {
  resetElectronMock();
  h = harness();
  registerIpc({ registry: h.registry, rendererUrl: RENDERER_URL });
  ipcRenderer.invoke.mockImplementation(async (channel: unknown, ...args: unknown[]) =>
    ipcMain.handlers.get(channel as string)!(eventFrom(h.window), ...args),
  );
  h.window.webContents.send.mockImplementation((channel: string, ...args: unknown[]) => ipcRenderer.emit(channel, ...args));
  client = new DataClient(createIpcTransport(bridge));
});

const probeAnswer = { path: '/d/a.npy', fileName: 'a.npy', fileSize: 128, format: 'npy', members: null };

describe('desktop transport end to end', () => {
  it('labels itself and finds the bridge only where the preload put it', () => {
    expect(client.transport.label).toBe('Electron IPC');
    expect(ipcBridge({ arrayscope: bridge })).toBe(bridge);
    expect(ipcBridge({})).toBeNull();
    expect(desktopShell(bridge)).toBe(bridge.shell);
    expect(desktopShell(null)).toBeNull();
  });

  it('carries a call and its validated answer', async () => {
    h.service.handlers['probe']!.mockResolvedValueOnce(probeAnswer);
    expect(await client.call('probe', { path: '/d/a.npy' })).toEqual({ ok: true, value: probeAnswer });
    expect(h.service.handlers['probe']).toHaveBeenCalledWith({ path: '/d/a.npy' }, expect.anything());
  });

  it('carries input errors back as data', async () => {
    const result = await client.call('probe', { path: '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe('bad-request');
  });

  it('turns a page from another URL into forbidden', async () => {
    h.window.webContents.mainFrame = new FakeFrame('https://evil.example/');
    const result = await client.call('hello', {});
    expect(!result.ok && result.error.kind).toBe('forbidden');
  });

  it('delivers engine events and progress to the client', async () => {
    const opened = vi.fn();
    client.on('openRequest', opened);
    h.service.options!.emit('openRequest', { path: '/d/b.npy' });
    expect(opened).toHaveBeenCalledWith({ path: '/d/b.npy' });

    h.service.handlers['probe']!.mockImplementationOnce(async (_input: unknown, ctx: { progress(d: number, t: number): void }) => {
      ctx.progress(4, 4);
      return probeAnswer;
    });
    const onProgress = vi.fn();
    await client.call('probe', { path: '/d/a.npy' }, { onProgress });
    expect(onProgress).toHaveBeenCalledWith(4, 4);
  });

  it('cancels through the cancel method when the caller aborts', async () => {
    let engineSignal: AbortSignal | undefined;
    h.service.handlers['stats']!.mockImplementationOnce((_input: unknown, ctx: { signal: AbortSignal }) => {
      engineSignal = ctx.signal;
      return new Promise(() => {});
    });
    const controller = new AbortController();
    const pending = client.call('stats', { session: 's1' }, { signal: controller.signal });
    await vi.waitFor(() => expect(engineSignal).toBeDefined());
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await vi.waitFor(() => expect(engineSignal?.aborted).toBe(true));
  });
});
