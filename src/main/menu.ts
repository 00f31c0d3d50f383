/**
 * The application menu. `buildMenuTemplate` is pure (tested for its items and accelerators);
 * actions that need the UI are delivered by the caller as `openRequest` events or shell commands.
 * Undo/Redo are commands, not Chromium roles: the UI decides whether they apply to a text field
 * being edited or to the array's edit history.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { ShellCommandName } from './shell-channels.js';

export interface MenuActions {
  open(): void;
  openRaw(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  command(command: ShellCommandName): void;
  about(): void;
}

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  /** Shows Reload and Toggle DevTools. */
  readonly dev: boolean;
  readonly appName: string;
  readonly recent: readonly string[];
  readonly actions: MenuActions;
}

function recentSubmenu({ recent, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = recent.map((path) => ({
    label: `${basename(path)} — ${path}`,
    click: () => actions.openRecent(path),
  }));
  if (items.length === 0) items.push({ label: 'No Recent Files', enabled: false });
  items.push({ type: 'separator' }, { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() });
  return items;
}

function fileMenu(options: MenuOptions): MenuItemConstructorOptions {
  const { actions, platform } = options;
  const submenu: MenuItemConstructorOptions[] = [
    { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
    { label: 'Open Raw…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openRaw() },
    { label: 'Open Recent', submenu: recentSubmenu(options) },
    { type: 'separator' },
    { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.command('saveAs') },
    { type: 'separator' },
    { label: 'Close Tab', accelerator: 'CmdOrCtrl+W', click: () => actions.command('closeTab') },
    { label: 'Close Window', accelerator: 'CmdOrCtrl+Shift+W', role: 'close' },
  ];
  if (platform !== 'darwin') submenu.push({ type: 'separator' }, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', role: 'quit' });
  return { label: '&File', submenu };
}

function editMenu({ actions }: MenuOptions): MenuItemConstructorOptions {
  return {
    label: '&Edit',
    submenu: [
      // The accelerators are shown but not registered: the key press goes to the page, which
      // handles it once (text field, grid or edit history). Registering them too would make
      // one Ctrl+Z undo twice (the page's handler and the menu command).
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.command('undo') },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: () => actions.command('redo') },
      { type: 'separator' },
      // Roles, so copy/paste keep working in text fields (on macOS they only work through the menu).
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
}

function viewMenu({ dev }: MenuOptions): MenuItemConstructorOptions {
  const submenu: MenuItemConstructorOptions[] = [];
  if (dev) submenu.push({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  submenu.push({ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' });
  return { label: '&View', submenu };
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, appName, actions } = options;
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.about() };
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({
      label: appName,
      submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(fileMenu(options), editMenu(options), viewMenu(options));
  if (platform === 'darwin') template.push({ role: 'windowMenu' });
  else template.push({ label: '&Help', submenu: [about] });
  return template;
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
