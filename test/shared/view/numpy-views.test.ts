/**
 * applyIndex / elementOffset / parseIndexExpr against numpy on a corpus of layouts and
 * expressions. The committed fixture (a deterministic sample of the corpus with numpy's
 * answers) runs everywhere; with numpy present the whole corpus is checked live and the
 * fixture is re-verified against numpy. Regenerate it with
 * `ARRAYSCOPE_UPDATE_FIXTURES=1 npx vitest run test/shared/view`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasNumpy, NO_NUMPY_REASON } from '../../helpers/python.js';
import { checkCase } from './check.js';
import { buildCorpus, numpyReference, type ReferenceCase, type ViewCase } from './corpus.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/numpy-views.json', import.meta.url));
/** Every FIXTURE_STRIDE-th corpus case goes into the committed fixture. */
const FIXTURE_STRIDE = 5;

interface Fixture {
  readonly numpy: string;
  readonly cases: ReferenceCase[];
}

function readFixture(): Fixture {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
}

/** One case per line, so a regenerated fixture diffs readably. */
function writeFixture(fixture: Fixture): void {
  const lines = fixture.cases.map((c) => `    ${JSON.stringify(c)}`);
  writeFileSync(FIXTURE, `{\n  "numpy": ${JSON.stringify(fixture.numpy)},\n  "cases": [\n${lines.join(',\n')}\n  ]\n}\n`);
}

function inputsOf(c: ReferenceCase): ViewCase {
  return { shape: c.shape, order: c.order, itemsize: c.itemsize, dataOffset: c.dataOffset, expr: c.expr };
}

describe('committed numpy fixture', () => {
  const fixture = readFixture();

  it('covers views, errors, every order and ndim 0..4', () => {
    const views = fixture.cases.filter((c) => !('error' in c.expected));
    const errors = fixture.cases.filter((c) => 'error' in c.expected);
    expect(views.length).toBeGreaterThan(200);
    expect(errors.length).toBeGreaterThan(10);
    expect(new Set(fixture.cases.map((c) => c.order))).toEqual(new Set(['C', 'F']));
    expect(new Set(fixture.cases.map((c) => c.shape.length))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('matches every fixture case', () => {
    let compared = 0;
    for (const c of fixture.cases) compared += checkCase(c);
    expect(compared).toBeGreaterThan(1000);
  });
});

describe.skipIf(!hasNumpy)(`live numpy reference (${hasNumpy ? 'numpy present' : NO_NUMPY_REASON})`, () => {
  const corpus = buildCorpus();
  const reference = hasNumpy ? numpyReference(corpus) : { numpy: '', cases: [] };

  it('agrees with numpy on the whole corpus', () => {
    expect(reference.cases.length).toBe(corpus.length);
    let compared = 0;
    for (const c of reference.cases) compared += checkCase(c);
    expect(compared).toBeGreaterThan(5000);
  });

  it('keeps the committed fixture equal to what numpy computes', () => {
    const sample = reference.cases.filter((_, k) => k % FIXTURE_STRIDE === 0);
    if (process.env.ARRAYSCOPE_UPDATE_FIXTURES === '1') writeFixture({ numpy: reference.numpy, cases: sample });
    const fixture = readFixture();
    const fresh = numpyReference(fixture.cases.map(inputsOf));
    expect(fixture.cases).toEqual(fresh.cases);
  });
});
