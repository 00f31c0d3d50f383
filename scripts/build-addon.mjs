#!/usr/bin/env node
// Builds the Node-API addon with node-gyp, offline when the running Node ships its headers.
// node-gyp would otherwise download headers from nodejs.org, which is unreachable in sealed
// environments; Debian's nodejs and the official tarballs both install include/node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const args = ['rebuild'];
const prefix = path.resolve(path.dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  gyp = null; // fall back to the node-gyp that npm puts on PATH for install scripts
}
const cmd = gyp ? process.execPath : 'node-gyp';
const result = spawnSync(cmd, gyp ? [gyp, ...args] : args, { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('arrayscope: building the native addon failed (needs python3, make and a C++17 compiler).');
  process.exit(result.status ?? 1);
}
