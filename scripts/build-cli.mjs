#!/usr/bin/env node
// Bundles the CLI (and the benchmark) for Node with esbuild: out/cli/*.mjs. Dependencies stay
// external (resolved from node_modules at run time); the native addon is loaded by path.
import { build } from 'esbuild';

const entries = { arrayscope: 'src/cli/main.ts' };
if (process.argv.includes('--bench')) entries.bench = 'bench/bench.ts';
await build({
  entryPoints: entries,
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
