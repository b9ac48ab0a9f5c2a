// Recurrence expansion (RFC 5545 §3.3.10, §3.8.5): the occurrences an event's RRULE, RDATE and
// EXDATE give within a window, counted in the event's local time as the RFC counts them.
import { LimitExceededError, ValueError } from './errors.js';
import { isDate } from './lexical-forms.js';
import { type ReadLimits, resolveLimits } from './limits.js';
import type { CalendarEventInput, CalendarTime, Recur, TimeInput } from './model.js';
import { eventFromInput, toCalendarTime } from './times.js';
import { instantToLocal, localToInstant } from './zones.js';

const DAY = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
/** Past this, no RFC 5545 date can be written: the expansion stops there. */
const END_OF_TIME = Date.parse('9999-12-31T23:59:59Z');

/** One occurrence: its start, and its end when the event has an end or a duration. */
export interface Occurrence {
  start: CalendarTime;
  end?: CalendarTime;
}

/** Options of {@link expandEvent}. */
export interface ExpandOptions {
  /** The window's start: occurrences starting at or after it are returned. */
  from: TimeInput;
  /** The window's end: occurrences starting before it are returned. */
  to: TimeInput;
  /** The zone floating times and dates are read in; without it, they are read as UTC. */
  timezone?: string;
  /** `maxOccurrences` and `maxRecurrenceSteps`; the others are ignored here. */
  limits?: Partial<ReadLimits>;
}

/** How one event's times are read: wall times (local time counted as if UTC) ↔ instants ↔ CalendarTimes. */
interface Frame {
  allDay: boolean;
  utc: boolean;
  zone: string | undefined;
}

function frameOf(time: CalendarTime, timezone: string | undefined): Frame {
  const utc = time.value.endsWith('Z');
  return { allDay: isDate(time.value), utc, zone: utc ? undefined : (time.tzid ?? timezone) };
}

function wallOf(time: CalendarTime): number {
  const v = time.value;
  return Date.parse(isDate(v) ? `${v}T00:00:00Z` : v.endsWith('Z') ? v : `${v}Z`);
}

function instantOf(wall: number, frame: Frame): number {
  return frame.zone === undefined ? wall : localToInstant(wall, frame.zone);
}

function timeAt(wall: number, frame: Frame, tzid: string | undefined): CalendarTime {
  const iso = new Date(wall).toISOString();
  if (frame.allDay) return { value: iso.slice(0, 10) };
  const value = frame.utc ? `${iso.slice(0, 19)}Z` : iso.slice(0, 19);
  return tzid === undefined || frame.utc ? { value } : { value, tzid };
}

/** An instant for any TimeInput, floating ones read in `timezone` (or UTC). */
function instantOfInput(input: TimeInput, timezone: string | undefined, what: string): number {
  const time = toCalendarTime(input, what);
  const wall = wallOf(time);
  if (Number.isNaN(wall)) throw new ValueError(`${what}: "${time.value}" cannot be placed in time`);
  return instantOf(wall, frameOf(time, timezone));
}

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An RFC 5545 duration in ms (days as 24 hours of wall time). */
function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new ValueError(`DURATION: "${text}" is not an RFC 5545 duration`);
  const [, sign, w = 0, d = 0, h = 0, mi = 0, s = 0] = m;
  const ms =
    ((Number(w) * 7 + Number(d)) * 24 * 3600 + Number(h) * 3600 + Number(mi) * 60 + Number(s)) *
    1000;
  return sign === '-' ? -ms : ms;
}

/** What one rule needs while it runs, worked out once. */
interface Rule {
  freq: Recur['freq'];
  interval: number;
  wkst: number;
  byMonth: number[] | undefined;
  byWeekNo: number[] | undefined;
  byYearDay: number[] | undefined;
  byMonthDay: number[] | undefined;
  /** Weekday 0-6 (SU-SA) and ordinal (0: every such weekday). */
  byDay: { weekday: number; nth: number }[] | undefined;
  /** The times of day a period expands to; for HOURLY and finer, only the units below the period's. */
  hours: number[];
  minutes: number[];
  seconds: number[];
  /** BYHOUR, BYMINUTE, BYSECOND as given, which limit the periods of HOURLY and finer rules. */
  byHour: number[] | undefined;
  byMinute: number[] | undefined;
  bySecond: number[] | undefined;
  bySetPos: number[] | undefined;
  /** DTSTART's parts, which fill in for the BY parts a rule leaves out. */
  start: { year: number; month: number; day: number; weekday: number };
}

const sortedUnique = (list: number[] | undefined) =>
  list === undefined ? undefined : [...new Set(list)].sort((a, b) => a - b);

function ruleOf(recur: Recur, startWall: number, allDay: boolean): Rule {
  const start = new Date(startWall);
  const fixed = (list: number[] | undefined, own: number) =>
    allDay ? [0] : (sortedUnique(list) ?? [own]);
  const byDay = recur.byday?.map((entry) => {
    const weekday = WEEKDAYS.indexOf(entry.slice(-2));
    const nth = entry.length > 2 ? Number(entry.slice(0, -2)) : 0;
    return { weekday, nth };
  });
  return {
    freq: recur.freq,
    interval: Math.max(1, recur.interval ?? 1),
    wkst: WEEKDAYS.indexOf(recur.wkst ?? 'MO'),
    byMonth: recur.bymonth,
    byWeekNo: recur.freq === 'YEARLY' ? recur.byweekno : undefined,
    // RFC 5545 §3.3.10's table: BYYEARDAY is not for DAILY, WEEKLY and MONTHLY, BYMONTHDAY not for WEEKLY.
    byYearDay: ['DAILY', 'WEEKLY', 'MONTHLY'].includes(recur.freq) ? undefined : recur.byyearday,
    byMonthDay: recur.freq === 'WEEKLY' ? undefined : recur.bymonthday,
    byDay,
    hours: fixed(recur.byhour, start.getUTCHours()),
    minutes: fixed(recur.byminute, start.getUTCMinutes()),
    seconds: fixed(recur.bysecond, start.getUTCSeconds()),
    byHour: recur.byhour,
    byMinute: recur.byminute,
    bySecond: recur.bysecond,
    bySetPos: recur.bysetpos,
    start: {
      year: start.getUTCFullYear(),
      month: start.getUTCMonth() + 1,
      day: start.getUTCDate(),
      weekday: start.getUTCDay(),
    },
  };
}

const dayOf = (year: number, month: number, day: number) => {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / DAY);
};
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The first day of week 1 of `year` (RFC 5545 §3.3.10: the first week with at least four days of the year). */
function firstWeek(year: number, wkst: number): number {
  const jan1 = dayOf(year, 1, 1);
  const weekStart = jan1 - ((new Date(jan1 * DAY).getUTCDay() - wkst + 7) % 7);
  return jan1 - weekStart <= 3 ? weekStart : weekStart + 7;
}

const matches = (list: number[], value: number, size: number) =>
  list.some((n) => (n > 0 ? n === value : size + n + 1 === value));

/** Whether day number `day` belongs to the period of `periodYear` under the rule's day-level parts. */
function dayMatches(rule: Rule, day: number, periodYear: number): boolean {
  const date = new Date(day * DAY);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const monthDay = date.getUTCDate();
  const weekday = date.getUTCDay();
  const daysInMonth = dayOf(year, month + 1, 1) - dayOf(year, month, 1);
  const daysInYear = isLeap(year) ? 366 : 365;
  const yearDay = day - dayOf(year, 1, 1) + 1;
  if (rule.byMonth && !rule.byMonth.includes(month)) return false;
  if (rule.byWeekNo) {
    const first = firstWeek(periodYear, rule.wkst);
    const weeks = (firstWeek(periodYear + 1, rule.wkst) - first) / 7;
    if (!matches(rule.byWeekNo, Math.floor((day - first) / 7) + 1, weeks)) return false;
  }
  if (rule.byYearDay && !matches(rule.byYearDay, yearDay, daysInYear)) return false;
  if (rule.byMonthDay && !matches(rule.byMonthDay, monthDay, daysInMonth)) return false;
  if (rule.byDay) {
    // An ordinal counts within the month (MONTHLY, or YEARLY with BYMONTH) or the year (YEARLY).
    const inMonth =
      rule.freq === 'MONTHLY' || (rule.freq === 'YEARLY' && rule.byMonth !== undefined);
    const ordinals = (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && !rule.byWeekNo;
    const position = inMonth ? monthDay : yearDay;
    const size = inMonth ? daysInMonth : daysInYear;
    const ok = rule.byDay.some(({ weekday: w, nth }) => {
      if (w !== weekday) return false;
      if (nth === 0 || !ordinals) return true;
      return nth > 0
        ? Math.floor((position - 1) / 7) + 1 === nth
        : Math.floor((size - position) / 7) + 1 === -nth;
    });
    if (!ok) return false;
  }
  // The parts a rule leaves out are DTSTART's (RFC 5545 §3.3.10, "Information, not contained in the rule").
  const { start } = rule;
  if (rule.freq === 'YEARLY') {
    if (!rule.byWeekNo && !rule.byYearDay && !rule.byMonthDay && !rule.byDay)
      return monthDay === start.day && (rule.byMonth !== undefined || month === start.month);
    if (rule.byWeekNo && !rule.byYearDay && !rule.byMonthDay && !rule.byDay)
      return weekday === start.weekday;
  }
  if (rule.freq === 'MONTHLY' && !rule.byMonthDay && !rule.byDay) return monthDay === start.day;
  if (rule.freq === 'WEEKLY' && !rule.byDay) return weekday === start.weekday;
  return true;
}

/** Counts the work of one expansion against `maxRecurrenceSteps`. */
class Steps {
  #left: number;
  readonly #max: number;
  constructor(max: number) {
    this.#left = max;
    this.#max = max;
  }
  take(n: number): void {
    this.#left -= n;
    if (this.#left < 0)
      throw new LimitExceededError('maxRecurrenceSteps', this.#max, 'recurrence expansion');
  }
}

/** The candidate wall times of period `k`, ascending, BYSETPOS applied; undefined past the end of time. */
function period(rule: Rule, k: number, startWall: number, steps: Steps): number[] | undefined {
  const { start } = rule;
  const n = k * rule.interval;
  let days: number[];
  let periodYear = start.year;
  let fixedTime: number | undefined;
  const startDay = Math.floor(startWall / DAY);
  switch (rule.freq) {
    case 'YEARLY': {
      periodYear = start.year + n;
      if (periodYear > 9999) return undefined;
      const first = rule.byWeekNo ? firstWeek(periodYear, rule.wkst) : dayOf(periodYear, 1, 1);
      const last = rule.byWeekNo
        ? firstWeek(periodYear + 1, rule.wkst)
        : dayOf(periodYear + 1, 1, 1);
      days = range(first, last);
      break;
    }
    case 'MONTHLY': {
      const index = start.year * 12 + start.month - 1 + n;
      periodYear = Math.floor(index / 12);
      if (periodYear > 9999) return undefined;
      days = range(dayOf(periodYear, (index % 12) + 1, 1), dayOf(periodYear, (index % 12) + 2, 1));
      break;
    }
    case 'WEEKLY': {
      const first = startDay - ((start.weekday - rule.wkst + 7) % 7) + n * 7;
      days = range(first, first + 7);
      break;
    }
    case 'DAILY':
      days = [startDay + n];
      break;
    default: {
      const unit = rule.freq === 'HOURLY' ? 3_600_000 : rule.freq === 'MINUTELY' ? 60_000 : 1000;
      const at = Math.floor(startWall / unit) * unit + n * unit;
      fixedTime = at;
      days = [Math.floor(at / DAY)];
    }
  }
  if ((days[0] as number) * DAY > END_OF_TIME) return undefined;
  steps.take(1 + days.length);
  let out: number[] = [];
  for (const day of days) {
    if (!dayMatches(rule, day, periodYear)) continue;
    if (fixedTime !== undefined) {
      const t = new Date(fixedTime);
      const h = t.getUTCHours();
      const mi = t.getUTCMinutes();
      const s = t.getUTCSeconds();
      const allows = (list: number[] | undefined, value: number) =>
        list === undefined || list.includes(value);
      if (!allows(rule.byHour, h)) continue;
      if (rule.freq === 'HOURLY') {
        steps.take(rule.minutes.length * rule.seconds.length);
        for (const m of rule.minutes)
          for (const sec of rule.seconds) out.push(day * DAY + (h * 3600 + m * 60 + sec) * 1000);
      } else if (!allows(rule.byMinute, mi)) continue;
      else if (rule.freq === 'MINUTELY')
        for (const sec of rule.seconds) out.push(day * DAY + (h * 3600 + mi * 60 + sec) * 1000);
      else if (allows(rule.bySecond, s)) out.push(fixedTime);
      continue;
    }
    steps.take(rule.hours.length * rule.minutes.length * rule.seconds.length);
    for (const h of rule.hours)
      for (const m of rule.minutes)
        for (const sec of rule.seconds) out.push(day * DAY + (h * 3600 + m * 60 + sec) * 1000);
  }
  if (rule.bySetPos && out.length > 0) {
    const picked = new Set<number>();
    for (const pos of rule.bySetPos) {
      const at = pos > 0 ? out[pos - 1] : out[out.length + pos];
      if (at !== undefined) picked.add(at);
    }
    out = [...picked].sort((a, b) => a - b);
  }
  return out;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let d = from; d < to; d++) out.push(d);
  return out;
}

/**
 * The occurrences of an event that start within `[from, to)`, in order: DTSTART, those its RRULE
 * gives (RFC 5545 §3.3.10: COUNT counts DTSTART; UNTIL is inclusive; invalid dates such as
 * February 30 are skipped), and its RDATEs, less its EXDATEs (§3.8.5.1-2). Rules are counted in
 * the event's local time, so 09:00 in New York stays 09:00 across a change of offset.
 * @throws {ValueError} when a time cannot be read or its zone is unknown.
 * @throws {LimitExceededError} past `maxOccurrences` or `maxRecurrenceSteps`.
 */
export function expandEvent(input: CalendarEventInput, options: ExpandOptions): Occurrence[] {
  const limits = resolveLimits(options);
  const event = eventFromInput(input);
  const frame = frameOf(event.start, options.timezone);
  const startWall = wallOf(event.start);
  const from = instantOfInput(options.from, options.timezone, 'from');
  const to = instantOfInput(options.to, options.timezone, 'to');
  const length =
    event.duration !== undefined
      ? durationMs(event.duration)
      : event.end !== undefined
        ? instantOfInput(event.end, options.timezone, 'end') - instantOf(startWall, frame)
        : undefined;
  /** Starts by instant; a later source for the same instant replaces nothing. */
  const starts = new Map<number, CalendarTime>();
  const add = (instant: number, time: CalendarTime): boolean => {
    if (instant < from || instant >= to || starts.has(instant)) return false;
    starts.set(instant, time);
    return true;
  };
  add(instantOf(startWall, frame), event.start);
  if (event.rrule) expandRule(event.rrule, startWall, frame, event.start.tzid, to, limits, add);
  for (const time of event.rdate ?? []) add(instantOfInput(time, options.timezone, 'rdate'), time);
  for (const time of event.exdate ?? [])
    starts.delete(instantOfInput(time, options.timezone, 'exdate'));
  if (starts.size > limits.maxOccurrences)
    throw new LimitExceededError('maxOccurrences', limits.maxOccurrences, 'recurrence expansion');
  return [...starts]
    .sort(([a], [b]) => a - b)
    .map(([instant, start]) => {
      if (length === undefined) return { start };
      const endFrame = frameOf(start, options.timezone);
      const wall =
        frame.zone === undefined || endFrame.allDay
          ? wallOf(start) + length
          : instantToLocal(instant + length, frame.zone);
      return { start, end: timeAt(wall, endFrame, start.tzid) };
    });
}

/** Feeds the RRULE's occurrences after DTSTART to `add`, stopping at COUNT, UNTIL or `to`. */
function expandRule(
  recur: Recur,
  startWall: number,
  frame: Frame,
  tzid: string | undefined,
  to: number,
  limits: ReadLimits,
  add: (instant: number, time: CalendarTime) => boolean,
): void {
  const rule = ruleOf(recur, startWall, frame.allDay);
  const steps = new Steps(limits.maxRecurrenceSteps);
  const until = recur.until === undefined ? undefined : untilTest(recur.until, frame);
  let count = 1; // DTSTART is the first occurrence (§3.3.10, COUNT).
  let added = 0;
  for (let k = 0; ; k++) {
    const walls = period(rule, k, startWall, steps);
    if (walls === undefined) return;
    for (const wall of walls) {
      if (wall <= startWall) continue;
      if (recur.count !== undefined && count >= recur.count) return;
      const instant = instantOf(wall, frame);
      if (until?.(wall, instant)) return;
      if (instant >= to) return;
      count++;
      if (add(instant, timeAt(wall, frame, tzid)) && ++added > limits.maxOccurrences)
        throw new LimitExceededError(
          'maxOccurrences',
          limits.maxOccurrences,
          'recurrence expansion',
        );
    }
  }
}

/** Whether an occurrence lies past UNTIL (inclusive): a UTC UNTIL is compared as an instant, others as wall time. */
function untilTest(until: string, frame: Frame): (wall: number, instant: number) => boolean {
  if (isDate(until)) {
    const last = Date.parse(`${until}T23:59:59Z`);
    return (wall) => wall > last;
  }
  if (until.endsWith('Z')) {
    const last = Date.parse(until);
    return frame.allDay ? (wall) => wall > last : (_, instant) => instant > last;
  }
  const last = Date.parse(`${until}Z`);
  return (wall) => wall > last;
}
