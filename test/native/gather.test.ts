/**
 * gather() against numpy: np.ascontiguousarray(view).tobytes() for views with negative and zero
 * strides, Fortran order, slices like a[::3, 5], structured (12-byte) items and unaligned
 * offsets; plus bounds checks that consider negative strides.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Mapping, type StridedRegion } from '../../src/core/native.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../helpers/python.js';
import { expectThrows } from './helpers.js';

const scratch = tempDir('arrayscope-gather-');
afterAll(() => scratch.cleanup());

interface GatherCase {
  name: string;
  itemsize: number;
  region: StridedRegion;
  hex: string;
}

describe.skipIf(!hasNumpy)(`gather vs numpy${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, () => {
  it('matches np.ascontiguousarray(view).tobytes() for every view', async () => {
    const file = path.join(scratch.dir, 'gather.bin');
    const cases = pythonJson<GatherCase[]>(
      `
rng = np.random.default_rng(3)
raw = rng.integers(0, 256, 1 << 16, dtype=np.uint8).tobytes()
open(sys.argv[1], 'wb').write(raw)
H = 40  # a C-order (20, 30) float64 array at byte 40; a Fortran-order copy after it
a = np.ndarray((20, 30), dtype='<f8', buffer=raw, offset=H)
F = H + a.nbytes
f = np.ndarray((20, 30), dtype='<f8', buffer=raw, offset=F, strides=(8, 160))
rec = np.ndarray((50,), dtype=[('x', '<i4'), ('y', '<f8')], buffer=raw, offset=F + f.nbytes + 1)
views = {
    'C order': a, 'F order': f, 'F order transposed': f.T, 'a[::3, 5]': a[::3, 5], 'a[::-2, ::-3]': a[::-2, ::-3],
    'a[5, ::-1]': a[5, ::-1], 'broadcast': np.broadcast_to(a[3], (4, 30)), 'column broadcast': np.broadcast_to(a[:, 7:8], (20, 6)),
    'records (12-byte, unaligned)': rec[::-7], 'scalar (0-d view)': a[4, 4, ...], 'empty': a[3:3], '3-D': np.ndarray((4, 5, 6), dtype='<u2', buffer=raw, offset=9,
    strides=(-2, 100, 12))[:, ::2, 1:],
}
base = np.frombuffer(raw, dtype=np.uint8).__array_interface__['data'][0]
out = []
for name, v in views.items():
    v = np.asarray(v)
    offset = v.__array_interface__['data'][0] - base
    out.append({'name': name, 'itemsize': v.itemsize, 'region': {'offset': offset, 'shape': list(v.shape), 'strides': list(v.strides)},
                'hex': np.ascontiguousarray(v).tobytes().hex()})
print(json.dumps(out))
`,
      [file],
    );
    expect(cases.some((c) => c.region.strides.some((s) => s < 0))).toBe(true);
    expect(cases.some((c) => c.region.strides.includes(0))).toBe(true);
    const m = Mapping.open(file, 'r');
    try {
      for (const c of cases) {
        const sync = m.gather(c.region, c.itemsize);
        const async = await m.gatherAsync(c.region, c.itemsize);
        expect(Buffer.from(sync).toString('hex'), c.name).toBe(c.hex);
        expect(Buffer.from(async).toString('hex'), `${c.name} (async)`).toBe(c.hex);
      }
    } finally {
      m.close();
    }
  });
});

describe('gather bounds', () => {
  it('rejects regions that reach outside the mapping, whichever way the strides point', () => {
    const file = path.join(scratch.dir, 'bounds.bin');
    writeFileSync(file, new Uint8Array(1000).map((_, i) => i & 255));
    const m = Mapping.open(file, 'r');
    try {
      expect(Array.from(m.gather({ offset: 990, shape: [5], strides: [-2] }, 2))).toEqual([222, 223, 220, 221, 218, 219, 216, 217, 214, 215]);
      const outside: StridedRegion[] = [
        { offset: 992, shape: [2], strides: [8] }, // last element ends at 1008
        { offset: 8, shape: [3], strides: [-8] }, // reaches byte -8
        { offset: 0, shape: [2, 2], strides: [2 ** 52, 8] },
        { offset: 0, shape: [2 ** 40, 2 ** 40], strides: [0, 0] }, // more than 2^53 elements
        { offset: 1001, shape: [0], strides: [8] },
        { offset: 0, shape: [1, 2], strides: [8] },
        { offset: 0, shape: [-1], strides: [8] },
      ];
      for (const region of outside) expectThrows(() => m.gather(region, 8), 'bad-request', file);
      expectThrows(() => m.gather({ offset: 0, shape: [2 ** 30], strides: [0] }, 8), 'too-large', file);
    } finally {
      m.close();
    }
  });
});
