import { describe, expect, it } from 'vitest';
import { parseIntegerList, parseShapeText } from '../../src/shared/int-list.js';

describe('integer lists as typed', () => {
  it('accepts commas, brackets, a Python one-tuple, x and × separators', () => {
    expect(parseIntegerList('100,64', 'shape')).toEqual([100, 64]);
    expect(parseIntegerList(' (100, 64) ', 'shape')).toEqual([100, 64]);
    expect(parseIntegerList('[5,]', 'shape')).toEqual([5]);
    expect(parseIntegerList('1000x256', 'shape')).toEqual([1000, 256]);
    expect(parseIntegerList('2 × 3 × 4', 'shape')).toEqual([2, 3, 4]);
    expect(parseIntegerList('-1,-2', '--index')).toEqual([-1, -2]);
  });

  it('reads empty text (or empty brackets) as "none given"', () => {
    expect(parseIntegerList('', 'shape')).toBeNull();
    expect(parseIntegerList('()', 'shape')).toBeNull();
    expect(parseShapeText('  ')).toBeNull();
  });

  it('names the part that is wrong', () => {
    expect(() => parseIntegerList('3,abc', 'shape')).toThrow("shape: 'abc' is not a whole number");
    expect(() => parseIntegerList('1.5', '--index')).toThrow("--index: '1.5' is not a whole number");
    expect(() => parseIntegerList('99999999999999999999', 'shape')).toThrow('shape: 99999999999999999999 is too large');
  });

  it('shapes allow one inferred axis and no other negative length', () => {
    expect(parseShapeText('-1, 64')).toEqual([-1, 64]);
    expect(() => parseShapeText('-1,-1')).toThrow('only one axis can be -1');
    expect(() => parseShapeText('-2,3', '--shape')).toThrow('--shape: -2 is not a valid length');
  });
});
