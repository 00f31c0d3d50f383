/**
 * The desktop app end to end: Electron starts on a small .npy given on the command line, and the
 * window shows the file's name and its first values as numpy prints them.
 *
 * Needs the Electron binary (node_modules/electron/dist), which npm here does not download
 * (package.json "allowScripts": {"electron": false}); without it the spec is reported SKIPPED
 * with that reason. `npm start` explains how to install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { fixtureDir, hasNumpy, python } from '../helpers/numpy.js';

const root = path.resolve(import.meta.dirname, '../..');
const electronDir = path.join(root, 'node_modules', 'electron');

/** The binary `require('electron')` would name: path.txt inside node_modules/electron/dist. */
function electronBinary(): string | null {
  try {
    const executable = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8'));
    return existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

const executablePath = electronBinary();
test.skip(executablePath === null, 'Electron binary not installed: node_modules/electron/dist missing');
test.skip(!hasNumpy, 'numpy is not available to write the .npy fixture');

interface StartScript {
  buildReason(projectRoot: string): string | null;
}

let app: ElectronApplication | undefined;
let profile: string | undefined;
let fixtures: ReturnType<typeof fixtureDir> | undefined;

test.beforeAll(async () => {
  const { buildReason } = (await import(/* @vite-ignore */ path.join(root, 'scripts', 'start.mjs') as string)) as StartScript;
  if (buildReason(root)) {
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    expect(build.status, 'electron-vite build').toBe(0);
  }
});

test.afterAll(async () => {
  await app?.close();
  fixtures?.cleanup();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('opens a .npy named on the command line and shows its name and first values', async () => {
  fixtures = fixtureDir('arrayscope-electron-e2e-');
  const file = fixtures.file('small.npy');
  // numpy writes the fixture and says how it prints the first values (the UI must match).
  const expected = JSON.parse(
    python('a = np.array([1.5, -2.25, 3.0e-7, 42.0], dtype="<f8"); np.save(sys.argv[1], a); print(json.dumps([str(x) for x in a[:3]]))', [file]),
  ) as string[];

  profile = mkdtempSync(path.join(os.tmpdir(), 'arrayscope-electron-profile-'));
  // Chromium refuses to run as root with its OS sandbox (CI containers); the renderer's own
  // sandbox/contextIsolation settings are unaffected by this switch.
  const rootSwitch = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  app = await electron.launch({
    executablePath: executablePath!,
    args: [root, ...rootSwitch, '--', file],
    cwd: root,
    env: { ...process.env, ARRAYSCOPE_USER_DATA: profile, ELECTRON_RENDERER_URL: '' },
  });
  const window = await app.firstWindow();

  await expect(window.getByText('small.npy').first()).toBeVisible();
  for (const value of expected) await expect(window.getByText(value, { exact: true }).first()).toBeVisible();

  // The page has the bridge and nothing of Node.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => typeof (globalThis as { arrayscope?: unknown }).arrayscope)).toBe('object');
});
