import { existsSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dtypeFromDescr } from '../../../src/core/formats/descr.js';
import { MAX_HEADER_BYTES, encodeNpyHeader, parseNpyHeader, readNpyHeader } from '../../../src/core/formats/npy.js';
import { type Descr, parseDTypeString } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson, tempDir } from '../../helpers/python.js';

const { dir, cleanup } = tempDir('arrayscope-npy-');
afterAll(cleanup);
afterEach(() => vi.restoreAllMocks());

/** An .npy file with a given header text (no padding) and data. */
function npyBytes(text: string, data: Uint8Array = new Uint8Array(0), version: [number, number] = [1, 0], encoding: BufferEncoding = 'latin1'): Buffer {
  const body = Buffer.from(`${text}\n`, encoding);
  const len = Buffer.alloc(version[0] === 1 ? 2 : 4);
  if (version[0] === 1) len.writeUInt16LE(body.length);
  else len.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, ...version]), len, body, data]);
}

let counter = 0;
function write(bytes: Uint8Array): string {
  const file = path.join(dir, `f${counter++}.npy`);
  writeFileSync(file, bytes);
  return file;
}

async function kindOf(promise: Promise<unknown>): Promise<{ kind: string; message: string } | null> {
  try {
    await promise;
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    return { kind: (err as ArrayscopeError).kind, message: (err as ArrayscopeError).message };
  }
}

const HEADER = (descr: string, shape = '(3,)', fortran = 'False'): string => `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe('readNpyHeader: malformed files', () => {
  const cases: [string, Uint8Array, string][] = [
    ['wrong magic', Buffer.concat([Buffer.from('\x93NUMPX'), npyBytes(HEADER("'<f8'")).subarray(6)]), 'bad-magic'],
    ['text file', Buffer.from('hello world, not numpy'), 'bad-magic'],
    ['empty file', Buffer.alloc(0), 'bad-magic'],
    ['cut inside the magic', Buffer.from([0x93, 0x4e, 0x55]), 'truncated'],
    ['only the magic', Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1]), 'truncated'],
    ['version 4.0', npyBytes(HEADER("'<f8'"), Buffer.alloc(24), [4, 0]), 'bad-version'],
    ['version 1.1', npyBytes(HEADER("'<f8'"), Buffer.alloc(24), [1, 1]), 'bad-version'],
    ['version 0.0', npyBytes(HEADER("'<f8'"), Buffer.alloc(24), [0, 0]), 'bad-version'],
    ['header not a dict', npyBytes("('<f8', False, (3,))", Buffer.alloc(24)), 'bad-header'],
    ['missing key', npyBytes("{'descr': '<f8', 'shape': (3,)}", Buffer.alloc(24)), 'bad-header'],
    ['extra key', npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extra': 0}", Buffer.alloc(24)), 'bad-header'],
    ['non-string key', npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 1: 0}", Buffer.alloc(24)), 'bad-header'],
    ['shape is a list', npyBytes(HEADER("'<f8'", '[3]'), Buffer.alloc(24)), 'bad-header'],
    ['shape has a bool', npyBytes(HEADER("'<f8'", '(True,)'), Buffer.alloc(24)), 'bad-header'],
    ['negative shape', npyBytes(HEADER("'<f8'", '(-3,)'), Buffer.alloc(24)), 'bad-header'],
    ['fortran_order not a bool', npyBytes(HEADER("'<f8'", '(3,)', '0'), Buffer.alloc(24)), 'bad-header'],
    ['NUL in header', npyBytes(HEADER("'<f8\0'"), Buffer.alloc(24)), 'bad-header'],
    ['invalid UTF-8 in 3.0', npyBytes(HEADER("'<f8'").replace('<', '\xff'), Buffer.alloc(24), [3, 0]), 'bad-header'],
    ['object dtype', npyBytes(HEADER("'|O'"), Buffer.alloc(24)), 'unsafe-dtype'],
    ['nested object dtype', npyBytes(HEADER("[('a', [('b', '|O')])]"), Buffer.alloc(24)), 'unsafe-dtype'],
    ['unknown dtype', npyBytes(HEADER("'<q7'"), Buffer.alloc(24)), 'bad-dtype'],
    ['long double', npyBytes(HEADER("'<f16'"), Buffer.alloc(48)), 'unsupported'],
    ['data one byte short', npyBytes(HEADER("'<f8'"), Buffer.alloc(23)), 'truncated'],
    ['2^53 bytes', npyBytes(HEADER("'<f8'", '(1125899906842624,)')), 'bad-header'],
    ['2^53 bytes with a zero axis', npyBytes(HEADER("'<f8'", '(0, 1125899906842624)')), 'bad-header'],
  ];
  it.each(cases)('%s', async (_name, bytes, kind) => {
    const file = write(bytes);
    const err = await kindOf(readNpyHeader(file));
    expect(err?.kind).toBe(kind);
    expect(err?.message).toContain(file);
  });

  it('reports expected and actual sizes for truncated data', async () => {
    const file = write(npyBytes(HEADER("'<f8'", '(10,)'), Buffer.alloc(40)));
    const err = await kindOf(readNpyHeader(file));
    expect(err?.kind).toBe('truncated');
    expect(err?.message).toMatch(/needs 80 bytes .* only 40 bytes/);
  });

  it('refuses an 8 GB shape in a 100-byte file quickly without allocating for it', async () => {
    const file = write(npyBytes(HEADER("'<f8'", '(1000000000,)')));
    const alloc = vi.spyOn(Buffer, 'alloc');
    const t0 = performance.now();
    const err = await kindOf(readNpyHeader(file));
    expect(err?.kind).toBe('truncated');
    expect(err?.message).toContain('8000000000');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(Math.max(...alloc.mock.calls.map((c) => Number(c[0])))).toBeLessThan(1024);
  });

  it('refuses a header length past the end of the file without reading it', async () => {
    const bytes = npyBytes(HEADER("'<f8'"), Buffer.alloc(24), [2, 0]);
    bytes.writeUInt32LE(0xfffffff0, 8);
    const file = write(bytes);
    const alloc = vi.spyOn(Buffer, 'alloc');
    expect((await kindOf(readNpyHeader(file)))?.kind).toBe('truncated');
    expect(Math.max(...alloc.mock.calls.map((c) => Number(c[0])))).toBeLessThan(1024);
  });

  it('refuses a header larger than the cap even when the file has the bytes', async () => {
    const bytes = npyBytes(HEADER("'<f8'"), Buffer.alloc(0), [2, 0]);
    bytes.writeUInt32LE(MAX_HEADER_BYTES + 1, 8);
    const file = write(bytes);
    truncateSync(file, 12 + MAX_HEADER_BYTES + 1); // sparse: the bytes exist but are never read
    const alloc = vi.spyOn(Buffer, 'alloc');
    const err = await kindOf(readNpyHeader(file));
    expect(err).toMatchObject({ kind: 'bad-header', message: expect.stringContaining('header too large') });
    expect(Math.max(...alloc.mock.calls.map((c) => Number(c[0])))).toBeLessThan(1024);
  });

  it('never runs a Python or JavaScript payload in the header', async () => {
    const marker = path.join(dir, 'payload-ran');
    const payloads = [
      `__import__('os').system('touch ${marker}')`,
      `(lambda: __import__('os').system('touch ${marker}'))()`,
      `\`\${require('fs').writeFileSync('${marker}', '')}\``,
      `eval("require('fs').writeFileSync('${marker}', '')")`,
      `'<f8' if __import__('os').system('touch ${marker}') else '<f8'`,
    ];
    for (const payload of payloads) {
      for (const text of [HEADER(payload), HEADER("'<f8'", `(${payload},)`), `{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': ${payload}}`]) {
        const err = await kindOf(readNpyHeader(write(npyBytes(text, Buffer.alloc(24)))));
        expect(err?.kind).toBe('bad-header');
        expect(existsSync(marker)).toBe(false);
      }
    }
  });
});

describe('readNpyHeader: what numpy accepts', () => {
  it('reads a repeated key as its last value, like a Python dict', async () => {
    const file = write(npyBytes("{'descr': '<i4', 'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", Buffer.alloc(24)));
    const h = await readNpyHeader(file);
    expect(h.descr).toBe('<f8');
  });

  it('reads version 3.0 UTF-8 field names', async () => {
    const file = write(npyBytes(HEADER("[('α', '<f4')]", '(2,)'), Buffer.alloc(8), [3, 0], 'utf8'));
    const h = await readNpyHeader(file);
    expect(h.descr).toEqual([['α', '<f4']]);
    expect(h.version).toEqual([3, 0]);
  });

  it('bounds the data by the given end, not the file size', async () => {
    const inner = npyBytes(HEADER("'<f8'", '(3,)'), Buffer.alloc(24));
    const file = write(Buffer.concat([Buffer.alloc(100), inner, Buffer.alloc(500)]));
    const h = await readNpyHeader(file, 100, { end: 100 + inner.length, where: 'X' });
    expect(h.layout.dataOffset).toBe(100 + inner.length - 24);
    expect(h.trailingBytes).toBe(0);
    const short = await kindOf(readNpyHeader(file, 100, { end: 100 + inner.length - 1, where: 'archive (member m)' }));
    expect(short).toMatchObject({ kind: 'truncated', message: expect.stringContaining('archive (member m)') });
  });

  it('reports a missing file as not-found', async () => {
    const missing = path.join(dir, 'nope.npy');
    expect(await kindOf(readNpyHeader(missing))).toMatchObject({ kind: 'not-found', message: expect.stringContaining(missing) });
  });
});

describe('encodeNpyHeader', () => {
  const layout = (descr: Descr, shape: number[], fortranOrder = false) => ({ dtype: dtypeFromDescr(descr), shape, fortranOrder });

  it('pads to 64 bytes, ends with a newline, and reads back to the same layout', () => {
    for (const l of [layout('<f8', [3, 4]), layout('|b1', []), layout([['a', '<i4'], ['', '|V4'], ['b', '>f8', [2]]], [5], true)]) {
      const bytes = encodeNpyHeader(l);
      expect(bytes.length % 64).toBe(0);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
      const h = parseNpyHeader(bytes, 1e9, 'encoded');
      expect(h.layout).toEqual({ ...l, dataOffset: bytes.length });
    }
  });

  it('picks format 2.0 past 65535 header bytes and 3.0 for non-latin-1 names', () => {
    const many = layout(Array.from({ length: 3000 }, (_, i): [string, string] => [`field_with_a_long_name_${i}`, '<f8']), [1]);
    const big = encodeNpyHeader(many);
    expect([big[6], big[7], big.length > 65535]).toEqual([2, 0, true]);
    expect(parseNpyHeader(big, 1e9, 'big').layout.dtype).toEqual(many.dtype);
    expect(encodeNpyHeader(layout([['é', '<f4']], [2]))[6]).toBe(1);
    const greek = encodeNpyHeader(layout([['α', '<f4']], [2]));
    expect(greek[6]).toBe(3);
    expect(Buffer.from(greek).toString('utf8')).toContain("'α'");
  });

  it('folds a subarray dtype into the shape and refuses bad shapes', () => {
    const folded = encodeNpyHeader({ dtype: dtypeFromDescr([['x', '<i2', [2]]]), shape: [3], fortranOrder: false });
    expect(Buffer.from(folded).toString('latin1')).toContain("'descr': [('x', '<i2', (2,))]");
    const sub = parseNpyHeader(encodeNpyHeader({ dtype: { kind: 'subarray', itemsize: 4, base: parseDTypeString('<i2'), shape: [2] }, shape: [3], fortranOrder: false }), 1e6, 's');
    expect(sub.layout.shape).toEqual([3, 2]);
    expect(() => encodeNpyHeader(layout('<f8', [-1]))).toThrow(ArrayscopeError);
    expect(() => encodeNpyHeader(layout('<f8', [1.5]))).toThrow(ArrayscopeError);
  });
});

describe.skipIf(!hasNumpy)(`encodeNpyHeader against numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  const cases: [Descr, number[], boolean][] = [
    ['<f8', [3, 4], false],
    ['<f8', [3, 4], true],
    ['|b1', [], false],
    ['<i8', [5], false],
    ['>c16', [0], false],
    ['|S7', [2, 0, 3], true],
    ['>U3', [12345678901234], false],
    ['<M8[10ms]', [1, 2, 3, 4, 5, 6], true],
    ['<m8', [7], false],
    [[['a', 'u1'], ['', '|V7'], ['b', '<f8'], ['c', '<i2'], ['', '|V6']], [4], false],
    [[[['Alpha', 'a'], '<i4'], [['Beta', 'b'], '<f8']], [2, 2], false],
    [[['p', [['x', '<f4'], ['y', '>f4']]], ['v', '<f8', [3]], ['m', '<i2', [2, 2]]], [1], false],
    [[["it's", '<i4'], ['tab\there', '<i2'], ['quote"', '<i2'], ['back\\slash', '|u1'], ['ctl\x01\x85', '|u1']], [3], false],
    [[['é', '<f4']], [2], false],
    [[['α', '<f4'], ['😀', '<u2']], [2], false],
    [Array.from({ length: 3000 }, (_, i): [string, string] => [`field_with_a_long_name_${i}`, '<f8']), [1], false],
    [Array.from({ length: 1100 }, (_, i): [string, string] => [`ζ_${i}`, '<f8']), [1], false],
  ];
  it('writes exactly the bytes numpy writes', () => {
    const casesFile = path.join(dir, 'cases.json'); // too large for a command-line argument
    writeFileSync(casesFile, JSON.stringify(cases));
    const expected = pythonJson<string[]>(
      `import io, warnings
from numpy.lib import _format_impl as F
warnings.simplefilter('ignore')
def tup(x):
    return tuple(tup(i) for i in x) if isinstance(x, list) else x
def descr(d):
    if isinstance(d, str): return d
    return [tuple([tuple(f[0]) if isinstance(f[0], list) else f[0], descr(f[1])] + ([tuple(f[2])] if len(f) > 2 else [])) for f in d]
out = []
for d, shape, fortran in json.load(open(sys.argv[1])):
    dt = F.descr_to_dtype(descr(d))
    b = io.BytesIO()
    F._write_array_header(b, {'descr': F.dtype_to_descr(dt), 'fortran_order': fortran, 'shape': tuple(shape)})
    out.append(b.getvalue().hex())
print(json.dumps(out))`,
      [casesFile],
    );
    cases.forEach(([descr, shape, fortranOrder], i) => {
      const got = Buffer.from(encodeNpyHeader({ dtype: dtypeFromDescr(descr), shape, fortranOrder })).toString('hex');
      expect(got, JSON.stringify([descr, shape, fortranOrder]).slice(0, 120)).toBe(expected[i]);
    });
  });
});
