import { describe, expect, it } from 'vitest';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { formatIndexExpr, parseIndexExpr, type IndexItem } from '../../../src/shared/index-expr.js';

const all: IndexItem = { kind: 'slice', start: null, stop: null, step: null };
const int = (index: number): IndexItem => ({ kind: 'int', index });
const slice = (start: number | null, stop: number | null, step: number | null = null): IndexItem => ({
  kind: 'slice',
  start,
  stop,
  step,
});

function parseError(text: string): ArrayscopeError {
  try {
    parseIndexExpr(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ArrayscopeError);
    return err as ArrayscopeError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseIndexExpr: accepted forms', () => {
  it.each<[string, IndexItem[]]>([
    ['[5, :, 10:200:2]', [int(5), all, slice(10, 200, 2)]],
    ['5, :, ::2', [int(5), all, slice(null, null, 2)]],
    ['a[3, ...]', [int(3), { kind: 'ellipsis' }]],
    ['arr[None, -1]', [{ kind: 'newaxis' }, int(-1)]],
    ['np.s_[1:]', [slice(1, null)]],
    ['[np.newaxis, numpy.newaxis]', [{ kind: 'newaxis' }, { kind: 'newaxis' }]],
    ['::-1', [slice(null, null, -1)]],
    ['-1', [int(-1)]],
    ['[-3:-1:-1]', [slice(-3, -1, -1)]],
    ['[1:2:]', [slice(1, 2)]],
    ['[::]', [all]],
    ['[1,]', [int(1)]],
    ['5,', [int(5)]],
    ['[ - 2 , +3 ]', [int(-2), int(3)]],
    ['[1_000:2_000]', [slice(1000, 2000)]],
    ['  [ ..., 0 ]  ', [{ kind: 'ellipsis' }, int(0)]],
  ])('%j', (text, items) => {
    expect(parseIndexExpr(text)).toEqual(items);
  });

  it.each(['', '   ', '[]', 'a[]', '[ ]'])('%j selects everything (no items)', (text) => {
    expect(parseIndexExpr(text)).toEqual([]);
  });

  it.each<[string, IndexItem[]]>([
    ['[...]', [{ kind: 'ellipsis' }]],
    [':', [all]],
  ])('%j selects everything', (text, items) => {
    expect(parseIndexExpr(text)).toEqual(items);
  });

  it('keeps integers exact up to 2^53', () => {
    expect(parseIndexExpr('[9007199254740991]')).toEqual([int(2 ** 53 - 1)]);
    expect(parseIndexExpr('[-9007199254740992]')).toEqual([int(-(2 ** 53))]);
    expect(parseIndexExpr('[9007199254740992:-9007199254740991]')).toEqual([slice(2 ** 53, -(2 ** 53 - 1))]);
  });

  it('clamps slice bounds and steps beyond 2^53 (no axis is that long, so the result is unchanged)', () => {
    expect(parseIndexExpr('[-100000000000000000000:100000000000000000000:-100000000000000000000]')).toEqual([
      slice(-(2 ** 53), 2 ** 53, -(2 ** 53)),
    ]);
  });

  it('formatIndexExpr round-trips through the parser', () => {
    const samples = ['[5, :, 10:200:2]', '[..., None, -1]', '[::-1, 3:, :7, 1::2]', '[]'];
    for (const text of samples) {
      const items = parseIndexExpr(text);
      expect(parseIndexExpr(formatIndexExpr(items))).toEqual(items);
    }
    expect(formatIndexExpr([int(5), all, slice(10, 200, 2), { kind: 'newaxis' }, { kind: 'ellipsis' }])).toBe(
      '[5, :, 10:200:2, None, ...]',
    );
  });
});

describe('parseIndexExpr: errors name the column and the problem', () => {
  it.each<[string, number, string]>([
    ['[1,,2]', 4, "expected an integer, a slice (start:stop:step), ... or None, found ','"],
    [',', 1, "found ','"],
    ['[1:2:0]', 6, 'slice step cannot be zero'],
    ['[a]', 2, "'a' is not a valid index"],
    ['a', 1, "'a' is not a valid index"],
    ['a 1', 3, "expected '[' after 'a'"],
    ['[1.5]', 2, "'1.5' is not an integer"],
    ['[:2.0]', 3, "'2.0' is not an integer; only integers are valid as slice stops"],
    ['[1e3]', 2, "'1e3' is not an integer"],
    ['[0x10]', 2, "'0x10' is not a valid decimal integer"],
    ['[..., 1, ...]', 10, "an index can only have a single ellipsis ('...')"],
    ['[1, 2', 6, "expected ',' or ']' but the expression ended (missing ']')"],
    ['[', 2, "(missing ']')"],
    ['1, 2]', 5, "unbalanced ']' with no matching '['"],
    [']', 1, "unbalanced ']'"],
    ['[[1,2]]', 2, 'fancy (list) indexing is not supported; use a slice'],
    ['[1, [2]]', 5, 'fancy (list) indexing is not supported; use a slice'],
    ['a[1][2]', 5, 'chained indexing'],
    ['[1] x', 5, "unexpected 'x' after the closing ']'"],
    ['[True]', 2, "boolean index 'True' is not supported"],
    ['[(1,2)]', 2, 'parentheses are not supported'],
    ['[1:2:3:4]', 7, "expected ',' or ']', found ':'"],
    ['[1 2]', 4, "expected ',' or ']', found '2'"],
    ['[2**3]', 3, "found '*'"],
    ['[-]', 2, "found '-'"],
    ['[9007199254740993]', 2, 'is too large (the limit is 2^53)'],
  ])('%j → column %i: %s', (text, column, fragment) => {
    const err = parseError(text);
    expect(err.kind).toBe('bad-index');
    expect(err.message).toContain(fragment);
    expect(err.message).toContain(`(at column ${column})`);
    expect(err.message).toContain(`index '${text}'`);
  });

  it('shortens very long expressions in messages', () => {
    const text = `[${'1, '.repeat(100)}x]`;
    const err = parseError(text);
    expect(err.message).toContain("'x' is not a valid index");
    expect(err.message.length).toBeLessThan(250);
  });
});
