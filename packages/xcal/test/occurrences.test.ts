// Recurrence expansion, judged by ical.js (Mozilla) on the examples of RFC 5545 §3.8.5.3, plus the
// bounds and edge cases a calendar from outside can reach.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  type CalendarEvent,
  componentsToICalendar,
  expandEvent,
  generateVTimezone,
  LimitExceededError,
  parseICalendar,
} from '../src/index.js';
import { vector } from './helpers.js';

const ZONE = 'America/New_York';
const vtimezone = componentsToICalendar([generateVTimezone(ZONE, 1996, 2012)]);

/** Each example of the vector file: its heading and its content lines. */
const examples = vector('rfc5545-3-8-5-3-recurrence.txt')
  .trim()
  .split(/\n\n/)
  .map((block) => {
    const [heading, ...lines] = block.split('\n');
    return { title: (heading as string).slice(2), lines };
  });

function calendarText(lines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    vtimezone.trimEnd(),
    'BEGIN:VEVENT',
    'UID:example@test',
    'DTSTAMP:19970901T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** ical.js's occurrences, as local wall times, up to `max` of them and before `before` (a wall time). */
function icalJs(ics: string, max: number): string[] {
  const vcalendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of vcalendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const event = new ICAL.Event(vcalendar.getFirstSubcomponent('vevent') as ICAL.Component);
  const iterator = event.iterator();
  const out: string[] = [];
  for (let next = iterator.next(); next && out.length < max; next = iterator.next())
    out.push(next.toString());
  return out;
}

/**
 * Where ical.js 2.2.1 departs from the RFC's own printed results (it gives every Monday from the
 * week after DTSTART on), the RFC's first three occurrences are the judge instead.
 */
const ICALJS_WRONG: Record<string, string[]> = {
  'Every 20th Monday of the year, forever': ['1997-05-19', '1998-05-18', '1999-05-17'],
  'Monday of week number 20 (where the default start of the week is Monday), forever': [
    '1997-05-12',
    '1998-05-11',
    '1999-05-17',
  ],
};

describe('expandEvent on the RFC 5545 §3.8.5.3 examples', () => {
  it('has the examples to run', () => {
    expect(examples.length).toBe(42);
  });

  for (const [title, dates] of Object.entries(ICALJS_WRONG)) {
    it(`gives the RFC's result where ical.js does not: ${title}`, () => {
      const ics = calendarText(examples.find((e) => e.title === title)?.lines ?? []);
      const rfc = dates.map((d) => `${d}T09:00:00`);
      expect(icalJs(ics, 3)).not.toEqual(rfc);
      const event = parseICalendar(ics).events[0] as CalendarEvent;
      const ours = expandEvent(event, { from: event.start, to: '1999-12-31' });
      expect(ours.map((o) => o.start.value)).toEqual(rfc);
    });
  }

  for (const { title, lines } of examples.filter((e) => !(e.title in ICALJS_WRONG))) {
    it(`matches ical.js: ${title}`, () => {
      const ics = calendarText(lines);
      const expected = icalJs(ics, 60);
      const event = parseICalendar(ics).events[0] as CalendarEvent;
      // A window that ends just after ical.js's last occurrence (or 15 years on, for finite rules).
      const finite = expected.length < 60;
      const last = expected[expected.length - 1] as string;
      const to = finite
        ? { value: '2012-12-31T00:00:00', tzid: ZONE }
        : { value: `${last.slice(0, 18)}${Number(last[18]) + 1}`, tzid: ZONE };
      const ours = expandEvent(event, { from: event.start, to }).map((o) => o.start.value);
      expect(ours).toEqual(expected);
    });
  }
});

describe('expandEvent', () => {
  const base = {
    uid: 'u',
    start: '2026-03-02T09:00:00[Europe/Brussels]',
    duration: 'PT1H',
  };

  it('keeps the local time across a change of offset and gives each occurrence its end', () => {
    const weekly = { ...base, rrule: { freq: 'WEEKLY' as const, count: 3 } };
    const occurrences = expandEvent(weekly, { from: '2026-01-01', to: '2027-01-01' });
    expect(occurrences).toEqual([
      {
        start: { value: '2026-03-02T09:00:00', tzid: 'Europe/Brussels' },
        end: { value: '2026-03-02T10:00:00', tzid: 'Europe/Brussels' },
      },
      {
        start: { value: '2026-03-09T09:00:00', tzid: 'Europe/Brussels' },
        end: { value: '2026-03-09T10:00:00', tzid: 'Europe/Brussels' },
      },
      {
        start: { value: '2026-03-16T09:00:00', tzid: 'Europe/Brussels' },
        end: { value: '2026-03-16T10:00:00', tzid: 'Europe/Brussels' },
      },
    ]);
  });

  it('adds RDATEs, removes EXDATEs and returns only what starts in the window', () => {
    const event = {
      ...base,
      rrule: { freq: 'DAILY' as const, count: 5 },
      rdate: ['2026-04-01T09:00:00Z'],
      exdate: [{ value: '2026-03-04T09:00:00', tzid: 'Europe/Brussels' }],
    };
    const starts = (from: string, to: string) =>
      expandEvent(event, { from, to }).map((o) => o.start.value);
    expect(starts('2026-03-01', '2026-05-01')).toEqual([
      '2026-03-02T09:00:00',
      '2026-03-03T09:00:00',
      '2026-03-05T09:00:00',
      '2026-03-06T09:00:00',
      '2026-04-01T09:00:00Z',
    ]);
    expect(starts('2026-03-03T08:00:00Z', '2026-03-05T08:00:00Z')).toEqual(['2026-03-03T09:00:00']);
  });

  it('expands an all-day yearly event begun in 1930 into a window ninety-six years on', () => {
    const birthday = { uid: 'b', start: '1930-02-28', rrule: { freq: 'YEARLY' as const } };
    expect(expandEvent(birthday, { from: '2026-01-01', to: '2028-01-01' })).toEqual([
      { start: { value: '2026-02-28' } },
      { start: { value: '2027-02-28' } },
    ]);
  });

  it('stops a rule that would examine too much, naming the limit', () => {
    const dense = {
      uid: 'd',
      start: '2026-01-01T00:00:00Z',
      rrule: {
        freq: 'YEARLY' as const,
        count: 2,
        bymonthday: Array.from({ length: 31 }, (_, i) => i + 1),
        byhour: Array.from({ length: 24 }, (_, i) => i),
        byminute: Array.from({ length: 60 }, (_, i) => i),
        bysecond: Array.from({ length: 60 }, (_, i) => i),
      },
    };
    expect(() => expandEvent(dense, { from: '2026-01-01', to: '2027-01-01' })).toThrow(
      expect.objectContaining({ limit: 'maxRecurrenceSteps' }),
    );
    const secondly = {
      uid: 's',
      start: '2026-01-01T00:00:00Z',
      rrule: { freq: 'SECONDLY' as const },
    };
    expect(() =>
      expandEvent(secondly, {
        from: '2026-01-01',
        to: '2026-01-02',
        limits: { maxOccurrences: 1000 },
      }),
    ).toThrow(LimitExceededError);
  });
});
