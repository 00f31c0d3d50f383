#!/usr/bin/env node
// Builds everything the app, the browser UI and the CLI need: the CLI bundle (out/cli) and the
// Electron main/preload/renderer bundles (out/main, out/preload, out/renderer). The native addon
// is built by `npm install` (scripts/build-addon.mjs).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(process.execPath, ['scripts/build-cli.mjs']);
const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
run(process.execPath, [electronVite, 'build']);
