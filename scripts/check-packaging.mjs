#!/usr/bin/env node
// Checks the packaging pipeline without the real Electron binary (which cannot be downloaded in
// sealed CI sandboxes): runs `electron-builder --dir --linux` with electronDist pointing at a STUB
// Electron (a small executable carrying the fuse sentinel, plus a `version` file), then checks
//   - the asar holds package.json, out/main, out/preload, out/renderer and the runtime deps,
//     and none of src/, test/, out/types;
//   - build/Release/arrayscope.node is listed as unpacked and present in app.asar.unpacked;
//   - the fuses in electron-builder.yml were written into the executable.
// The project is staged in a temporary directory (node_modules symlinked), so the working tree
// gets no dist/ and a missing addon can be replaced by a marked placeholder (--placeholder-addon).
//
// Usage: node scripts/check-packaging.mjs [--placeholder-addon] [--no-build] [--keep]
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReason } from './start.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ADDON_DIR = 'build/Release';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse order in the V1 wire (@electron/fuses FuseV1Options) and electron-builder's option names. */
const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
const FUSE_ENABLE = 0x31;
const FUSE_DISABLE = 0x30;

class CheckFailed extends Error {}

function fail(message) {
  throw new CheckFailed(message);
}

/** A stand-in Electron: electron-builder copies, renames and fuse-flips it; nothing runs it. */
function writeStubElectron(dir, version, fuses) {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "stub Electron used by scripts/check-packaging.mjs" >&2\nexit 1\n# ');
  // Each configured fuse starts in the opposite state, so every one of them must be flipped.
  const initial = FUSE_NAMES.map((name) => (fuses.has(name) ? (fuses.get(name) ? FUSE_DISABLE : FUSE_ENABLE) : FUSE_ENABLE));
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSE_NAMES.length]), Buffer.from(initial)]);
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), `v${version}`);
}

function stageProject(stage, placeholderAddon) {
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) copyFileSync(path.join(root, file), path.join(stage, file));
  for (const dir of ['out/main', 'out/preload', 'out/renderer']) cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  mkdirSync(path.join(stage, ADDON_DIR), { recursive: true });
  const addons = existsSync(path.join(root, ADDON_DIR)) ? readdirSync(path.join(root, ADDON_DIR)).filter((f) => f.endsWith('.node')) : [];
  for (const addon of addons) copyFileSync(path.join(root, ADDON_DIR, addon), path.join(stage, ADDON_DIR, addon));
  if (addons.length > 0) return addons;
  if (!placeholderAddon) fail(`no ${ADDON_DIR}/*.node: build the native addon first (node scripts/build-addon.mjs), or pass --placeholder-addon`);
  writeFileSync(path.join(stage, ADDON_DIR, 'arrayscope.node'), 'placeholder written by check-packaging.mjs, not a real addon\n');
  console.log(`check-packaging: no addon built; packaging a PLACEHOLDER ${ADDON_DIR}/arrayscope.node`);
  return ['arrayscope.node'];
}

function runElectronBuilder(stage, stub, output) {
  const cli = require.resolve('electron-builder/cli.js');
  const args = [cli, '--dir', '--linux', '--x64', '--projectDir', stage, `-c.electronDist=${stub}`, `-c.directories.output=${output}`];
  const result = spawnSync(process.execPath, args, { cwd: stage, encoding: 'utf8' });
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) fail(`electron-builder failed (exit ${result.status}):\n${log}`);
  return log;
}

/** Expected fuse bytes from electron-builder.yml (the simple `name: true|false` lines it holds). */
function configuredFuses() {
  const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
  const block = yml.split(/^electronFuses:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const fuses = new Map();
  for (const match of block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)) fuses.set(match[1], match[2] === 'true');
  return fuses;
}

function checkFuses(executable, expected, problems) {
  const binary = readFileSync(executable);
  const at = binary.indexOf(FUSE_SENTINEL);
  if (at < 0) return problems.push('fuse sentinel missing from the packaged executable');
  const wire = binary.subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + FUSE_NAMES.length);
  if (expected.size === 0) problems.push('electron-builder.yml sets no electronFuses');
  for (const [name, enabled] of expected) {
    const index = FUSE_NAMES.indexOf(name);
    if (index < 0) problems.push(`unknown fuse ${name} in electron-builder.yml`);
    else if (wire[index] !== (enabled ? FUSE_ENABLE : FUSE_DISABLE)) problems.push(`fuse ${name} is not ${enabled ? 'enabled' : 'disabled'}`);
  }
  return undefined;
}

function checkAsar(resources, addons, problems) {
  const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar');
  const archive = path.join(resources, 'app.asar');
  if (!existsSync(archive)) return problems.push('resources/app.asar was not written');
  const entries = new Set(asar.listPackage(archive, { isPack: false }).map((e) => e.replaceAll('\\', '/')));
  for (const required of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/node_modules/zod/package.json']) {
    if (!entries.has(required)) problems.push(`app.asar lacks ${required}`);
  }
  for (const forbidden of ['/src', '/test', '/out/types', '/electron-builder.yml']) {
    if (entries.has(forbidden)) problems.push(`app.asar should not contain ${forbidden}`);
  }
  for (const addon of addons) {
    const inside = `${ADDON_DIR}/${addon}`;
    if (!entries.has(`/${inside}`)) problems.push(`app.asar does not list ${inside}`);
    else if (!asar.statFile(archive, inside).unpacked) problems.push(`${inside} is packed inside app.asar (must be unpacked)`);
    if (!existsSync(path.join(resources, 'app.asar.unpacked', inside))) problems.push(`app.asar.unpacked/${inside} is missing`);
  }
  return entries;
}

/** Builds out/ when it is missing or stale (with --no-build: only requires it to exist). */
function ensureBuilt(noBuild) {
  const reason = buildReason(root);
  if (!reason || (noBuild && !reason.endsWith('missing'))) return;
  if (noBuild) fail(`${reason}: run \`npx electron-vite build\` first`);
  console.log(`check-packaging: building (${reason})…`);
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('electron-vite build failed');
}

function main() {
  const args = new Set(process.argv.slice(2));
  ensureBuilt(args.has('--no-build'));
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const work = mkdtempSync(path.join(tmpdir(), 'arrayscope-pack-'));
  try {
    const stage = path.join(work, 'app');
    const stub = path.join(work, 'electron-stub');
    const output = path.join(work, 'dist');
    mkdirSync(stage);
    const addons = stageProject(stage, args.has('--placeholder-addon'));
    const fuses = configuredFuses();
    writeStubElectron(stub, version, fuses);
    runElectronBuilder(stage, stub, output);
    const appDir = path.join(output, 'linux-unpacked');
    const problems = [];
    const entries = checkAsar(path.join(appDir, 'resources'), addons, problems);
    checkFuses(path.join(appDir, 'arrayscope'), fuses, problems);
    if (problems.length > 0) fail(`packaging check failed:\n  - ${problems.join('\n  - ')}`);
    const count = entries instanceof Set ? entries.size : 0;
    console.log(`check-packaging: OK — ${appDir}: app.asar has ${count} entries incl. out/main, out/preload, out/renderer; ${addons.join(', ')} unpacked; fuses match electron-builder.yml`);
  } finally {
    if (args.has('--keep')) console.log(`check-packaging: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  if (!(err instanceof CheckFailed)) throw err;
  console.error(`check-packaging: ${err.message}`);
  process.exitCode = 1;
}
