import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { ArrayscopeError } from '../../src/shared/errors.js';
import { EVENT_CHANNEL, METHOD_NAMES, channelOf, type MethodName } from '../../src/shared/methods.js';
import { registerIpc, type IpcOptions } from '../../src/main/ipc.js';
import { SHELL_DIRTY_CHANNEL } from '../../src/main/shell-channels.js';
import { BrowserWindow, FakeFrame, ipcMain, resetElectronMock } from './electron-mock.js';
import { eventFrom, harness, RENDERER_URL, type Harness } from './fixtures.js';

type Invoke = (event: unknown, call: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>;

function handlerFor(name: MethodName): Invoke {
  const handler = ipcMain.handlers.get(channelOf(name));
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler as Invoke;
}

let h: Harness;
let unregister: () => void;
let onResult: Mock<NonNullable<IpcOptions['onResult']>>;

beforeEach(() => {
  resetElectronMock();
  h = harness();
  onResult = vi.fn<NonNullable<IpcOptions['onResult']>>();
  unregister = registerIpc({ registry: h.registry, rendererUrl: RENDERER_URL, onResult });
});

afterEach(() => unregister());

describe('registration', () => {
  it('registers one handler per contract method, on channelOf(name), and nothing else', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(METHOD_NAMES.length);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());
    expect([...ipcMain.listeners.keys()]).toEqual([SHELL_DIRTY_CHANNEL]);
  });

  it('unregisters everything it registered', () => {
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.get(SHELL_DIRTY_CHANNEL)?.size ?? 0).toBe(0);
    unregister = registerIpc({ registry: h.registry, rendererUrl: RENDERER_URL });
    expect(ipcMain.handlers.size).toBe(METHOD_NAMES.length);
  });
});

describe('sender checks', () => {
  it('passes a call from our renderer main frame to the window dispatcher', async () => {
    const spy = vi.spyOn(h.peer.dispatcher, 'handle');
    const result = await handlerFor('probe')(eventFrom(h.window), 'c1', { path: '/data/a.npy' });
    expect(result).toEqual({ ok: true, value: { method: 'probe' } });
    expect(spy).toHaveBeenCalledWith('probe', 'c1', { path: '/data/a.npy' });
    expect(h.service.handlers['probe']).toHaveBeenCalledOnce();
    expect(onResult).toHaveBeenCalledWith('probe', result, h.peer);
  });

  it('accepts the renderer URL with a query or hash (UI routing)', async () => {
    h.window.webContents.mainFrame = new FakeFrame(`${RENDERER_URL}?tab=2#grid`);
    const result = await handlerFor('hello')(eventFrom(h.window), 'c1', {});
    expect(result.ok).toBe(true);
  });

  const refusals: [string, (h: Harness) => unknown][] = [
    ['a page at another URL', (x) => ((x.window.webContents.mainFrame = new FakeFrame('https://evil.example/')), eventFrom(x.window))],
    ['another local file', (x) => ((x.window.webContents.mainFrame = new FakeFrame('file:///app/out/renderer/other.html')), eventFrom(x.window))],
    ['a subframe showing our URL', (x) => eventFrom(x.window, new FakeFrame(RENDERER_URL, x.window.webContents.mainFrame))],
    ['a frame that is no longer the main frame', (x) => eventFrom(x.window, new FakeFrame(RENDERER_URL))],
    ['a sender frame that is gone (null)', (x) => eventFrom(x.window, null)],
    ['a disposed frame', (x) => ((x.window.webContents.mainFrame.destroyed = true), eventFrom(x.window))],
    ['a destroyed window', (x) => ((x.window.destroyed = true), eventFrom(x.window))],
    ['destroyed web contents', (x) => ((x.window.webContents.destroyed = true), eventFrom(x.window))],
    ['a window we did not create', () => eventFrom(new BrowserWindow())],
    [
      'web contents whose window is not the peer window',
      (x) => {
        BrowserWindow.instances.splice(BrowserWindow.instances.indexOf(x.window), 1);
        return eventFrom(x.window);
      },
    ],
  ];

  for (const [what, makeEvent] of refusals) {
    it(`refuses ${what} with forbidden and never calls the dispatcher`, async () => {
      const spy = vi.spyOn(h.peer.dispatcher, 'handle');
      const result = await handlerFor('open')(makeEvent(h), 'c1', { path: '/data/a.npy' });
      expect(result.ok).toBe(false);
      expect(result.error?.kind).toBe('forbidden');
      expect(result.error?.message).toMatch(/^open: /);
      expect(spy).not.toHaveBeenCalled();
      expect(h.service.handlers['open']).not.toHaveBeenCalled();
    });
  }

  it('trusts the dev server origin only when that is the renderer URL', async () => {
    unregister();
    unregister = registerIpc({ registry: h.registry, rendererUrl: 'http://localhost:5173/' });
    h.window.webContents.mainFrame = new FakeFrame('http://localhost:5173/');
    expect((await handlerFor('hello')(eventFrom(h.window), 'c1', {})).ok).toBe(true);
    h.window.webContents.mainFrame = new FakeFrame('http://localhost:5174/');
    expect((await handlerFor('hello')(eventFrom(h.window), 'c2', {})).error?.kind).toBe('forbidden');
    h.window.webContents.mainFrame = new FakeFrame(RENDERER_URL);
    expect((await handlerFor('hello')(eventFrom(h.window), 'c3', {})).error?.kind).toBe('forbidden');
  });
});

describe('payloads and outcomes', () => {
  const badInputs: [MethodName, unknown, unknown][] = [
    ['probe', 'c1', { path: 5 }],
    ['probe', 'c1', { path: '' }],
    ['open', 'c1', 'not an object'],
    ['page', 'c1', { session: 's1' }],
    ['probe', '', { path: '/a.npy' }],
    ['probe', 42, { path: '/a.npy' }],
    ['probe', 'x'.repeat(65), { path: '/a.npy' }],
  ];
  for (const [name, call, input] of badInputs) {
    it(`answers ${name}(${JSON.stringify(call).slice(0, 12)}, ${JSON.stringify(input)}) with bad-request data`, async () => {
      const result = await handlerFor(name)(eventFrom(h.window), call, input);
      expect(result.ok).toBe(false);
      expect(result.error?.kind).toBe('bad-request');
      expect(h.service.handlers[name]).not.toHaveBeenCalled();
    });
  }

  it('returns the engine error kind as data', async () => {
    h.service.handlers['probe']!.mockRejectedValueOnce(new ArrayscopeError('not-found', '/data/missing.npy: no such file'));
    const result = await handlerFor('probe')(eventFrom(h.window), 'c1', { path: '/data/missing.npy' });
    expect(result).toEqual({ ok: false, error: { kind: 'not-found', message: '/data/missing.npy: no such file' } });
  });

  it('never rejects, even if the dispatcher itself throws', async () => {
    vi.spyOn(h.peer.dispatcher, 'handle').mockRejectedValueOnce(new Error('boom'));
    const result = await handlerFor('hello')(eventFrom(h.window), 'c1', {});
    expect(result).toEqual({ ok: false, error: { kind: 'internal', message: 'boom' } });
  });

  it('still answers when the result hook throws', async () => {
    onResult.mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    const result = await handlerFor('hello')(eventFrom(h.window), 'c1', {});
    expect(result.ok).toBe(true);
  });

  it('refuses writes with forbidden when the window is read-only', async () => {
    unregister();
    resetElectronMock();
    h = harness({ allowWrites: false });
    unregister = registerIpc({ registry: h.registry, rendererUrl: RENDERER_URL });
    const result = await handlerFor('flush')(eventFrom(h.window), 'c1', { session: 's1' });
    expect(result.error?.kind).toBe('forbidden');
    expect(h.service.handlers['flush']).not.toHaveBeenCalled();
    expect(h.service.options?.allowWrites).toBe(false);
  });

  it('cancels a long call by its call id', async () => {
    h.service.handlers['stats']!.mockImplementationOnce(
      (_input: unknown, ctx: { signal: AbortSignal }) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('late'))),
    );
    const running = handlerFor('stats')(eventFrom(h.window), 'long-1', { session: 's1' });
    const cancelled = await handlerFor('cancel')(eventFrom(h.window), 'c2', { call: 'long-1' });
    expect(cancelled).toEqual({ ok: true, value: null });
    expect((await running).error?.kind).toBe('cancelled');
  });
});

describe('events and peer lifetime', () => {
  it('sends progress of a long call to that window on EVENT_CHANNEL', async () => {
    h.service.handlers['stats']!.mockImplementationOnce(async (_input: unknown, ctx: { progress(d: number, t: number): void }) => {
      ctx.progress(10, 10);
      return {};
    });
    await handlerFor('stats')(eventFrom(h.window), 'c9', { session: 's1' });
    expect(h.window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'progress', { call: 'c9', done: 10, total: 10 });
  });

  it('gives the service an emit that targets this window and stops once it is destroyed', () => {
    const options = h.service.options!;
    expect(options.host).toBe('electron');
    expect(options.initialFiles).toEqual(['/data/a.npy']);
    options.emit('openRequest', { path: '/data/b.npy' });
    expect(h.window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'openRequest', { path: '/data/b.npy' });
    h.window.webContents.destroyed = true;
    options.emit('openRequest', { path: '/data/c.npy' });
    expect(h.window.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('disposes the service once and aborts in-flight calls', async () => {
    let signal: AbortSignal | undefined;
    h.service.handlers['page']!.mockImplementationOnce((_i: unknown, ctx: { signal: AbortSignal }) => {
      signal = ctx.signal;
      return new Promise(() => {});
    });
    void handlerFor('page')(eventFrom(h.window), 'p1', { session: 's1', view: {}, row0: 0, rowCount: 1, col0: 0, colCount: 1 });
    await vi.waitFor(() => expect(signal).toBeDefined());
    h.peer.dispose();
    h.peer.dispose();
    expect(signal?.aborted).toBe(true);
    expect(h.service.dispose).toHaveBeenCalledOnce();
  });
});

describe('unsaved-tabs report (SHELL_DIRTY_CHANNEL)', () => {
  function report(event: unknown, names: unknown): void {
    for (const listener of ipcMain.listeners.get(SHELL_DIRTY_CHANNEL) ?? []) listener(event, names);
  }

  it('records sanitized names from our renderer', () => {
    report(eventFrom(h.window), ['a.npy', 7, '', 'b.npy']);
    expect(h.peer.dirtyNames).toEqual(['a.npy', 'b.npy']);
    report(eventFrom(h.window), 'not a list');
    expect(h.peer.dirtyNames).toEqual([]);
  });

  it('ignores reports from any other sender', () => {
    report(eventFrom(h.window), ['a.npy']);
    report(eventFrom(h.window, new FakeFrame(RENDERER_URL, h.window.webContents.mainFrame)), []);
    report(eventFrom(new BrowserWindow()), []);
    expect(h.peer.dirtyNames).toEqual(['a.npy']);
  });
});
