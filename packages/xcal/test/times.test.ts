// The time forms callers hand over (Date, toISOString(), RFC 3339 offsets, Temporal's RFC 9557
// strings) and the way back to a Date.
import { describe, expect, it } from 'vitest';
import {
  parseICalendar,
  toCalendarTime,
  toDate,
  toICalendar,
  toXCal,
  ValueError,
} from '../src/index.js';

describe('toCalendarTime', () => {
  it.each([
    [new Date('2026-01-31T10:00:00.123Z'), { value: '2026-01-31T10:00:00Z' }],
    ['2026-01-31T10:00:00.000Z', { value: '2026-01-31T10:00:00Z' }],
    ['2026-01-31T10:00:00+01:00', { value: '2026-01-31T09:00:00Z' }],
    ['2026-01-31T10:00-0530', { value: '2026-01-31T15:30:00Z' }],
    ['2026-01-31T10:00:00', { value: '2026-01-31T10:00:00' }],
    ['2026-01-31', { value: '2026-01-31' }],
    ['20260131T100000Z', { value: '2026-01-31T10:00:00Z' }],
    [
      '2026-01-31T10:00:00+01:00[Europe/Brussels]',
      { value: '2026-01-31T10:00:00', tzid: 'Europe/Brussels' },
    ],
    [
      '2026-07-31T08:00:00Z[Europe/Brussels]',
      { value: '2026-07-31T10:00:00', tzid: 'Europe/Brussels' },
    ],
    [
      '2026-01-31T10:00:00[America/New_York][u-ca=iso8601]',
      { value: '2026-01-31T10:00:00', tzid: 'America/New_York' },
    ],
    ['2026-01-31T10:00:00+01:00[+01:00]', { value: '2026-01-31T09:00:00Z' }],
    [
      { value: '2026-01-31T10:00:00', tzid: 'Europe/Brussels' },
      { value: '2026-01-31T10:00:00', tzid: 'Europe/Brussels' },
    ],
  ])('reads %s', (input, expected) => {
    expect(toCalendarTime(input)).toEqual(expected);
  });

  it.each([
    ['2026-02-30', /not a date of the calendar/],
    ['2026-13-01T10:00:00Z', /2026-13-01/],
    ['9999-12-31T23:30:00-01:00', /outside the years 0000-9999/],
    ['31/01/2026', /not an ISO 8601/],
    ['2026-01-31T10:00:00[Mars/Olympus]', /not a time zone/],
    ['2026-01-31T10:00:00[!u-ca=hebrew]', /annotation/],
  ])('refuses %s with a ValueError', (input, message) => {
    expect(() => toCalendarTime(input, 'start')).toThrow(ValueError);
    expect(() => toCalendarTime(input, 'start')).toThrow(message);
  });

  it('refuses an invalid Date', () => {
    expect(() => toCalendarTime(new Date(Number.NaN))).toThrow(ValueError);
  });
});

describe('toDate', () => {
  it('places UTC, zoned and explicitly placed floating times in time', () => {
    expect(toDate({ value: '2026-01-31T10:00:00Z' }).toISOString()).toBe(
      '2026-01-31T10:00:00.000Z',
    );
    expect(toDate({ value: '2026-07-31T10:00:00', tzid: 'Europe/Brussels' }).toISOString()).toBe(
      '2026-07-31T08:00:00.000Z',
    );
    expect(toDate('2026-01-31', { timezone: 'Asia/Kolkata' }).toISOString()).toBe(
      '2026-01-30T18:30:00.000Z',
    );
  });

  it('reads a time skipped by a clock change with the offset before it, a repeated one as its first instant', () => {
    expect(toDate({ value: '2026-03-29T02:30:00', tzid: 'Europe/Brussels' }).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(toDate({ value: '2026-10-25T02:30:00', tzid: 'Europe/Brussels' }).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('asks for a zone for a floating time', () => {
    expect(() => toDate('2026-01-31T10:00:00')).toThrow(/options.timezone/);
  });
});

describe('the writers', () => {
  it('take Dates and ISO strings wherever the model has a time', () => {
    const calendar = {
      events: [
        {
          uid: 'talk-1@example.org',
          start: new Date('2026-01-31T10:00:00.000Z'),
          end: '2026-01-31T11:30:00.000+01:00',
          dtstamp: '2026-01-01T00:00:00.000Z',
          exdate: ['2026-02-07T10:00:00Z'],
          summary: 'Intro',
        },
      ],
    };
    const read = parseICalendar(toICalendar(calendar)).events[0];
    expect(read?.start).toEqual({ value: '2026-01-31T10:00:00Z' });
    expect(read?.end).toEqual({ value: '2026-01-31T10:30:00Z' });
    expect(read?.exdate).toEqual([{ value: '2026-02-07T10:00:00Z' }]);
    expect(toXCal(calendar)).toContain(
      '<prodid><text>-//Convene//@convene/xcal//EN</text></prodid>',
    );
  });

  it('name the field of a time they cannot read', () => {
    expect(() => toICalendar({ events: [{ uid: 'u', start: 'tomorrow' }] })).toThrow(
      /start: "tomorrow"/,
    );
  });
});
