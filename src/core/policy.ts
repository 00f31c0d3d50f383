/**
 * The desktop app's PathPolicy. The desktop user owns every file their account can reach and
 * picks them through native dialogs, drag-and-drop or the command line, so paths are only
 * normalised here; the operating system's permissions are the limit. (The serve policy, which
 * confines a remote browser to named files and --root, lives in src/server/policy.ts.)
 */
import os from 'node:os';
import path from 'node:path';
import type { PathPolicy } from './service-types.js';

export const desktopPolicy: PathPolicy = {
  readable: async (p) => path.resolve(p),
  writable: async (p) => path.resolve(p),
  listable: async (dir) => (dir === null ? os.homedir() : path.resolve(dir)),
};
