import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLayout } from '../../../src/core/formats/index.js';
import { encodeNpyHeader } from '../../../src/core/formats/npy.js';
import { extractMember, listNpzMembers, mapNpzMember, readNpzMember } from '../../../src/core/formats/npz.js';
import { parseDTypeString } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { hasNumpy, NO_NUMPY_REASON, python, pythonJson, tempDir } from '../../helpers/python.js';
import { type ExpectedOk, FIXTURE_DIR, loadExpected } from './expected.js';
import { makeZip } from './zipwriter.js';

const { dir, cleanup } = tempDir('arrayscope-npz-');
afterAll(cleanup);
const STORED = path.join(FIXTURE_DIR, 'stored.npz');
const COMPRESSED = path.join(FIXTURE_DIR, 'compressed.npz');
const expected = loadExpected(FIXTURE_DIR).files.filter((f): f is ExpectedOk => f.ok && f.format === 'npz');

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArrayscopeError);
  return { kind: (err as ArrayscopeError).kind, message: (err as ArrayscopeError).message };
}

/** A small .npy (header from encodeNpyHeader, which the numpy tests pin to numpy's bytes). */
function npy(dtype: string, shape: number[], fill = 7): Buffer {
  const header = encodeNpyHeader({ dtype: parseDTypeString(dtype), shape, fortranOrder: false });
  const n = shape.reduce((a, b) => a * b, 1) * parseDTypeString(dtype).itemsize;
  return Buffer.concat([header, Buffer.alloc(n, fill)]);
}

/** An .npy v1.0 with a hand-written header text. */
function npyWithHeader(text: string, data: Buffer): Buffer {
  const body = Buffer.from(`${text}\n`, 'latin1');
  const len = Buffer.alloc(2);
  len.writeUInt16LE(body.length);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), len, body, data]);
}

let counter = 0;
function writeZip(bytes: Buffer): string {
  const file = path.join(dir, `z${counter++}.npz`);
  writeFileSync(file, bytes);
  return file;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('listNpzMembers', () => {
  it('lists members with keys, methods, sizes and absolute data offsets (zip64 local headers)', async () => {
    for (const archive of [STORED, COMPRESSED]) {
      const members = await listNpzMembers(archive);
      const mine = expected.filter((e) => path.join(FIXTURE_DIR, e.file) === archive);
      expect(members.map((m) => m.name)).toEqual(mine.map((e) => e.member));
      for (const m of members) {
        const e = mine.find((x) => x.member === m.name)!;
        expect(m.key).toBe(m.name.slice(0, -4));
        expect(m.compressed).toBe(e.compressed);
        expect(m.compressionMethod).toBe(e.compressed ? 8 : 0);
        expect(m.dataOffset).toBe(e.member_offset);
        expect(m.compressedSize).toBe(e.member_size);
      }
    }
  });

  it('refuses files that are not zip archives', async () => {
    const text = path.join(dir, 'text.npz');
    writeFileSync(text, 'not a zip at all\n'.repeat(10));
    expect(await failure(listNpzMembers(text))).toMatchObject({ kind: 'not-zip', message: expect.stringContaining(text) });
    const cut = writeZip(readFileSync(STORED).subarray(0, 300));
    expect((await failure(listNpzMembers(cut))).kind).toBe('not-zip');
  });
});

describe('readNpzMember / mapNpzMember', () => {
  it('finds members by name or key, and lists the names when one is missing', async () => {
    const byKey = await readNpzMember(STORED, 'a');
    const byName = await readNpzMember(STORED, 'a.npy');
    expect(byKey.header.layout).toEqual(byName.header.layout);
    const missing = await failure(readNpzMember(STORED, 'nope'));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toContain(STORED);
    expect(missing.message).toMatch(/'a', 'b', 'scalar'/);
  });

  it('refuses to map a compressed member and says to extract it', async () => {
    const err = await failure(mapNpzMember(COMPRESSED, 'x'));
    expect(err.kind).toBe('compressed-member');
    expect(err.message).toContain("member 'x.npy'");
    expect(err.message).toMatch(/extract it to a temporary \.npy/);
  });

  it("bounds a stored member's data by the member, not by the archive", async () => {
    const inner = npy('<f8', [4]);
    // The header claims 4 items but the member holds 3; the central directory follows it.
    const file = writeZip(makeZip([{ name: 'a.npy', data: inner.subarray(0, inner.length - 8) }, { name: 'b.npy', data: npy('<u1', [100]) }]));
    const err = await failure(mapNpzMember(file, 'a'));
    expect(err.kind).toBe('truncated');
    expect(err.message).toContain("member 'a.npy'");
  });

  it('reports bad members by name', async () => {
    const file = writeZip(
      makeZip([
        { name: 'bad.npy', data: Buffer.from('not numpy data') },
        { name: 'obj.npy', data: npyWithHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", Buffer.alloc(8)) },
        { name: 'z.npy', data: npy('<i2', [2]), method: 12 },
        { name: 'e.npy', data: npy('<i2', [2]), method: 8, flags: 1 },
      ]),
    );
    expect(await failure(readNpzMember(file, 'bad'))).toMatchObject({ kind: 'bad-magic', message: expect.stringContaining("member 'bad.npy'") });
    expect((await failure(readNpzMember(file, 'obj'))).kind).toBe('unsafe-dtype');
    expect((await failure(readNpzMember(file, 'z'))).kind).toBe('unsupported');
    expect((await failure(readNpzMember(file, 'e'))).kind).toBe('unsupported');
  });

  it('resolves a repeated name to the last entry, like Python', async () => {
    const file = writeZip(makeZip([{ name: 'a.npy', data: npy('<i2', [2]) }, { name: 'a.npy', data: npy('<f4', [3]) }]));
    expect((await readNpzMember(file, 'a')).header.descr).toBe('<f4');
  });

  it('reads the header of a compressed member by inflating only its start', async () => {
    const big = npy('<u1', [5_000_000], 0);
    const file = writeZip(makeZip([{ name: 'big.npy', data: big, method: 8 }]));
    const { member, header } = await readNpzMember(file, 'big');
    expect(member.compressed).toBe(true);
    expect(header.layout.shape).toEqual([5_000_000]);
    expect(header.layout.dataOffset).toBe(128);
    // A zero-length header is refused from the preamble alone, without inflating the rest.
    const empty = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]), Buffer.alloc(5_000_000)]);
    const bad = writeZip(makeZip([{ name: 'e.npy', data: empty, method: 8 }]));
    expect(await failure(readNpzMember(bad, 'e'))).toMatchObject({ kind: 'bad-header', message: expect.stringContaining("member 'e.npy'") });
  });
});

describe('readLayout on .npz', () => {
  it('needs a member name unless the archive holds exactly one', async () => {
    expect(await failure(readLayout(STORED))).toMatchObject({ kind: 'bad-value', message: expect.stringMatching(/3 arrays/) });
    const single = writeZip(makeZip([{ name: 'only.npy', data: npy('<i2', [3]) }]));
    const got = await readLayout(single);
    expect(got).toMatchObject({ format: 'npz', member: 'only.npy', nbytes: 6 });
    const empty = writeZip(makeZip([]));
    expect(await failure(readLayout(empty))).toMatchObject({ kind: 'not-found', message: expect.stringContaining('empty') });
  });
});

describe('extractMember', () => {
  it('writes the inflated member, verified, and reports progress', async () => {
    for (const e of expected) {
      const dest = path.join(dir, `extracted-${e.member}`);
      const progress: number[] = [];
      const result = await extractMember(path.join(FIXTURE_DIR, e.file), e.member!, dest, { onProgress: (p) => progress.push(p.bytes) });
      const layout = await readLayout(dest);
      expect(layout.descr).toEqual(e.descr);
      expect(layout.layout.shape).toEqual(e.shape);
      const bytes = readFileSync(dest);
      expect(result.bytes).toBe(bytes.length);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(sha(bytes.subarray(layout.layout.dataOffset, layout.layout.dataOffset + layout.nbytes))).toBe(e.sha256);
    }
  });

  it('leaves nothing behind when cancelled, before or during extraction', async () => {
    const sub = path.join(dir, 'cancel');
    mkdirSync(sub);
    const file = writeZip(makeZip([{ name: 'big.npy', data: npy('<u1', [20_000_000], 0), method: 8 }]));
    const before = new AbortController();
    before.abort();
    expect((await failure(extractMember(file, 'big', path.join(sub, 'a.npy'), { signal: before.signal }))).kind).toBe('cancelled');
    const during = new AbortController();
    const err = await failure(extractMember(file, 'big', path.join(sub, 'b.npy'), { signal: during.signal, onProgress: () => during.abort() }));
    expect(err.kind).toBe('cancelled');
    expect(readdirSync(sub)).toEqual([]);
  });

  it('refuses corrupt data (CRC mismatch) and keeps the destination untouched', async () => {
    const file = writeZip(makeZip([{ name: 'a.npy', data: npy('<i4', [10]), method: 8, crc: 12345 }]));
    const dest = path.join(dir, 'crc.npy');
    writeFileSync(dest, 'previous content');
    const err = await failure(extractMember(file, 'a', dest));
    expect(err).toMatchObject({ kind: 'io', message: expect.stringContaining('CRC-32') });
    expect(readFileSync(dest, 'utf8')).toBe('previous content');
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('catches a flipped byte in a stored member by its CRC as well', async () => {
    const copy = path.join(dir, 'flipped.npz');
    copyFileSync(STORED, copy);
    const bytes = readFileSync(copy);
    const a = expected.find((e) => e.file === 'stored.npz' && e.member === 'a.npy')!;
    bytes[a.data_offset] = bytes[a.data_offset]! ^ 0xff;
    writeFileSync(copy, bytes);
    expect((await failure(extractMember(copy, 'a', path.join(dir, 'flipped-a.npy')))).kind).toBe('io');
    expect(existsSync(path.join(dir, 'flipped-a.npy'))).toBe(false);
  });
});

describe.skipIf(!hasNumpy)(`extraction against numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  it("extracts savez_compressed members to exactly the bytes Python's zipfile reads, and numpy loads them", async () => {
    const archive = path.join(dir, 'many.npz');
    python(
      `a = {'f8': np.arange(12.0).reshape(3, 4), 'fort': np.asfortranarray(np.arange(6, dtype='>i2').reshape(2, 3)),
     'rec': np.zeros(3, np.dtype([('a', 'u1'), ('b', '<f8')], align=True)), 'u': np.array(['α', 'bc']),
     'dt': np.array(['2020-01-01', 'NaT'], 'M8[10ms]'), 'scalar': np.float32(2.5), 'empty': np.zeros((0, 2))}
np.savez_compressed(sys.argv[1], **a)`,
      [archive],
    );
    const members = await listNpzMembers(archive);
    expect(members.every((m) => m.compressed)).toBe(true);
    for (const m of members) {
      const dest = path.join(dir, `np-${m.key}.npy`);
      await extractMember(archive, m.key, dest);
      const same = pythonJson<boolean>(
        `import zipfile
member = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2] + '.npy')
extracted = open(sys.argv[3], 'rb').read()
a, b = np.load(sys.argv[1])[sys.argv[2]], np.load(sys.argv[3])
print(json.dumps(member == extracted and a.dtype == b.dtype and a.shape == b.shape))`,
        [archive, m.key, dest],
      );
      expect(same, m.name).toBe(true);
    }
  });
});
