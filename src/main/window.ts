/**
 * The main window: a sandboxed, context-isolated renderer without Node, whose only bridge is the
 * preload script. Its size and position are remembered across runs (window-state.ts).
 *
 * The webPreferences are written out literally in the constructor call so that static checkers
 * (scripts/electronegativity.mjs) can see every one of them; window.test.ts asserts them too.
 */
import { BrowserWindow, screen } from 'electron';
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, saveWindowState } from './window-state.js';

export interface MainWindowOptions {
  /** Absolute path of out/preload/index.cjs. */
  readonly preload: string;
  /** userData/window-state.json */
  readonly stateFile: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((display) => display.workArea);
  const state = loadWindowState(options.stateFile, displays);
  const window = new BrowserWindow({
    title: 'Arrayscope',
    width: state.width,
    height: state.height,
    ...(state.bounds ? { x: state.bounds.x, y: state.bounds.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would try to open links in a new window (denied anyway by security.ts).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowState(options.stateFile, window.getNormalBounds(), window.isMaximized()));
  return window;
}
