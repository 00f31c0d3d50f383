/**
 * scripts/ensure-electron.mjs decides whether the desktop app can start: binary present, binary
 * installed by electron's install.js, or one message explaining how to get it. The child process
 * is mocked; electron's real index.js (the `require('electron')` logic) runs against a temp dir.
 */
import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const spawn = vi.hoisted(() => vi.fn());
vi.mock('node:child_process', async (importOriginal) => ({ ...(await importOriginal<object>()), spawn }));

interface Outcome {
  ok: boolean;
  executable?: string;
  installed?: boolean;
  message?: string;
}
interface EnsureModule {
  ensureElectron(deps: { electronDir: string; timeoutMs?: number; log?: (line: string) => void }): Promise<Outcome>;
  locateElectron(dir: string): string | null;
}

const scriptPath = '../../scripts/ensure-electron.mjs';
const load = async (): Promise<EnsureModule> => (await import(/* @vite-ignore */ scriptPath as string)) as EnsureModule;

let electronDir: string;

function fakeElectronPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arrayscope-electron-'));
  copyFileSync(join(process.cwd(), 'node_modules/electron/index.js'), join(dir, 'index.js'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '41.7.1' }));
  writeFileSync(join(dir, 'install.js'), '');
  return dir;
}

function installBinary(dir: string): void {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'electron'), '');
  writeFileSync(join(dir, 'path.txt'), 'electron');
}

/** A child process that runs `behaviour` on the next tick. */
function fakeChild(behaviour: (child: EventEmitter & { stdout: EventEmitter; stderr: EventEmitter }) => void) {
  const child = Object.assign(new EventEmitter(), { stdout: new EventEmitter(), stderr: new EventEmitter(), kill: vi.fn() });
  child.kill.mockImplementation(() => setImmediate(() => child.emit('close', null)));
  setImmediate(() => behaviour(child));
  return child;
}

beforeEach(() => {
  spawn.mockReset();
  electronDir = fakeElectronPackage();
  delete process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
});
afterEach(() => {
  delete process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
});

describe('ensureElectron', () => {
  it('uses an installed binary without running the installer', async () => {
    installBinary(electronDir);
    const { ensureElectron } = await load();
    expect(await ensureElectron({ electronDir, log: vi.fn() })).toEqual({ ok: true, executable: join(electronDir, 'dist', 'electron'), installed: false });
    expect(spawn).not.toHaveBeenCalled();
  });

  it('treats path.txt without the binary as not installed', async () => {
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    const { locateElectron } = await load();
    expect(locateElectron(electronDir)).toBeNull();
  });

  it('runs electron/install.js once and uses the binary it installed', async () => {
    spawn.mockImplementationOnce(() =>
      fakeChild((child) => {
        installBinary(electronDir);
        child.emit('close', 0);
      }),
    );
    const { ensureElectron } = await load();
    const log = vi.fn();
    expect(await ensureElectron({ electronDir, log })).toEqual({ ok: true, executable: join(electronDir, 'dist', 'electron'), installed: true });
    expect(spawn).toHaveBeenCalledOnce();
    expect(spawn.mock.calls[0]?.[1]).toEqual([join(electronDir, 'install.js')]);
    expect(log).toHaveBeenCalledOnce();
  });

  it('explains, once, how to get Electron when the download fails', async () => {
    spawn.mockImplementationOnce(() =>
      fakeChild((child) => {
        child.stderr.emit('data', 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (x.js:1:1)\n');
        child.emit('close', 1);
      }),
    );
    const { ensureElectron } = await load();
    const outcome = await ensureElectron({ electronDir, log: vi.fn() });
    expect(outcome.ok).toBe(false);
    expect(spawn).toHaveBeenCalledOnce();
    const message = outcome.message ?? '';
    expect(message).toContain('Electron 41.7.1 binary is not installed');
    expect(message).toContain('downloading it failed: RequestError: getaddrinfo ENOTFOUND github.com');
    expect(message).not.toContain('ClientRequest');
    expect(message).toContain('ELECTRON_MIRROR');
    expect(message).toContain(`electron-v41.7.1-${process.platform}-${process.arch}.zip`);
    expect(message).toContain('npm run serve -- FILE');
  });

  it('gives up after the timeout when the installer hangs', async () => {
    const child = fakeChild(() => {});
    spawn.mockImplementationOnce(() => child);
    const { ensureElectron } = await load();
    const outcome = await ensureElectron({ electronDir, timeoutMs: 30, log: vi.fn() });
    expect(outcome.ok).toBe(false);
    expect(child.kill).toHaveBeenCalled();
    expect(outcome.message).toContain('no answer within 0 s');
  });

  it('says so when the installer succeeds without leaving a binary', async () => {
    spawn.mockImplementationOnce(() => fakeChild((child) => child.emit('close', 0)));
    const { ensureElectron } = await load();
    expect((await ensureElectron({ electronDir, log: vi.fn() })).message).toContain('the installer finished but left no binary');
  });

  it('names ELECTRON_SKIP_BINARY_DOWNLOAD when it is what stopped the download', async () => {
    process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'] = '1';
    spawn.mockImplementationOnce(() => fakeChild((child) => child.emit('close', 0)));
    const { ensureElectron } = await load();
    expect((await ensureElectron({ electronDir, log: vi.fn() })).message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  });

  it('reports a spawn failure as the reason', async () => {
    spawn.mockImplementationOnce(() => {
      throw new Error('spawn ENOMEM');
    });
    const { ensureElectron } = await load();
    expect((await ensureElectron({ electronDir, log: vi.fn() })).message).toContain('spawn ENOMEM');
  });
});
