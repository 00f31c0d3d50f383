/**
 * The CLI's JSON contract (README › CLI): info, get, slice, stats, create and errors, checked
 * against numpy. Commands run in-process through `main` (stdout captured); one smoke test runs
 * the real `bin/arrayscope.js` as users do.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { hasNumpy, NO_NUMPY_REASON, python, pythonJson, tempDir } from '../helpers/python.js';

interface Run {
  code: number;
  json: Record<string, unknown>;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(argv);
    let json: Record<string, unknown> = {};
    if (argv.includes('--json')) json = JSON.parse(stdout) as Record<string, unknown>;
    return { code, json, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let tmp: { dir: string; cleanup: () => void };
const at = (name: string): string => path.join(tmp.dir, name);
beforeAll(() => {
  tmp = tempDir('arrayscope-cli-');
});
afterAll(() => tmp.cleanup());

describe('errors', () => {
  it('a missing file is not-found, exit 1, naming the file', async () => {
    const r = await cli('info', at('nope.npy'), '--json');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect((r.json.error as { message: string }).message).toContain('nope.npy');
  });

  it('without --json prints one line naming the file', async () => {
    writeFileSync(at('junk.npy'), 'hello world, not numpy');
    const r = await cli('info', at('junk.npy'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('junk.npy');
    expect((await cli('info', at('junk.npy'), '--json')).json).toMatchObject({ error: { kind: 'bad-magic' } });
  });

  it('serve refuses a missing file, a directory given as a file, and a busy port, before serving anything', async () => {
    const missing = await cli('serve', at('absent.npy'), '--port', '0');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`'${at('absent.npy')}' does not exist`);
    const dir = await cli('serve', tmp.dir, '--port', '0');
    expect(dir.stderr).toContain('is not a file (use --root to serve a directory)');
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    writeFileSync(at('served.bin'), Buffer.alloc(8));
    try {
      const r = await cli('serve', at('served.bin'), '--port', String(port));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      busy.close();
    }
  });

  it('a bad index and an unknown command are errors with kinds', async () => {
    writeFileSync(at('raw.bin'), Buffer.alloc(40));
    expect((await cli('get', at('raw.bin'), '--dtype', 'f8', '--index', '7', '--json')).json).toMatchObject({ error: { kind: 'bad-index' } });
    expect((await cli('get', at('raw.bin'), '--dtype', 'f8', '--shape', '6', '--index', '0', '--json')).json).toMatchObject({
      error: { kind: 'size-mismatch' },
    });
    expect((await cli('frobnicate', '--json')).code).toBe(1);
  });
});

describe('raw files and create (no numpy needed)', () => {
  it('create, info, get, slice and stats agree', async () => {
    const file = at('made.npy');
    expect((await cli('create', file, '--dtype', '<i2', '--shape', '3,4', '--fill', '-7', '--json')).json).toMatchObject({
      ok: true,
      dtype: '<i2',
      shape: [3, 4],
      fortran_order: false,
      version: [1, 0],
      data_offset: 128,
      size: 12,
      nbytes: 24,
    });
    expect((await cli('get', file, '--index', '-1,-1', '--json')).json).toEqual({ ok: true, value: -7 });
    expect((await cli('slice', file, '[1, 1:3]', '--json')).json).toEqual({ ok: true, shape: [2], values: [-7, -7] });
    expect((await cli('slice', file, '[:2, :2]', '--csv')).stdout).toBe('-7,-7\n-7,-7\n');
    expect((await cli('stats', file, '--json')).json).toEqual({
      ok: true,
      stats: { count: 12, min: -7, max: -7, mean: -7, std: 0, nan_count: 0, inf_count: 0 },
    });
  });

  it('raw shape inference, -1 and an empty --shape', async () => {
    writeFileSync(at('f4.dat'), Buffer.from(new Float32Array([0.1, 1, 2, 3, 4, 5]).buffer));
    expect((await cli('info', at('f4.dat'), '--dtype', 'float32', '--shape', '', '--json')).json).toMatchObject({
      dtype: '<f4',
      shape: [6],
      version: null,
      data_offset: 0,
    });
    expect((await cli('info', at('f4.dat'), '--dtype', 'f4', '--shape', '-1,2', '--order', 'F', '--json')).json).toMatchObject({
      shape: [3, 2],
      fortran_order: true,
    });
    expect((await cli('get', at('f4.dat'), '--dtype', 'f4', '--shape', '2,3', '--index', '0,0', '--json')).json).toEqual({ ok: true, value: 0.1 });
    expect((await cli('info', at('f4.dat'), '--dtype', 'f8', '--offset', '4', '--json')).json).toMatchObject({ error: { kind: 'size-mismatch' } });
  });
});

describe.skipIf(!hasNumpy)(`JSON values match numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  it('get follows the JSON rules for every dtype family', async () => {
    const cases = pythonJson<{ file: string; index: string; expect: unknown }[]>(
      `d = sys.argv[1]; out = []
def save(name, a, index, expect):
    p = d + '/' + name + '.npy'; np.save(p, a); out.append({'file': p, 'index': index, 'expect': expect})
save('i8', np.array([2**62, -5], '>i8'), '0', str(2**62))
save('i8s', np.array([2**62, -5], '>i8'), '1', -5)
save('u8', np.array([2**64 - 1], '<u8'), '0', str(2**64 - 1))
save('f4', np.array([0.1], '<f4'), '0', 0.1)
save('nan', np.array([np.nan, -np.inf, -0.0]), '0', 'NaN')
save('ninf', np.array([np.nan, -np.inf, -0.0]), '1', '-Infinity')
save('nzero', np.array([np.nan, -np.inf, -0.0]), '2', '-0.0')
save('c8', np.array([1.5 - 2j], '>c8'), '0', [1.5, -2])
save('S', np.array([b'ab\\x00'], 'S4'), '0', 'ab')
save('U', np.array(['héllo'], '>U6'), '0', 'héllo')
save('M8', np.array(['2021-03-04T05:06:07.123456789', 'NaT'], 'M8[ns]'), '0', '2021-03-04T05:06:07.123456789')
save('NaT', np.array(['2021-03-04', 'NaT'], 'M8[D]'), '1', 'NaT')
save('m8', np.array([-3, 5], 'm8[us]'), '0', -3)
save('b1', np.array([True, False]), '1', False)
save('rec', np.array([(1, [2.5, 3.0])], [('a', '<i4'), ('b', '<f8', (2,))]), '0', {'a': 1, 'b': [2.5, 3.0]})
save('zerod', np.array(7, '<u2'), '', 7)
print(json.dumps(out))`,
      [tmp.dir],
    );
    for (const c of cases) {
      const r = await cli('get', c.file, '--index', c.index, '--json');
      expect({ file: path.basename(c.file), ...r.json }).toEqual({ file: path.basename(c.file), ok: true, value: c.expect });
    }
  });

  it('info reports numpy descr, shape, order and offset; npz lists members', async () => {
    const npz = at('arch.npz');
    const ref = pythonJson<Record<string, { descr: unknown; shape: number[]; fortran: boolean; offset: number }>>(
      `a = np.zeros((3, 2), dtype=np.dtype([('x', '<f4'), ('y', '>i2', (2,))], align=True), order='F'); b = np.arange(5).astype('<M8[s]')
np.savez(sys.argv[1], a=a, b=b)
import zipfile
res = {}
for k, v in [('a', a), ('b', b)]:
    res[k] = {'descr': json.loads(json.dumps(np.lib.format.dtype_to_descr(v.dtype))), 'shape': list(v.shape), 'fortran': bool(np.isfortran(v)), 'offset': 0}
print(json.dumps(res))`,
      [npz],
    );
    const r = await cli('info', npz, '--json');
    const members = r.json.members as Record<string, { dtype: unknown; shape: number[]; fortran_order: boolean }>;
    expect(Object.keys(members)).toEqual(['a', 'b']);
    for (const k of ['a', 'b']) {
      expect(members[k]).toMatchObject({ dtype: ref[k]!.descr, shape: ref[k]!.shape, fortran_order: ref[k]!.fortran });
    }
    const one = await cli('info', npz, '--member', 'b', '--json');
    expect(one.json).toMatchObject({ ok: true, dtype: '<M8[s]', shape: [5] });
  });

  it('stats --json equals numpy nan-aware reductions', async () => {
    const file = at('st.npy');
    const ref = pythonJson<{ count: number; min: number; max: number; mean: number; std: number; nan: number; inf: number }>(
      `a = np.linspace(-3, 7, 1001, dtype='<f4'); a[::10] = np.nan; np.save(sys.argv[1], a)
print(json.dumps({'count': int((~np.isnan(a)).sum()), 'min': float(np.nanmin(a)), 'max': float(np.nanmax(a)),
 'mean': float(np.nanmean(a.astype('f8'))), 'std': float(np.nanstd(a.astype('f8'))), 'nan': int(np.isnan(a).sum()), 'inf': 0}))`,
      [file],
    );
    const s = (await cli('stats', file, '--json')).json.stats as Record<string, number>;
    expect([s.count, s.nan_count, s.inf_count]).toEqual([ref.count, ref.nan, ref.inf]);
    expect(Math.fround(s.min!)).toBe(ref.min);
    expect(Math.fround(s.max!)).toBe(ref.max);
    expect(s.mean).toBeCloseTo(ref.mean, 10);
    expect(s.std).toBeCloseTo(ref.std, 10);
  });

  it('a compressed npz member needs --extract for values but info works', async () => {
    const npz = at('comp.npz');
    python(`np.savez_compressed(sys.argv[1], z=np.arange(6, dtype='<i4').reshape(2, 3))`, [npz]);
    expect((await cli('info', npz, '--member', 'z', '--json')).json).toMatchObject({ ok: true, shape: [2, 3] });
    const refused = await cli('get', npz, '--member', 'z', '--index', '1,2', '--json');
    expect(refused.json).toMatchObject({ ok: false, error: { kind: 'compressed-member' } });
    expect((await cli('get', npz, '--member', 'z', '--index', '1,2', '--extract', '--json')).json).toEqual({ ok: true, value: 5 });
  });
});

describe('bin/arrayscope.js', () => {
  it('runs as users run it, after the build the set-up command performs', () => {
    const root = path.resolve(__dirname, '../..');
    const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const file = at('smoke.npy');
    const made = spawnSync(process.execPath, ['bin/arrayscope.js', 'create', file, '--dtype', 'u1', '--shape', '2', '--json'], { cwd: root, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const r = spawnSync(process.execPath, ['bin/arrayscope.js', 'get', file, '--index', '1', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, value: 0 });
  });
});
