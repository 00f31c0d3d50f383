/**
 * The committed fixtures always run (numpy's view of them is in expected.json beside them);
 * with numpy installed, the same checks run on a fresh, larger set written by the same script
 * (every dtype family in both byte orders, every datetime unit, format 2.0 headers).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasNumpy, NO_NUMPY_REASON, python, tempDir } from '../../helpers/python.js';
import { FIXTURE_DIR, checkReadable, checkRefused, label, loadExpected } from './expected.js';

const committed = loadExpected(FIXTURE_DIR);

describe('committed fixtures (test/fixtures/formats)', () => {
  it('cover every family the issue names', () => {
    const names = committed.files.map((f) => f.file);
    for (const needed of ['bool.npy', 'le_f2.npy', 'be_c8.npy', 'S5.npy', 'be_U3.npy', 'M8_10ms.npy', 'struct_all_units.npy',
      'struct_aligned.npy', 'struct_offsets.npy', 'struct_nested.npy', 'struct_subarray.npy', 'struct_titles.npy',
      'fortran_2d.npy', 'zero_d.npy', 'empty_0x3.npy', 'forced_v2.npy', 'struct_v3_unicode_name.npy', 'stored.npz',
      'compressed.npz', 'raw_be_i4.bin', 'expr_python.npy', 'object_nested.npy', 'huge_shape.npy']) {
      expect(names).toContain(needed);
    }
  });
  for (const e of committed.files) {
    it(label(e), async () => {
      if (e.ok) await checkReadable(FIXTURE_DIR, e);
      else await checkRefused(FIXTURE_DIR, e, committed.payload_marker);
    });
  }
});

describe.skipIf(!hasNumpy)(`fresh numpy fixtures, full set (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  const { dir, cleanup } = tempDir('arrayscope-formats-');
  afterAll(cleanup);
  const script = path.join(FIXTURE_DIR, 'make_fixtures.py');
  // make_fixtures.py is a standalone script; python() prepends imports, so run it via runpy.
  if (hasNumpy) python(`import runpy; sys.argv = [sys.argv[1], sys.argv[2], '--full']; runpy.run_path(sys.argv[0], run_name='__main__')`, [script, dir]);
  const fresh = hasNumpy ? loadExpected(dir) : { files: [], payload_marker: '' };

  it('wrote a larger set than the committed one', () => {
    expect(fresh.files.length).toBeGreaterThan(committed.files.length + 20);
    const versions = new Set(fresh.files.flatMap((f) => (f.ok && f.version ? [f.version.join('.')] : [])));
    expect([...versions].sort()).toEqual(['1.0', '2.0', '3.0']);
  });
  for (const e of fresh.files) {
    it(label(e), async () => {
      if (e.ok) await checkReadable(dir, e);
      else await checkRefused(dir, e, fresh.payload_marker);
    });
  }
});
