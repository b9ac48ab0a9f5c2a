// Lexical forms: RFC 5545 text (`20260131T090000Z`, `-0500`) and the xCal/jCal forms the model
// holds (`2026-01-31T09:00:00Z`, `-05:00`), RFC 6321 §3.6.
import { ValueError } from './errors.js';
import type { Period } from './model.js';

const ICAL_TIME = /^(\d{2})(\d{2})(\d{2})(Z?)$/;
const ICAL_OFFSET = /^([+-])(\d{2})(\d{2})(\d{2})?$/;
const XCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const XCAL_TIME = /^\d{2}:\d{2}:\d{2}Z?$/;
const XCAL_OFFSET = /^[+-]\d{2}:\d{2}(:\d{2})?$/;
const DURATION = /^[+-]?P(\d+W|(\d+D)?(T(\d+H(\d+M)?(\d+S)?|\d+M(\d+S)?|\d+S))?)$/;

/** The number the two characters at `at` make, or NaN when they are not two ASCII digits. */
function digitsAt(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

/** Whether the four characters at `at` are ASCII digits: a year. */
function isYearAt(text: string, at: number): boolean {
  return !Number.isNaN(digitsAt(text, at) + digitsAt(text, at + 2));
}

/**
 * RFC 5545 §3.3.4, §3.3.12: month 01-12, day 01-31, hour 00-23, minute 00-59, second 00-60 (a
 * leap second). NaN is in no range.
 */
function inRanges(month: number, day: number, hour: number, minute: number, second: number) {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour >= 0 &&
    hour < 24 &&
    minute >= 0 &&
    minute < 60 &&
    second >= 0 &&
    second <= 60
  );
}

/**
 * `20260131T090000[Z]` → `2026-01-31T09:00:00[Z]`, or undefined when the text is not an RFC 5545
 * DATE-TIME: checked in the pass that reads it, since calendars hold many. Made as one flat
 * string: joining slices makes a rope of several strings per date.
 */
function dateTimeFromICal(t: string): string | undefined {
  const n = t.length;
  if ((n !== 15 && (n !== 16 || t.charCodeAt(15) !== 90)) || t.charCodeAt(8) !== 84) return;
  if (
    !isYearAt(t, 0) ||
    !inRanges(digitsAt(t, 4), digitsAt(t, 6), digitsAt(t, 9), digitsAt(t, 11), digitsAt(t, 13))
  )
    return;
  const date = String.fromCharCode(
    t.charCodeAt(0),
    t.charCodeAt(1),
    t.charCodeAt(2),
    t.charCodeAt(3),
    45, // -
    t.charCodeAt(4),
    t.charCodeAt(5),
    45, // -
    t.charCodeAt(6),
    t.charCodeAt(7),
    84, // T
    t.charCodeAt(9),
    t.charCodeAt(10),
    58, // :
    t.charCodeAt(11),
    t.charCodeAt(12),
    58, // :
    t.charCodeAt(13),
    t.charCodeAt(14),
  );
  return n === 16 ? `${date}Z` : date;
}

/** `20260131` → `2026-01-31`, `20260131T090000Z` → `2026-01-31T09:00:00Z` (RFC 5545 §3.3.4-5). */
export function dateFromICal(text: string): string {
  // Checked where it stands, before it is rewritten: calendars hold many dates.
  if (
    text.length === 8 &&
    isYearAt(text, 0) &&
    inRanges(digitsAt(text, 4), digitsAt(text, 6), 0, 0, 0)
  )
    return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
  const dateTime = dateTimeFromICal(text);
  if (dateTime === undefined)
    throw new ValueError(`"${text}" is not an RFC 5545 DATE or DATE-TIME`);
  return dateTime;
}

/** The separators of the xCal form of a date or date-time, which RFC 5545 text leaves out. */
const XCAL_SEPARATORS = /[-:]/g;

/** `2026-01-31T09:00:00Z` → `20260131T090000Z`; a DATE loses its dashes. */
export function dateToICal(value: string): string {
  const n = value.length;
  if (
    (n === 19 || n === 20) &&
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(13) === 58 &&
    value.charCodeAt(16) === 58
  ) {
    // A date-time of the model's form, made from its characters in place: a quarter of the time a
    // replace takes, and calendars hold many.
    const local = String.fromCharCode(
      value.charCodeAt(0),
      value.charCodeAt(1),
      value.charCodeAt(2),
      value.charCodeAt(3),
      value.charCodeAt(5),
      value.charCodeAt(6),
      value.charCodeAt(8),
      value.charCodeAt(9),
      value.charCodeAt(10),
      value.charCodeAt(11),
      value.charCodeAt(12),
      value.charCodeAt(14),
      value.charCodeAt(15),
      value.charCodeAt(17),
      value.charCodeAt(18),
    );
    return n === 20 ? `${local}${value[19]}` : local;
  }
  // Anything else loses its separators wherever they are, in one native pass: one flat string.
  return value.replace(XCAL_SEPARATORS, '');
}

/** Whether a model value is a DATE (`2026-01-31`) rather than a DATE-TIME. */
export function isDate(value: string): boolean {
  return XCAL_DATE.test(value);
}

/**
 * Whether `value` is a DATE (`2026-01-31`) or DATE-TIME (`2026-01-31T09:00:00[Z]`) in xCal form,
 * its fields in range: checked where it stands, without a regular expression, since calendars
 * hold many.
 */
function isXCalDate(value: string): boolean {
  const n = value.length;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || !isYearAt(value, 0)) return false;
  if (n === 10) return inRanges(digitsAt(value, 5), digitsAt(value, 8), 0, 0, 0);
  return (
    (n === 19 || (n === 20 && value.charCodeAt(19) === 90)) &&
    value.charCodeAt(10) === 84 &&
    value.charCodeAt(13) === 58 &&
    value.charCodeAt(16) === 58 &&
    inRanges(
      digitsAt(value, 5),
      digitsAt(value, 8),
      digitsAt(value, 11),
      digitsAt(value, 14),
      digitsAt(value, 17),
    )
  );
}

/** Checks a model value is a DATE or DATE-TIME in xCal form. */
export function checkDate(value: string, what: string): string {
  if (!isXCalDate(value))
    throw new ValueError(`${what}: "${value}" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z]`);
  return value;
}

/** Checks an RFC 5545 §3.3.6 duration. @throws {ValueError} naming `what` otherwise. */
export function checkDuration(value: string, what: string): string {
  if (!DURATION.test(value))
    throw new ValueError(`${what}: "${value}" is not an RFC 5545 duration`);
  return value;
}

/** `090000Z` → `09:00:00Z` (RFC 5545 §3.3.12). @throws {ValueError} */
export function timeFromICal(text: string): string {
  const m = ICAL_TIME.exec(text);
  if (!m) throw new ValueError(`"${text}" is not an RFC 5545 TIME`);
  return `${m[1]}:${m[2]}:${m[3]}${m[4]}`;
}

/** `09:00:00Z` → `090000Z`. @throws {ValueError} */
export function timeToICal(value: string): string {
  if (!XCAL_TIME.test(value)) throw new ValueError(`"${value}" is not HH:MM:SS[Z]`);
  return value.replaceAll(':', '');
}

/** `-0500` → `-05:00` (RFC 5545 §3.3.14). @throws {ValueError} */
export function offsetFromICal(text: string): string {
  const m = ICAL_OFFSET.exec(text);
  if (!m) throw new ValueError(`"${text}" is not an RFC 5545 UTC-OFFSET`);
  return `${m[1]}${m[2]}:${m[3]}${m[4] ? `:${m[4]}` : ''}`;
}

/** `-05:00` → `-0500`. @throws {ValueError} */
export function offsetToICal(value: string): string {
  if (!XCAL_OFFSET.test(value)) throw new ValueError(`"${value}" is not ±HH:MM[:SS]`);
  return value.replaceAll(':', '');
}

/** Checks a UTC-OFFSET in xCal form (`-05:00`, `+01:00:30`). @throws {ValueError} */
export function checkOffset(value: string): string {
  if (!XCAL_OFFSET.test(value)) throw new ValueError(`"${value}" is not ±HH:MM[:SS]`);
  return value;
}

/** `19970101T180000Z/PT5H30M` → `{ start, duration }` (RFC 5545 §3.3.9). */
export function periodFromICal(text: string): Period {
  const slash = text.indexOf('/');
  if (slash < 0) throw new ValueError(`"${text}" is not an RFC 5545 PERIOD`);
  const start = dateFromICal(text.slice(0, slash));
  const rest = text.slice(slash + 1);
  if (/^[+-]?P/.test(rest)) return { start, duration: checkDuration(rest, 'PERIOD') };
  return { start, end: dateFromICal(rest) };
}

/** `{ start, duration }` → `19970101T180000Z/PT5H30M`. @throws {ValueError} without end or duration. */
export function periodToICal(period: Period): string {
  const tail = period.duration ?? (period.end !== undefined ? dateToICal(period.end) : undefined);
  if (tail === undefined) throw new ValueError('PERIOD needs an end or a duration');
  return `${dateToICal(period.start)}/${tail}`;
}

/** Checks a Period from xCal or jCal, whose dates are already in xCal form. */
export function checkPeriod(period: Period): Period {
  checkDate(period.start, 'PERIOD start');
  if (period.end !== undefined) checkDate(period.end, 'PERIOD end');
  else if (period.duration !== undefined) checkDuration(period.duration, 'PERIOD duration');
  else throw new ValueError('PERIOD needs an end or a duration');
  return period;
}

/** An RFC 5545 §3.3.8 INTEGER. @throws {ValueError} */
export function parseInteger(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new ValueError(`"${text}" is not an INTEGER`);
  return Number(text);
}

/** An RFC 5545 §3.3.7 FLOAT. @throws {ValueError} */
export function parseFloatValue(text: string): number {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) throw new ValueError(`"${text}" is not a FLOAT`);
  return Number(text);
}

/** An RFC 5545 §3.3.2 BOOLEAN, in any case. @throws {ValueError} */
export function parseBoolean(text: string): boolean {
  const upper = text.toUpperCase();
  if (upper === 'TRUE') return true;
  if (upper === 'FALSE') return false;
  throw new ValueError(`"${text}" is not a BOOLEAN`);
}
