// UTC offsets of IANA time zones from the platform's own data (Intl): the instant a local time in a
// zone stands for, and back.
import { ValueError } from './errors.js';

const DAY = 86_400_000;
/** Formatters by zone; the platform knows a few hundred zones, and unknown ones are not kept. */
const formatters = new Map<string, { offset: Intl.DateTimeFormat; name: Intl.DateTimeFormat }>();

function formattersFor(tzid: string) {
  let f = formatters.get(tzid);
  if (!f) {
    try {
      f = {
        offset: new Intl.DateTimeFormat('en-US', { timeZone: tzid, timeZoneName: 'longOffset' }),
        name: new Intl.DateTimeFormat('en-US', { timeZone: tzid, timeZoneName: 'short' }),
      };
    } catch {
      throw new ValueError(`"${tzid}" is not a time zone this platform knows`);
    }
    formatters.set(tzid, f);
  }
  return f;
}

function part(format: Intl.DateTimeFormat, at: number): string {
  return format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The zone's UTC offset at instant `at` (ms since the epoch), in minutes.
 * @throws {ValueError} when the platform does not know the zone.
 */
export function offsetAt(tzid: string, at: number): number {
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part(formattersFor(tzid).offset, at));
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The zone's short name at instant `at` (`CET`, `GMT+1`), for TZNAME. */
export function zoneAbbreviation(tzid: string, at: number): string {
  return part(formattersFor(tzid).name, at);
}

/** @throws {ValueError} when the platform does not know the zone. */
export function checkZone(tzid: string): string {
  formattersFor(tzid);
  return tzid;
}

/**
 * The instant a local time in `tzid` stands for; `local` is the wall time counted as if it were UTC.
 * As RFC 5545 §3.3.5 says and Temporal's `compatible` does: a time repeated when clocks go back is
 * the earlier instant; a time skipped when clocks go forward is read with the offset before the gap.
 * @throws {ValueError} when the platform does not know the zone.
 */
export function localToInstant(local: number, tzid: string): number {
  const before = offsetAt(tzid, local - DAY);
  const after = offsetAt(tzid, local + DAY);
  const withBefore = local - before * 60_000;
  if (before === after) return withBefore;
  const withAfter = local - after * 60_000;
  const beforeFits = offsetAt(tzid, withBefore) === before;
  const afterFits = offsetAt(tzid, withAfter) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
  if (afterFits) return withAfter;
  return withBefore;
}

/** The wall time in `tzid` at instant `at`, counted as if it were UTC. */
export function instantToLocal(at: number, tzid: string): number {
  return at + offsetAt(tzid, at) * 60_000;
}
