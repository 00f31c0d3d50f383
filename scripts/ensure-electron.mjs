#!/usr/bin/env node
// Makes sure the Electron binary is installed before the desktop app starts.
//
// npm here skips dependency install scripts (package.json "allowScripts": {"electron": false}),
// so node_modules/electron arrives without dist/. When the binary is missing we run electron's own
// install.js once (it downloads when online, honouring ELECTRON_MIRROR and electron_config_cache);
// when that fails we print ONE message saying why and what to do, and the caller exits non-zero.
//
// Usable as a module (start.mjs, tests) and as a command: `node scripts/ensure-electron.mjs`
// prints the binary's path, or the message and exits 1.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ELECTRON_DIR = path.join(projectRoot, 'node_modules', 'electron');
export const DEFAULT_INSTALL_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The Electron executable that `require('electron')` names, or null when it is not installed.
 * electron/index.js throws when path.txt is missing; a path.txt without the binary is not
 * installed either.
 */
export function locateElectron(electronDir = DEFAULT_ELECTRON_DIR) {
  const entry = path.join(electronDir, 'index.js');
  const require = createRequire(entry);
  delete require.cache[require.resolve(entry)]; // re-read path.txt after an install
  try {
    const executable = require(entry);
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

function electronVersion(electronDir) {
  try {
    return JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** First meaningful line of the installer's output: "RequestError: getaddrinfo ENOTFOUND github.com". */
function firstErrorLine(output) {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith('at '));
  return line ? line.slice(0, 300) : null;
}

/**
 * Runs electron/install.js in a child process. Resolves { code, timedOut, output }; never rejects.
 */
export function runElectronInstall(electronDir = DEFAULT_ELECTRON_DIR, timeoutMs = DEFAULT_INSTALL_TIMEOUT_MS) {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: null, timedOut: false, output: String(err?.message ?? err) });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    const collect = (chunk) => {
      if (output.length < 64 * 1024) output += chunk;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (err) => collect(`${err.message}\n`));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output });
    });
  });
}

/**
 * Where electron's installer (@electron/get) looks for an already downloaded zip: a per-URL hashed
 * directory under electron_config_cache (default ~/.cache/electron). Null when it cannot be known.
 */
export async function cachedZipPath(electronDir, version) {
  try {
    const require = createRequire(path.join(electronDir, 'install.js'));
    const { Cache } = require('@electron/get/dist/cjs/Cache');
    const { getArtifactRemoteURL, getArtifactFileName } = require('@electron/get/dist/cjs/artifact-utils');
    const details = { artifactName: 'electron', version: `v${version}`, platform: process.platform, arch: process.arch };
    const url = await getArtifactRemoteURL(details);
    return new Cache(process.env.electron_config_cache || undefined).getCachePath(url, getArtifactFileName(details));
  } catch {
    return null;
  }
}

export function missingElectronMessage({ version, reason, zipPath = null, electronDir = DEFAULT_ELECTRON_DIR }) {
  const relDir = path.relative(process.cwd(), electronDir) || electronDir;
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const cacheHint = zipPath ? `copy ${zip} to ${zipPath}` : `put ${zip} in electron's download cache (electron_config_cache)`;
  return [
    `arrayscope: cannot start the desktop app: the Electron ${version} binary is not installed (${relDir}/dist is missing), and downloading it failed${reason ? `: ${reason}` : ''}.`,
    `  Offline or behind a firewall? Set ELECTRON_MIRROR to a reachable mirror, or ${cacheHint}; then run \`npm start\` again (or \`node ${relDir}/install.js\`).`,
    '  Without Electron, the same UI runs in your browser: npm run serve -- FILE',
  ].join('\n');
}

/**
 * Returns { ok: true, executable, installed } or { ok: false, message }.
 * `deps` lets tests replace the installer and the logger.
 */
export async function ensureElectron(deps = {}) {
  const electronDir = deps.electronDir ?? DEFAULT_ELECTRON_DIR;
  const install = deps.install ?? runElectronInstall;
  const log = deps.log ?? ((line) => console.error(line));
  const timeoutMs = deps.timeoutMs ?? (Number(process.env.ARRAYSCOPE_ELECTRON_INSTALL_TIMEOUT_MS) || DEFAULT_INSTALL_TIMEOUT_MS);
  const version = electronVersion(electronDir);

  const present = locateElectron(electronDir);
  if (present) return { ok: true, executable: present, installed: false };

  log(`arrayscope: the Electron ${version} binary is not installed; downloading it once (node_modules/electron/install.js)…`);
  const result = await install(electronDir, timeoutMs);
  const executable = locateElectron(electronDir);
  if (executable) return { ok: true, executable, installed: true };

  const reason = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
    ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set'
    : result.timedOut
    ? `no answer within ${Math.round(timeoutMs / 1000)} s`
    : (firstErrorLine(result.output) ?? (result.code === 0 ? 'the installer finished but left no binary' : `the installer exited with code ${result.code}`));
  const zipPath = await cachedZipPath(electronDir, version);
  return { ok: false, message: missingElectronMessage({ version, reason, zipPath, electronDir }) };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const outcome = await ensureElectron();
  if (outcome.ok) {
    console.log(outcome.executable);
  } else {
    console.error(outcome.message);
    process.exitCode = 1;
  }
}
