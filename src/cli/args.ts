/**
 * Command-line parsing for `arrayscope`. Built on node:util parseArgs, with one adjustment:
 * an option's value may start with a dash (`--index -1,2`, `--shape -1,64`), which parseArgs
 * alone would reject as ambiguous.
 */
import { parseArgs } from 'node:util';
import { ArrayscopeError } from '../shared/errors.js';
import type { RawOptions } from '../shared/schemas.js';
import { parseShapeText } from '../shared/int-list.js';

export const OPTIONS = {
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  member: { type: 'string' },
  raw: { type: 'boolean' },
  dtype: { type: 'string' },
  shape: { type: 'string' },
  offset: { type: 'string' },
  order: { type: 'string' },
  index: { type: 'string' },
  column: { type: 'string' },
  field: { type: 'string' },
  fill: { type: 'string' },
  extract: { type: 'boolean' },
  root: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-write': { type: 'boolean' },
  'no-demo': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

const VALUED = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === 'string').map(([k]) => `--${k}`));

/** Joins `--opt value` into `--opt=value` for valued options so values may begin with '-'. */
function joinValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUED.has(arg) && i + 1 < argv.length) {
      out.push(`${arg}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: joinValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ArrayscopeError('bad-value', (err as Error).message.split('\n')[0]!);
  }
}

export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ArrayscopeError('bad-value', `${what} must be a non-negative integer, got '${text}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new ArrayscopeError('bad-value', `${what} ${text} is too large`);
  return n;
}

/** Raw (numpy.memmap) parameters from flags, or undefined when the file is not read as raw. */
export function rawOptionsFrom(flags: Flags): RawOptions | undefined {
  if (!flags.raw && flags.dtype === undefined) return undefined;
  if (flags.dtype === undefined) throw new ArrayscopeError('bad-value', '--raw needs --dtype (e.g. --dtype float32)');
  const order = flags.order ?? 'C';
  if (order !== 'C' && order !== 'F') throw new ArrayscopeError('bad-value', `--order must be C or F, got '${order}'`);
  return {
    dtype: flags.dtype,
    shape: flags.shape === undefined ? null : parseShapeText(flags.shape, '--shape'),
    offset: flags.offset === undefined ? 0 : parseCount(flags.offset, '--offset'),
    order,
  };
}
