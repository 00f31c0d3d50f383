/**
 * Sessions end to end on real files: numpy writes them, the engine maps, pages, edits, saves and
 * flushes them, and numpy (or a sha256 of the bytes) checks the outcome.
 */
import { createHash } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, createArray } from '../../src/core/open.js';
import { saveAsNpy } from '../../src/core/save.js';
import { computeStats } from '../../src/core/scans.js';
import { encodeNpyHeader } from '../../src/core/formats/index.js';
import { scalar } from '../../src/shared/dtype.js';
import { formatScalar } from '../../src/shared/values/index.js';
import { hasNumpy, NO_NUMPY_REASON, python, pythonJson, tempDir } from '../helpers/python.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** An int16 (4, 5) .npy holding 0..19, written without numpy (valid everywhere). */
function writeInt16Grid(file: string): void {
  const header = encodeNpyHeader({ dtype: scalar('int', 2), shape: [4, 5], fortranOrder: false });
  const data = new Int16Array(20).map((_, i) => i);
  writeFileSync(file, Buffer.concat([header, new Uint8Array(data.buffer)]));
}

function cellText(page: { bytes: Uint8Array }, i: number): string {
  const view = new DataView(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  return formatScalar(scalar('int', 2), view, i * 2);
}

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('sessions on an int16 grid', () => {
  it('pages a transposed, strided view with the right values', async () => {
    const file = path.join(tmp.dir, 'grid-view.npy');
    writeInt16Grid(file);
    const s = await openSession({ path: file });
    try {
      const info = s.info();
      expect(info).toMatchObject({ format: 'npy', shape: [4, 5], mode: 'r', dtypeName: 'int16', editable: false });
      const view = { index: '[::-1, 1::2]', rowAxis: 1, colAxis: 0 };
      expect(s.view(view).info).toMatchObject({ rows: 2, cols: 4, shape: [4, 2] });
      const page = await s.page(view, 0, 2, 0, 4);
      // a[::-1, 1::2].T == [[16, 11, 6, 1], [18, 13, 8, 3]]
      expect([...Array(8).keys()].map((i) => cellText(page, i))).toEqual(['16', '11', '6', '1', '18', '13', '8', '3']);
    } finally {
      s.close();
    }
  });

  it('refuses every write in mode r and leaves the file untouched', async () => {
    const file = path.join(tmp.dir, 'grid-r.npy');
    writeInt16Grid(file);
    const before = sha256(file);
    const s = await openSession({ path: file, mode: 'r' });
    expect(() => s.setCell({ index: '' }, { row: 0, col: 0, leaf: 0 }, '7')).toThrow(/read-only \(mode r\)/);
    expect(() => s.undo()).toThrow(expect.objectContaining({ kind: 'read-only' }));
    s.close();
    expect(sha256(file)).toBe(before);
  });

  it('c mode: edits are visible, the file never changes, undo/redo/discard work', async () => {
    const file = path.join(tmp.dir, 'grid-c.npy');
    writeInt16Grid(file);
    const before = sha256(file);
    const s = await openSession({ path: file, mode: 'c' });
    const view = { index: '' };
    s.setCell(view, { row: 1, col: 2, leaf: 0 }, '-300');
    expect(cellText(await s.page(view, 1, 1, 2, 1), 0)).toBe('-300');
    expect(s.info()).toMatchObject({ dirty: true, canUndo: true, editCount: 1 });
    expect(s.changedCells(10)).toEqual([{ index: [1, 2], field: '', before: '7', after: '-300' }]);
    s.undo();
    expect(cellText(await s.page(view, 1, 1, 2, 1), 0)).toBe('7');
    expect(s.info()).toMatchObject({ dirty: false, canRedo: true, editCount: 0 });
    s.redo();
    expect(cellText(await s.page(view, 1, 1, 2, 1), 0)).toBe('-300');
    s.discard();
    expect(cellText(await s.page(view, 1, 1, 2, 1), 0)).toBe('7');
    expect(s.info()).toMatchObject({ dirty: false, canUndo: false, editCount: 0 });
    s.close();
    expect(sha256(file)).toBe(before);
  });

  it('a bad value is refused with its reason and nothing is written', async () => {
    const file = path.join(tmp.dir, 'grid-bad.npy');
    writeInt16Grid(file);
    const s = await openSession({ path: file, mode: 'c' });
    const view = { index: '' };
    expect(() => s.setCell(view, { row: 0, col: 1, leaf: 0 }, '40000')).toThrow(expect.objectContaining({ kind: 'bad-value' }));
    expect(() => s.setCell(view, { row: 0, col: 1, leaf: 0 }, 'abc')).toThrow(expect.objectContaining({ kind: 'bad-value' }));
    expect(() => s.setCell(view, { row: 9, col: 1, leaf: 0 }, '1')).toThrow(expect.objectContaining({ kind: 'bad-request' }));
    expect(cellText(await s.page(view, 0, 1, 1, 1), 0)).toBe('1');
    expect(s.info()).toMatchObject({ canUndo: false, editCount: 0 });
    s.close();
  });

  it('Save As writes an .npy with the edits, atomically, leaving no temp files', async () => {
    const file = path.join(tmp.dir, 'grid-save.npy');
    const out = path.join(tmp.dir, 'grid-saved.npy');
    writeInt16Grid(file);
    const s = await openSession({ path: file, mode: 'c' });
    s.setCell({ index: '' }, { row: 3, col: 4, leaf: 0 }, '1234');
    const progress: number[] = [];
    await saveAsNpy(s, out, { onProgress: (done) => progress.push(done) });
    s.close();
    const saved = readFileSync(out);
    const expected = new Int16Array(20).map((_, i) => (i === 19 ? 1234 : i));
    expect(saved.subarray(128)).toEqual(Buffer.from(expected.buffer));
    expect(progress.at(-1)).toBe(saved.byteLength);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(tmp.dir).filter((n) => n.includes('arrayscope-tmp'))).toEqual([]);
  });

  it('a cancelled Save As leaves neither the destination nor a temp file', async () => {
    const file = path.join(tmp.dir, 'grid-cancel.npy');
    const out = path.join(tmp.dir, 'grid-cancelled.npy');
    writeInt16Grid(file);
    const s = await openSession({ path: file, mode: 'c' });
    const controller = new AbortController();
    controller.abort();
    await expect(saveAsNpy(s, out, { signal: controller.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    s.close();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(tmp.dir).filter((n) => n.startsWith('.grid-cancelled') || n === 'grid-cancelled.npy')).toEqual([]);
  });

  it('a file truncated under a live session gives an error, not a crash', async () => {
    const file = path.join(tmp.dir, 'grid-trunc.npy');
    writeInt16Grid(file);
    const s = await openSession({ path: file });
    truncateSync(file, 100);
    await expect(s.page({ index: '' }, 0, 4, 0, 5)).rejects.toMatchObject({ kind: 'truncated' });
    await expect(computeStats(s, {})).rejects.toMatchObject({ kind: 'truncated' });
    s.close();
  });

  it('create makes a sparse zero file, or fills it, and refuses to overwrite', async () => {
    const file = path.join(tmp.dir, 'created.npy');
    const s = await createArray({ path: file, format: 'npy', dtype: 'float32', shape: [3, 2], order: 'C', fill: '2.5' });
    expect(s.info()).toMatchObject({ mode: 'w+', shape: [3, 2], dtypeName: 'float32' });
    s.close();
    expect([...new Float32Array(readFileSync(file).subarray(128).buffer.slice(readFileSync(file).byteOffset + 128))].slice(0, 6)).toEqual([2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
    await expect(createArray({ path: file, format: 'npy', dtype: 'f4', shape: [1], order: 'C' })).rejects.toMatchObject({ kind: 'bad-value' });
  });
});

describe.skipIf(!hasNumpy)(`sessions checked by numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  it('Save As output of a structured c-mode edit loads in numpy with equal values', async () => {
    const file = path.join(tmp.dir, 'rec.npy');
    const out = path.join(tmp.dir, 'rec-saved.npy');
    python(
      `a = np.zeros(4, dtype=[('x', '<f4'), ('t', '<M8[s]'), ('s', 'S4')]); a['x'] = [1.5, 2.5, 3.5, 4.5]
a['t'] = np.array(['2020-01-01T00:00:00'] * 4, dtype='M8[s]'); a['s'] = b'ab'; np.save(sys.argv[1], a)`,
      [file],
    );
    const s = await openSession({ path: file, mode: 'c' });
    const view = { index: '' };
    s.setCell(view, { row: 2, col: 0, leaf: 0 }, '0.1');
    s.setCell(view, { row: 2, col: 0, leaf: 1 }, '2021-06-30T12:34:56');
    s.setCell(view, { row: 3, col: 0, leaf: 2 }, 'xyz');
    await saveAsNpy(s, out);
    s.close();
    const got = pythonJson<unknown>(
      `a = np.load(sys.argv[1]); print(json.dumps([[float(r['x']), str(r['t']), r['s'].decode()] for r in a]))`,
      [out],
    );
    expect(got).toEqual([
      [1.5, '2020-01-01T00:00:00', 'ab'],
      [2.5, '2020-01-01T00:00:00', 'ab'],
      [Math.fround(0.1), '2021-06-30T12:34:56', 'ab'],
      [4.5, '2020-01-01T00:00:00', 'xyz'],
    ]);
  });

  it('r+ edits are visible to numpy after flush, and undo after flush restores the old bytes', async () => {
    const file = path.join(tmp.dir, 'rplus.npy');
    python(`np.save(sys.argv[1], np.arange(10, dtype='>i8'))`, [file]);
    const original = sha256(file);
    const s = await openSession({ path: file, mode: 'r+' });
    s.setCell({ index: '' }, { row: 4, col: 0, leaf: 0 }, '-9007199254740993');
    expect(s.info().dirty).toBe(true);
    await s.flush();
    expect(s.info().dirty).toBe(false);
    expect(python(`print(np.load(sys.argv[1])[4])`, [file]).trim()).toBe('-9007199254740993');
    s.undo();
    await s.flush();
    s.close();
    expect(sha256(file)).toBe(original);
    expect(python(`print(np.load(sys.argv[1]).tolist())`, [file]).trim()).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]');
  });

  it('stats over a view match numpy nan-aware reductions', async () => {
    const file = path.join(tmp.dir, 'stats.npy');
    python(
      `rng = np.random.default_rng(1); a = rng.normal(size=(500, 7)).astype('<f8'); a[::17, 3] = np.nan; a[5, 3] = np.inf; np.save(sys.argv[1], a)`,
      [file],
    );
    const ref = pythonJson<{ all: number[]; tail: number[] }>(
      `a = np.load(sys.argv[1])
c = a[:, 3]; t = a[6:, 3]
print(json.dumps({'all': [int((~np.isnan(c)).sum()), int(np.isnan(c).sum()), float(np.nanmin(c))],
  'tail': [int((~np.isnan(t)).sum()), int(np.isnan(t).sum()), float(np.nanmin(t)), float(np.nanmax(t)), float(np.nanmean(t)), float(np.nanstd(t))]}))`,
      [file],
    );
    const s = await openSession({ path: file });
    const all = await computeStats(s, { view: { index: '[:, 3]' } });
    const tail = await computeStats(s, { view: { index: '[6:, 3]' } });
    s.close();
    expect([all.count, all.nanCount, all.min]).toEqual(ref.all);
    expect([all.infCount, all.max]).toEqual([1, Infinity]);
    expect([tail.count, tail.nanCount, tail.min, tail.max]).toEqual(ref.tail.slice(0, 4));
    expect(tail.mean).toBeCloseTo(ref.tail[4]!, 12);
    expect(tail.std).toBeCloseTo(ref.tail[5]!, 12);
  });
});
