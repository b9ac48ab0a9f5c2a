// Times as callers hand them over — Date objects, ISO 8601 and RFC 3339 strings, Temporal's RFC 9557
// strings — turned into CalendarTimes, and CalendarTimes turned back into Dates.
import { ValueError } from './errors.js';
import { checkDate, dateFromICal, isDate } from './lexical-forms.js';
import type { CalendarEvent, CalendarEventInput, CalendarTime, TimeInput } from './model.js';
import { checkZone, instantToLocal, localToInstant } from './zones.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?((?:\[[^\][]*\])*)$/;
const BASIC = /^\d{8}(T\d{6}Z?)?$/;
const OFFSET = /^[+-]\d{2}(?::?\d{2})?$/;

/** `2026-01-31T09:00:00` (no zone) for a wall time counted as ms since the epoch; out of RFC 5545's years is an error. */
function wallTime(ms: number, what: string): string {
  const iso = new Date(ms).toISOString();
  if (Number.isNaN(ms) || iso.length !== 24)
    throw new ValueError(`${what}: the time falls outside the years 0000-9999`);
  return iso.slice(0, 19);
}

/** Minutes east of UTC of `+01:00`, `-0530`, `+01`. */
function offsetMinutes(offset: string): number {
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}

/** The IANA zone of RFC 9557 annotations (`[Europe/Brussels][u-ca=iso8601]`), or undefined. */
function zoneAnnotation(annotations: string, what: string): string | undefined {
  let zone: string | undefined;
  for (const m of annotations.matchAll(/\[(!?)([^\]]*)\]/g)) {
    const [, critical, body = ''] = m;
    const eq = body.indexOf('=');
    if (eq < 0) {
      zone ??= body;
      continue;
    }
    const key = body.slice(0, eq);
    const value = body.slice(eq + 1);
    if (key === 'u-ca' ? value !== 'iso8601' && value !== 'gregory' : critical === '!')
      throw new ValueError(`${what}: annotation [${body}] cannot be written in a calendar`);
  }
  return zone;
}

/**
 * A {@link TimeInput} as a CalendarTime in the model's form (see `CalendarTime`).
 * @throws {ValueError} naming `what` when the input is not a time in one of the accepted forms,
 * names an unknown zone, or falls outside the years 0000-9999.
 */
export function toCalendarTime(input: TimeInput, what = 'time'): CalendarTime {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new ValueError(`${what}: an invalid Date`);
    return { value: `${wallTime(input.getTime(), what)}Z` };
  }
  if (typeof input !== 'string') return input;
  if (BASIC.test(input)) return { value: dateFromICal(input) };
  const m = ISO.exec(input);
  if (!m) throw new ValueError(`${what}: "${input}" is not an ISO 8601 date or date-time`);
  const [, y, mo, d, h, mi, s = '00', offset, annotations = ''] = m;
  const date = `${y}-${mo}-${d}`;
  // Date.parse rolls February 30 over into March: a date that does not come back is none.
  const day = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(day) || wallTime(day, what).slice(0, 10) !== date)
    throw new ValueError(`${what}: "${input}" is not a date of the calendar`);
  if (h === undefined) return { value: checkDate(date, what) };
  const local = checkDate(`${date}T${h}:${mi}:${s}`, what);
  let zone = zoneAnnotation(annotations, what);
  if (zone !== undefined && OFFSET.test(zone)) zone = undefined;
  if (offset === undefined)
    return zone === undefined ? { value: local } : { value: local, tzid: checkZone(zone) };
  const wall = Date.parse(`${local}Z`);
  if (Number.isNaN(wall)) throw new ValueError(`${what}: "${input}" cannot be placed in time`);
  const instant = /[Zz]/.test(offset) ? wall : wall - offsetMinutes(offset) * 60_000;
  if (zone === undefined) return { value: `${wallTime(instant, what)}Z` };
  return { value: wallTime(instantToLocal(instant, checkZone(zone)), what), tzid: zone };
}

/** Options of {@link toDate}. */
export interface ToDateOptions {
  /** The IANA zone a floating time or a date is read in. Without it, such a time is an error. */
  timezone?: string;
}

/**
 * The instant a time stands for, as a Date: a UTC time as it is, a time with a TZID in that zone
 * (from the platform's `Intl` data; a time skipped by a clock change is read with the offset
 * before it, a repeated one as its first instant), a floating time or a date (at midnight) in
 * `options.timezone`.
 * @throws {ValueError} for a floating time or date without `options.timezone`, an unknown zone, or
 * a leap second.
 */
export function toDate(time: TimeInput, options: ToDateOptions = {}): Date {
  const { value, tzid } = toCalendarTime(time);
  const utc = value.endsWith('Z');
  const wall = Date.parse(isDate(value) ? `${value}T00:00:00Z` : utc ? value : `${value}Z`);
  if (Number.isNaN(wall)) throw new ValueError(`"${value}" cannot be placed in time`);
  if (utc) return new Date(wall);
  const zone = tzid ?? options.timezone;
  if (zone === undefined)
    throw new ValueError(
      `"${value}" is a ${isDate(value) ? 'date' : 'floating time'}: give options.timezone to place it in time`,
    );
  return new Date(localToInstant(wall, zone));
}

function isModelTime(time: TimeInput | undefined): boolean {
  return time === undefined || (typeof time === 'object' && !(time instanceof Date));
}

/**
 * The event with every time in the model's form; the same object when they all are already.
 * @throws {ValueError} naming the field when a time is not one.
 */
export function eventFromInput(input: CalendarEventInput): CalendarEvent {
  if (
    isModelTime(input.start) &&
    isModelTime(input.end) &&
    isModelTime(input.dtstamp) &&
    isModelTime(input.recurrenceId) &&
    isModelTime(input.created) &&
    isModelTime(input.lastModified) &&
    (input.rdate?.every(isModelTime) ?? true) &&
    (input.exdate?.every(isModelTime) ?? true)
  )
    return input as CalendarEvent;
  const one = (time: TimeInput | undefined, what: string) =>
    time === undefined ? undefined : toCalendarTime(time, what);
  const event: CalendarEvent = { ...(input as CalendarEvent) };
  const set = (field: keyof CalendarEvent, time: CalendarTime | undefined) => {
    if (time === undefined) delete event[field];
    else (event as unknown as Record<string, unknown>)[field] = time;
  };
  event.start = toCalendarTime(input.start, 'start');
  set('end', one(input.end, 'end'));
  set('dtstamp', one(input.dtstamp, 'dtstamp'));
  set('recurrenceId', one(input.recurrenceId, 'recurrenceId'));
  set('created', one(input.created, 'created'));
  set('lastModified', one(input.lastModified, 'lastModified'));
  if (input.rdate) event.rdate = input.rdate.map((t) => toCalendarTime(t, 'rdate'));
  if (input.exdate) event.exdate = input.exdate.map((t) => toCalendarTime(t, 'exdate'));
  return event;
}
