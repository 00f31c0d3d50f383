import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from '../../src/main/argv.js';

const dev = { defaultApp: true, cwd: '/home/u/data' };
const packaged = { defaultApp: false, cwd: '/home/u/data' };

describe('parseLaunchArgs', () => {
  it('skips the app path when run as `electron <app> …`', () => {
    expect(parseLaunchArgs(['/x/electron', '/repo', '--', 'a.npy', '/abs/b.npz'], dev)).toEqual({
      files: ['/home/u/data/a.npy', '/abs/b.npz'],
      readOnly: false,
    });
    expect(parseLaunchArgs(['/x/electron', '--inspect=9229', 'out/main/index.js', 'a.npy'], dev).files).toEqual(['/home/u/data/a.npy']);
  });

  it('takes every positional argument of the packaged executable', () => {
    expect(parseLaunchArgs(['/opt/Arrayscope/arrayscope', 'a.npy', '../b.npy'], packaged).files).toEqual(['/home/u/data/a.npy', '/home/u/b.npy']);
  });

  it('skips Chromium and OS switches, keeps dash-led names after --', () => {
    const argv = ['/opt/arrayscope', '--no-sandbox', '-psn_0_1234', '--allow-file-access-from-files', 'a.npy', '--', '-odd-name.npy'];
    expect(parseLaunchArgs(argv, packaged).files).toEqual(['/home/u/data/a.npy', '/home/u/data/-odd-name.npy']);
  });

  it('recognizes --read-only before --', () => {
    expect(parseLaunchArgs(['/opt/arrayscope', '--read-only', 'a.npy'], packaged)).toEqual({ files: ['/home/u/data/a.npy'], readOnly: true });
    expect(parseLaunchArgs(['/opt/arrayscope', '--', '--read-only'], packaged)).toEqual({ files: ['/home/u/data/--read-only'], readOnly: false });
  });

  it('returns no files when there are none', () => {
    expect(parseLaunchArgs(['/x/electron', '.'], dev)).toEqual({ files: [], readOnly: false });
    expect(parseLaunchArgs(['/opt/arrayscope'], packaged)).toEqual({ files: [], readOnly: false });
  });
});
