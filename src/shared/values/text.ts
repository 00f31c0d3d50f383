/**
 * Text of numpy's character and raw-byte scalars:
 * - `bytesRepr`: Python's `repr(bytes)` (what `str(np.bytes_)` shows: `b'ab'`, `b"a'b"`, `b'\x00'`);
 * - `stringRepr`: Python's `repr(str)`, used for unicode fields inside a record;
 * - `voidText`: `str(np.void)` for unstructured void, every byte as `\xHH` with uppercase hex;
 * - `decodeUtf32`: numpy's `U<n>` storage to a string, trailing NULs stripped.
 */

/** Python's quote choice: single quotes unless the text has a ' and no ". */
function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** Python's `repr(bytes)` of `data[0, length)`. */
export function bytesRepr(data: Uint8Array, length = data.length): string {
  const view = data.subarray(0, length);
  const quote = quoteFor(view.includes(0x27), view.includes(0x22));
  const q = quote.charCodeAt(0);
  let out = `b${quote}`;
  for (const c of view) {
    if (c === q || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${hex2(c)}`;
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

/** Length of `data` without trailing NUL bytes (numpy strips them from `S<n>` values). */
export function strippedLength(data: Uint8Array): number {
  let n = data.length;
  while (n > 0 && data[n - 1] === 0) n--;
  return n;
}

/**
 * Python's non-printable classes (str.isprintable is false): control, format, surrogate,
 * private use, unassigned, and separators (ASCII never reaches this test). The Unicode version is
 * the JavaScript engine's, which may differ from the reader's Python for newly assigned
 * characters only.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${hex2(cp)}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Python's `repr(str)`. */
export function stringRepr(text: string): string {
  const quote = quoteFor(text.includes("'"), text.includes('"'));
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex2(cp)}`;
    else if (cp < 0x7f || !NON_PRINTABLE.test(ch)) out += ch;
    else out += escapeCodePoint(cp);
  }
  return out + quote;
}

/** `str(np.void(b'...'))` for unstructured void: `b'\x00\x01\xFF'` (all bytes, none stripped). */
export function voidText(data: Uint8Array): string {
  let out = "b'";
  for (const c of data) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  return out + "'";
}

/**
 * Decodes numpy's UTF-32 storage (`count` code units at `byteOffset`, in the given byte order),
 * dropping trailing NULs as `str(np.str_)` does. Values that are not Unicode scalar values
 * (surrogates, > U+10FFFF) become U+FFFD instead of failing.
 */
export function decodeUtf32(view: DataView, byteOffset: number, count: number, littleEndian: boolean): string {
  let n = count;
  while (n > 0 && view.getUint32(byteOffset + 4 * (n - 1), littleEndian) === 0) n--;
  let out = '';
  for (let i = 0; i < n; i++) {
    const cp = view.getUint32(byteOffset + 4 * i, littleEndian);
    const valid = cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    out += valid ? String.fromCodePoint(cp) : '\ufffd';
  }
  return out;
}

/** Latin-1 text of `data[0, length)`: one character per byte, lossless. */
export function latin1(data: Uint8Array, length = data.length): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(data[i]!);
  return out;
}
