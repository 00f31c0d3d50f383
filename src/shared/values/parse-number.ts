/**
 * Text → numbers for edits, with Python's literal syntax as the model:
 * - integers: optional sign, decimal digits (leading zeros allowed, as int('007')), or a
 *   0x / 0o / 0b prefix; single underscores between digits ("1_000", "0xff_ff");
 * - floats: Python float() syntax ("1.5", ".5", "5.", "1e-3", "1_000.5", "inf", "-Infinity",
 *   "nan", case-insensitive); the text is rounded to float64 first and then to the target
 *   width with round-half-to-even, the same double rounding numpy applies to a Python float;
 * - complex: Python complex() syntax ("1+2j", "(1-2j)", "3j", "-j", "2", "nan+infj").
 * Surrounding whitespace is ignored. Every failure is an ArrayscopeError('bad-value').
 */
import { ArrayscopeError } from '../errors.js';

const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_BODY = String.raw`(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan`;
const FLOAT_RE = new RegExp(`^[+-]?(?:${FLOAT_BODY})$`, 'i');
const INT_RE = /^[+-]?(?:0x(?:_?[0-9a-f])+|0o(?:_?[0-7])+|0b(?:_?[01])+|\d(?:_?\d)*)$/i;
const COMPLEX_REAL_RE = new RegExp(`^([+-]?(?:${FLOAT_BODY}))$`, 'i');
const COMPLEX_IMAG_RE = new RegExp(`^([+-]?(?:${FLOAT_BODY})?)j$`, 'i');
const COMPLEX_BOTH_RE = new RegExp(`^([+-]?(?:${FLOAT_BODY}))([+-](?:${FLOAT_BODY})?)j$`, 'i');

export function badValue(message: string): ArrayscopeError {
  return new ArrayscopeError('bad-value', message);
}

/** Quotes user text for messages, shortened so a pasted megabyte does not become the message. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `'${short}'`;
}

/** Parses an integer literal, or throws bad-value naming `typeName`. */
export function parseIntegerText(text: string, typeName: string): bigint {
  const s = text.trim();
  if (!INT_RE.test(s)) throw badValue(`${quote(text)} is not an integer (${typeName})`);
  const negative = s.startsWith('-');
  const body = s.replace(/^[+-]/, '').replace(/_/g, '');
  const magnitude = BigInt(body);
  return negative ? -magnitude : magnitude;
}

/** A parsed float: its float64 value, and whether a NaN was written with a minus sign. */
export interface ParsedFloat {
  readonly value: number;
  readonly negativeNaN: boolean;
}

/** Parses Python float() text to float64; a finite literal that overflows float64 is an error. */
export function parseFloatText(text: string, typeName: string): ParsedFloat {
  const s = text.trim();
  if (!FLOAT_RE.test(s)) throw badValue(`${quote(text)} is not a number (${typeName})`);
  const negative = s.startsWith('-');
  const body = s.replace(/^[+-]/, '').replace(/_/g, '').toLowerCase();
  if (body === 'nan') return { value: NaN, negativeNaN: negative };
  if (body === 'inf' || body === 'infinity') return { value: negative ? -Infinity : Infinity, negativeNaN: false };
  const value = Number(negative ? `-${body}` : body);
  if (!Number.isFinite(value)) throw badValue(`${quote(text)} is out of range for ${typeName}`);
  return { value, negativeNaN: false };
}

/** The real and imaginary texts of a Python complex() literal. */
export function splitComplexText(text: string, typeName: string): [string, string] {
  let s = text.trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  const real = COMPLEX_REAL_RE.exec(s);
  if (real) return [real[1]!, '0'];
  const imag = COMPLEX_IMAG_RE.exec(s);
  if (imag) return ['0', unitImaginary(imag[1]!)];
  const both = COMPLEX_BOTH_RE.exec(s);
  if (both) return [both[1]!, unitImaginary(both[2]!)];
  throw badValue(`${quote(text)} is not a complex number (${typeName})`);
}

/** "j", "+j", "-j" mean ±1j, as in Python. */
function unitImaginary(coefficient: string): string {
  return coefficient === '' || coefficient === '+' ? '1' : coefficient === '-' ? '-1' : coefficient;
}

/** Parses a bool: True/False/1/0, case-insensitive. */
export function parseBoolText(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw badValue(`${quote(text)} is not a bool (use True, False, 1 or 0)`);
}
