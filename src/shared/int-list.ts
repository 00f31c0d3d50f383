/**
 * Integer lists as people type them, shared by the CLI (`--shape`, `--index`) and the raw-open
 * dialog: `100,64`, `(100, 64)`, `[5,]`, `1000x256`, `-1, 64`. Errors are `bad-value` and say
 * which part is wrong, prefixed with what was being read (`shape: …`).
 */
import { ArrayscopeError } from './errors.js';

/** The integers of a list; `''` (or empty brackets) gives null, which callers read as "none given". */
export function parseIntegerList(text: string, what: string): number[] | null {
  const inner = text.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  if (inner === '') return null;
  const parts = inner.split(/\s*[,x×\s]\s*/i);
  if (parts[parts.length - 1] === '') parts.pop(); // Python's one-element tuple: (5,)
  return parts.map((part) => {
    if (!/^-?\d+$/.test(part)) throw new ArrayscopeError('bad-value', `${what}: '${part}' is not a whole number`);
    const n = Number(part);
    if (!Number.isSafeInteger(n)) throw new ArrayscopeError('bad-value', `${what}: ${part} is too large`);
    return n;
  });
}

/** A numpy.memmap shape: non-negative lengths, at most one -1 (inferred from the file size). */
export function parseShapeText(text: string, what = 'shape'): number[] | null {
  const shape = parseIntegerList(text, what);
  if (shape === null) return null;
  for (const n of shape) {
    if (n < -1) throw new ArrayscopeError('bad-value', `${what}: ${n} is not a valid length (use -1 for the one inferred axis)`);
  }
  if (shape.filter((n) => n === -1).length > 1) throw new ArrayscopeError('bad-value', `${what}: only one axis can be -1 (inferred)`);
  return shape;
}
