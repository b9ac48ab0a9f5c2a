// Property-based round trips (fast-check): generated calendars go through every format and back
// unchanged, and ical.js reads every generated iCalendar into the same number of events.
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  type Calendar,
  type CalendarEvent,
  type CalendarTime,
  parseICalendar,
  parseJCal,
  parseXCal,
  toICalendar,
  toJCal,
  toXCal,
} from '../src/index.js';

// TEXT that every format carries: iCalendar has no CR of its own (only \n) and XML 1.0 no C0
// controls but tab and newline, so the generators leave those out, and mix in the characters
// each format escapes.
const carried = (s: string) =>
  [...s].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code >= 0x20 || c === '\t' || c === '\n') && code !== 0xfffe && code !== 0xffff;
  });
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '\\',
        '\n',
        ':',
        '"',
        '^',
        '<',
        '&',
        '>',
        ' ',
        '\t',
        'é',
        '😀',
        '会',
      ),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => carried(parts.join('')).join(''));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const date = fc
  .record({
    y: fc.integer({ min: 1970, max: 2100 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
const clock = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([h, m, s]) => `${pad(h)}:${pad(m)}:${pad(s)}`);
const utc = fc.tuple(date, clock).map(([d, c]) => `${d}T${c}Z`);
const time: fc.Arbitrary<CalendarTime> = fc.oneof(
  date.map((value) => ({ value })),
  utc.map((value) => ({ value })),
  fc.tuple(date, clock).map(([d, c]) => ({ value: `${d}T${c}` })),
  fc
    .tuple(date, clock, fc.constantFrom('Europe/Brussels', 'America/New_York', 'Asia/Kolkata'))
    .map(([d, c, tzid]) => ({ value: `${d}T${c}`, tzid })),
);
const duration = fc
  .tuple(fc.constantFrom('', '-'), fc.nat(30), fc.nat(23), fc.nat(59), fc.boolean())
  .map(([sign, d, h, m, weeks]) =>
    weeks ? `${sign}P${d + 1}W` : `${sign}P${d ? `${d}D` : ''}T${h}H${m}M`,
  );
const user = fc.record({
  address: fc.emailAddress().map((e) => `mailto:${e}`),
  parameters: fc.record(
    {
      cn: text,
      role: fc.constantFrom('CHAIR', 'REQ-PARTICIPANT'),
      'x-speaker': fc.stringMatching(/^[a-z0-9]{1,8}$/),
    },
    { requiredKeys: [] },
  ),
});
const recur = fc.record(
  {
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY' as const),
    count: fc.integer({ min: 1, max: 500 }),
    interval: fc.integer({ min: 1, max: 4 }),
    byday: fc.array(fc.constantFrom('MO', 'TU', '-1SU', '2FR'), { minLength: 1, maxLength: 3 }),
    byhour: fc.array(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }),
    wkst: fc.constantFrom('MO', 'SU'),
  },
  { requiredKeys: ['freq'] },
);
const event: fc.Arbitrary<CalendarEvent> = fc.record(
  {
    uid: fc.stringMatching(/^[A-Za-z0-9@.-]{1,40}$/),
    dtstamp: utc.map((value) => ({ value })),
    start: time,
    end: time,
    duration,
    summary: text,
    description: text,
    class: fc.constantFrom('PUBLIC', 'PRIVATE'),
    status: fc.constantFrom('CONFIRMED', 'TENTATIVE', 'CANCELLED'),
    categories: fc.array(text, { minLength: 1, maxLength: 4 }),
    url: fc.webUrl(),
    location: text,
    organizer: user,
    attendees: fc.array(user, { minLength: 1, maxLength: 3 }),
    rrule: recur,
    exdate: fc.array(
      utc.map((value) => ({ value })),
      { minLength: 1, maxLength: 3 },
    ),
    sequence: fc.nat(1000),
    created: utc.map((value) => ({ value })),
    properties: fc.array(
      fc.record({
        name: fc.constantFrom('x-room-id', 'x-track'),
        parameters: fc.constant({}),
        type: fc.constant('unknown' as const),
        values: fc.tuple(fc.stringMatching(/^[A-Za-z0-9 .:/-]{0,30}$/)),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  },
  { requiredKeys: ['uid', 'dtstamp', 'start'] },
);
const calendar: fc.Arbitrary<Calendar> = fc.record(
  {
    prodid: text,
    version: fc.constant('2.0'),
    method: fc.constantFrom('PUBLISH', 'REQUEST'),
    name: text,
    description: text,
    events: fc.array(event, { maxLength: 5 }),
  },
  { requiredKeys: ['prodid', 'version', 'events'] },
);

describe('round trips of generated calendars', { timeout: 120_000 }, () => {
  it('iCalendar, xCal and jCal each read back the calendar they were written from', () => {
    fc.assert(
      fc.property(calendar, (c) => {
        expect(parseICalendar(toICalendar(c))).toEqual(c);
        expect(parseXCal(toXCal(c))).toEqual(c);
        expect(parseJCal(JSON.stringify(toJCal(c)))).toEqual(c);
      }),
      { numRuns: 200 },
    );
  });

  it('iCal → model → xCal → model → iCal gives the same text', () => {
    fc.assert(
      fc.property(calendar, (c) => {
        const ics = toICalendar(c);
        expect(toICalendar(parseXCal(toXCal(parseICalendar(ics))))).toBe(ics);
      }),
      { numRuns: 200 },
    );
  });

  it('ical.js parses every generated iCalendar and jCal into as many events with the same UIDs and summaries', () => {
    fc.assert(
      fc.property(calendar, (c) => {
        for (const jcal of [ICAL.parse(toICalendar(c)), toJCal(c)]) {
          const events = new ICAL.Component(jcal as unknown[]).getAllSubcomponents('vevent');
          expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(
            c.events.map((e) => e.uid),
          );
          expect(events.map((e) => e.getFirstPropertyValue('summary') ?? undefined)).toEqual(
            c.events.map((e) => e.summary),
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});
