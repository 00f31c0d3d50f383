/**
 * The raw-open form's text fields → the contract's RawOptions, and the live check of that layout
 * against the file (`rawLayout`, debounced while the user types). Parsing here only catches what
 * is not a layout at all (letters in a shape); everything else is the engine's decision.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { RawOptions } from '../../../shared/schemas.js';
import { parseShapeText } from '../../../shared/int-list.js';

export interface RawFields {
  readonly dtype: string;
  /** `1000, 256`, `(1000, 256)`, `1000x256`; empty infers a 1-D shape. */
  readonly shape: string;
  readonly offset: string;
  readonly order: 'C' | 'F';
}

export const DTYPE_SUGGESTIONS = [
  'float32',
  'float64',
  'float16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bool',
  '>f4',
  '>f8',
  '>i2',
  '>i4',
] as const;

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parseShapeField(text: string): Parsed<number[] | null> {
  try {
    return { ok: true, value: parseShapeText(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

export function parseOffsetText(text: string): Parsed<number> {
  const t = text.trim().replace(/_/g, '');
  if (t === '') return { ok: true, value: 0 };
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) return { ok: false, message: `offset: '${text.trim()}' is not a byte count (a whole number ≥ 0)` };
  return { ok: true, value: n };
}

export function parseRawFields(fields: RawFields): Parsed<RawOptions> {
  const dtype = fields.dtype.trim();
  if (dtype === '') return { ok: false, message: 'dtype: enter a numpy dtype, e.g. float32' };
  const shape = parseShapeField(fields.shape);
  if (!shape.ok) return shape;
  const offset = parseOffsetText(fields.offset);
  if (!offset.ok) return offset;
  return { ok: true, value: { dtype, shape: shape.value, offset: offset.value, order: fields.order } };
}

const NAME_DTYPE = /(?:^|[^a-z0-9])((?:float|int|uint|complex)(?:8|16|32|64|128)|[<>]?(?:[iu][1248]|f[248]|c8|c16))(?=$|[^a-z0-9])/i;
const NAME_SHAPE = /(?:^|[^0-9])(\d+(?:x\d+)+)(?=$|[^0-9x])/i;

/** Starting fields for a file: a dtype and shape written in its name (`samples-float32-1000x256.dat`), else float32 1-D. */
export function fieldsFromName(fileName: string): { fields: RawFields; guessed: boolean } {
  const dtype = NAME_DTYPE.exec(fileName)?.[1]?.toLowerCase();
  const shape = NAME_SHAPE.exec(fileName)?.[1]?.toLowerCase().split('x').join(', ');
  return {
    fields: { dtype: dtype ?? 'float32', shape: shape ?? '', offset: '0', order: 'C' },
    guessed: dtype !== undefined || shape !== undefined,
  };
}

export type RawCheck =
  | { readonly state: 'invalid'; readonly message: string }
  | { readonly state: 'checking' }
  | {
      readonly state: 'ok';
      readonly options: RawOptions;
      readonly shape: readonly number[];
      readonly nbytes: number;
      readonly fileSize: number;
      readonly warning: string | null;
    }
  | { readonly state: 'error'; readonly error: ErrorData };

const DEBOUNCE_MS = 200;

/** Checks the typed layout against the file as the user types; the last answer for the current fields wins. */
export function useRawLayout(client: DataClient, path: string | null, fields: RawFields): RawCheck {
  const parsed = useMemo(() => parseRawFields(fields), [fields]);
  const key = parsed.ok && path !== null ? JSON.stringify([path, parsed.value]) : null;
  const [answer, setAnswer] = useState<{ key: string; check: RawCheck } | null>(null);

  useEffect(() => {
    if (key === null || !parsed.ok || path === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void client.call('rawLayout', { path, raw: parsed.value }, { signal: controller.signal }).then((result) => {
        if (controller.signal.aborted) return;
        const check: RawCheck = result.ok ? { state: 'ok', options: parsed.value, ...result.value } : { state: 'error', error: result.error };
        setAnswer({ key, check });
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, key, parsed, path]);

  if (!parsed.ok) return { state: 'invalid', message: parsed.message };
  if (answer === null || answer.key !== key) return { state: 'checking' };
  return answer.check;
}
