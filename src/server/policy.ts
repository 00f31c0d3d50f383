/**
 * The serve-mode PathPolicy: which paths a browser may open, probe, list or write.
 *
 * Every decision is made on real paths (symlinks resolved), so `..` segments and symlinks that
 * point out of the allowed area are refused, not followed:
 * - readable: the real path equals the real path of a file named on the command line, or lies
 *   inside realpath(--root).
 * - listable: `null` → realpath(--root) (or null without --root); any other directory must lie
 *   inside the root. Without --root nothing can be listed (the UI shows the named files).
 * - writable: only with --allow-write. With --root the target (its real path when it exists, else
 *   its parent's real path + its name) must lie inside the root. Without --root the target must sit
 *   directly in the directory of a file named on the command line (so "save as" next to the file
 *   works, and nothing else on the machine can be written).
 *
 * Relative paths are resolved against the root (or, without one, the server's working directory).
 * Refusals are ArrayscopeError('forbidden') naming the path and the reason; file contents are never read.
 */
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArrayscopeError } from '../shared/errors.js';
import type { PathPolicy } from '../core/service-types.js';

export interface ServePolicyOptions {
  /** Files named on the command line. */
  readonly files: readonly string[];
  /** --root, or null. Must exist and be a directory (checked by `resolveRoot`). */
  readonly root: string | null;
  readonly allowWrite: boolean;
  /** Where relative paths are resolved when there is no root (defaults to process.cwd()). */
  readonly cwd?: string;
}

/** True when `child` is `parent` or lies below it (both absolute, both real). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

const MAX_LINKS = 40;

/**
 * The real path of `p`, also when `p` (or some of its ancestors) does not exist yet: the deepest
 * existing ancestor is resolved and the missing rest appended. A dangling symlink is followed to
 * where it points (creating through it would write there). `exists` says whether `p` itself was found.
 */
export async function resolveDeep(p: string, links = 0): Promise<{ real: string; exists: boolean }> {
  try {
    return { real: await realpath(p), exists: true };
  } catch (err) {
    const code = errnoOf(err);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    const danglingTarget = await symlinkTarget(p);
    if (danglingTarget !== null) {
      if (links >= MAX_LINKS) throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
      return resolveDeep(path.resolve(path.dirname(p), danglingTarget), links + 1);
    }
    const parent = path.dirname(p);
    if (parent === p) throw err;
    const up = await resolveDeep(parent, links);
    return { real: path.join(up.real, path.basename(p)), exists: false };
  }
}

async function symlinkTarget(p: string): Promise<string | null> {
  try {
    return (await lstat(p)).isSymbolicLink() ? await readlink(p) : null;
  } catch {
    return null;
  }
}

/** Real path of --root; throws naming the directory when it is missing or not a directory. */
export async function resolveRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
  } catch {
    throw new ArrayscopeError('not-found', `--root ${root}: no such directory`);
  }
  if (!(await stat(real)).isDirectory()) throw new ArrayscopeError('bad-value', `--root ${root} is not a directory`);
  return real;
}

async function realOrResolved(p: string): Promise<string> {
  return (await resolveDeep(path.resolve(p))).real;
}

export async function createServePolicy(options: ServePolicyOptions): Promise<PathPolicy> {
  const base = options.root ?? options.cwd ?? process.cwd();
  const root = options.root === null ? null : await resolveRoot(options.root);
  // A named file that does not exist yet keeps its resolved path: if a symlink appears there later,
  // its target is what gets compared, so it cannot widen access.
  const namedFiles = new Set(await Promise.all(options.files.map(realOrResolved)));
  const namedDirs = new Set(await Promise.all(options.files.map((f) => realOrResolved(path.dirname(path.resolve(f))))));
  const absolute = (p: string): string => path.resolve(base, p);

  const readArea = (real: string): boolean => namedFiles.has(real) || (root !== null && isInside(root, real));
  const writeArea = (real: string): boolean =>
    root !== null ? isInside(root, real) && real !== root : namedDirs.has(path.dirname(real));

  /** Resolves `p` and checks it, turning OS errors into refusals unless the path is in the area. */
  async function check(p: string, allowed: (real: string) => boolean, why: string): Promise<{ real: string; exists: boolean }> {
    const abs = absolute(p);
    let resolved: { real: string; exists: boolean };
    try {
      resolved = await resolveDeep(abs);
    } catch (err) {
      throw new ArrayscopeError('forbidden', `${p}: cannot be resolved (${errnoOf(err) ?? 'error'}); ${why}`);
    }
    if (!allowed(resolved.real)) {
      const via = resolved.real !== abs ? ` (it resolves to ${resolved.real})` : '';
      throw new ArrayscopeError('forbidden', `${p}${via} is not accessible: ${why}`);
    }
    return resolved;
  }

  const readWhy = root !== null ? `only files under --root ${root} or named on the command line can be opened` : 'only files named on the command line can be opened';

  return {
    async readable(p) {
      const { real, exists } = await check(p, readArea, readWhy);
      if (!exists) throw new ArrayscopeError('not-found', `${p}: no such file`);
      return real;
    },
    async writable(p) {
      if (!options.allowWrite) throw new ArrayscopeError('forbidden', `${p} cannot be written: this server is read-only (start it with --allow-write)`);
      const why = root !== null ? `files can only be written under --root ${root}` : 'without --root, files can only be written next to a file named on the command line';
      return (await check(p, writeArea, why)).real;
    },
    async listable(dir) {
      if (dir === null) return root;
      if (root === null) throw new ArrayscopeError('forbidden', `${dir} cannot be listed: no --root was given, only the named files are available`);
      const { real, exists } = await check(dir, (r) => isInside(root, r), `only directories under --root ${root} can be listed`);
      if (!exists) throw new ArrayscopeError('not-found', `${dir}: no such directory`);
      return real;
    },
  };
}
