# numpy reference for test/native/kernels.test.ts.
#
# Writes one raw file per (kernel type, byte order, dataset) into sys.argv[1] and prints JSON
# describing each file, the regions to scan and numpy's answers for them. Regions are
# (offset, shape, strides) in bytes; numpy views them with np.ndarray(buffer=..., offset=...,
# strides=...), exactly the elements the addon is asked to scan.
import json
import os
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')  # all-NaN slices, bool histogram conversion

OUT = sys.argv[1]
ROWS, COLS = 37, 53
HEADER = 16
NAT = np.iinfo(np.int64).min
TYPES = ['b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'c8', 'c16', 'M8', 'm8']
DTYPES = {'b1': '?', 'M8': 'M8[s]', 'm8': 'm8[ms]'}


def enc(v):
    """JSON without NaN/Infinity tokens: non-finite floats become strings."""
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if v != v:
            return 'nan'
        if v in (float('inf'), float('-inf')):
            return 'inf' if v > 0 else '-inf'
        return v
    if isinstance(v, np.integer):
        return int(v)
    return v


def values(t, n, rng, with_inf):
    """Native-endian test data of type t with the awkward values each type has."""
    dt = np.dtype(DTYPES.get(t, t))
    if t == 'b1':
        return rng.random(n) < 0.4
    if t[0] in 'iu':
        info = np.iinfo(dt)
        a = rng.integers(info.min, info.max, n, dtype=dt, endpoint=True)
        small = rng.integers(max(info.min, -12), 13, n).astype(dt)
        a = np.where(rng.random(n) < 0.6, small, a)
        a[:3] = [info.min, info.max, 0]
        return a
    if t[0] in 'Mm':
        a = rng.integers(-10**12, 10**12, n).astype(np.int64)
        a = np.where(rng.random(n) < 0.5, rng.integers(-1200, 1200, n), a)
        a[rng.random(n) < 0.1] = NAT
        a[:2] = [np.iinfo(np.int64).max, np.iinfo(np.int64).min + 1]
        return a.view(dt)
    if t[0] == 'f':
        a = (rng.standard_normal(n) * 3).astype(dt)
        eighths = (rng.integers(-20, 21, n) / 8).astype(dt)  # land exactly on histogram edges
        a = np.where(rng.random(n) < 0.3, eighths, a)
        special = [np.nan, 0.0, -0.0, np.finfo(dt).smallest_subnormal, -np.finfo(dt).tiny]
        if with_inf:
            special += [np.inf, -np.inf]
        a[: len(special)] = special
        a[rng.random(n) < 0.05] = np.nan
        return a
    part = np.float32 if t == 'c8' else np.float64
    re = values('f4' if t == 'c8' else 'f8', n, rng, with_inf).astype(part)
    im = (rng.standard_normal(n) * 2).astype(part)
    im[rng.random(n) < 0.03] = np.nan
    return (re + 1j * im).astype(dt)


def native(a):
    return a.astype(a.dtype.newbyteorder('='))


def as_float(a, t):
    """The float64 values the kernels work on (NaN = missing)."""
    a = native(a)
    if t in ('c8', 'c16'):
        return np.abs(a).astype(np.float64)
    if t[0] in 'Mm':
        i = a.view(np.int64).astype(np.int64)
        f = i.astype(np.float64)
        f[i == NAT] = np.nan
        return f
    return a.astype(np.float64)


def hist_input(a, t):
    """What np.histogram is given for this type (numpy has no histogram of datetimes)."""
    a = native(a)
    if t in ('c8', 'c16'):
        return np.abs(a)
    if t[0] in 'Mm':
        i = a.view(np.int64)
        return i[i != NAT]
    return a


def stats_ref(a, t):
    f = as_float(a, t).ravel()
    present = f[~np.isnan(f)]
    out = {
        'count': int(present.size),
        'nanCount': int(f.size - present.size),
        'infCount': int(np.isinf(present).sum()),
        'zeroCount': int((present == 0).sum()),
        'min': np.nanmin(f) if present.size else np.nan,
        'max': np.nanmax(f) if present.size else np.nan,
        'mean': np.nanmean(f) if present.size else np.nan,
        'std': np.nanstd(f) if present.size else np.nan,
        'sum': np.nansum(f),
        'absMean': np.nanmean(np.abs(f)) if present.size else 0.0,
        'minExact': None,
        'maxExact': None,
    }
    if t in ('i8', 'u8', 'M8', 'm8'):
        ints = native(a).ravel().view(np.uint64 if t == 'u8' else np.int64).astype(np.uint64 if t == 'u8' else np.int64)
        if t[0] in 'Mm':
            ints = ints[ints != NAT]
        if ints.size:
            out['minExact'], out['maxExact'] = str(ints.min()), str(ints.max())
    return out


def hist_ref(a, t, bins, lo, hi):
    try:
        counts, _ = np.histogram(hist_input(a, t).ravel(), bins=bins, range=(lo, hi))
        return {'counts': counts.tolist()}
    except ValueError as e:
        return {'error': str(e)}


def minmax_ref(a, t, buckets):
    f = as_float(a, t)
    n = f.size
    lo, hi = [], []
    for b in range(buckets):
        seg = f[b * n // buckets:(b + 1) * n // buckets]
        seg = seg[~np.isnan(seg)]
        lo.append(seg.min() if seg.size else np.nan)
        hi.append(seg.max() if seg.size else np.nan)
    return {'min': lo, 'max': hi}


def block_ref(a, t, br, bc):
    f = as_float(a, t)
    rows, cols = f.shape
    out = {'rows': -(-rows // br), 'cols': -(-cols // bc), 'min': [], 'max': [], 'mean': [], 'absMean': [], 'count': []}
    for r in range(0, rows, br):
        for c in range(0, cols, bc):
            blk = f[r:r + br, c:c + bc].ravel()
            blk = blk[~np.isnan(blk)]
            out['min'].append(blk.min() if blk.size else np.nan)
            out['max'].append(blk.max() if blk.size else np.nan)
            out['mean'].append(blk.mean() if blk.size else np.nan)
            out['absMean'].append(np.abs(blk).mean() if blk.size else 0.0)
            out['count'].append(int(blk.size))
    return out


def regions(s):
    """Views of the ROWS x COLS array at HEADER: C order, reversed/strided, transposed, broadcast."""
    row = COLS * s
    return {
        'full': (HEADER, [ROWS, COLS], [row, s]),
        'strided': (HEADER + (ROWS - 1) * row + 3 * s, [ROWS, (COLS - 3 + 3) // 4], [-row, 4 * s]),
        'transposed': (HEADER, [COLS, ROWS], [s, row]),
        'broadcast': (HEADER + 2 * row, [3, COLS], [0, s]),
        'empty': (HEADER, [0, COLS], [row, s]),
    }


def hist_ranges(t):
    if t == 'b1':
        return [(2, 0.0, 1.0), (3, 0.0, 1.0)]
    if t[0] in 'iu':
        return [(20, -10.0, 10.0), (16, 0.0, 255.0), (7, -3.3, 1e9)]
    if t[0] in 'Mm':
        return [(10, -1000.0, 1000.0), (9, -5e11, 5e11)]
    if t[0] == 'c':
        return [(24, 0.0, 3.0), (5, 0.5, 0.5)]
    return [(32, -2.0, 2.0), (7, -1e-3, 3.7), (4, 0.5, 0.5), (11, -3.0, 0.0)]


def case(t, swap, dataset, rng):
    a = values(t, ROWS * COLS, rng, dataset == 'specials').reshape(ROWS, COLS)
    stored = a.astype(a.dtype.newbyteorder('>')) if swap else a
    path = os.path.join(OUT, f'{t}-{"be" if swap else "le"}-{dataset}.bin')
    raw = b'\x7f' * HEADER + stored.tobytes()
    with open(path, 'wb') as fh:
        fh.write(raw)
    s = a.dtype.itemsize
    out = {'type': t, 'swap': swap, 'dataset': dataset, 'path': path, 'regions': {}, 'stats': {}, 'hist': [], 'minmax': [], 'blocks': []}
    views = {}
    for name, (off, shape, strides) in regions(s).items():
        views[name] = np.ndarray(tuple(shape), dtype=stored.dtype, buffer=raw, offset=off, strides=tuple(strides))
        out['regions'][name] = {'offset': off, 'shape': shape, 'strides': strides}
        out['stats'][name] = stats_ref(views[name], t)
    for name in ('full', 'strided'):
        for bins, lo, hi in hist_ranges(t):
            out['hist'].append({'region': name, 'bins': bins, 'lo': lo, 'hi': hi, **hist_ref(views[name], t, bins, lo, hi)})
    column = {'offset': HEADER + 5 * s, 'shape': [ROWS], 'strides': [COLS * s]}
    backwards = {'offset': HEADER + (ROWS * COLS - 1) * s, 'shape': [ROWS * COLS // 3], 'strides': [-3 * s]}
    for region in (column, backwards):
        v = np.ndarray(tuple(region['shape']), dtype=stored.dtype, buffer=raw, offset=region['offset'], strides=tuple(region['strides']))
        for buckets in (1, 7, region['shape'][0] + 5):
            out['minmax'].append({'region': region, 'buckets': buckets, **minmax_ref(v, t, buckets)})
    for name, br, bc in (('strided', 5, 3), ('transposed', 8, 37), ('full', 1, 1)):
        out['blocks'].append({'region': name, 'blockRows': br, 'blockCols': bc, **block_ref(views[name], t, br, bc)})
    return out


def main():
    rng = np.random.default_rng(20240501)
    cases = []
    for t in TYPES:
        datasets = ['finite', 'specials'] if t[0] in 'fc' else ['plain']
        for swap in (False, True):
            if swap and np.dtype(DTYPES.get(t, t)).itemsize == 1:
                continue  # byte order is meaningless for 1-byte types
            for dataset in datasets:
                cases.append(case(t, swap, dataset, rng))
    print(json.dumps(enc(cases)))


main()
