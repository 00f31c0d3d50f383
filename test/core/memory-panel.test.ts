/**
 * The memory panel's arithmetic (src/renderer/src/memory): where the viewport lies in the file
 * for plain, transposed and strided views; typed byte counts; and the chart's series, which must
 * show measurements only (gaps where a platform gives no figure).
 */
import { describe, expect, it } from 'vitest';
import type { MemorySample, ViewInfo } from '../../src/shared/schemas.js';
import { scalar } from '../../src/shared/dtype.js';
import { chartModel } from '../../src/renderer/src/memory/chartModel.js';
import { meanFraction, parseByteCount, viewportByteRange, widen } from '../../src/renderer/src/memory/ranges.js';

function viewInfo(over: Partial<ViewInfo>): ViewInfo {
  const f8 = scalar('float', 8);
  return {
    spec: { index: '' },
    shape: [1000, 10],
    rows: 1000,
    cols: 10,
    leaves: [{ path: '', offset: 0, dtype: f8 }],
    itemsize: 8,
    axes: [0, 1],
    offset: 128,
    rowStride: 80,
    colStride: 8,
    ...over,
  };
}

describe('viewportByteRange', () => {
  it('maps rows × columns of a C-order view to the bytes they occupy', () => {
    // rows 10..19, all 10 columns: from 128 + 10·80 to the end of (19, 9).
    expect(viewportByteRange(viewInfo({}), { rows: [10, 20], cols: [0, 10] }, 1e6)).toEqual([128 + 800, 128 + 19 * 80 + 9 * 8 + 8]);
  });

  it('spans min..max of the cells for a transposed view (rows step through the file by columns)', () => {
    // a.T of a (1000, 10) C array: rowStride 8, colStride 80. Rows 2..4 of columns 100..199.
    const info = viewInfo({ rows: 10, cols: 1000, rowStride: 8, colStride: 80, axes: [1, 0] });
    expect(viewportByteRange(info, { rows: [2, 5], cols: [100, 200] }, 1e6)).toEqual([128 + 2 * 8 + 100 * 80, 128 + 4 * 8 + 199 * 80 + 8]);
  });

  it('handles negative strides (a[::-1]) and grid columns that are fields of a structured dtype', () => {
    const reversed = viewInfo({ offset: 128 + 999 * 80, rowStride: -80 });
    expect(viewportByteRange(reversed, { rows: [0, 2], cols: [0, 1] }, 1e6)).toEqual([128 + 998 * 80, 128 + 999 * 80 + 8]);
    // two leaves per element: grid columns 4..5 are array column 2.
    const fields = viewInfo({ itemsize: 16, rowStride: 160, colStride: 16, leaves: [viewInfo({}).leaves[0]!, { ...viewInfo({}).leaves[0]!, path: 'b', offset: 8 }] });
    expect(viewportByteRange(fields, { rows: [0, 1], cols: [4, 6] }, 1e6)).toEqual([128 + 32, 128 + 48]);
  });

  it('clips to the mapping and is null for an empty viewport', () => {
    expect(viewportByteRange(viewInfo({}), { rows: [990, 2000], cols: [0, 10] }, 128 + 80_000)).toEqual([128 + 990 * 80, 128 + 80_000]);
    expect(viewportByteRange(viewInfo({}), { rows: [5, 5], cols: [0, 10] }, 1e6)).toBeNull();
    expect(viewportByteRange(viewInfo({ cols: 0 }), { rows: [0, 5], cols: [0, 0] }, 1e6)).toBeNull();
  });
});

describe('widen and parseByteCount', () => {
  it('widens within the file', () => {
    expect(widen([100, 200], 1000, 500)).toEqual([0, 500]);
    expect(widen([10_000, 20_000], 1000, 1e6)).toEqual([9000, 21_000]);
  });

  it('reads bytes, hex and binary multiples, and refuses what it cannot read', () => {
    expect(parseByteCount('4096')).toEqual({ ok: true, value: 4096 });
    expect(parseByteCount('0x1000')).toEqual({ ok: true, value: 4096 });
    expect(parseByteCount(' 1.5 GiB ')).toEqual({ ok: true, value: 1.5 * 1024 ** 3 });
    expect(parseByteCount('64M')).toEqual({ ok: true, value: 64 * 1024 ** 2 });
    expect(parseByteCount('16 MB')).toEqual({ ok: true, value: 16 * 1024 ** 2 });
    for (const bad of ['', '-5', '12 parsecs', '1e3', 'MB']) expect(parseByteCount(bad).ok).toBe(false);
    expect(parseByteCount('9999999 TB').ok).toBe(false);
  });

  it('averages residency fractions, skipping buckets without bytes', () => {
    expect(meanFraction(new Float64Array([1, 0, NaN, 0.5]))).toBeCloseTo(0.5);
    expect(meanFraction(new Float64Array([NaN]))).toBeNull();
  });
});

function sample(over: Partial<MemorySample>): MemorySample {
  return {
    time: 1_000_000,
    pid: 4242,
    source: 'proc-status',
    rss: 300,
    rssAnon: 100,
    rssFile: 200,
    rssShmem: 0,
    heapUsed: 50,
    heapTotal: 60,
    external: 1,
    processes: [],
    mappings: [],
    ...over,
  };
}

describe('chartModel', () => {
  const name = (_id: string, p: string) => p.split('/').pop()!;

  it('shows the RSS split on Linux, per-file size and resident lines, and other processes by type', () => {
    const points = [
      { sample: sample({ processes: [{ type: 'Browser', pid: 1, rss: 9 }, { type: 'Tab', pid: 2, rss: 40 }, { type: 'Tab', pid: 3, rss: 2 }] }), pageHeap: null },
      { sample: sample({ time: 1_001_000, mappings: [{ session: 's1', path: '/d/a.npy', mapped: 5000, resident: null }] }), pageHeap: null },
      { sample: sample({ time: 1_002_000, mappings: [{ session: 's1', path: '/d/a.npy', mapped: 5000, resident: 1234 }] }), pageHeap: null },
    ];
    const m = chartModel(points, name, false);
    expect(m.series.map((s) => s.key)).toEqual(['rss', 'anon', 'file', 'shmem', 'heap', 'process:Tab', 'mapped:s1', 'resident:s1']);
    const column = (key: string) => m.data[1 + m.series.findIndex((s) => s.key === key)];
    expect(m.data[0]).toEqual([1000, 1001, 1002]);
    expect(column('process:Tab')).toEqual([42, null, null]); // 'Browser' is the mapping process itself
    expect(column('mapped:s1')).toEqual([null, 5000, 5000]);
    expect(column('resident:s1')).toEqual([null, null, 1234]); // not measured yet: a gap, never 0
  });

  it('labels a total-only platform as such, adds the page heap, and leaves zeros out of a log axis', () => {
    const points = [{ sample: sample({ source: 'process-memory-usage', rssAnon: null, rssFile: null, rssShmem: null }), pageHeap: 77 }];
    const m = chartModel(points, name, true);
    expect(m.series.map((s) => s.key)).toEqual(['rss', 'heap', 'pageHeap']);
    expect(m.series[0]!.label).toMatch(/no split/);
    const zero = chartModel([{ sample: sample({ rssShmem: 0 }), pageHeap: null }], name, true);
    expect(zero.data[1 + zero.series.findIndex((s) => s.key === 'shmem')]).toEqual([null]);
    expect(zero.signature).not.toEqual(chartModel([{ sample: sample({}), pageHeap: null }], name, false).signature);
  });
});
