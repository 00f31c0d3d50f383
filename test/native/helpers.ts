/**
 * Shared helpers for the native addon suites: decoding numpy's JSON (non-finite floats arrive
 * as strings), float comparisons that treat NaN as equal to NaN, and scratch files.
 */
import { expect } from 'vitest';
import { ArrayscopeError, type ErrorKind } from '../../src/shared/errors.js';

export type Encoded = number | 'nan' | 'inf' | '-inf';

export function decode(v: Encoded): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** Same float: NaN equals NaN, +0 equals -0 (numpy's min of {0, -0} depends on order). */
export function expectSameFloat(actual: number, expected: number, label: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
  } else {
    expect(actual === expected, `${label}: got ${actual}, numpy says ${expected}`).toBe(true);
  }
}

export function expectSameFloats(actual: ArrayLike<number>, expected: readonly Encoded[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectSameFloat(actual[i]!, decode(expected[i]!), `${label}[${i}]`);
}

/**
 * |actual - expected| <= tolerance * scale; non-finite expectations must match exactly. `scale`
 * is a magnitude of the data (e.g. mean |x|), because a mean near 0 of data of size 1 can only
 * be compared absolutely.
 */
export function expectNear(actual: number, expected: number, scale: number, tolerance: number, label: string): void {
  if (!Number.isFinite(expected)) {
    expectSameFloat(actual, expected, label);
    return;
  }
  const error = Math.abs(actual - expected);
  expect(error <= tolerance * Math.max(scale, Number.MIN_VALUE), `${label}: got ${actual}, numpy says ${expected} (error ${error}, scale ${scale})`).toBe(true);
}

/** Awaits a rejection and checks it is an ArrayscopeError of `kind` whose message names `file`. */
export async function expectRejects(promise: Promise<unknown>, kind: ErrorKind, file?: string): Promise<ArrayscopeError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return checkError(err, kind, file);
}

export function expectThrows(body: () => unknown, kind: ErrorKind, file?: string): ArrayscopeError {
  let err: unknown = null;
  try {
    body();
  } catch (e) {
    err = e;
  }
  return checkError(err, kind, file);
}

function checkError(err: unknown, kind: ErrorKind, file?: string): ArrayscopeError {
  expect(err, `expected an ArrayscopeError of kind ${kind}`).toBeInstanceOf(ArrayscopeError);
  const e = err as ArrayscopeError;
  expect(e.kind, e.message).toBe(kind);
  if (file !== undefined) expect(e.message).toContain(file);
  return e;
}
