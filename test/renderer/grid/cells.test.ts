import { describe, expect, it } from 'vitest';
import { hasNumpy, NO_NUMPY_REASON, pythonJson } from '../../helpers/python.js';
import type { ScalarDType } from '../../../src/shared/dtype.js';
import type { Page, ViewInfo } from '../../../src/shared/schemas.js';
import { cachedPage, cellText, formatModesFor, isSpecialValue } from '../../../src/renderer/src/grid/cells.js';
import type { FetchPage } from '../../../src/renderer/src/grid/page-cache.js';
import { readRectAsTsv } from '../../../src/renderer/src/grid/read-rect.js';

interface Fixture {
  bytes: number[];
  rows: number;
  cols: number;
  itemsize: number;
  leaves: { path: string; offset: number; typestr: string }[];
  text: string[][][]; // [row][col][leaf] as numpy's str()
  hex: string[][]; // leaf pos.a (int16) as 0x....
  fixed3: string[][]; // leaf x (float32) with np.format_float_positional(unique=False, precision=3)
}

function dtypeOf(typestr: string): ScalarDType {
  const kinds: Record<string, ScalarDType['kind']> = { f: 'float', i: 'int', u: 'uint', b: 'bool', c: 'complex' };
  return { kind: kinds[typestr[1]!]!, itemsize: Number(typestr.slice(2)), byteorder: typestr[0] as '<' | '>' | '|' };
}

describe.skipIf(!hasNumpy)(`cell text against numpy (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  const f = hasNumpy
    ? pythonJson<Fixture>(`
dt = np.dtype([('x', '<f4'), ('pos', [('a', '<i2'), ('b', '>f8')]), ('ok', '?')])
a = np.zeros((7, 3), dtype=dt)
a['x'] = np.linspace(-3, 3, 21).reshape(7, 3) ** 3; a['x'][1, 1] = np.nan; a['x'][2, 2] = -np.inf
a['pos']['a'] = (np.arange(21) * -1234).reshape(7, 3); a['pos']['b'] = np.arange(21).reshape(7, 3) / 7; a['ok'][::2] = True
leaves = [('x', dt.fields['x'][1], '<f4'), ('pos.a', dt.fields['pos'][1], '<i2'), ('pos.b', dt.fields['pos'][1] + 2, '>f8'), ('ok', dt.fields['ok'][1], '|b1')]
get = lambda e, p: e[p] if '.' not in p else e[p.split('.')[0]][p.split('.')[1]]
print(json.dumps({
  'bytes': list(a.tobytes()), 'rows': 7, 'cols': 3, 'itemsize': dt.itemsize,
  'leaves': [{'path': p, 'offset': o, 'typestr': t} for p, o, t in leaves],
  'text': [[[str(get(a[r, c], p)) for p, _, _ in leaves] for c in range(3)] for r in range(7)],
  'hex': [['0x' + format(int(a['pos']['a'][r, c]) & 0xffff, '04x') for c in range(3)] for r in range(7)],
  'fixed3': [[np.format_float_positional(a['x'][r, c], unique=False, precision=3) for c in range(3)] for r in range(7)],
}))`)
    : (null as never);
  const info: ViewInfo = {
    spec: { index: '' },
    shape: [f.rows, f.cols],
    rows: f.rows,
    cols: f.cols,
    leaves: f.leaves.map((l) => ({ path: l.path, offset: l.offset, dtype: dtypeOf(l.typestr) })),
    itemsize: f.itemsize,
    axes: [0, 1],
    offset: 128,
    rowStride: f.itemsize * f.cols,
    colStride: f.itemsize,
  };
  const all = Uint8Array.from(f.bytes);
  const pageOf = (row0: number, rowCount: number, col0: number, colCount: number): Page => {
    const bytes = new Uint8Array(rowCount * colCount * f.itemsize);
    for (let r = 0; r < rowCount; r++) {
      const from = ((row0 + r) * f.cols + col0) * f.itemsize;
      bytes.set(all.subarray(from, from + colCount * f.itemsize), r * colCount * f.itemsize);
    }
    return { row0, rowCount, col0, colCount, itemsize: f.itemsize, bytes, revision: 0 };
  };

  it('prints every leaf of every cell as numpy does, from a page anywhere in the view', () => {
    const page = cachedPage(pageOf(2, 4, 1, 2));
    for (let r = 2; r < 6; r++) for (let c = 1; c < 3; c++) for (let l = 0; l < 4; l++) expect(cellText(page, info, r, c, l)).toBe(f.text[r]![c]![l]!);
  });

  it('applies column formats (hex for ints, fixed precision for floats) as numpy formats them', () => {
    const page = cachedPage(pageOf(0, 7, 0, 3));
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 3; c++) {
        expect(cellText(page, info, r, c, 1, { mode: 'hex' })).toBe(f.hex[r]![c]!);
        expect(cellText(page, info, r, c, 0, { mode: 'fixed', precision: 3 })).toBe(f.fixed3[r]![c]!);
      }
    expect(formatModesFor(info.leaves[1]!.dtype as ScalarDType)).toEqual(['auto', 'hex', 'binary', 'bytes']);
    expect(isSpecialValue(info.leaves[0]!.dtype as ScalarDType, f.text[1]![1]![0]!)).toBe(true);
    expect(isSpecialValue(info.leaves[0]!.dtype as ScalarDType, f.text[2]![2]![0]!)).toBe(true);
    expect(isSpecialValue(info.leaves[0]!.dtype as ScalarDType, f.text[0]![0]![0]!)).toBe(false);
  });

  it('copies a rectangle of grid columns (leaves) as TSV read from the engine', async () => {
    const requests: unknown[] = [];
    const fetchPage: FetchPage = async (req) => {
      requests.push(req);
      return { ok: true, value: pageOf(req.row0, req.rowCount, req.col0, req.colCount) };
    };
    // Grid columns 3..6 are (col 0, leaf 3) and (col 1, leaves 0..2).
    const tsv = await readRectAsTsv(fetchPage, { session: 's', info, rect: { r0: 1, r1: 6, c0: 3, c1: 7 }, format: () => ({ mode: 'auto' }), signal: new AbortController().signal });
    const expected = [1, 2, 3, 4, 5].map((r) => [f.text[r]![0]![3], f.text[r]![1]![0], f.text[r]![1]![1], f.text[r]![1]![2]].join('\t')).join('\n');
    expect(tsv).toBe(expected);
    expect(requests).toEqual([{ session: 's', view: { index: '' }, row0: 1, rowCount: 5, col0: 0, colCount: 2 }]);
  });
});

describe('copy errors', () => {
  it("reports the engine's message when a read fails", async () => {
    const info = { spec: { index: '' }, shape: [3], rows: 3, cols: 1, leaves: [{ path: '', offset: 0, dtype: { kind: 'int', itemsize: 1, byteorder: '|' } }], itemsize: 1, axes: [0, null], offset: 0, rowStride: 1, colStride: 0 } as ViewInfo;
    const failing: FetchPage = async () => ({ ok: false, error: { kind: 'closed', message: "'/x.npy' is closed" } });
    await expect(readRectAsTsv(failing, { session: 's', info, rect: { r0: 0, r1: 2, c0: 0, c1: 1 }, format: () => ({ mode: 'auto' }), signal: new AbortController().signal })).rejects.toThrow("'/x.npy' is closed");
  });
});
