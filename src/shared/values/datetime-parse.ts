/**
 * Text → datetime64 / timedelta64 counts for edits.
 *
 * Datetimes accept numpy's ISO forms: `[±]YYYY[-MM[-DD[(T| )hh[:mm[:ss[.f…]]]]]]` with 1–18
 * fraction digits (years may have any number of digits), and `NaT` in any case. Unlike numpy,
 * which silently truncates ('2020-01-01T00:00:00.5' into M8[s] becomes …:00), a value that the
 * dtype's unit and multiplier cannot hold exactly is refused, as is one outside int64. Time zone
 * suffixes are refused (numpy datetimes are naive; numpy itself deprecates them).
 *
 * Timedeltas accept an integer count of the dtype's stored unit ("5" in m8[10ms] is 5 × 10 ms),
 * the `str()` form with the unit word ("50 milliseconds" → 5 in m8[10ms]; singular, plural or
 * the unit code), and `NaT`.
 */
import type { DateUnit } from '../dtype.js';
import { ATTOS_PER_UNIT, daysInMonth, divmod, NAT, timedeltaUnitWord } from './datetime.js';
import { badValue, parseIntegerText, quote } from './parse-number.js';

const ISO_RE = /^([+-]?)(\d+)(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,18}))?)?)?)?)?)?$/;
const INT64_MAX = 2n ** 63n - 1n;

interface Civil {
  year: bigint;
  month: number;
  day: number;
  /** Attoseconds into the day. */
  attos: bigint;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (exact for any year). */
export function daysFromCivil(year: bigint, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1n : year;
  const [era, yoe] = divmod(y, 400n);
  const m = BigInt(month);
  const doy = (153n * (m > 2n ? m - 3n : m + 9n) + 2n) / 5n + BigInt(day) - 1n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146_097n + doe - 719_468n;
}

function parseIso(text: string, typeName: string): Civil {
  const s = text.trim();
  if (/(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(s) && /[T ]\d{2}/.test(s)) {
    throw badValue(`${quote(text)}: time zones are not supported (numpy datetimes are naive)`);
  }
  const m = ISO_RE.exec(s);
  if (!m) throw badValue(`${quote(text)} is not an ISO date/time like 2020-01-31T12:00:00 (${typeName})`);
  const [, sign, yearText, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = ''] = m;
  const year = sign === '-' ? -BigInt(yearText!) : BigInt(yearText!);
  const fields = { month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  if (fields.month < 1 || fields.month > 12) throw badValue(`${quote(text)}: month out of range`);
  if (fields.day < 1 || fields.day > daysInMonth(year, fields.month)) throw badValue(`${quote(text)}: day out of range`);
  if (fields.hour > 23 || fields.minute > 59 || fields.second > 59) throw badValue(`${quote(text)}: time of day out of range`);
  const seconds = BigInt(fields.hour * 3600 + fields.minute * 60 + fields.second);
  const attos = seconds * ATTOS_PER_UNIT.s + BigInt(fraction.padEnd(18, '0'));
  return { year, month: fields.month, day: fields.day, attos };
}

function checkInt64(count: bigint, text: string, typeName: string): bigint {
  if (count > INT64_MAX || count <= NAT) throw badValue(`${quote(text)} is out of range for ${typeName}`);
  return count;
}

function inexact(text: string, typeName: string): never {
  throw badValue(`${quote(text)} cannot be stored exactly in ${typeName} (it is finer than the unit; numpy would truncate it)`);
}

function divideExactly(value: bigint, divisor: bigint, text: string, typeName: string): bigint {
  const [q, r] = divmod(value, divisor);
  if (r !== 0n) inexact(text, typeName);
  return q;
}

/** The datetime64 count for `text` in `unit` × `multiplier` (NaT → -2^63). */
export function parseDatetimeText(text: string, unit: DateUnit | null, multiplier: number, typeName: string): bigint {
  if (text.trim().toLowerCase() === 'nat') return NAT;
  if (unit === null) throw badValue(`${typeName} has no unit, so it can only hold NaT`);
  const c = parseIso(text, typeName);
  let units: bigint;
  if (unit === 'Y' || unit === 'M') {
    if (c.attos !== 0n || c.day !== 1 || (unit === 'Y' && c.month !== 1)) inexact(text, typeName);
    units = unit === 'Y' ? c.year - 1970n : 12n * (c.year - 1970n) + BigInt(c.month - 1);
  } else {
    const attos = daysFromCivil(c.year, c.month, c.day) * ATTOS_PER_UNIT.D + c.attos;
    units = divideExactly(attos, ATTOS_PER_UNIT[unit], text, typeName);
  }
  return checkInt64(divideExactly(units, BigInt(multiplier), text, typeName), text, typeName);
}

const UNIT_WORD_RE = /^([+-]?[0-9a-fA-FxXoObB_]+)\s+([A-Za-z ]+)$/;

/** Whether `word` names `unit`: numpy's plural word, its singular, or the unit code. */
function namesUnit(word: string, unit: DateUnit | null): boolean {
  const plural = timedeltaUnitWord(unit);
  if (unit === null) return word === plural;
  return word === plural || word === plural.replace(/s$/, '') || word === unit;
}

/** The timedelta64 count for `text` in `unit` × `multiplier` (NaT → -2^63). */
export function parseTimedeltaText(text: string, unit: DateUnit | null, multiplier: number, typeName: string): bigint {
  const s = text.trim();
  if (s.toLowerCase() === 'nat') return NAT;
  const withWord = UNIT_WORD_RE.exec(s);
  if (withWord) {
    if (!namesUnit(withWord[2]!.trim(), unit)) {
      throw badValue(`${quote(text)}: the unit must be ${timedeltaUnitWord(unit)} for ${typeName}`);
    }
    const amount = parseIntegerText(withWord[1]!, typeName);
    return checkInt64(divideExactly(amount, BigInt(multiplier), text, typeName), text, typeName);
  }
  return checkInt64(parseIntegerText(s, typeName), text, typeName);
}
