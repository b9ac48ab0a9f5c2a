// Guards at the door of the organizer and database APIs: each checks one argument and names it
// in the error (`talk.starts_at`, `ticket_ids[2]`); what passes is trusted further in.
import { assertWritableText, isWritableText } from '@convene/xcal';
import { InvalidInputError } from '../errors.js';

/** Longest text fields, in UTF-16 units. */
export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 10_000;
/** Most ids in one list argument (`speaker_ids`, `ticket_ids`). */
export const MAX_LIST_LENGTH = 1000;

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** An object id: a decimal string (numbers are accepted too) of at most 18 digits. */
export function id(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,17}$/.test(text)) {
    throw new InvalidInputError(
      field,
      `expected an id (a string of digits like "12"), got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value)}`,
    );
  }
  return text;
}

/** Text of `min`…`max` characters; names are trimmed and must not be empty. */
export function text(value: unknown, field: string, max = MAX_TEXT_LENGTH, min = 0): string {
  if (typeof value !== 'string')
    throw new InvalidInputError(field, `expected a string, got ${describe(value)}`);
  // Refused at the door, so that a stored text can always be exported (xcal's rule).
  if (!isWritableText(value)) {
    try {
      assertWritableText(value);
    } catch (error) {
      throw new InvalidInputError(field, (error as Error).message);
    }
  }
  const trimmed = min > 0 ? value.trim() : value;
  if (trimmed.length < min) throw new InvalidInputError(field, 'must not be empty');
  if (trimmed.length > max) {
    throw new InvalidInputError(field, `at most ${max} characters, got ${trimmed.length}`);
  }
  return trimmed;
}

/** A name: 1…200 characters after trimming. */
export const name = (value: unknown, field: string) => text(value, field, MAX_NAME_LENGTH, 1);

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with a zone (`2027-05-14T09:00:00Z`, `…+02:00`), returned in UTC. */
export function time(value: unknown, field: string): string {
  const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  const ms = match ? Date.parse(value as string) : Number.NaN;
  const [, year, month, day, hour, minute, second] = match ?? [];
  const valid =
    match !== null &&
    !Number.isNaN(ms) &&
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate() &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second ?? 0) <= 59 &&
    // In UTC, as stored and exported: an offset may carry 9999-12-31T23:00-05:00 past 9999.
    new Date(ms).getUTCFullYear() >= 1900 &&
    new Date(ms).getUTCFullYear() <= 9999;
  if (!valid) {
    throw new InvalidInputError(
      field,
      `expected an ISO 8601 date-time with a zone like "2027-05-14T09:00:00Z", got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value)}`,
    );
  }
  return new Date(ms).toISOString();
}

/** A whole number in `min`…`max`. */
export function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(
      field,
      `expected a whole number from ${min} to ${max}, got ${describe(value) === 'a number' ? value : describe(value)}`,
    );
  }
  return value;
}

/** An IANA time zone name that this runtime knows (`Europe/Brussels`, `UTC`). */
export function timeZone(value: unknown, field: string): string {
  const zone = text(value, field, 64, 1);
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new InvalidInputError(field, `unknown time zone ${JSON.stringify(zone)}`);
  }
  return zone;
}

/** An absolute http(s) URL, or the empty string. */
export function url(value: unknown, field: string): string {
  const link = text(value, field, 2000);
  if (link !== '' && !/^https?:\/\/[^\s]+$/.test(link)) {
    throw new InvalidInputError(field, 'expected an http:// or https:// URL, or ""');
  }
  return link;
}

/** A three-letter ISO 4217 currency code. */
export function currency(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw new InvalidInputError(
      field,
      `expected a currency code like "EUR", got ${describe(value)}`,
    );
  }
  return value;
}

/** A list of distinct ids, at most {@link MAX_LIST_LENGTH}. */
export function idList(value: unknown, field: string): string[] {
  if (!Array.isArray(value))
    throw new InvalidInputError(field, `expected an array of ids, got ${describe(value)}`);
  if (value.length > MAX_LIST_LENGTH) {
    throw new InvalidInputError(field, `at most ${MAX_LIST_LENGTH} ids, got ${value.length}`);
  }
  const ids = value.map((item, i) => id(item, `${field}[${i}]`));
  const seen = new Set<string>();
  ids.forEach((item, i) => {
    if (seen.has(item)) throw new InvalidInputError(`${field}[${i}]`, `${item} is listed twice`);
    seen.add(item);
  });
  return ids;
}

/** One field's guard: the field's value and its path in, the checked value out. */
export type FieldGuard<T> = (value: unknown, field: string) => T;

/**
 * An object argument with the given fields: `required` ones must be there, others may be; any
 * field not listed is refused (so a typo does not pass silently).
 */
export function fields<T extends object>(
  value: unknown,
  field: string,
  guards: { [K in keyof T]-?: FieldGuard<T[K]> },
  required: readonly (keyof T & string)[],
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, `expected an object, got ${describe(value)}`);
  }
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(guards, key)) {
      throw new InvalidInputError(
        `${field}.${key}`,
        `unknown field (known: ${Object.keys(guards).join(', ')})`,
      );
    }
  }
  for (const [key, guard] of Object.entries(guards) as [string, FieldGuard<unknown>][]) {
    if (input[key] === undefined) {
      if ((required as readonly string[]).includes(key)) {
        throw new InvalidInputError(`${field}.${key}`, 'is required');
      }
      continue;
    }
    out[key] = guard(input[key], `${field}.${key}`);
  }
  return out as T;
}

/** The argument list itself: at most `max` positional arguments. */
export function argumentCount(args: readonly unknown[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw new InvalidInputError(
      'params',
      `expected ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
}
