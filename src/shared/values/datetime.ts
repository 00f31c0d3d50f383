/**
 * datetime64 / timedelta64 text exactly as numpy 2.4 prints it (`np.datetime_as_string`,
 * `str(np.datetime64)`, `str(np.timedelta64)`), following numpy/_core/src/multiarray/datetime.c
 * and datetime_strings.c of that release.
 *
 * numpy computes in int64 and silently wraps on overflow in three places (value × unit
 * multiplier, weeks × 7, 1970 + years, and the day offset of the calendar conversion); those
 * wraps are reproduced with BigInt.asIntN so that far-out values print the same (odd) dates.
 * Everything else is exact BigInt arithmetic.
 */
import type { DateUnit } from '../dtype.js';

/** numpy's NaT: the most negative int64. */
export const NAT = -(2n ** 63n);

export interface DatetimeStruct {
  year: bigint;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  /** Microseconds within the second. */
  us: number;
  /** Picoseconds within the microsecond. */
  ps: number;
  /** Attoseconds within the picosecond. */
  as: number;
}

/** Attoseconds in one tick of each sub-day unit (and of a day). */
export const ATTOS_PER_UNIT: Record<DateUnit, bigint> = {
  Y: 0n,
  M: 0n,
  W: 7n * 86_400n * 10n ** 18n,
  D: 86_400n * 10n ** 18n,
  h: 3_600n * 10n ** 18n,
  m: 60n * 10n ** 18n,
  s: 10n ** 18n,
  ms: 10n ** 15n,
  us: 10n ** 12n,
  ns: 10n ** 9n,
  ps: 10n ** 6n,
  fs: 10n ** 3n,
  as: 1n,
};

const DAYS_PER_MONTH = [
  [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
] as const;

const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Python's divmod for BigInt: quotient rounded toward −∞, remainder with the divisor's sign. */
export function divmod(a: bigint, b: bigint): [bigint, bigint] {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    r += b;
    q -= 1n;
  }
  return [q, r];
}

export function isLeapYear(year: bigint): boolean {
  return (year & 3n) === 0n && (year % 100n !== 0n || year % 400n === 0n);
}

export function daysInMonth(year: bigint, month: number): number {
  return DAYS_PER_MONTH[isLeapYear(year) ? 1 : 0][month - 1]!;
}

/** numpy 2.4's days_to_yearsdays: the year and the day within it (offset wraps like int64). */
function yearAndDayOfYear(days: bigint): [bigint, number] {
  const [cycles, rest] = divmod(wrap64(days - 10_957n), 146_097n);
  let d = Number(rest);
  let year = 0;
  if (d >= 366) {
    year += 100 * Math.trunc((d - 1) / 36_524);
    d = (d - 1) % 36_524;
    if (d >= 365) {
      year += 4 * Math.trunc((d + 1) / 1_461);
      d = (d + 1) % 1_461;
      if (d >= 366) {
        year += Math.trunc((d - 1) / 365);
        d = (d - 1) % 365;
      }
    }
  }
  return [400n * cycles + BigInt(year) + 2000n, d];
}

function setDays(days: bigint, out: DatetimeStruct): void {
  const [year, dayOfYear] = yearAndDayOfYear(days);
  out.year = year;
  const lengths = DAYS_PER_MONTH[isLeapYear(year) ? 1 : 0];
  let d = dayOfYear;
  for (let i = 0; i < 12; i++) {
    if (d < lengths[i]!) {
      out.month = i + 1;
      out.day = d + 1;
      return;
    }
    d -= lengths[i]!;
  }
}

/** Fills the time-of-day fields from attoseconds into the day (or hour, for fs/as). */
function setTimeOfDay(attos: bigint, out: DatetimeStruct): void {
  out.hour = Number(attos / ATTOS_PER_UNIT.h);
  out.min = Number((attos / ATTOS_PER_UNIT.m) % 60n);
  out.sec = Number((attos / ATTOS_PER_UNIT.s) % 60n);
  out.us = Number((attos / ATTOS_PER_UNIT.us) % 1_000_000n);
  out.ps = Number((attos / ATTOS_PER_UNIT.ps) % 1_000_000n);
  out.as = Number(attos % 1_000_000n);
}

/** numpy's NpyDatetime_ConvertDatetime64ToDatetimeStruct for a non-NaT value. */
export function datetimeStruct(count: bigint, unit: DateUnit, multiplier: number): DatetimeStruct {
  const dt = wrap64(count * BigInt(multiplier));
  const out: DatetimeStruct = { year: 1970n, month: 1, day: 1, hour: 0, min: 0, sec: 0, us: 0, ps: 0, as: 0 };
  switch (unit) {
    case 'Y':
      out.year = wrap64(1970n + dt);
      break;
    case 'M': {
      const [years, month] = divmod(dt, 12n);
      out.year = 1970n + years;
      out.month = Number(month) + 1;
      break;
    }
    case 'W':
      setDays(wrap64(dt * 7n), out);
      break;
    case 'fs':
    case 'as':
      setTinyUnit(dt, unit, out);
      break;
    default: {
      const [days, rest] = divmod(dt * ATTOS_PER_UNIT[unit], ATTOS_PER_UNIT.D);
      setDays(days, out);
      setTimeOfDay(rest, out);
    }
  }
  return out;
}

/** fs and as cover only ±2.6 hours / ±9.2 seconds around the epoch; numpy special-cases them. */
function setTinyUnit(dt: bigint, unit: 'fs' | 'as', out: DatetimeStruct): void {
  const attos = dt * ATTOS_PER_UNIT[unit];
  if (unit === 'fs') {
    const [hours, rest] = divmod(attos, ATTOS_PER_UNIT.h);
    setTimeOfDay(rest, out);
    out.hour = Number(hours);
  } else {
    const [secs, rest] = divmod(attos, ATTOS_PER_UNIT.s);
    setTimeOfDay(rest, out);
    out.sec = Number(secs);
    if (out.sec < 0) {
      out.hour = 23;
      out.min = 59;
    }
  }
  if (out.hour < 0 || out.sec < 0) {
    out.year = 1969n;
    out.month = 12;
    out.day = 31;
    if (out.hour < 0) out.hour += 24;
    if (out.sec < 0) out.sec += 60;
  }
}

const two = (n: number): string => String(n).padStart(2, '0');
const three = (n: number): string => String(n).padStart(3, '0');

/** C's "%04lld": at least four characters including the sign, zero-padded. */
function yearText(year: bigint): string {
  return year < 0n ? `-${(-year).toString().padStart(3, '0')}` : year.toString().padStart(4, '0');
}

const UNIT_RANK: Record<DateUnit, number> = { Y: 0, M: 1, W: 2, D: 3, h: 4, m: 5, s: 6, ms: 7, us: 8, ns: 9, ps: 10, fs: 11, as: 12 };

/** numpy's NpyDatetime_MakeISO8601Datetime (naive, no time zone) with weeks printed as days. */
export function isoText(dts: DatetimeStruct, unit: DateUnit): string {
  const rank = UNIT_RANK[unit === 'W' ? 'D' : unit];
  let s = yearText(dts.year);
  if (rank >= UNIT_RANK.M) s += `-${two(dts.month)}`;
  if (rank >= UNIT_RANK.D) s += `-${two(dts.day)}`;
  if (rank >= UNIT_RANK.h) s += `T${two(dts.hour)}`;
  if (rank >= UNIT_RANK.m) s += `:${two(dts.min)}`;
  if (rank >= UNIT_RANK.s) s += `:${two(dts.sec)}`;
  const fraction = three(Math.trunc(dts.us / 1000)) + three(dts.us % 1000) + three(Math.trunc(dts.ps / 1000)) + three(dts.ps % 1000) + three(Math.trunc(dts.as / 1000)) + three(dts.as % 1000);
  if (rank >= UNIT_RANK.ms) s += `.${fraction.slice(0, 3 * (rank - UNIT_RANK.s))}`;
  return s;
}

/**
 * `np.datetime_as_string(x)` (= `str(x)`) for a datetime64 count of `multiplier`·`unit`.
 * A generic-unit datetime can only be NaT; numpy raises for any other count, so such (corrupt)
 * data is shown as `<generic datetime64 COUNT>` rather than failing.
 */
export function datetimeText(count: bigint, unit: DateUnit | null, multiplier = 1): string {
  if (count === NAT) return 'NaT';
  if (unit === null) return `<generic datetime64 ${count}>`;
  return isoText(datetimeStruct(count, unit, multiplier), unit);
}

const VERBOSE_UNIT: Record<DateUnit, string> = {
  Y: 'years',
  M: 'months',
  W: 'weeks',
  D: 'days',
  h: 'hours',
  m: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  ps: 'picoseconds',
  fs: 'femtoseconds',
  as: 'attoseconds',
};

/** numpy's word for a timedelta unit in `str()` (always plural), or its generic-unit wording. */
export function timedeltaUnitWord(unit: DateUnit | null): string {
  return unit === null ? 'generic time units' : VERBOSE_UNIT[unit];
}

/** `str(np.timedelta64)`: "5 seconds", "50 milliseconds" for 5 of [10ms], "NaT". */
export function timedeltaText(count: bigint, unit: DateUnit | null, multiplier = 1): string {
  if (count === NAT) return 'NaT';
  return `${wrap64(count * BigInt(multiplier))} ${timedeltaUnitWord(unit)}`;
}
