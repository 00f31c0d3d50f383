#!/usr/bin/env node
// Throughput benchmark of the native scan kernels against numpy on the same files, same run.
// Not a test (vitest ignores it). Usage:
//   node test/native/bench.mjs [dir]        (default dir: $TMPDIR/arrayscope-bench; ~6 GiB of files)
// Loads build/Release/arrayscope.node directly (or $ARRAYSCOPE_ADDON). Files are written once
// with numpy and then read from the page cache; "fresh" scans open a new mapping (page faults
// included), "again" scans reuse it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const addonPath = process.env.ARRAYSCOPE_ADDON ?? path.join(here, '..', '..', 'build', 'Release', 'arrayscope.node');
const mod = { exports: {} };
process.dlopen(mod, addonPath);
const { Mapping } = mod.exports;

const dir = process.argv[2] ?? path.join(os.tmpdir(), 'arrayscope-bench');
mkdirSync(dir, { recursive: true });
const F8 = path.join(dir, 'f8.bin'); // 2^28 float64 = 2 GiB
const F2 = path.join(dir, 'f2.bin'); // 2^30 float16 = 2 GiB
const COLS = path.join(dir, 'cols.bin'); // (2^22, 64) float64 = 2 GiB
const ROWS = 2 ** 22;

// numpy runs at nice 10 like the addon's scan threads, so a busy machine slows both alike.
function python(script, args = []) {
  const r = spawnSync('nice', ['-n', '10', 'python3', '-c', `import sys, json, time\nimport numpy as np\n${script}`, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

if (![F8, F2, COLS].every(existsSync)) {
  console.log(`writing benchmark files to ${dir} ...`);
  python(
    `
rng = np.random.default_rng(1)
for path, dtype, n in ((sys.argv[1], '<f8', 2**28), (sys.argv[2], '<f2', 2**30), (sys.argv[3], '<f8', 2**28)):
    a = np.lib.format.open_memmap(path + '.tmp.npy', mode='w+', dtype=dtype, shape=(n,))
    for i in range(0, n, 2**24):
        a[i:i + 2**24] = rng.standard_normal(2**24)
    a[::1000003] = np.nan
    a.flush()
    del a
    raw = np.load(path + '.tmp.npy', mmap_mode='r')
    raw.tofile(path)
    import os; os.remove(path + '.tmp.npy')
`,
    [F8, F2, COLS],
  );
}
// Warm the page cache so both sides read from memory.
python('for p in sys.argv[1:]:\n    np.fromfile(p, dtype=np.uint8).sum()', [F8, F2, COLS]);

const gbps = (bytes, ms) => (bytes / ms / 1e6).toFixed(2);

async function timed(label, bytes, open, run, reps = 5) {
  const fresh = [];
  const again = [];
  for (let i = 0; i < reps; i++) {
    const m = open();
    let t = performance.now();
    await run(m);
    fresh.push(performance.now() - t);
    t = performance.now();
    await run(m);
    again.push(performance.now() - t);
    m.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the background munmap finish
  }
  const best = (xs) => Math.min(...xs);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(
    `${label.padEnd(44)} fresh mapping: best ${gbps(bytes, best(fresh))} GB/s, median ${gbps(bytes, median(fresh))} GB/s | ` +
      `same mapping again: best ${gbps(bytes, best(again))} GB/s, median ${gbps(bytes, median(again))} GB/s`,
  );
}

const f8 = { type: 'f8', swap: false };
await timed('arrayscope stats f8 (2 GiB)', 2 ** 31, () => new Mapping(F8, 'r'), (m) =>
  m.stats({ offset: 0, shape: [2 ** 28], strides: [8] }, f8).promise,
);
await timed('arrayscope stats f2 (2 GiB)', 2 ** 31, () => new Mapping(F2, 'r'), (m) =>
  m.stats({ offset: 0, shape: [2 ** 30], strides: [2] }, { type: 'f2', swap: false }).promise,
);
await timed('arrayscope minmax column 5 of (2^22, 64) f8', 2 ** 31, () => new Mapping(COLS, 'r'), (m) =>
  m.minmax({ offset: 5 * 8, shape: [ROWS], strides: [512] }, f8, 2000).promise,
);
await timed('arrayscope histogram f8 (2 GiB, 100 bins)', 2 ** 31, () => new Mapping(F8, 'r'), (m) =>
  m.histogram({ offset: 0, shape: [2 ** 28], strides: [8] }, f8, 100, -4, 4).promise,
);

console.log(
  python(
    `
def bench(label, nbytes, fn, reps=3):
    best = min(timeit(fn) for _ in range(reps))
    print(f"{label:44} best {nbytes / best / 1e9:.2f} GB/s ({best * 1e3:.0f} ms)")
def timeit(fn):
    t = time.perf_counter(); fn(); return time.perf_counter() - t
f8 = np.memmap(sys.argv[1], dtype='<f8', mode='r')
f2 = np.memmap(sys.argv[2], dtype='<f2', mode='r')
cols = np.memmap(sys.argv[3], dtype='<f8', mode='r').reshape(-1, 64)
n = f8.nbytes
def fresh_stats():
    a = np.memmap(sys.argv[1], dtype='<f8', mode='r')
    return np.nanmin(a), np.nanmax(a), np.nanmean(a), np.nanstd(a)
bench('numpy nanmin+nanmax+nanmean+nanstd f8', n, lambda: (np.nanmin(f8), np.nanmax(f8), np.nanmean(f8), np.nanstd(f8)))
bench('numpy the same, fresh np.memmap', n, fresh_stats)
for name, fn in (('nanmin', np.nanmin), ('nanmax', np.nanmax), ('nanmean', np.nanmean), ('nanstd', np.nanstd)):
    bench(f'numpy {name} f8 alone', n, lambda fn=fn: fn(f8))
f2part = f2[: f2.size // 8]  # numpy's float16 reductions are slow: time an eighth of the file
bench('numpy nanmin+nanmax+nanmean+nanstd f2 (1/8)', f2part.nbytes, lambda: (np.nanmin(f2part), np.nanmax(f2part), np.nanmean(f2part, dtype=np.float64), np.nanstd(f2part, dtype=np.float64)), reps=1)
col = cols[:, 5]
def decimate():
    k = col.size // 2000
    blocks = col[:k * 2000].reshape(2000, k)
    return np.nanmin(blocks, axis=1), np.nanmax(blocks, axis=1)
bench('numpy minmax column 5 of (2^22, 64) f8', cols.nbytes, decimate)
def decimate_fresh():
    global col
    col = np.memmap(sys.argv[3], dtype='<f8', mode='r').reshape(-1, 64)[:, 5]
    return decimate()
bench('numpy the same, fresh np.memmap', cols.nbytes, decimate_fresh)
bench('numpy histogram f8 (100 bins)', n, lambda: np.histogram(f8, bins=100, range=(-4, 4)), reps=1)
`,
    [F8, F2, COLS],
  ),
);
