import { describe, expect, it } from 'vitest';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { ByteLru } from '../../../src/shared/lru.js';

const bytesOf = (v: Uint8Array): number => v.byteLength;
const buf = (n: number): Uint8Array => new Uint8Array(n);

describe('ByteLru', () => {
  it('stores, finds and deletes entries, tracking bytes', () => {
    const lru = new ByteLru<string, Uint8Array>(100, bytesOf);
    const a = buf(30);
    expect(lru.set('a', a)).toBe(true);
    lru.set('b', buf(20));
    expect(lru.get('a')).toBe(a);
    expect(lru.has('b')).toBe(true);
    expect([lru.bytes, lru.size]).toEqual([50, 2]);
    expect(lru.delete('a')).toBe(true);
    expect(lru.delete('a')).toBe(false);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(20);
    lru.clear();
    expect([lru.bytes, lru.size, lru.has('b')]).toEqual([0, 0, false]);
  });

  it('evicts the least recently used entries until within the bound', () => {
    const evicted: string[] = [];
    const lru = new ByteLru<string, Uint8Array>(100, bytesOf, { onEvict: (k) => evicted.push(k) });
    lru.set('a', buf(40));
    lru.set('b', buf(40));
    lru.get('a'); // b is now the least recently used
    lru.set('c', buf(40));
    expect(evicted).toEqual(['b']);
    expect(lru.keys()).toEqual(['a', 'c']);
    lru.set('d', buf(100));
    expect(evicted).toEqual(['b', 'a', 'c']);
    expect([lru.keys(), lru.bytes]).toEqual([['d'], 100]);
  });

  it('has and peek do not refresh recency; get does', () => {
    const lru = new ByteLru<string, Uint8Array>(2, bytesOf);
    lru.set('a', buf(1));
    lru.set('b', buf(1));
    lru.has('a');
    lru.peek('a');
    lru.set('c', buf(1));
    expect(lru.keys()).toEqual(['b', 'c']);
    lru.get('b');
    lru.set('d', buf(1));
    expect(lru.keys()).toEqual(['b', 'd']);
  });

  it('replacing a key updates its size and recency', () => {
    const lru = new ByteLru<string, Uint8Array>(100, bytesOf);
    lru.set('a', buf(10));
    lru.set('b', buf(10));
    lru.set('a', buf(60));
    expect([lru.bytes, lru.keys()]).toEqual([70, ['b', 'a']]);
  });

  it('refuses a value larger than the whole cache, dropping the old value under that key', () => {
    const lru = new ByteLru<string, Uint8Array>(100, bytesOf);
    lru.set('a', buf(10));
    lru.set('b', buf(10));
    expect(lru.set('a', buf(101))).toBe(false);
    expect([lru.has('a'), lru.has('b'), lru.bytes]).toEqual([false, true, 10]);
  });

  it('holds the bound under a random workload and agrees with a reference model', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const max = 1000;
    const lru = new ByteLru<number, Uint8Array>(max, bytesOf);
    let model: [number, number][] = []; // [key, size], least recently used first
    for (let step = 0; step < 5000; step++) {
      const key = rand(40);
      if (rand(3) === 0) {
        const hit = lru.get(key);
        const at = model.findIndex(([k]) => k === key);
        expect(hit?.byteLength).toBe(at >= 0 ? model[at]![1] : undefined);
        if (at >= 0) model.push(...model.splice(at, 1));
      } else {
        const size = rand(300);
        lru.set(key, buf(size));
        model = model.filter(([k]) => k !== key);
        model.push([key, size]);
        while (model.reduce((s, [, n]) => s + n, 0) > max) model.shift();
      }
      expect(lru.bytes).toBeLessThanOrEqual(max);
      expect(lru.keys()).toEqual(model.map(([k]) => k));
      expect(lru.bytes).toBe(model.reduce((s, [, n]) => s + n, 0));
    }
  });

  it('rejects a bad bound and bad sizes', () => {
    expect(() => new ByteLru<string, number>(-1, (v) => v)).toThrow(ArrayscopeError);
    const lru = new ByteLru<string, number>(10, (v) => v);
    expect(() => lru.set('x', NaN)).toThrow(/sizes must be non-negative finite numbers/);
    expect(() => lru.set('x', -1)).toThrow(ArrayscopeError);
  });
});
