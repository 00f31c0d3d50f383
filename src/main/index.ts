/**
 * Electron main process: app lifecycle. Everything with a decision in it lives in the modules
 * imported here (and is unit-tested there); this file only wires them to Electron's events.
 */
import { ensureDemo } from '../core/demo.js';
import { app, BrowserWindow, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService } from '../core/service.js';
import type { MethodName } from '../shared/methods.js';
import type { Result } from '../shared/errors.js';
import { parseLaunchArgs } from './argv.js';
import { guardClose, unsavedNames } from './close-guard.js';
import { chooseFileToOpen, confirmDiscard, filePickerFor } from './dialogs.js';
import { registerIpc } from './ipc.js';
import { installMenu } from './menu.js';
import { processMetrics } from './metrics.js';
import { createPeer, PeerRegistry, type Peer } from './peers.js';
import { desktopPolicy } from '../core/policy.js';
import { RecentFiles } from './recent.js';
import { hardenSession, hardenWebContents } from './security.js';
import type { ShellCommandName } from './shell-channels.js';
import { builtRendererUrl, devServerUrl } from './trust.js';
import { createMainWindow } from './window.js';

const mainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(mainDir, '..', 'preload', 'index.cjs');
const rendererFile = join(mainDir, '..', 'renderer', 'index.html');
const devUrl = devServerUrl(process.env, app.isPackaged);
const rendererUrl = devUrl ?? builtRendererUrl(mainDir);
const devTools = devUrl !== null || process.env['ARRAYSCOPE_DEVTOOLS'] === '1';
const launch = parseLaunchArgs(process.argv, { defaultApp: Boolean(process.defaultApp), cwd: process.cwd() });

const registry = new PeerRegistry();
/** Files to hand to the next window's `hello` (command line, macOS open-file before a window exists). */
const pendingFiles: string[] = [...launch.files];
let quitting = false;
let recent: RecentFiles | null = null;

const userDataFile = (name: string): string => join(app.getPath('userData'), name);

function activePeer(): Peer | undefined {
  const focused = BrowserWindow.getFocusedWindow();
  const peers = registry.all();
  return peers.find((p) => p.window === focused) ?? peers[0];
}

function reveal(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Asks the UI to open `path`; with no window yet, the next window gets it as an initial file. */
function openInUi(path: string): void {
  const peer = activePeer();
  if (!peer) {
    pendingFiles.push(path);
    if (app.isReady()) createWindow();
    return;
  }
  reveal(peer.window);
  const contents = peer.window.webContents;
  if (contents.isLoading()) contents.once('did-finish-load', () => peer.emit('openRequest', { path }));
  else peer.emit('openRequest', { path });
}

function sendCommand(command: ShellCommandName, path?: string): void {
  activePeer()?.command(path === undefined ? { command } : { command, path });
}

function refreshMenu(): void {
  installMenu({
    platform: process.platform,
    dev: devTools,
    appName: 'Arrayscope',
    recent: recent?.list() ?? [],
    actions: {
      open: () => void chooseFileToOpen(activePeer()?.window ?? null).then((p) => p && openInUi(p)),
      openRaw: () => void chooseFileToOpen(activePeer()?.window ?? null, { raw: true }).then((p) => p && sendCommand('openRaw', p)),
      openRecent: openInUi,
      clearRecent: () => {
        recent?.clear();
        refreshMenu();
      },
      command: (command) => sendCommand(command),
      about: () => app.showAboutPanel(),
    },
  });
}

/** Successful open/create/saveAs calls put the file on the recent list. */
function recordRecent(method: MethodName, result: Result<unknown>): void {
  if (!result.ok || !recent || !['open', 'create', 'saveAs'].includes(method)) return;
  const path = (result.value as { path?: unknown }).path;
  if (typeof path === 'string' && recent.add(path)) refreshMenu();
}

function createWindow(): void {
  const window = createMainWindow({ preload: preloadPath, stateFile: userDataFile('window-state.json') });
  const peer = createPeer(window, {
    allowWrites: !launch.readOnly,
    initialFiles: pendingFiles.splice(0),
    createService,
    policy: desktopPolicy,
    pickFile: filePickerFor(window),
    processMetrics,
  });
  registry.add(peer);
  guardClose(window, {
    unsavedNames: () => unsavedNames(peer),
    confirm: (names) => confirmDiscard(window, names),
    proceed: () => (quitting ? app.quit() : window.close()),
    cancelled: () => {
      quitting = false;
    },
  });
  window.on('closed', () => {
    registry.remove(peer);
    peer.dispose();
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`arrayscope: the window's renderer stopped (${details.reason}, exit code ${details.exitCode})`);
  });
  void (devUrl ? window.loadURL(devUrl) : window.loadFile(rendererFile));
}

/** With no file given, a newcomer sees the demo arrays (generated once into the user's cache). */
async function addDemoWhenNoFiles(): Promise<void> {
  if (pendingFiles.length > 0 || process.env['ARRAYSCOPE_NO_DEMO'] === '1') return;
  try {
    const demo = await ensureDemo((message) => console.log(`arrayscope: ${message}`));
    pendingFiles.push(...demo.files);
  } catch (err) {
    console.error(`arrayscope: could not prepare the demo arrays: ${(err as Error).message}`);
  }
}

function start(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererUrl));
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) openInUi(path);
    else pendingFiles.push(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const { files } = parseLaunchArgs(argv, { defaultApp: Boolean(process.defaultApp), cwd: workingDirectory });
    const peer = activePeer();
    if (peer) reveal(peer.window);
    else if (files.length === 0) createWindow();
    files.forEach(openInUi);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && registry.all().length === 0) createWindow();
  });
  void app.whenReady().then(async () => {
    await addDemoWhenNoFiles();
    app.setAboutPanelOptions({ applicationName: 'Arrayscope', applicationVersion: app.getVersion() });
    hardenSession(session.defaultSession, { rendererUrl, dev: devUrl !== null });
    registerIpc({ registry, rendererUrl, onResult: recordRecent });
    recent = new RecentFiles(userDataFile('recent.json'), {
      add: (path) => app.addRecentDocument(path),
      clear: () => app.clearRecentDocuments(),
    });
    refreshMenu();
    createWindow();
  });
}

// ARRAYSCOPE_USER_DATA gives a run its own profile (window state, recent list) and its own
// single-instance lock: end-to-end tests use it so they never hand over to a running app.
const userDataOverride = process.env['ARRAYSCOPE_USER_DATA'];
if (userDataOverride) app.setPath('userData', userDataOverride);

// A second launch hands its files to the running instance (second-instance above) and exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
