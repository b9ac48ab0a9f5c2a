import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { generateVTimezone, parseICalendar, toICalendar, ValueError } from '../src/index.js';
import { unfoldedLines } from './helpers.js';

describe('generateVTimezone', () => {
  it('finds the 2026 transitions of Europe/Brussels to the minute', () => {
    const tz = generateVTimezone('Europe/Brussels', 2026);
    const observances = tz.components.map((c) => [
      c.name,
      ...c.properties.slice(0, 3).map((p) => p.values[0]),
    ]);
    expect(observances).toEqual([
      ['standard', '2026-01-01T01:00:00', '+01:00', '+01:00'],
      ['daylight', '2026-03-29T02:00:00', '+01:00', '+02:00'],
      ['standard', '2026-10-25T03:00:00', '+02:00', '+01:00'],
    ]);
  });

  it('gives ical.js what it needs to place local times (across both transitions)', () => {
    const calendar = new ICAL.Component(
      ICAL.parse(
        toICalendar(
          {
            prodid: '-//t//EN',
            version: '2.0',
            events: [
              {
                uid: 'x',
                dtstamp: { value: '2026-01-01T00:00:00Z' },
                start: { value: '2026-07-15T09:00:00', tzid: 'Europe/Brussels' },
              },
            ],
          },
          { timezones: 'generate' },
        ),
      ),
    );
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone') as ICAL.Component);
    const utc = (local: string) => {
      const time = ICAL.Time.fromDateTimeString(local);
      time.zone = zone;
      return new Date(time.toUnixTime() * 1000).toISOString();
    };
    expect(utc('2026-01-15T09:00:00')).toBe('2026-01-15T08:00:00.000Z');
    expect(utc('2026-07-15T09:00:00')).toBe('2026-07-15T07:00:00.000Z');
    expect(utc('2026-11-15T09:00:00')).toBe('2026-11-15T08:00:00.000Z');
  });

  it('writes one STANDARD observance for a zone without DST, and refuses unknown zones', () => {
    const tz = generateVTimezone('Asia/Tokyo', 2025, 2026);
    expect(tz.components.map((c) => c.name)).toEqual(['standard']);
    expect(tz.components[0]?.properties[2]?.values).toEqual(['+09:00']);
    expect(() => generateVTimezone('Mars/Olympus_Mons', 2026)).toThrow(ValueError);
  });
});

describe('toICalendar with timezones: generate', () => {
  it('adds one VTIMEZONE per TZID in use and keeps the ones the calendar has', () => {
    const base = { prodid: '-//t//EN', version: '2.0' };
    const event = (uid: string, tzid: string, year: number) => ({
      uid,
      dtstamp: { value: '2026-01-01T00:00:00Z' },
      start: { value: `${year}-05-01T10:00:00`, tzid },
    });
    const ics = toICalendar(
      {
        ...base,
        events: [
          event('a', 'America/New_York', 2025),
          event('b', 'America/New_York', 2026),
          event('c', 'UTC', 2026),
        ],
      },
      { timezones: 'generate' },
    );
    const tzids = unfoldedLines(ics).filter((l) => l.startsWith('TZID:'));
    expect(tzids).toEqual(['TZID:America/New_York', 'TZID:UTC']);
    // 2025 and 2026: the start observance plus two changes a year.
    expect(parseICalendar(ics).timezones?.[0]?.components).toHaveLength(5);
    const again = toICalendar(parseICalendar(ics), { timezones: 'generate' });
    expect(unfoldedLines(again).filter((l) => l.startsWith('TZID:'))).toEqual(tzids);
  });
});
