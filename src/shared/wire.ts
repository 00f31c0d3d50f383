/**
 * Binary framing for the WebSocket transport. Electron IPC clones typed arrays natively; over a
 * socket we keep the same property — pages travel as bytes, never JSON rows — by lifting every
 * typed array out of the message into an 8-byte-aligned attachment:
 *
 *   u32 LE json length | UTF-8 JSON {m: message, a: [[type, offset, length], …]} | pad | attachments
 *
 * Non-finite numbers and -0, which JSON cannot carry, become `{"$n": "NaN"}` etc.
 * `decodeFrame` treats its input as hostile: every offset and type is checked.
 */

const TYPED = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeFrame(message: unknown): Uint8Array {
  const parts: AnyTyped[] = [];
  const table: [TypedName, number, number][] = [];
  let offset = 0;
  const json = JSON.stringify({ m: message }, function replacer(this: unknown, _key, value: unknown) {
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return { $n: 'NaN' };
      if (value === Infinity) return { $n: 'Infinity' };
      if (value === -Infinity) return { $n: '-Infinity' };
      if (Object.is(value, -0)) return { $n: '-0' };
      return value;
    }
    const name = typedName(value);
    if (name) {
      const arr = value as AnyTyped;
      table.push([name, offset, arr.byteLength]);
      parts.push(arr);
      offset = align8(offset + arr.byteLength);
      return { $b: table.length - 1 };
    }
    return value;
  });
  const header = new TextEncoder().encode(json.slice(0, -1) + `,"a":${JSON.stringify(table)}}`);
  const base = align8(4 + header.byteLength);
  const out = new Uint8Array(base + offset);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  parts.forEach((arr, i) => out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), base + table[i]![1]));
  return out;
}

export class FrameError extends Error {}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new FrameError('frame too short');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const jsonLength = view.getUint32(0, true);
  if (4 + jsonLength > frame.byteLength) throw new FrameError('frame header runs past its end');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + jsonLength));
  const base = align8(4 + jsonLength);
  const parsed = JSON.parse(text) as { m?: unknown; a?: unknown };
  const table = parseTable(parsed.a, frame.byteLength - base);
  return revive(parsed.m, (i) => {
    const entry = table[i];
    if (!entry) throw new FrameError(`attachment ${i} does not exist`);
    const [name, offset, length] = entry;
    const Ctor = TYPED[name];
    const bytes = frame.slice(base + offset, base + offset + length); // copy: aligned and detached from the socket buffer
    if (length % Ctor.BYTES_PER_ELEMENT !== 0) throw new FrameError(`attachment ${i} is not a whole number of ${name} elements`);
    return new Ctor(bytes.buffer, 0, length / Ctor.BYTES_PER_ELEMENT);
  });
}

function parseTable(raw: unknown, available: number): [TypedName, number, number][] {
  if (!Array.isArray(raw)) throw new FrameError('attachment table missing');
  return raw.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 3) throw new FrameError(`attachment ${i} is malformed`);
    const [name, offset, length] = entry as [unknown, unknown, unknown];
    if (typeof name !== 'string' || !(name in TYPED)) throw new FrameError(`attachment ${i} has an unknown type`);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0) {
      throw new FrameError(`attachment ${i} has invalid bounds`);
    }
    if ((offset as number) + (length as number) > available) throw new FrameError(`attachment ${i} runs past the frame`);
    return [name as TypedName, offset as number, length as number];
  });
}

function revive(value: unknown, attachment: (i: number) => AnyTyped, depth = 0): unknown {
  if (depth > 64) throw new FrameError('message nested too deeply');
  if (Array.isArray(value)) return value.map((v) => revive(v, attachment, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$b' && Number.isSafeInteger(obj.$b)) return attachment(obj.$b as number);
  if (keys.length === 1 && keys[0] === '$n') {
    const n = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 }[String(obj.$n)];
    if (n === undefined) throw new FrameError('unknown number token');
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === '__proto__') continue;
    out[k] = revive(obj[k], attachment, depth + 1);
  }
  return out;
}

/** Messages on the socket. Client → server: call. Server → client: result, event. */
export type WireMessage =
  | { readonly t: 'call'; readonly call: string; readonly method: string; readonly input: unknown }
  | { readonly t: 'result'; readonly call: string; readonly result: unknown }
  | { readonly t: 'event'; readonly name: string; readonly payload: unknown };
