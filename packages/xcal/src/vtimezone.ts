// VTIMEZONE generation (RFC 5545 §3.6.5) from the platform's own time zone data (Intl), so a
// calendar with TZIDs can carry their definitions without a bundled tz database.
import { textProperty } from './event-view.js';
import type { Component } from './model.js';
import { offsetAt, zoneAbbreviation } from './zones.js';

const DAY = 86_400_000;

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function localDateTime(at: number, offset: number): string {
  return new Date(at + offset * 60_000).toISOString().slice(0, 19);
}

/**
 * Builds a VTIMEZONE for an IANA zone from `Intl` data: one observance per offset change between
 * the start of `fromYear` and the end of `toYear` (found day by day, then to the minute), plus the
 * observance in force at the start. Offsets above the period's smallest are DAYLIGHT.
 * @throws {ValueError} when the platform does not know the zone.
 */
export function generateVTimezone(
  tzid: string,
  fromYear: number,
  toYear: number = fromYear,
): Component {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const changes: { at: number; from: number; to: number }[] = [];
  let before = offsetAt(tzid, start);
  changes.push({ at: start, from: before, to: before });
  for (let t = start + DAY; t <= end; t += DAY) {
    const now = offsetAt(tzid, t);
    if (now === before) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(tzid, mid) === before) lo = mid;
      else hi = mid;
    }
    changes.push({ at: hi, from: before, to: now });
    before = now;
  }
  const lowest = Math.min(...changes.map((c) => c.to));
  return {
    name: 'vtimezone',
    properties: [textProperty('tzid', tzid)],
    components: changes.map((c) => ({
      name: c.to > lowest ? 'daylight' : 'standard',
      properties: [
        {
          name: 'dtstart',
          parameters: {},
          type: 'date-time',
          values: [localDateTime(c.at, c.from)],
        },
        {
          name: 'tzoffsetfrom',
          parameters: {},
          type: 'utc-offset',
          values: [formatOffset(c.from)],
        },
        { name: 'tzoffsetto', parameters: {}, type: 'utc-offset', values: [formatOffset(c.to)] },
        textProperty('tzname', zoneAbbreviation(tzid, c.at)),
      ],
      components: [],
    })),
  };
}
