/**
 * numpy is the reference implementation for every value and every file layout. When python3
 * with numpy is present, tests write and read files with it during the run; the committed
 * fixtures under test/fixtures keep the suites meaningful where it is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function probeNumpy(): boolean {
  if (process.env.ARRAYSCOPE_NO_NUMPY === '1') return false;
  const r = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

/** True when python3 with numpy can be used as the reference in this run. */
export const hasNumpy: boolean = probeNumpy();

/** Why numpy-backed tests are skipped, for `describe.skipIf(!hasNumpy)` titles. */
export const NO_NUMPY_REASON = 'python3 with numpy is not installed; committed fixtures still run';

/**
 * Runs a Python script (numpy imported as np) and returns its stdout. `args` become sys.argv[1:].
 * Throws with Python's stderr when the script fails, so a broken reference never passes silently.
 */
export function python(script: string, args: readonly string[] = []): string {
  const prelude = 'import sys, json\nimport numpy as np\n';
  const r = spawnSync('python3', ['-c', prelude + script, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs a Python script that prints one JSON document, and parses it. */
export function pythonJson<T = unknown>(script: string, args: readonly string[] = []): T {
  return JSON.parse(python(script, args)) as T;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'arrayscope-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
