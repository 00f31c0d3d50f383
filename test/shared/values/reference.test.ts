/**
 * The value layer against numpy, value by value: str() text, the CLI JSON form, fixed/scientific
 * float formats, and text → stored bytes. Runs on the committed reference always, and on the
 * full corpus generated live with numpy when it is installed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isScalar } from '../../../src/shared/dtype.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { formatElement, formatScalar, jsonElement, jsonScalar, parseScalar } from '../../../src/shared/values/index.js';
import { hasNumpy } from '../../helpers/python.js';
import {
  committedReference,
  embedded,
  label,
  liveReference,
  Mismatches,
  numpyTitle,
  toDType,
  toHex,
  type Reference,
} from './reference.js';

function checkText(ref: Reference): { mismatches: string[]; count: number } {
  const m = new Mismatches();
  let count = 0;
  for (const g of ref.groups) {
    const dt = toDType(g.dtype);
    for (const [hex, expected] of g.cases) {
      const { view, offset } = embedded(hex);
      const got = isScalar(dt) ? formatScalar(dt, view, offset) : formatElement(dt, view, offset);
      if (got !== expected) m.add(`${label(g.dtype)} ${hex}: got ${JSON.stringify(got)}, numpy ${JSON.stringify(expected)}`);
      count++;
    }
  }
  return { mismatches: m.summary(), count };
}

function checkJson(ref: Reference): { mismatches: string[]; count: number } {
  const m = new Mismatches();
  let count = 0;
  for (const g of ref.groups) {
    const dt = toDType(g.dtype);
    for (const [hex, , expected] of g.cases) {
      const { view, offset } = embedded(hex);
      const got = JSON.stringify(isScalar(dt) ? jsonScalar(dt, view, offset) : jsonElement(dt, view, offset));
      if (got !== JSON.stringify(expected)) m.add(`${label(g.dtype)} ${hex}: got ${got}, expected ${JSON.stringify(expected)}`);
      count++;
    }
  }
  return { mismatches: m.summary(), count };
}

function checkFloatFormats(ref: Reference): { mismatches: string[]; count: number } {
  const m = new Mismatches();
  let count = 0;
  for (const g of ref.groups) {
    const dt = toDType(g.dtype);
    if (!isScalar(dt)) continue;
    for (const [hex, precision, fixed, scientific] of g.formats ?? []) {
      const { view, offset } = embedded(hex);
      const p = precision ?? undefined;
      const gotFixed = formatScalar(dt, view, offset, { mode: 'fixed', precision: p });
      const gotSci = formatScalar(dt, view, offset, { mode: 'scientific', precision: p });
      if (gotFixed !== fixed) m.add(`${label(g.dtype)} ${hex} fixed p=${precision}: got ${gotFixed}, numpy ${fixed}`);
      if (gotSci !== scientific) m.add(`${label(g.dtype)} ${hex} scientific p=${precision}: got ${gotSci}, numpy ${scientific}`);
      count += 2;
    }
  }
  return { mismatches: m.summary(), count };
}

function checkParse(ref: Reference): { mismatches: string[]; count: number; errors: number } {
  const m = new Mismatches();
  let count = 0;
  let errors = 0;
  for (const g of ref.groups) {
    const dt = toDType(g.dtype);
    if (!isScalar(dt)) continue;
    for (const [text, expected] of g.parse ?? []) {
      count++;
      let got: string;
      try {
        got = toHex(parseScalar(dt, text));
      } catch (err) {
        if (!(err instanceof ArrayscopeError) || err.kind !== 'bad-value') throw err;
        got = `error: ${err.message}`;
      }
      if (expected === null) errors++;
      const ok = expected === null ? got.startsWith('error: ') : got === expected;
      if (!ok) m.add(`${label(g.dtype)} ${JSON.stringify(text)}: got ${got}, expected ${expected ?? 'an error'}`);
    }
  }
  return { mismatches: m.summary(), count, errors };
}

function referenceSuite(load: () => Reference, minimumCases: number): void {
  let ref: Reference;
  beforeAll(() => {
    ref = load();
  });

  it('prints every value exactly as numpy str() does (records as str(np.void))', () => {
    const { mismatches, count } = checkText(ref);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(minimumCases);
  });

  it('gives the CLI JSON form of every value', () => {
    const { mismatches, count } = checkJson(ref);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(minimumCases);
  });

  it('formats floats like np.format_float_positional / np.format_float_scientific', () => {
    const { mismatches, count } = checkFloatFormats(ref);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  });

  it('parses text to the bytes numpy stores, refusing what numpy would overflow, wrap or truncate', () => {
    const { mismatches, count, errors } = checkParse(ref);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(1000);
    expect(errors).toBeGreaterThan(100);
  });
}

describe('committed numpy reference (test/fixtures/values/values-reference.json)', () => {
  referenceSuite(committedReference, 5000);
});

describe.skipIf(!hasNumpy)(numpyTitle('live numpy reference, full corpus'), () => {
  referenceSuite(() => liveReference('full'), 500_000);

  it('covers every float16 bit pattern in both byte orders', () => {
    const ref = liveReference('full');
    for (const order of ['<f2', '>f2']) {
      const group = ref.groups.find((g) => g.dtype === order)!;
      expect(new Set(group.cases.map((c) => c[0])).size).toBe(65536);
    }
  });

  it('has a committed fixture that the committed script still reproduces', (ctx) => {
    const committed = committedReference();
    const regenerated = liveReference('small');
    if (regenerated.numpy !== committed.numpy) ctx.skip(`fixture made with numpy ${committed.numpy}, this is ${regenerated.numpy}`);
    expect(regenerated).toEqual(committed);
  });
});
