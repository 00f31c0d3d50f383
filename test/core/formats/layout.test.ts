import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, encodeNpyHeader, readLayout } from '../../../src/core/formats/index.js';
import { parseDTypeString } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { tempDir } from '../../helpers/python.js';
import { FIXTURE_DIR } from './expected.js';

const { dir, cleanup } = tempDir('arrayscope-layout-');
afterAll(cleanup);

const MAGIC = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
const ZIP_LOCAL = Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0]);
const ZIP_EMPTY = Uint8Array.from([0x50, 0x4b, 5, 6, 0, 0, 0, 0]);

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArrayscopeError);
  return { kind: (err as ArrayscopeError).kind, message: (err as ArrayscopeError).message };
}

describe('detectFormat', () => {
  it('decides by the magic first, whatever the name', () => {
    expect(detectFormat('a.npy', MAGIC)).toBe('npy');
    expect(detectFormat('a.bin', MAGIC)).toBe('npy');
    expect(detectFormat('a.npz', ZIP_LOCAL)).toBe('npz');
    expect(detectFormat('a.zip', ZIP_EMPTY)).toBe('npz');
    expect(detectFormat('a.npy', ZIP_LOCAL)).toBe('npz');
    expect(detectFormat('a.bin', Uint8Array.from([1, 2, 3]))).toBe('raw-required');
    expect(detectFormat('noext', new Uint8Array(0))).toBe('raw-required');
  });

  it('turns a bad .npy or .npz into its specific error', () => {
    expect(() => detectFormat('x/A.NPY', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(expect.objectContaining({ kind: 'bad-magic', message: expect.stringContaining('x/A.NPY') }));
    expect(() => detectFormat('a.npy', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58]))).toThrow(expect.objectContaining({ kind: 'bad-magic' }));
    // A cut-off magic goes to the .npy reader, which says the file is truncated.
    expect(detectFormat('a.npy', MAGIC.subarray(0, 5))).toBe('npy');
    expect(() => detectFormat('a.npz', Buffer.from('hello'))).toThrow(expect.objectContaining({ kind: 'not-zip' }));
    expect(() => detectFormat('a.npz', new Uint8Array(0))).toThrow(expect.objectContaining({ kind: 'not-zip' }));
  });
});

describe('readLayout', () => {
  it('names a missing file as not-found, and a directory as io', async () => {
    const missing = path.join(dir, 'missing.npy');
    expect(await failure(readLayout(missing))).toMatchObject({ kind: 'not-found', message: expect.stringContaining(missing) });
    const sub = path.join(dir, 'sub.npy');
    mkdirSync(sub);
    expect(await failure(readLayout(sub))).toMatchObject({ kind: 'io', message: expect.stringContaining(sub) });
  });

  it('asks for raw parameters for unknown files and uses them when given', async () => {
    const file = path.join(dir, 'data.bin');
    writeFileSync(file, Buffer.alloc(64));
    expect(await failure(readLayout(file))).toMatchObject({ kind: 'bad-value', message: expect.stringContaining('dtype') });
    const got = await readLayout(file, { raw: { dtype: '<f4', shape: [4, -1], order: 'F' } });
    expect(got).toMatchObject({ format: 'raw', version: null, descr: '<f4', nbytes: 64, fileSize: 64, warning: null });
    expect(got.layout).toMatchObject({ shape: [4, 4], fortranOrder: true, dataOffset: 0 });
  });

  it('reports a cut-off .npy as truncated and an empty one as not an .npy', async () => {
    const cut = path.join(dir, 'cut.npy');
    writeFileSync(cut, MAGIC.subarray(0, 4));
    expect((await failure(readLayout(cut))).kind).toBe('truncated');
    const empty = path.join(dir, 'empty.npy');
    writeFileSync(empty, '');
    expect(await failure(readLayout(empty))).toMatchObject({ kind: 'bad-magic', message: expect.stringContaining('empty') });
  });

  it('reads an .npy as raw data only when asked to', async () => {
    const file = path.join(FIXTURE_DIR, 'le_f8.npy');
    const asNpy = await readLayout(file, { raw: { dtype: '<u1' } });
    expect(asNpy.format).toBe('npy');
    const asRaw = await readLayout(file, { format: 'raw', raw: { dtype: '<u1' } });
    expect(asRaw).toMatchObject({ format: 'raw', nbytes: asRaw.fileSize, layout: { dataOffset: 0 } });
  });

  it('warns about bytes after the array data of an .npy, which numpy ignores', async () => {
    const file = path.join(dir, 'trailing.npy');
    const header = encodeNpyHeader({ dtype: parseDTypeString('<i2'), shape: [2], fortranOrder: false });
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(4), Buffer.from('junk')]));
    const got = await readLayout(file);
    expect(got).toMatchObject({ format: 'npy', nbytes: 4, fileSize: header.length + 8, version: [1, 0] });
    expect(got.warning).toMatch(/4 bytes after the array data/);
  });
});
