/**
 * A small, strict reader and writer for the Python literals found in .npy headers.
 *
 * The reader accepts exactly the literal subset numpy writes and `ast.literal_eval` reads back:
 * dicts, lists, tuples (with trailing commas), strings (single/double/triple quotes, `u`/`r`
 * prefixes, escapes, implicit concatenation), integers (decimal/hex/octal/binary, underscores,
 * one leading sign, optionally Python 2's `L` suffix), True/False/None, whitespace, newlines and
 * `#` comments anywhere. Any other name, operator or call (`__import__(...)`, `${...}`, `eval`)
 * is a `bad-header` error: the text is only ever tokenised, never evaluated.
 *
 * The writer (`pyRepr`) reproduces CPython's `repr()` for the same values, byte for byte.
 */
import { ArrayscopeError } from '../../shared/errors.js';

export type PyValue =
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'none' }
  | { readonly type: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly type: 'list'; readonly items: readonly PyValue[] }
  | { readonly type: 'dict'; readonly entries: readonly (readonly [PyValue, PyValue])[] };

export interface PyLiteralOptions {
  /** Accept Python 2's long suffix (`3L`), as numpy does for format versions 1.0 and 2.0. */
  readonly allowLongSuffix?: boolean;
}

/** Nesting deeper than this is refused instead of risking the call stack. */
const MAX_DEPTH = 100;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const INT_RE = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*)/;

/** Parses one Python literal; throws `bad-header` (without a file name) when it is not one. */
export function parsePyLiteral(text: string, options: PyLiteralOptions = {}): PyValue {
  const parser = new LiteralParser(text, options.allowLongSuffix ?? false);
  const value = parser.value(0);
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected ${parser.describeNext()} after the literal`);
  return value;
}

class LiteralParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly allowLongSuffix: boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(problem: string): never {
    throw new ArrayscopeError('bad-header', `header is not a valid Python literal: ${problem} (at character ${this.pos})`);
  }

  describeNext(): string {
    if (this.atEnd()) return 'end of header';
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 40));
    if (word) return `name '${word[0]}'`;
    return `character ${JSON.stringify(this.text[this.pos])}`;
  }

  /** Skips whitespace, `#` comments and backslash line continuations. */
  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.pos++;
      else if (c === '#') {
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
      } else if (c === '\\' && (t[this.pos + 1] === '\n' || t[this.pos + 1] === '\r')) this.pos += 2;
      else break;
    }
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.dict(depth);
    if (c === '[') return { type: 'list', items: this.sequence(']', depth) };
    if (c === '(') return this.parenthesised(depth);
    if (c === '-' || c === '+' || (c !== undefined && c >= '0' && c <= '9')) return this.integer();
    if (this.startsString()) return this.strings();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 64));
    if (word) {
      if (word[0] === 'True' || word[0] === 'False') {
        this.pos += word[0].length;
        return { type: 'bool', value: word[0] === 'True' };
      }
      if (word[0] === 'None') {
        this.pos += 4;
        return { type: 'none' };
      }
      this.fail(`name '${word[0]}' is not a literal (only True, False and None are allowed)`);
    }
    this.fail(`expected a value, found ${this.describeNext()}`);
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== char) this.fail(`expected '${char}', found ${this.describeNext()}`);
    this.pos++;
  }

  /** Reads `value, value, ... [,] close` after the opening bracket. */
  private sequence(close: string, depth: number): PyValue[] {
    this.pos++;
    return this.sequenceRest(close, depth, []);
  }

  /** Continues a sequence after an opener or a comma, up to and including `close`. */
  private sequenceRest(close: string, depth: number, items: PyValue[]): PyValue[] {
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) break;
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) this.fail(`expected ',' or '${close}', found ${this.describeNext()}`);
    }
    this.pos++;
    return items;
  }

  private parenthesised(depth: number): PyValue {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { type: 'tuple', items: [] };
    }
    const first = this.value(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return first; // `(x)` is just x; only a comma makes a tuple
    }
    if (this.text[this.pos] !== ',') this.fail(`expected ',' or ')', found ${this.describeNext()}`);
    this.pos++;
    return { type: 'tuple', items: this.sequenceRest(')', depth, [first]) };
  }

  private dict(depth: number): PyValue {
    this.pos++;
    const entries: [PyValue, PyValue][] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') break;
      const key = this.value(depth + 1);
      this.expect(':');
      const value = this.value(depth + 1);
      entries.push([key, value]);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') this.fail(`expected ',' or '}', found ${this.describeNext()}`);
    }
    this.pos++;
    return { type: 'dict', entries };
  }

  private integer(): PyValue {
    let negative = false;
    const sign = this.text[this.pos];
    if (sign === '-' || sign === '+') {
      negative = sign === '-';
      this.pos++;
      this.skipSpace();
    }
    const m = INT_RE.exec(this.text.slice(this.pos, this.pos + 4096));
    if (!m) this.fail(`expected an integer, found ${this.describeNext()}`);
    this.pos += m[0].length;
    if (this.allowLongSuffix && this.text[this.pos] === 'L') this.pos++;
    if (/^[A-Za-z0-9_.]/.test(this.text[this.pos] ?? '')) {
      this.fail('only integers are allowed as numbers (no floats, complex numbers or suffixes)');
    }
    const digits = m[0].replace(/_/g, '');
    const magnitude = /^0[oO]/.test(digits) ? BigInt(`0o${digits.slice(2)}`) : BigInt(digits);
    return { type: 'int', value: negative ? -magnitude : magnitude };
  }

  private startsString(): boolean {
    return /^(?:[uUrR]|[bB][rR]?|[rR][bB])?['"]/.test(this.text.slice(this.pos, this.pos + 3));
  }

  /** One string literal, or several adjacent ones (`'a' 'b'` is `'ab'` in Python). */
  private strings(): PyValue {
    let value = this.string();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      if (!this.startsString()) {
        this.pos = save;
        return { type: 'str', value };
      }
      value += this.string();
    }
  }

  private string(): string {
    const prefix = /^[A-Za-z]*/.exec(this.text.slice(this.pos, this.pos + 2))![0].toLowerCase();
    if (prefix.includes('b')) this.fail('bytes literals are not allowed');
    const raw = prefix.includes('r');
    this.pos += prefix.length;
    const quote = this.text[this.pos]!;
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string');
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const c = this.text[this.pos]!;
      if ((c === '\n' || c === '\r') && !triple) this.fail('newline inside a string');
      if (c === '\\') out += raw ? this.rawEscape() : this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  /** In raw strings a backslash stays, but still keeps the next character from ending the string. */
  private rawEscape(): string {
    const pair = this.text.slice(this.pos, this.pos + 2);
    if (pair.length < 2) this.fail('unterminated string');
    this.pos += 2;
    return pair;
  }

  private escape(): string {
    const next = this.text[this.pos + 1];
    if (next === undefined) this.fail('unterminated string');
    this.pos += 2;
    if (next === '\n') return '';
    if (next === '\r') {
      if (this.text[this.pos] === '\n') this.pos++;
      return '';
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) return simple;
    if (next >= '0' && next <= '7') {
      const digits = next + (/^[0-7]{0,2}/.exec(this.text.slice(this.pos, this.pos + 2))![0]);
      this.pos += digits.length - 1;
      return String.fromCodePoint(parseInt(digits, 8));
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.text.slice(this.pos, this.pos + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) this.fail(`truncated \\${next} escape`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) this.fail(`\\U escape beyond the Unicode range`);
      this.pos += hexLength;
      return String.fromCodePoint(code);
    }
    if (next === 'N') this.fail('\\N{...} escapes are not supported in headers');
    return `\\${next}`; // Python keeps unknown escapes verbatim
  }
}

/** Python's `str.isprintable()` for one code point: not Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space excepted). */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** CPython's `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || !NON_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** CPython's `repr()` of a literal value. */
export function pyRepr(value: PyValue): string {
  switch (value.type) {
    case 'str':
      return pyStrRepr(value.value);
    case 'int':
      return value.value.toString();
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'tuple':
      if (value.items.length === 1) return `(${pyRepr(value.items[0]!)},)`;
      return `(${value.items.map(pyRepr).join(', ')})`;
    case 'list':
      return `[${value.items.map(pyRepr).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
}

/** Small constructors, so callers build values without spelling out the tags. */
export const py = {
  str: (value: string): PyValue => ({ type: 'str', value }),
  int: (value: number | bigint): PyValue => ({ type: 'int', value: BigInt(value) }),
  bool: (value: boolean): PyValue => ({ type: 'bool', value }),
  tuple: (items: readonly PyValue[]): PyValue => ({ type: 'tuple', items }),
  list: (items: readonly PyValue[]): PyValue => ({ type: 'list', items }),
};
