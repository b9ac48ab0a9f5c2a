// RECUR values (RFC 5545 §3.3.10) between their iCalendar text and the model.
import { ValueError } from './errors.js';
import { dateFromICal, dateToICal } from './lexical-forms.js';
import type { Recur } from './model.js';

const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const WEEKDAY = /^(SU|MO|TU|WE|TH|FR|SA)$/;
const BYDAY = /^[+-]?\d{0,2}(SU|MO|TU|WE|TH|FR|SA)$/;
const INTEGER = /^[+-]?\d{1,3}$/;

/** The parts in the order RFC 6321 App. A §3.3.10 fixes for xCal, also used for iCalendar and jCal output. */
export const RECUR_PARTS = [
  'freq',
  'until',
  'count',
  'interval',
  'bysecond',
  'byminute',
  'byhour',
  'byday',
  'bymonthday',
  'byyearday',
  'byweekno',
  'bymonth',
  'bysetpos',
  'wkst',
] as const;

/** The name of one RECUR part, lowercase. */
export type RecurPart = (typeof RECUR_PARTS)[number];

const NUMBER_LISTS = new Set([
  'bysecond',
  'byminute',
  'byhour',
  'bymonthday',
  'byyearday',
  'byweekno',
  'bymonth',
  'bysetpos',
]);

/** Builds a Recur from part/value pairs in any form (iCal text parts, xCal elements, jCal members); `until` must already be in xCal form. */
export function recurFromParts(parts: Iterable<[string, string | number]>): Recur {
  const out: Record<string, unknown> = {};
  for (const [rawName, rawValue] of parts) {
    const name = rawName.toLowerCase();
    const value = String(rawValue).trim();
    if (name === 'freq') {
      const freq = value.toUpperCase();
      if (!FREQS.has(freq)) throw new ValueError(`RECUR: FREQ=${value} is not a frequency`);
      out.freq = freq;
    } else if (name === 'until') out.until = value;
    else if (name === 'count' || name === 'interval') {
      if (!/^\d+$/.test(value))
        throw new ValueError(`RECUR: ${name.toUpperCase()}=${value} is not a positive integer`);
      out[name] = Number(value);
    } else if (name === 'wkst') {
      if (!WEEKDAY.test(value.toUpperCase()))
        throw new ValueError(`RECUR: WKST=${value} is not a weekday`);
      out.wkst = value.toUpperCase();
    } else if (name === 'byday') {
      const list = (out.byday as string[] | undefined) ?? [];
      for (const day of value.split(',')) {
        if (!BYDAY.test(day.toUpperCase()))
          throw new ValueError(`RECUR: BYDAY=${day} is not a weekday`);
        list.push(day.toUpperCase());
      }
      out.byday = list;
    } else if (NUMBER_LISTS.has(name)) {
      const list = (out[name] as number[] | undefined) ?? [];
      for (const n of value.split(',')) {
        if (!INTEGER.test(n))
          throw new ValueError(`RECUR: ${name.toUpperCase()}=${n} is not an integer`);
        list.push(Number(n));
      }
      out[name] = list;
    } else throw new ValueError(`RECUR: unknown part ${rawName}`);
  }
  if (out.freq === undefined) throw new ValueError('RECUR: FREQ is required');
  return out as unknown as Recur;
}

/** Reads `FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20260131T000000Z`. */
export function recurFromICal(text: string): Recur {
  const parts: [string, string][] = [];
  for (const item of text.split(';')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 1) throw new ValueError(`RECUR: "${item}" is not NAME=VALUE`);
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    parts.push([name, name.toUpperCase() === 'UNTIL' ? dateFromICal(value) : value]);
  }
  return recurFromParts(parts);
}

/** Each part of a Recur as text, in RFC 6321 order; lists stay lists. */
export function* recurEntries(
  recur: Recur,
): Generator<[RecurPart, string | number | (string | number)[]]> {
  for (const part of RECUR_PARTS) {
    const value = recur[part];
    if (value !== undefined) yield [part, value];
  }
}

/** Writes a Recur as RFC 5545 text, parts in RFC 6321 order. */
export function recurToICal(recur: Recur): string {
  let out = '';
  for (const [part, value] of recurEntries(recur)) {
    if (out !== '') out += ';';
    const text =
      part === 'until'
        ? dateToICal(String(value))
        : Array.isArray(value)
          ? value.join(',')
          : String(value);
    out += `${part.toUpperCase()}=${text}`;
  }
  return out;
}
