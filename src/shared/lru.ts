/**
 * A least-recently-used cache bounded by the total byte size of its values.
 *
 * Invariants: after every public call `bytes ≤ maxBytes`, and `bytes` is the sum of the sizes
 * recorded when each live entry was set. A value larger than `maxBytes` on its own is never
 * stored (`set` returns false and drops any older value under that key). `get` counts as a
 * use; `has` and `peek` do not. Recency is the insertion order of the underlying Map:
 * touching an entry re-inserts it at the end, so eviction always starts at the front.
 */
import { ArrayscopeError } from './errors.js';

export interface ByteLruOptions<K, V> {
  /** Called for each entry pushed out to make room (not for delete/clear/replacement). */
  readonly onEvict?: (key: K, value: V) => void;
}

export class ByteLru<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private total = 0;
  private readonly onEvict: ((key: K, value: V) => void) | undefined;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V, key: K) => number,
    options: ByteLruOptions<K, V> = {},
  ) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new ArrayscopeError('bad-request', `cache size ${maxBytes} must be a non-negative integer number of bytes`);
    }
    this.onEvict = options.onEvict;
  }

  /** Total recorded size of the cached values. */
  get bytes(): number {
    return this.total;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without marking it as used. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /**
   * Stores a value as the most recently used, evicting the least recently used entries until
   * the bound holds. Returns false (and stores nothing) when the value alone exceeds maxBytes.
   */
  set(key: K, value: V): boolean {
    const size = this.sizeOf(value, key);
    if (!Number.isFinite(size) || size < 0) {
      throw new ArrayscopeError('internal', `cache sizeOf returned ${size}; sizes must be non-negative finite numbers`);
    }
    this.delete(key);
    if (size > this.maxBytes) return false;
    this.entries.set(key, { value, size });
    this.total += size;
    this.evictUntil(this.maxBytes);
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.total -= entry.size;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.entries.keys()];
  }

  private evictUntil(limit: number): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= limit) return;
      this.entries.delete(key);
      this.total -= entry.size;
      this.onEvict?.(key, entry.value);
    }
  }
}
