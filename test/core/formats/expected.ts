/**
 * Checks a directory written by test/fixtures/formats/make_fixtures.py against the
 * `expected.json` numpy produced beside it: every readable file must resolve to numpy's
 * version, descr, shape, order, data offset and nbytes, and the bytes at that offset must hash
 * to numpy's data; every malformed file must fail with its error kind.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Descr } from '../../../src/shared/dtype.js';
import { toDescr } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { readLayout, readNpzMember, encodeNpyHeader, type FileLayout } from '../../../src/core/formats/index.js';

export interface ExpectedOk {
  file: string;
  ok: true;
  format: 'npy' | 'npz' | 'raw';
  member?: string;
  compressed?: boolean;
  member_offset?: number;
  member_size?: number;
  raw?: { dtype: string; shape: number[] | null; offset: number; order: 'C' | 'F' };
  version: [number, number] | null;
  descr: Descr;
  shape: number[];
  fortran_order: boolean;
  data_offset: number;
  nbytes: number;
  sha256: string;
  numpy_written: boolean;
  file_size: number;
}
export interface ExpectedError {
  file: string;
  ok: false;
  error: string;
  numpy_refuses: boolean;
}
export interface ExpectedFile {
  numpy_version: string;
  payload_marker: string;
  files: (ExpectedOk | ExpectedError)[];
}

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../../fixtures/formats');

export function loadExpected(dir: string): ExpectedFile {
  return JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedFile;
}

export function label(e: ExpectedOk | ExpectedError): string {
  if (!e.ok) return `${e.file} → ${e.error}`;
  if (e.member) return `${e.file}[${e.member}]`;
  return e.raw ? `${e.file} as ${JSON.stringify(e.raw)}` : e.file;
}

function dataHash(file: string, offset: number, nbytes: number): string {
  const bytes = readFileSync(file).subarray(offset, offset + nbytes);
  expect(bytes.length).toBe(nbytes);
  return createHash('sha256').update(bytes).digest('hex');
}

/** Compares one readable fixture with numpy's description of it. */
export async function checkReadable(dir: string, e: ExpectedOk): Promise<void> {
  const file = path.join(dir, e.file);
  if (e.format === 'npz' && e.compressed) {
    const { member, header } = await readNpzMember(file, e.member!);
    expect(member.dataOffset).toBe(e.member_offset);
    expect(member.compressedSize).toBe(e.member_size);
    expect(toDescr(header.layout.dtype)).toEqual(e.descr);
    expect(header.layout.shape).toEqual(e.shape);
    expect(header.layout.fortranOrder).toBe(e.fortran_order);
    expect(header.layout.dataOffset).toBe(e.data_offset);
    expect(header.nbytes).toBe(e.nbytes);
    await expect(readLayout(file, { member: e.member })).rejects.toMatchObject({ kind: 'compressed-member' });
    return;
  }
  const options = e.raw
    ? { raw: { dtype: e.raw.dtype, shape: e.raw.shape, offset: e.raw.offset, order: e.raw.order } }
    : { member: e.member };
  const got: FileLayout = await readLayout(file, options);
  expect(got.format).toBe(e.format);
  expect(got.version).toEqual(e.version);
  expect(got.descr).toEqual(e.descr);
  expect(toDescr(got.layout.dtype)).toEqual(e.descr);
  expect(got.layout.shape).toEqual(e.shape);
  expect(got.layout.fortranOrder).toBe(e.fortran_order);
  expect(got.layout.dataOffset).toBe(e.data_offset);
  expect(got.nbytes).toBe(e.nbytes);
  expect(got.fileSize).toBe(e.file_size);
  if (e.format === 'npz') {
    expect(got.member).toBe(e.member);
    expect(got.warning).toBeNull();
  } else {
    expect(got.warning !== null).toBe(e.file_size > e.data_offset + e.nbytes);
  }
  expect(dataHash(file, got.layout.dataOffset, got.nbytes)).toBe(e.sha256);
  if (e.numpy_written) {
    // What np.save wrote is exactly what encodeNpyHeader writes for the same layout.
    const headerStart = e.member_offset ?? 0;
    const fileHeader = readFileSync(file).subarray(headerStart, e.data_offset);
    expect(Buffer.from(encodeNpyHeader(got.layout)).toString('latin1')).toBe(fileHeader.toString('latin1'));
  }
}

/** Checks that a malformed fixture fails with its kind, names the file, and ran nothing. */
export async function checkRefused(dir: string, e: ExpectedError, payloadMarker: string): Promise<void> {
  rmSync(payloadMarker, { force: true });
  const file = path.join(dir, e.file);
  const err = await readLayout(file).then(
    () => null,
    (x: unknown) => x,
  );
  expect(err).toBeInstanceOf(ArrayscopeError);
  expect((err as ArrayscopeError).kind).toBe(e.error);
  expect((err as ArrayscopeError).message).toContain(file);
  expect(existsSync(payloadMarker)).toBe(false);
}
