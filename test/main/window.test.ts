import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { createMainWindow } from '../../src/main/window.js';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from '../../src/main/window-state.js';
import { resetElectronMock, screen, type BrowserWindow } from './electron-mock.js';

const DISPLAY = { x: 0, y: 0, width: 1920, height: 1080 };
let dir: string;

beforeEach(() => {
  resetElectronMock();
  dir = mkdtempSync(join(tmpdir(), 'arrayscope-window-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer, without Node, with web security on', () => {
    const window = createMainWindow({ preload: '/app/out/preload/index.cjs', stateFile: join(dir, 'state.json') }) as unknown as BrowserWindow;
    const prefs = window.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(window.options['show']).toBe(false);
  });

  it('opens at the saved size and position, maximized if it was', () => {
    const stateFile = join(dir, 'state.json');
    saveWindowState(stateFile, { x: 100, y: 50, width: 900, height: 600 }, true);
    const window = createMainWindow({ preload: '/p.cjs', stateFile }) as unknown as BrowserWindow;
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 900, height: 600 });
    expect(window.maximized).toBe(true);
  });

  it('saves its normal bounds when closing', () => {
    const stateFile = join(dir, 'state.json');
    const window = createMainWindow({ preload: '/p.cjs', stateFile }) as unknown as BrowserWindow;
    window.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ bounds: window.getNormalBounds(), maximized: false });
  });

  it('ignores a saved position that is on no connected display', () => {
    const stateFile = join(dir, 'state.json');
    saveWindowState(stateFile, { x: 3000, y: 50, width: 900, height: 600 }, false);
    screen.getAllDisplays.mockReturnValueOnce([{ workArea: DISPLAY }]);
    const window = createMainWindow({ preload: '/p.cjs', stateFile }) as unknown as BrowserWindow;
    expect(window.options).toMatchObject({ width: 900, height: 600 });
    expect(window.options).not.toHaveProperty('x');
  });
});

describe('window state file', () => {
  it('round-trips', () => {
    const file = join(dir, 'nested', 'state.json');
    saveWindowState(file, { x: 5, y: 6, width: 800, height: 500 }, false);
    expect(loadWindowState(file, [DISPLAY])).toEqual({ bounds: { x: 5, y: 6, width: 800, height: 500 }, width: 800, height: 500, maximized: false });
  });

  it.each([
    ['missing', null],
    ['not JSON', '{oops'],
    ['null', 'null'],
    ['no bounds', '{"maximized":true}'],
    ['non-numeric bounds', '{"bounds":{"x":"1","y":0,"width":800,"height":600}}'],
    ['too small', '{"bounds":{"x":0,"y":0,"width":10,"height":10}}'],
    ['infinite', '{"bounds":{"x":0,"y":0,"width":1e999,"height":600}}'],
  ])('falls back to the default when the file is %s', (_what, content) => {
    const file = join(dir, 'state.json');
    if (content !== null) writeFileSync(file, content);
    expect(loadWindowState(file, [DISPLAY])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps the size but drops a position above or beside every display', () => {
    const file = join(dir, 'state.json');
    saveWindowState(file, { x: 10, y: -500, width: 800, height: 600 }, false);
    expect(loadWindowState(file, [DISPLAY])).toMatchObject({ bounds: null, width: 800, height: 600 });
    saveWindowState(file, { x: 1900, y: 10, width: 800, height: 600 }, false);
    expect(loadWindowState(file, [DISPLAY]).bounds).toBeNull();
    expect(loadWindowState(file, [DISPLAY, { x: 1920, y: 0, width: 1920, height: 1080 }]).bounds).not.toBeNull();
  });

  it('does not throw when the state cannot be written', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => saveWindowState(join(dir, 'file', 'state.json'), { x: 0, y: 0, width: 800, height: 600 }, false)).not.toThrow();
  });
});
