#!/usr/bin/env node
// Entry point for the `arrayscope` command. The TypeScript sources are bundled into out/cli by
// `npm install` (the `prepare` script); run `npm run build:cli` after changing them.
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/arrayscope.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('arrayscope: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in the project folder.');
  process.exit(1);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
