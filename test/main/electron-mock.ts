/**
 * A small stand-in for the `electron` module (the binary is not installed here). Suites use it as
 *   vi.mock('electron', () => import('./electron-mock.js'));
 * and import the same module to drive it. It models only what src/main and src/preload touch:
 * ipcMain/ipcRenderer registries, BrowserWindow with a fake webContents and frames, Menu, dialog,
 * screen, app, contextBridge and webUtils. `resetElectronMock()` clears it between tests.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeFrame {
  destroyed = false;
  constructor(
    private readonly currentUrl: string,
    readonly parent: FakeFrame | null = null,
  ) {}
  get url(): string {
    if (this.destroyed) throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    return this.currentUrl;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  loading = false;
  mainFrame: FakeFrame;
  readonly send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  constructor(url = 'file:///app/out/renderer/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    return this.loading;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.instances.find((w) => w.webContents === contents) ?? null;
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  maximized = false;
  readonly loadFile = vi.fn(async (_file: string) => undefined);
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  isMinimized(): boolean {
    return false;
  }
  readonly close = vi.fn(() => {
    const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
    this.emit('close', event);
    return event.defaultPrevented;
  });
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

type Listener = (...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  listeners: new Map<string, Set<Listener>>(),
  handle: vi.fn((channel: string, handler: Listener) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
  on: vi.fn((channel: string, listener: Listener) => {
    const set = ipcMain.listeners.get(channel) ?? new Set();
    set.add(listener);
    ipcMain.listeners.set(channel, set);
  }),
  removeListener: vi.fn((channel: string, listener: Listener) => void ipcMain.listeners.get(channel)?.delete(listener)),
};

export const ipcRenderer = {
  listeners: new Map<string, Set<Listener>>(),
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
  send: vi.fn(),
  on: vi.fn((channel: string, listener: Listener) => {
    const set = ipcRenderer.listeners.get(channel) ?? new Set();
    set.add(listener);
    ipcRenderer.listeners.set(channel, set);
  }),
  removeListener: vi.fn((channel: string, listener: Listener) => void ipcRenderer.listeners.get(channel)?.delete(listener)),
  /** Test helper: delivers a message from "main" to every listener of `channel`. */
  emit(channel: string, ...args: unknown[]): void {
    for (const listener of ipcRenderer.listeners.get(channel) ?? []) listener({ sender: 'raw IpcRendererEvent' }, ...args);
  },
};

export const contextBridge = { exposeInMainWorld: vi.fn() };
export const webUtils = { getPathForFile: vi.fn((_file: unknown) => '/dropped/file.npy') };
export const Menu = { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() };
export const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() };
export const screen = { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) };
/** `app`: events are recorded so tests can fire them with `app.emit(name, …)`. */
const appEvents = new EventEmitter();
let resolveReady: () => void = () => {};
let ready = new Promise<void>((resolve) => (resolveReady = resolve));
export const app = {
  isPackaged: false,
  on: vi.fn((event: string, listener: Listener) => void appEvents.on(event, listener)),
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
  listenerCount: (event: string) => appEvents.listenerCount(event),
  whenReady: vi.fn(() => ready),
  /** Test helper: resolves whenReady() and waits for its continuations. */
  async becomeReady(): Promise<void> {
    app.readyFlag = true;
    resolveReady();
    await ready;
    await new Promise((r) => setImmediate(r));
  },
  readyFlag: false,
  isReady: vi.fn(() => app.readyFlag),
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  getVersion: vi.fn(() => '0.1.0'),
  setAboutPanelOptions: vi.fn(),
  showAboutPanel: vi.fn(),
  getAppMetrics: vi.fn(() => [] as unknown[]),
  getPath: vi.fn((_name: string) => '/tmp/arrayscope-user-data'),
  setPath: vi.fn(),
  addRecentDocument: vi.fn(),
  clearRecentDocuments: vi.fn(),
};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  },
};

export function resetElectronMock(): void {
  BrowserWindow.instances.length = 0;
  BrowserWindow.focused = null;
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  ipcRenderer.listeners.clear();
  appEvents.removeAllListeners();
  app.readyFlag = false;
  ready = new Promise<void>((resolve) => (resolveReady = resolve));
  vi.clearAllMocks();
}

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, screen, session, webUtils };
