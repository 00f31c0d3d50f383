/**
 * src/main/index.ts wired against the Electron mock and a fake engine service: start-up order,
 * single-instance hand-over, files from argv / open-file / second launches, the recent list, the
 * menu's Open…, and the close/quit prompt.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Service, ServiceOptions } from '../../src/core/service-types.js';
import { EVENT_CHANNEL, METHOD_NAMES, channelOf } from '../../src/shared/methods.js';
import { SHELL_DIRTY_CHANNEL } from '../../src/main/shell-channels.js';
import * as E from './electron-mock.js';
import type { FakeService } from './fixtures.js';

vi.mock('electron', () => import('./electron-mock.js'));
const services = vi.hoisted(() => [] as { options: ServiceOptions; service: unknown }[]);
vi.mock('../../src/core/service.js', async () => {
  const { fakeService: make } = await import('./fixtures.js');
  return {
    createService: (options: ServiceOptions): Service => {
      const fake = make();
      fake.options = options;
      services.push({ options, service: fake });
      return { handlers: fake.handlers as never, dispose: fake.dispose };
    },
  };
});

const RENDERER = pathToFileURL(resolve(import.meta.dirname, '../../src/renderer/index.html')).href;
const savedArgv = process.argv;
let userData: string;

let runs = 0;

/** Evaluates a fresh copy of src/main/index.ts (its module state is the app's state). */
async function start(argv: string[] = ['/x/electron', '/repo', '--', '/data/start.npy']): Promise<void> {
  process.argv = argv;
  try {
    await import(/* @vite-ignore */ `../../src/main/index.ts?run=${++runs}`);
  } finally {
    process.argv = savedArgv;
  }
}

function mainWindow(): E.BrowserWindow {
  expect(E.BrowserWindow.instances).toHaveLength(1);
  const window = E.BrowserWindow.instances[0]!;
  window.webContents.mainFrame = new E.FakeFrame(RENDERER);
  return window;
}

const lastService = (): FakeService => services.at(-1)!.service as FakeService;
const trusted = (window: E.BrowserWindow) => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

function menuItem(label: string): MenuItemConstructorOptions {
  const template = E.Menu.buildFromTemplate.mock.calls.at(-1)![0] as MenuItemConstructorOptions[];
  const all = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? all(i.submenu) : [])]);
  const item = all(template).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

beforeEach(() => {
  E.resetElectronMock();
  services.length = 0;
  userData = mkdtempSync(join(tmpdir(), 'arrayscope-userdata-'));
  E.app.getPath.mockReturnValue(userData);
  E.app.requestSingleInstanceLock.mockReturnValue(true);
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
});

afterEach(() => {
  rmSync(userData, { recursive: true, force: true });
  process.argv = savedArgv;
  delete (process as { defaultApp?: boolean }).defaultApp;
});

describe('start-up', () => {
  it('sandboxes, hardens, registers IPC, builds the menu and opens one window on the built renderer', async () => {
    await start();
    expect(E.app.enableSandbox).toHaveBeenCalledOnce();
    expect(E.app.listenerCount('web-contents-created')).toBe(1);
    expect(E.BrowserWindow.instances).toHaveLength(0);
    await E.app.becomeReady();
    expect(E.app.setPath).not.toHaveBeenCalled();
    expect(E.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(E.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect([...E.ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());
    expect(E.Menu.setApplicationMenu).toHaveBeenCalled();
    const window = mainWindow();
    const prefs = window.options['webPreferences'] as { preload: string; sandbox: boolean };
    expect(prefs.preload.endsWith(join('preload', 'index.cjs'))).toBe(true);
    expect(window.loadFile).toHaveBeenCalledWith(resolve(import.meta.dirname, '../../src/renderer/index.html'));
    expect(services).toHaveLength(1);
    expect(services[0]!.options).toMatchObject({ host: 'electron', allowWrites: true, initialFiles: ['/data/start.npy'], root: null });
  });

  it('honours --read-only', async () => {
    await start(['/x/electron', '.', '--read-only']);
    await E.app.becomeReady();
    expect(services[0]!.options.allowWrites).toBe(false);
  });

  it('ARRAYSCOPE_USER_DATA moves the profile (and so the single-instance lock) before locking', async () => {
    process.env['ARRAYSCOPE_USER_DATA'] = userData;
    try {
      await start();
    } finally {
      delete process.env['ARRAYSCOPE_USER_DATA'];
    }
    expect(E.app.setPath).toHaveBeenCalledWith('userData', userData);
    expect(E.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(E.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
  });

  it('a second instance hands over and quits without opening anything', async () => {
    E.app.requestSingleInstanceLock.mockReturnValue(false);
    await start();
    expect(E.app.quit).toHaveBeenCalledOnce();
    expect(E.app.enableSandbox).not.toHaveBeenCalled();
    expect(E.app.whenReady).not.toHaveBeenCalled();
  });

  it('hardens every web contents created later', async () => {
    await start();
    const contents = new E.FakeWebContents();
    E.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('files from outside', () => {
  it('second launches send openRequest for their files, resolved in their directory', async () => {
    await start();
    await E.app.becomeReady();
    const window = mainWindow();
    E.app.emit('second-instance', {}, ['/x/electron', '.', '--', 'b.npy'], '/work/dir');
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'openRequest', { path: '/work/dir/b.npy' });
    expect(window.focus).toHaveBeenCalled();
  });

  it('macOS open-file before ready becomes an initial file, after ready an openRequest', async () => {
    await start(['/x/electron', '.']);
    const early = { preventDefault: vi.fn() };
    E.app.emit('open-file', early, '/data/early.npy');
    expect(early.preventDefault).toHaveBeenCalled();
    await E.app.becomeReady();
    expect(services[0]!.options.initialFiles).toEqual(['/data/early.npy']);
    E.app.emit('open-file', { preventDefault: vi.fn() }, '/data/late.npy');
    expect(mainWindow().webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'openRequest', { path: '/data/late.npy' });
  });

  it('File › Open… asks for a file and sends it to the window', async () => {
    await start();
    await E.app.becomeReady();
    const window = mainWindow();
    E.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/picked.npy'] });
    (menuItem('Open…').click as () => void)();
    await vi.waitFor(() => expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'openRequest', { path: '/data/picked.npy' }));
  });

  it('a successful open goes on the recent list, the OS list and the menu', async () => {
    await start();
    await E.app.becomeReady();
    const window = mainWindow();
    lastService().handlers['open']!.mockResolvedValueOnce({ path: '/data/opened.npy' });
    const result = await E.ipcMain.handlers.get(channelOf('open'))!(trusted(window), 'c1', { path: '/data/opened.npy' });
    expect(result).toMatchObject({ ok: true });
    expect(E.app.addRecentDocument).toHaveBeenCalledWith('/data/opened.npy');
    expect(JSON.parse(readFileSync(join(userData, 'recent.json'), 'utf8'))).toEqual(['/data/opened.npy']);
    expect(menuItem('opened.npy — /data/opened.npy')).toBeDefined();
  });
});

describe('closing and quitting', () => {
  it('closes at once when nothing is unsaved, disposing the window service', async () => {
    await start();
    await E.app.becomeReady();
    const window = mainWindow();
    expect(window.close()).toBe(true);
    await vi.waitFor(() => expect(window.close).toHaveBeenCalledTimes(2));
    expect(E.dialog.showMessageBox).not.toHaveBeenCalled();
    window.emit('closed');
    expect(lastService().dispose).toHaveBeenCalledOnce();
    E.app.emit('window-all-closed');
    if (process.platform !== 'darwin') expect(E.app.quit).toHaveBeenCalled();
  });

  it('a quit with unsaved tabs asks first; cancelling keeps the app, agreeing resumes the quit', async () => {
    await start();
    await E.app.becomeReady();
    const window = mainWindow();
    for (const listener of E.ipcMain.listeners.get(SHELL_DIRTY_CHANNEL) ?? []) listener(trusted(window), ['edited.npy']);

    E.app.emit('before-quit');
    E.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(window.close()).toBe(true);
    await vi.waitFor(() => expect(E.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(E.dialog.showMessageBox.mock.calls[0]?.[1].detail).toContain('edited.npy');
    await new Promise((r) => setImmediate(r));
    expect(E.app.quit).not.toHaveBeenCalled();

    E.app.emit('before-quit');
    E.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    window.close();
    await vi.waitFor(() => expect(E.app.quit).toHaveBeenCalledOnce());
  });
});
