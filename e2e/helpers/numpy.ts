/**
 * Fixtures for e2e specs, written by numpy (the reference) into a fresh temp directory, plus
 * reading values back with numpy to compare with what the UI shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** Runs python with numpy as np, sys and json imported; argv[1] is `dir`. Returns stdout. */
export function python(script: string, args: readonly string[] = []): string {
  const r = spawnSync('python3', ['-c', `import sys, json\nimport numpy as np\n${script}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout;
}

export function fixtureDir(prefix = 'arrayscope-e2e-'): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
