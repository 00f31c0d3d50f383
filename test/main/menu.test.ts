import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi, type Mock } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { buildMenuTemplate, installMenu, type MenuActions } from '../../src/main/menu.js';
import { Menu } from './electron-mock.js';

type MockActions = { [K in keyof MenuActions]: Mock<MenuActions[K]> };

function actions(): MockActions {
  return { open: vi.fn(), openRaw: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), command: vi.fn(), about: vi.fn() };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function template(platform: NodeJS.Platform, dev = false, recent: string[] = [], a = actions()) {
  return flatten(buildMenuTemplate({ platform, dev, appName: 'Arrayscope', recent, actions: a }));
}

function byLabel(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('has the expected accelerators on %s', (platform) => {
    const items = template(platform);
    expect(byLabel(items, 'Open…').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel(items, 'Open Raw…').accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(byLabel(items, 'Save As…').accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(byLabel(items, 'Close Tab').accelerator).toBe('CmdOrCtrl+W');
    expect(byLabel(items, 'Undo').accelerator).toBe('CmdOrCtrl+Z');
    expect(byLabel(items, 'Redo').accelerator).toBe('CmdOrCtrl+Shift+Z');
    expect(items.filter((i) => i.role === 'quit')).toHaveLength(1);
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('puts Quit in File on Linux/Windows and in the app menu on macOS', () => {
    expect(byLabel(template('linux'), 'Quit').accelerator).toBe('CmdOrCtrl+Q');
    const mac = buildMenuTemplate({ platform: 'darwin', dev: false, appName: 'Arrayscope', recent: [], actions: actions() });
    expect(mac[0]?.label).toBe('Arrayscope');
    expect((mac[0]?.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(true);
    expect(flatten([mac[1]!]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('shows Reload and Toggle DevTools only in dev', () => {
    const roles = (dev: boolean) => template('linux', dev).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('keeps clipboard roles so text fields can copy and paste', () => {
    const roles = template('darwin').map((i) => i.role);
    for (const role of ['cut', 'copy', 'paste', 'selectAll']) expect(roles).toContain(role);
    expect(roles).not.toContain('undo');
  });

  it('routes clicks to the actions', () => {
    const a = actions();
    const items = template('linux', false, ['/data/x.npy'], a);
    click(byLabel(items, 'Open…'));
    click(byLabel(items, 'Open Raw…'));
    click(byLabel(items, 'Save As…'));
    click(byLabel(items, 'Close Tab'));
    click(byLabel(items, 'Undo'));
    click(byLabel(items, 'Redo'));
    click(byLabel(items, 'x.npy — /data/x.npy'));
    click(byLabel(items, 'Clear Recent'));
    click(byLabel(items, 'About Arrayscope'));
    expect(a.open).toHaveBeenCalledOnce();
    expect(a.openRaw).toHaveBeenCalledOnce();
    expect(a.command.mock.calls).toEqual([['saveAs'], ['closeTab'], ['undo'], ['redo']]);
    expect(a.openRecent).toHaveBeenCalledWith('/data/x.npy');
    expect(a.clearRecent).toHaveBeenCalledOnce();
    expect(a.about).toHaveBeenCalledOnce();
  });

  it('lists recent files, or a disabled placeholder', () => {
    const empty = template('linux');
    expect(byLabel(empty, 'No Recent Files').enabled).toBe(false);
    expect(byLabel(empty, 'Clear Recent').enabled).toBe(false);
    const some = template('linux', false, ['/a/one.npy', '/b/two.npz']);
    expect(some.filter((i) => i.label?.includes(' — /'))).toHaveLength(2);
  });

  it('installMenu sets the built menu as the application menu', () => {
    installMenu({ platform: 'linux', dev: false, appName: 'Arrayscope', recent: [], actions: actions() });
    expect(Menu.buildFromTemplate).toHaveBeenCalledOnce();
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(Menu.buildFromTemplate.mock.results[0]?.value);
  });
});
