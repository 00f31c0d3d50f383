/**
 * Files named on the command line: `npm start -- FILE…` (electron out/main/index.js FILE…), the
 * packaged executable (arrayscope FILE…), and a second launch forwarded to the running instance.
 * Chromium/Electron switches (anything starting with "-") are skipped; `--` ends the switches so a
 * file name may start with a dash. `--read-only` refuses every write for this run.
 */
import { isAbsolute, resolve } from 'node:path';

export interface LaunchArgs {
  readonly files: string[];
  readonly readOnly: boolean;
}

export interface ArgvContext {
  /** process.defaultApp: running as `electron <app path> …`, so argv[1] (after switches) is the app. */
  readonly defaultApp: boolean;
  /** Relative file names are resolved against this (the launching shell's directory). */
  readonly cwd: string;
}

export function parseLaunchArgs(argv: readonly string[], context: ArgvContext): LaunchArgs {
  const files: string[] = [];
  let readOnly = false;
  let skipAppPath = context.defaultApp;
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) {
      if (arg === '--read-only') readOnly = true;
      continue;
    }
    if (skipAppPath) {
      skipAppPath = false;
      continue;
    }
    if (arg.length > 0) files.push(isAbsolute(arg) ? arg : resolve(context.cwd, arg));
  }
  return { files, readOnly };
}
