/**
 * The index-expression corpus checked against numpy, and the numpy reference itself.
 *
 * Each case is an array layout (shape, C/F order, itemsize, data offset) plus an expression as a
 * user might type it. numpy's answer for a case is computed on `np.arange(n).reshape(shape,
 * order=order)`: that array is contiguous in `order`, so every value equals the element's
 * linear position in memory, and a view's values are the memory positions of its elements.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { uniform } from '../../../src/shared/random.js';
import { pythonJson, tempDir } from '../../helpers/python.js';

export interface ViewCase {
  readonly shape: number[];
  readonly order: 'C' | 'F';
  readonly itemsize: number;
  readonly dataOffset: number;
  readonly expr: string;
}

/** numpy's parse of the expression (via `np.s_`), in IndexItem form. */
export type RefItem =
  | { kind: 'int'; index: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'ellipsis' }
  | { kind: 'newaxis' };

export type ViewExpected =
  | { shape: number[]; values: number[]; strides: number[] }
  | { error: string; message: string };

export interface ReferenceCase extends ViewCase {
  readonly items: RefItem[];
  readonly expected: ViewExpected;
}

const SHAPES: number[][] = [
  [], [0], [1], [7], [10],
  [3, 4], [4, 3], [1, 5], [5, 1], [0, 3], [3, 0],
  [2, 3, 4], [3, 1, 2], [2, 0, 3],
  [2, 2, 2, 2], [2, 3, 1, 4], [1, 1, 1, 1],
];
const ITEMSIZES = [1, 2, 3, 4, 8, 12, 16];

/** Expressions every shape is tried with: the edge cases of clamping, ellipsis and newaxis. */
const EDGE_EXPRS = [
  '', '[]', '[...]', ':', '::', '::-1', '[::-1, ::-1]', '-1', '0', '[..., -1]', '[-1, ...]', '[..., 0, :]',
  'None', '[..., None]', '[None, ..., None]', 'np.newaxis, 0', '[1:-1]', '[-100:100]', '[100:-100:-1]',
  '[5:2]', '[5:2:-1]', '[:0]', '[-1:-100:-2, ...]', '[9007199254740992:]', '[::-9007199254740992]',
  '[-100000000000000000000:100000000000000000000:3]', 'a[1:, ..., ::-2]', 'arr[:, None, ::2]', '[0, 0, 0, 0, 0]',
];


function randomExpr(rand: () => number, shape: number[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const consumed = Math.min(int(0, shape.length + 1), rand() < 0.9 ? shape.length : shape.length + 1);
  const parts: string[] = [];
  let axis = 0;
  for (let k = 0; k < consumed; k++) {
    const n = shape[axis] ?? 3;
    axis++;
    if (rand() < 0.3) {
      parts.push(String(int(-n - 1, n)));
      continue;
    }
    const bound = (): string => (rand() < 0.3 ? '' : rand() < 0.05 ? pick(['-99999999999', '99999999999']) : String(int(-n - 2, n + 2)));
    const step = rand() < 0.4 ? '' : String(pick([1, 1, 2, 3, -1, -1, -2, -3, 5, -7, 1000]));
    const start = bound();
    const stop = bound();
    parts.push(step === '' && rand() < 0.5 ? `${start}:${stop}` : `${start}:${stop}:${step}`);
  }
  if (rand() < 0.3) parts.splice(int(0, parts.length), 0, '...');
  for (let k = int(0, 2); k > 0 && rand() < 0.4; k--) parts.splice(int(0, parts.length), 0, pick(['None', 'np.newaxis']));
  const body = parts.join(pick([', ', ',', ' , ']));
  const trailing = parts.length > 0 && rand() < 0.1 ? ',' : '';
  return pick([`[${body}${trailing}]`, `${body}${trailing}`, `a[${body}]`, `arr[ ${body} ]`, ` [${body}] `]);
}

/** The full corpus: every shape × order with the edge expressions and random ones. */
export function buildCorpus(randomPerLayout = 40): ViewCase[] {
  const rand = uniform(20240611);
  const cases: ViewCase[] = [];
  let variant = 0;
  for (const shape of SHAPES) {
    for (const order of ['C', 'F'] as const) {
      const exprs = [...EDGE_EXPRS];
      for (let k = 0; k < randomPerLayout; k++) exprs.push(randomExpr(rand, shape));
      for (const expr of exprs) {
        const itemsize = ITEMSIZES[variant % ITEMSIZES.length]!;
        const dataOffset = [0, 128, 80, 4096][variant % 4]!;
        variant++;
        cases.push({ shape, order, itemsize, dataOffset, expr });
      }
    }
  }
  return cases;
}

/**
 * numpy's view for each case, computed in one python process. Slice bounds beyond ±2^53 are
 * reported clamped to ±2^53 (the parser's documented representation); the view itself is
 * computed from the unclamped Python integers, so clamping is checked against numpy too.
 */
const REFERENCE_SCRIPT = String.raw`
import re
cases = json.load(open(sys.argv[1]))
LIMIT = 2 ** 53
env = {'np': np, 'numpy': np, 'newaxis': None}

def key_of(text):
    s = text.strip()
    s = re.sub(r'^[A-Za-z_][\w.]*\s*(?=\[)', '', s)
    if s == '' or re.fullmatch(r'\[\s*\]', s):
        return ()
    k = eval('np.s_' + s if s.startswith('[') else 'np.s_[' + s + ']', env)
    return k if isinstance(k, tuple) else (k,)

def clamp(v):
    return None if v is None else max(-LIMIT, min(LIMIT, v))

def item(k):
    if k is Ellipsis: return {'kind': 'ellipsis'}
    if k is None: return {'kind': 'newaxis'}
    if isinstance(k, slice): return {'kind': 'slice', 'start': clamp(k.start), 'stop': clamp(k.stop), 'step': clamp(k.step)}
    return {'kind': 'int', 'index': k}

out = []
for c in cases:
    key = key_of(c['expr'])
    n = int(np.prod(c['shape'], dtype=np.int64))
    a = np.arange(n, dtype=np.int64).reshape(c['shape'], order=c['order'])
    try:
        r = np.asarray(a[key])
        exp = {'shape': list(r.shape), 'values': r.ravel(order='C').tolist(), 'strides': [s // 8 for s in r.strides]}
    except (IndexError, ValueError) as e:
        exp = {'error': type(e).__name__, 'message': str(e)}
    out.append({**c, 'items': [item(k) for k in key], 'expected': exp})
print(json.dumps({'numpy': np.__version__, 'cases': out}))
`;

export function numpyReference(cases: readonly ViewCase[]): { numpy: string; cases: ReferenceCase[] } {
  const { dir, cleanup } = tempDir('arrayscope-view-');
  try {
    const file = path.join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    return pythonJson(REFERENCE_SCRIPT, [file]);
  } finally {
    cleanup();
  }
}

/** Every multi-index of `shape` in C order. */
export function* multiIndices(shape: readonly number[]): Generator<number[]> {
  if (shape.some((n) => n === 0)) return;
  const idx = shape.map(() => 0);
  for (;;) {
    yield [...idx];
    let d = shape.length - 1;
    while (d >= 0 && ++idx[d]! === shape[d]) idx[d--] = 0;
    if (d < 0) return;
  }
}
