import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServePolicy, isInside, resolveDeep } from '../../src/server/policy.js';
import { tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
let base: string; // realpath of the temp dir (macOS /var → /private/var)
let root: string;
let outside: string;

beforeEach(() => {
  tmp = tempDir('arrayscope-policy-');
  base = realpathSync(tmp.dir);
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(root, 'a.npy'), 'a');
  writeFileSync(path.join(root, 'sub', 'b.npy'), 'b');
  writeFileSync(path.join(outside, 'secret.npy'), 'secret');
  writeFileSync(path.join(outside, 'named.npy'), 'named');
  symlinkSync(path.join(outside, 'secret.npy'), path.join(root, 'escape.npy'));
  symlinkSync(outside, path.join(root, 'escape-dir'));
  symlinkSync(path.join(root, 'a.npy'), path.join(root, 'inner-link.npy'));
  symlinkSync(path.join(outside, 'not-yet.npy'), path.join(root, 'dangling.npy'));
});
afterEach(() => tmp.cleanup());

async function refusal(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { kind: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('isInside', () => {
  it('accepts the directory itself and descendants, refuses parents, siblings and look-alike names', () => {
    expect(isInside('/r', '/r')).toBe(true);
    expect(isInside('/r', '/r/x/y')).toBe(true);
    expect(isInside('/r', '/r/..x')).toBe(true); // a file named "..x" is inside
    expect(isInside('/r', '/')).toBe(false);
    expect(isInside('/r', '/rx')).toBe(false);
    expect(isInside('/r', '/other/r')).toBe(false);
  });
});

describe('resolveDeep', () => {
  it('resolves missing paths through their deepest existing ancestor', async () => {
    expect(await resolveDeep(path.join(root, 'escape-dir', 'new', 'x.npy'))).toEqual({ real: path.join(outside, 'new', 'x.npy'), exists: false });
  });
  it('follows a dangling symlink to where a create would write', async () => {
    expect(await resolveDeep(path.join(root, 'dangling.npy'))).toEqual({ real: path.join(outside, 'not-yet.npy'), exists: false });
  });
});

describe('serve policy with --root', () => {
  it('reads files under the root and returns real paths', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    expect(await policy.readable(path.join(root, 'sub', 'b.npy'))).toBe(path.join(root, 'sub', 'b.npy'));
    expect(await policy.readable('sub/b.npy')).toBe(path.join(root, 'sub', 'b.npy')); // relative → against the root
    expect(await policy.readable(path.join(root, 'inner-link.npy'))).toBe(path.join(root, 'a.npy'));
  });

  it('refuses ../ traversal out of the root, naming the path', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    const err = await refusal(policy.readable('../../etc/passwd'));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain('../../etc/passwd');
    expect((await refusal(policy.readable(path.join(root, '..', 'outside', 'secret.npy')))).kind).toBe('forbidden');
  });

  it('refuses symlinks that escape the root (file and directory links)', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    const err = await refusal(policy.readable(path.join(root, 'escape.npy')));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain(path.join(outside, 'secret.npy'));
    expect((await refusal(policy.readable(path.join(root, 'escape-dir', 'secret.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.listable(path.join(root, 'escape-dir')))).kind).toBe('forbidden');
  });

  it('answers not-found inside the root, forbidden outside (existence outside is not revealed)', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    expect((await refusal(policy.readable(path.join(root, 'missing.npy')))).kind).toBe('not-found');
    expect((await refusal(policy.readable(path.join(outside, 'missing.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.readable(path.join(outside, 'secret.npy')))).kind).toBe('forbidden');
  });

  it('allows named files outside the root, and only those', async () => {
    const policy = await createServePolicy({ files: [path.join(outside, 'named.npy')], root, allowWrite: false });
    expect(await policy.readable(path.join(outside, 'named.npy'))).toBe(path.join(outside, 'named.npy'));
    expect((await refusal(policy.readable(path.join(outside, 'secret.npy')))).kind).toBe('forbidden');
  });

  it('lists the root for null and directories under it only', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    expect(await policy.listable(null)).toBe(root);
    expect(await policy.listable(path.join(root, 'sub'))).toBe(path.join(root, 'sub'));
    expect((await refusal(policy.listable(base))).kind).toBe('forbidden');
    expect((await refusal(policy.listable('/'))).kind).toBe('forbidden');
  });

  it('refuses every write without --allow-write', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: false });
    const err = await refusal(policy.writable(path.join(root, 'new.npy')));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain('--allow-write');
  });

  it('with --allow-write, writes under the root only, never through an escaping symlink', async () => {
    const policy = await createServePolicy({ files: [], root, allowWrite: true });
    expect(await policy.writable(path.join(root, 'sub', 'new.npy'))).toBe(path.join(root, 'sub', 'new.npy'));
    expect(await policy.writable(path.join(root, 'a.npy'))).toBe(path.join(root, 'a.npy'));
    expect((await refusal(policy.writable(path.join(outside, 'x.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(path.join(root, 'escape.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(path.join(root, 'escape-dir', 'x.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(path.join(root, 'dangling.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(root))).kind).toBe('forbidden');
  });

  it('refuses a root that does not exist or is not a directory', async () => {
    expect((await refusal(createServePolicy({ files: [], root: path.join(base, 'nope'), allowWrite: false }))).kind).toBe('not-found');
    expect((await refusal(createServePolicy({ files: [], root: path.join(root, 'a.npy'), allowWrite: false }))).kind).toBe('bad-value');
  });
});

describe('serve policy without --root', () => {
  it('reads only the named files (also through a named symlink) and lists nothing', async () => {
    const named = path.join(root, 'escape.npy'); // the user named a symlink: its target is what they meant
    const policy = await createServePolicy({ files: [named, path.join(root, 'a.npy')], root: null, allowWrite: false });
    expect(await policy.readable(named)).toBe(path.join(outside, 'secret.npy'));
    expect(await policy.readable(path.join(root, 'a.npy'))).toBe(path.join(root, 'a.npy'));
    expect((await refusal(policy.readable(path.join(root, 'sub', 'b.npy')))).kind).toBe('forbidden');
    expect(await policy.listable(null)).toBeNull();
    expect((await refusal(policy.listable(root))).kind).toBe('forbidden');
  });

  it('with --allow-write, writes only directly next to a named file', async () => {
    const policy = await createServePolicy({ files: [path.join(root, 'a.npy')], root: null, allowWrite: true });
    expect(await policy.writable(path.join(root, 'copy.npy'))).toBe(path.join(root, 'copy.npy'));
    expect((await refusal(policy.writable(path.join(root, 'sub', 'copy.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(path.join(outside, 'copy.npy')))).kind).toBe('forbidden');
    expect((await refusal(policy.writable(path.join(root, 'escape.npy')))).kind).toBe('forbidden');
  });
});
