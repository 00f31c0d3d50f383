#!/usr/bin/env node
// `npm start [-- [--read-only] FILE…]`: runs the desktop app.
//  1. builds with electron-vite when out/ is missing or older than its sources;
//  2. makes sure the Electron binary is installed (ensure-electron.mjs), else prints why and how to
//     get it (or to use `npm run serve -- FILE`) and exits 1;
//  3. launches Electron on the project (package.json "main" is out/main/index.js) with the files.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectron } from './ensure-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json'];
/** C++ sources are built by node-gyp, not electron-vite. */
const IGNORED_INPUTS = ['src/native'];

function newestMtime(target, ignored) {
  if (ignored.has(target) || !existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry), ignored));
  return newest;
}

/** Why a build is needed, or null when out/ is complete and newer than every input. */
export function buildReason(projectRoot = root) {
  const outputs = BUILD_OUTPUTS.map((p) => path.join(projectRoot, p));
  const missing = outputs.find((p) => !existsSync(p));
  if (missing) return `${path.relative(projectRoot, missing)} is missing`;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const ignored = new Set(IGNORED_INPUTS.map((p) => path.join(projectRoot, p)));
  const newestInput = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(projectRoot, p), ignored)));
  return newestInput > oldestOutput ? 'sources changed since the last build' : null;
}

/** Splits `npm start` arguments into switches and absolute file paths. */
export function launchArguments(args, cwd) {
  const switches = [];
  const files = [];
  let switchesEnded = false;
  for (const arg of args) {
    if (!switchesEnded && arg === '--') switchesEnded = true;
    else if (!switchesEnded && arg.startsWith('-')) switches.push(arg);
    else files.push(path.resolve(cwd, arg));
  }
  if (process.env.NO_SANDBOX === '1') switches.push('--no-sandbox');
  return [root, ...switches, '--', ...files];
}

async function main() {
  const reason = buildReason();
  if (reason) {
    console.error(`arrayscope: building the desktop app (${reason})…`);
    const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('arrayscope: the build failed (see above).');
      process.exit(build.status ?? 1);
    }
  }
  const electron = await ensureElectron();
  if (!electron.ok) {
    console.error(electron.message);
    process.exit(1);
  }
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const args = launchArguments(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  const child = spawn(electron.executable, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
