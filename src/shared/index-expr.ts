/**
 * numpy basic-indexing expressions as users type them: `[5, :, 10:200:2]`, `5, :, ::-1`,
 * `a[3, ...]`, `arr[None, -1]`. The parser only understands syntax; what an expression means
 * for a given shape (bounds, clamping, too many indices) is decided by `applyIndex` in view.ts.
 *
 * Invariants of a parsed `IndexItem[]`: at most one `ellipsis`; slice steps are never 0;
 * every number is an integer with magnitude ≤ 2^53 (larger slice bounds and steps are clamped
 * to ±2^53, which cannot change the result because no axis is that long).
 */
import { ArrayscopeError } from './errors.js';

export type IndexItem =
  | { readonly kind: 'int'; readonly index: number }
  | { readonly kind: 'slice'; readonly start: number | null; readonly stop: number | null; readonly step: number | null }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'newaxis' };

/** 2^53: the largest magnitude an index may have. */
export const MAX_INDEX_MAGNITUDE = 2 ** 53;

const VALID_ITEMS = 'an integer, a slice (start:stop:step), ... or None';

type TokenType = '[' | ']' | ',' | ':' | '...' | 'int' | 'name' | 'float' | '(' | ')' | 'other' | 'end';

interface Token {
  readonly type: TokenType;
  readonly text: string;
  /** 0-based offset in the original text. */
  readonly pos: number;
}

/** Numbers are read as a whole word (`1.5`, `1e3`, `0x1f`, `5a`) so the error can quote all of it. */
const NUMBER_RE = /[+-]?\s*(?:\d|\.\d)[\w.]*/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const INT_RE = /^[+-]?\s*\d(?:_?\d)*$/;
const FLOAT_RE = /^[+-]?\s*(?:\d(?:_?\d)*)?\.?\d*(?:[eE][+-]?\d+)?$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const sticky = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  while (pos < text.length) {
    const ch = text[pos]!;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    let matched: string | null;
    let type: TokenType;
    if (text.startsWith('...', pos)) [matched, type] = ['...', '...'];
    else if ((matched = sticky(NUMBER_RE)) !== null) type = INT_RE.test(matched) ? 'int' : FLOAT_RE.test(matched) ? 'float' : 'other';
    else if ((matched = sticky(NAME_RE)) !== null) type = 'name';
    else if ('[](),:'.includes(ch)) [matched, type] = [ch, ch as TokenType];
    else [matched, type] = [ch, 'other'];
    tokens.push({ type, text: matched, pos });
    pos += matched.length;
  }
  tokens.push({ type: 'end', text: '', pos: text.length });
  return tokens;
}

class IndexParser {
  private readonly tokens: Token[];
  private i = 0;
  private sawEllipsis = false;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): IndexItem[] {
    const bracketed = this.skipLeadingName();
    if (bracketed) this.expect('[', "'['");
    const items = this.parseItems(bracketed ? ']' : 'end');
    if (bracketed) {
      this.expect(']', "']'");
      const next = this.peek();
      if (next.type === '[') {
        this.fail(next, 'chained indexing like a[..][..] is not supported; combine the indices into one, e.g. a[i, j]');
      }
      if (next.type !== 'end') this.fail(next, `unexpected ${describe(next)} after the closing ']'`);
    }
    return items;
  }

  /** Skips `a` / `arr` / `np.s_` before `[`; returns whether the expression is bracketed. */
  private skipLeadingName(): boolean {
    const first = this.peek();
    if (first.type === 'name' && !isNewaxisName(first.text)) {
      const next = this.tokens[this.i + 1]!;
      if (next.type !== '[') {
        if (next.type === 'end') this.fail(first, `'${first.text}' is not a valid index; expected ${VALID_ITEMS}, or ${first.text}[...]`);
        this.fail(next, `expected '[' after '${first.text}', found ${describe(next)}`);
      }
      this.i++;
      return true;
    }
    return first.type === '[';
  }

  private parseItems(closer: ']' | 'end'): IndexItem[] {
    const items: IndexItem[] = [];
    if (this.peek().type === closer) return items;
    for (;;) {
      items.push(this.parseItem(closer));
      const sep = this.peek();
      if (sep.type === closer) return items;
      if (sep.type !== ',') this.unexpected(sep, `',' or ${closerName(closer)}`);
      this.i++;
      // A trailing comma is fine, as in Python: `a[1,]` is `a[1]`.
      if (this.peek().type === closer) return items;
    }
  }

  private parseItem(closer: ']' | 'end'): IndexItem {
    const t = this.peek();
    if (t.type === '...') {
      if (this.sawEllipsis) this.fail(t, "an index can only have a single ellipsis ('...')");
      this.sawEllipsis = true;
      this.i++;
      return { kind: 'ellipsis' };
    }
    if (t.type === 'name' && isNewaxisName(t.text)) {
      this.i++;
      return { kind: 'newaxis' };
    }
    const start = this.parseBound('start', closer);
    if (this.peek().type !== ':') {
      if (start === null) this.unexpected(this.peek(), VALID_ITEMS);
      if (Math.abs(start.value) > MAX_INDEX_MAGNITUDE) {
        this.fail(start.token, `index ${start.token.text} is too large (the limit is 2^53)`);
      }
      return { kind: 'int', index: start.value };
    }
    this.i++;
    const stop = this.parseBound('stop', closer);
    let step: { value: number; token: Token } | null = null;
    if (this.peek().type === ':') {
      this.i++;
      step = this.parseBound('step', closer);
      if (step !== null && step.value === 0) this.fail(step.token, 'slice step cannot be zero');
    }
    return {
      kind: 'slice',
      start: clampBound(start),
      stop: clampBound(stop),
      step: clampBound(step),
    };
  }

  /** An optional integer (slice bound, step or plain index); null when absent. */
  private parseBound(what: string, closer: ']' | 'end'): { value: number; token: Token } | null {
    const t = this.peek();
    switch (t.type) {
      case 'int':
        this.i++;
        return { value: parseInteger(t.text), token: t };
      case ':':
      case ',':
        return null;
      case '[':
        return this.fail(t, 'fancy (list) indexing is not supported; use a slice');
      case 'float':
        return this.fail(t, `'${t.text}' is not an integer; only integers are valid as ${what === 'start' ? 'indices' : `slice ${what}s`}`);
      case 'name':
        if (/^(True|False)$/.test(t.text)) return this.fail(t, `boolean index '${t.text}' is not supported; expected ${VALID_ITEMS}`);
        return this.fail(t, `'${t.text}' is not a valid index; expected ${VALID_ITEMS}`);
      case 'other':
        if (/^[+-]?\s*[\d.]/.test(t.text)) return this.fail(t, `'${t.text}' is not a valid decimal integer`);
        return this.unexpected(t, what === 'start' ? VALID_ITEMS : `an integer for the slice ${what}`);
      case '(':
        return this.fail(t, 'parentheses are not supported; write the indices separated by commas');
      default:
        if (t.type === closer) return null;
        return this.unexpected(t, what === 'start' ? VALID_ITEMS : `an integer for the slice ${what}`);
    }
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private expect(type: TokenType, what: string): void {
    const t = this.peek();
    if (t.type !== type) this.unexpected(t, what);
    this.i++;
  }

  private unexpected(t: Token, expected: string): never {
    if (t.type === 'end') return this.fail(t, `expected ${expected} but the expression ended${this.openBracketHint()}`);
    if (t.type === ']' && !this.hasOpenBracket()) return this.fail(t, "unbalanced ']' with no matching '['");
    if (t.type === '[') return this.fail(t, 'fancy (list) indexing is not supported; use a slice');
    return this.fail(t, `expected ${expected}, found ${describe(t)}`);
  }

  private hasOpenBracket(): boolean {
    return this.tokens.slice(0, this.i).some((t) => t.type === '[');
  }

  private openBracketHint(): string {
    return this.hasOpenBracket() ? " (missing ']')" : '';
  }

  private fail(t: Token, message: string): never {
    throw new ArrayscopeError('bad-index', `index '${shorten(this.text)}': ${message} (at column ${t.pos + 1})`);
  }
}

function isNewaxisName(name: string): boolean {
  return name === 'None' || name === 'np.newaxis' || name === 'numpy.newaxis' || name === 'newaxis';
}

function closerName(closer: ']' | 'end'): string {
  return closer === 'end' ? 'the end of the expression' : "']'";
}

function describe(t: Token): string {
  if (t.type === 'end') return 'the end of the expression';
  return `'${t.text}'`;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Exact for |n| ≤ 2^53; larger magnitudes come back as ±Infinity (clamped or refused later). */
function parseInteger(text: string): number {
  const digits = text.replace(/[\s_]/g, '');
  const big = BigInt(digits);
  const limit = BigInt(MAX_INDEX_MAGNITUDE);
  if (big > limit) return Infinity;
  if (big < -limit) return -Infinity;
  return Number(big);
}

function clampBound(bound: { value: number } | null): number | null {
  if (bound === null) return null;
  return Math.max(-MAX_INDEX_MAGNITUDE, Math.min(MAX_INDEX_MAGNITUDE, bound.value));
}

/**
 * Parses a numpy basic-indexing expression. Brackets are optional; a leading identifier
 * (`a[...]`, `arr[...]`) is ignored; an empty expression, `[]`, `[...]` and `:` select everything.
 * Throws `bad-index` naming the column and what was expected.
 */
export function parseIndexExpr(text: string): IndexItem[] {
  return new IndexParser(text).parse();
}

/** Formats items as a bracketed expression that `parseIndexExpr` reads back to the same items. */
export function formatIndexExpr(items: readonly IndexItem[]): string {
  return `[${items.map(formatItem).join(', ')}]`;
}

function formatItem(item: IndexItem): string {
  switch (item.kind) {
    case 'int':
      return String(item.index);
    case 'ellipsis':
      return '...';
    case 'newaxis':
      return 'None';
    case 'slice': {
      const part = (n: number | null): string => (n === null ? '' : String(n));
      const head = `${part(item.start)}:${part(item.stop)}`;
      return item.step === null ? head : `${head}:${item.step}`;
    }
  }
}
