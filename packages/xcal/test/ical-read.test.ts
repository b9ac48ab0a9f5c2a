import { describe, expect, it } from 'vitest';
import {
  eventFromComponent,
  ICalendarSyntaxError,
  LimitExceededError,
  parseICalendar,
  readICalendarComponents,
} from '../src/index.js';
import { defined } from './helpers.js';

const wrap = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'PRODID:-//t//EN', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) =>
  wrap(
    'BEGIN:VEVENT',
    'UID:u1',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260131T090000Z',
    ...lines,
    'END:VEVENT',
  );
const props = (ics: string) =>
  defined(defined(readICalendarComponents(ics)[0]).components[0]).properties;
const prop = (ics: string, name: string) => defined(props(ics).find((p) => p.name === name));

describe('parseICalendar: lines', () => {
  it('unfolds CRLF + one space or tab, removing only that one character', () => {
    const ics = event('DESCRIPTION:Definition', '  of x', 'COMMENT:a', '\tb');
    expect(parseICalendar(ics).events[0]?.description).toBe('Definition of x');
    expect(prop(ics, 'comment').values).toEqual(['ab']);
  });

  it('accepts bare LF line ends and a UTF-8 BOM', () => {
    const ics = `\ufeff${event('SUMMARY:lf').replace(/\r\n/g, '\n')}`;
    expect(parseICalendar(ics).events[0]?.summary).toBe('lf');
  });

  it('keeps colons in values and reads names case-insensitively', () => {
    const ics = event('summary:Talk: the sequel', 'Url:https://example.org/a?b=c');
    const e = parseICalendar(ics).events[0];
    expect(e?.summary).toBe('Talk: the sequel');
    expect(e?.url).toBe('https://example.org/a?b=c');
  });
  it('reads BEGIN and END names in any case and with spaces around them', () => {
    const ics = wrap(
      'BEGIN:vEvent',
      'UID:u1',
      'DTSTART:20260131',
      'END: VEVENT ',
      'BEGIN:X-A',
      'END:x-a',
    );
    const [calendar] = readICalendarComponents(ics);
    expect(calendar?.components.map((c) => c.name)).toEqual(['vevent', 'x-a']);
    expect(parseICalendar(ics).events.map((e) => e.uid)).toEqual(['u1']);
  });

  it('reads more names than it keeps at hand, each in either case, as their own lowercase names', () => {
    const names = Array.from({ length: 700 }, (_, i) => `X-P${i.toString(36).toUpperCase()}`);
    const lines = names.flatMap((name) => [`${name}:a`, `${name.toLowerCase()}:b`]);
    const read = props(event(...lines, ...lines))
      .map((p) => p.name)
      .filter((name) => name.startsWith('x-p'));
    const lower = names.flatMap((name) => [name.toLowerCase(), name.toLowerCase()]);
    expect(read).toEqual([...lower, ...lower]);
  });

  it('reads names longer than those it keeps at hand, every time', () => {
    const name = `X-${'A'.repeat(300)}`;
    const read = props(event(`${name}:a`, `${name}:b`)).filter((p) => p.name.length > 300);
    expect(read.map((p) => [p.name, p.values])).toEqual([
      [name.toLowerCase(), ['a']],
      [name.toLowerCase(), ['b']],
    ]);
  });

  it('keeps VALUE in a line that also has other parameters, and a VALUE list as a parameter', () => {
    const p = prop(event('DTEND;TZID=Europe/Brussels;VALUE=DATE:20260201'), 'dtend');
    expect(p).toMatchObject({ type: 'date', parameters: { tzid: 'Europe/Brussels' } });
    expect(prop(event('X-A;VALUE=TEXT,URI:b'), 'x-a').parameters).toEqual({
      value: ['TEXT', 'URI'],
    });
  });
});

describe('parseICalendar: parameters (RFC 5545 §3.2, RFC 6868)', () => {
  it('reads quoted values holding : ; , and lists of quoted values', () => {
    const p = prop(
      event(
        'ATTENDEE;CN="Doe, John; Jr.";MEMBER="mailto:a@x","mailto:b@x";DELEGATED-TO="mailto:c@x":mailto:j@x',
      ),
      'attendee',
    );
    expect(p.parameters).toEqual({
      cn: 'Doe, John; Jr.',
      member: ['mailto:a@x', 'mailto:b@x'],
      'delegated-to': 'mailto:c@x',
    });
    expect(p.values).toEqual(['mailto:j@x']);
  });

  it("lowercases parameter names and decodes ^n ^' ^^", () => {
    const p = prop(event("ORGANIZER;Cn=A ^'B^' ^^ C^nD:mailto:o@x"), 'organizer');
    expect(p.parameters).toEqual({ cn: 'A "B" ^ C\nD' });
  });

  it('drops VALUE and keeps the type it names (RFC 6321 §3.5.1)', () => {
    const p = prop(
      event('RDATE;VALUE=PERIOD:20260101T100000Z/PT1H,20260102T100000Z/20260102T110000Z'),
      'rdate',
    );
    expect(p.parameters).toEqual({});
    expect(p.type).toBe('period');
    expect(p.values).toEqual([
      { start: '2026-01-01T10:00:00Z', duration: 'PT1H' },
      { start: '2026-01-02T10:00:00Z', end: '2026-01-02T11:00:00Z' },
    ]);
  });
});

describe('parseICalendar: value types', () => {
  it('reads DATE-TIME as UTC, floating or zoned and DATE as all-day', () => {
    const ics = wrap(
      'BEGIN:VEVENT',
      'UID:u',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Brussels:20260131T090000',
      'DTEND:20260131T100000',
      'RECURRENCE-ID;VALUE=DATE:20260131',
      'END:VEVENT',
    );
    const e = parseICalendar(ics).events[0];
    expect(e?.dtstamp).toEqual({ value: '2026-01-01T00:00:00Z' });
    expect(e?.start).toEqual({ value: '2026-01-31T09:00:00', tzid: 'Europe/Brussels' });
    expect(e?.end).toEqual({ value: '2026-01-31T10:00:00' });
    expect(e?.recurrenceId).toEqual({ value: '2026-01-31' });
  });

  it('reads a bare 8-digit DTSTART as a DATE (RFC 6321 B.1)', () => {
    const ics = wrap(
      'BEGIN:VEVENT',
      'UID:u',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20081006',
      'END:VEVENT',
    );
    expect(parseICalendar(ics).events[0]?.start).toEqual({ value: '2008-10-06' });
  });

  it('reads DURATION, RECUR, UTC-OFFSET, INTEGER, FLOAT (GEO), BOOLEAN, URI, CAL-ADDRESS, TEXT lists', () => {
    const ics = event(
      'DURATION:-P1DT2H',
      'RRULE:FREQ=MONTHLY;UNTIL=20261231T235959Z;BYDAY=-1SU,2MO;BYMONTHDAY=1,-1;WKST=MO',
      'SEQUENCE:3',
      'GEO:37.386013;-122.082932',
      'X-FLAG;VALUE=BOOLEAN:TRUE',
      'X-OFFSET;VALUE=UTC-OFFSET:-050030',
      'X-AT;VALUE=TIME:120000Z',
      'ORGANIZER:mailto:o@x',
      'CATEGORIES:a\\,b,c',
      'REQUEST-STATUS:2.0;Success',
    );
    const e = defined(parseICalendar(ics).events[0]);
    expect(e.duration).toBe('-P1DT2H');
    expect(e.rrule).toEqual({
      freq: 'MONTHLY',
      until: '2026-12-31T23:59:59Z',
      byday: ['-1SU', '2MO'],
      bymonthday: [1, -1],
      wkst: 'MO',
    });
    expect(e.sequence).toBe(3);
    expect(e.organizer).toEqual({ address: 'mailto:o@x', parameters: {} });
    expect(e.categories).toEqual(['a,b', 'c']);
    const byName = Object.fromEntries(
      defined(e.properties).map((p) => [p.name, [p.type, p.values]]),
    );
    expect(byName.geo).toEqual(['float', [[37.386013, -122.082932]]]);
    expect(byName['x-flag']).toEqual(['boolean', [true]]);
    expect(byName['x-offset']).toEqual(['utc-offset', ['-05:00:30']]);
    expect(byName['x-at']).toEqual(['time', ['12:00:00Z']]);
    expect(byName['request-status']).toEqual(['text', [['2.0', 'Success']]]);
  });

  it('keeps an unknown x- property as unknown, its text unprocessed (RFC 6321 §5)', () => {
    expect(prop(event('X-PROPERTY:20110512T120000Z\\,x'), 'x-property')).toMatchObject({
      type: 'unknown',
      values: ['20110512T120000Z\\,x'],
    });
  });

  it('decodes ENCODING=BASE64 on a non-BINARY value and drops ENCODING (RFC 6321 §3.1)', () => {
    const p = prop(
      event(`DESCRIPTION;ENCODING=BASE64:${Buffer.from('héllo').toString('base64')}`),
      'description',
    );
    expect(p).toMatchObject({ parameters: {}, values: ['héllo'] });
  });

  it('reads a value of another type than the default as what it looks like, with a warning', () => {
    const warnings: string[] = [];
    const ics = wrap(
      'BEGIN:VTODO',
      'UID:t',
      'BEGIN:VALARM',
      'ACTION:AUDIO',
      'TRIGGER:19980403T120000Z',
      'END:VALARM',
      'END:VTODO',
    );
    const root = defined(readICalendarComponents(ics, { onWarning: (m) => warnings.push(m) })[0]);
    const alarm = defined(defined(root.components[0]).components[0]);
    expect(alarm.properties[1]).toMatchObject({
      name: 'trigger',
      type: 'date-time',
      values: ['1998-04-03T12:00:00Z'],
    });
    expect(warnings.join()).toMatch(/TRIGGER/);
  });
});

describe('parseICalendar: events read as their lines are read', () => {
  const rich = (uid: string) => [
    'BEGIN:VEVENT',
    `uid:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Brussels:20260131T090000',
    'DTEND;VALUE=DATE:20260201',
    'Summary;LANGUAGE=fr:Première\\, deuxième',
    'SUMMARY:a second summary stays a property',
    'DESCRIPTION:two\\nlines',
    'CATEGORIES:a,b\\,c',
    'CATEGORIES;LANGUAGE=en:d',
    'ORGANIZER:mailto:o@example.org',
    'ATTENDEE:mailto:a@example.org',
    'ATTENDEE;CN="Doe, J";ROLE=CHAIR:mailto:j@example.org',
    'RDATE:20260207T090000,20260214T090000',
    'EXDATE;TZID=Europe/Brussels:20260221T090000',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'SEQUENCE:2',
    'SEQUENCE;X-A=b:3',
    'UID:a second UID stays a property',
    'URL;VALUE=TEXT:not a uri',
    'GEO:50.8;4.3',
    'X-THING;X-P=q:kept',
    'TRIGGER:20260131T080000Z',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15M',
    'END:VALARM',
    'END:VEVENT',
  ];

  it('reads each event as eventFromComponent reads the component of the same text', () => {
    const ics = wrap(...rich('one'), ...rich('two'), ...rich('three'));
    const expected = defined(readICalendarComponents(ics)[0]).components.map(eventFromComponent);
    const warnings: string[] = [];
    const read = parseICalendar(ics, { onWarning: (w) => warnings.push(w) }).events;
    expect(read).toEqual(expected);
    expect(read.map((e) => e.uid)).toEqual(['one', 'two', 'three']);
    expect(read[0]?.properties?.map((p) => p.name)).toEqual([
      'summary',
      'sequence',
      'uid',
      'url',
      'geo',
      'x-thing',
      'trigger',
    ]);
    expect(warnings).toEqual([
      'line 26: TRIGGER is not a DURATION; read as DATE-TIME',
      'line 54: TRIGGER is not a DURATION; read as DATE-TIME',
      'line 82: TRIGGER is not a DURATION; read as DATE-TIME',
    ]);
  });

  it('reads events whose properties come in another order, or another case, from one event to the next', () => {
    const one = ['BEGIN:VEVENT', 'UID:1', 'DTSTART:20260101', 'SUMMARY:a', 'END:VEVENT'];
    const two = ['begin:vevent', 'summary:b', 'dtStart:20260102', 'uid:2', 'end:vevent'];
    const three = ['BEGIN:VEVENT', 'SUMMARY:c', 'UID:3', 'X-A:x', 'DTSTART:20260103', 'END:VEVENT'];
    const events = parseICalendar(wrap(...one, ...two, ...three, ...one)).events;
    expect(events.map((e) => [e.uid, e.start.value, e.summary])).toEqual([
      ['1', '2026-01-01', 'a'],
      ['2', '2026-01-02', 'b'],
      ['3', '2026-01-03', 'c'],
      ['1', '2026-01-01', 'a'],
    ]);
    expect(events[2]?.properties).toEqual([
      { name: 'x-a', parameters: {}, type: 'unknown', values: ['x'] },
    ]);
  });

  it('gives each calendar user and each property kept its own parameters object', () => {
    const ics = event('ORGANIZER:mailto:o@example.org', 'ATTENDEE:mailto:a@example.org', 'X-A:1');
    const [read] = parseICalendar(ics).events;
    const users = [defined(read?.organizer), ...defined(read?.attendees)];
    for (const user of users) user.parameters.cn = 'set';
    defined(read?.properties?.[0]).parameters.x = 'set';
    expect(users.map((u) => u.parameters)).toEqual([{ cn: 'set' }, { cn: 'set' }]);
    expect(parseICalendar(ics).events[0]?.attendees?.[0]?.parameters).toEqual({});
  });

  it('counts the properties read into fields against maxProperties', () => {
    const ics = event('SUMMARY:x', 'LOCATION:y');
    expect(parseICalendar(ics, { limits: { maxProperties: 5 } }).events).toHaveLength(1);
    expect(() => parseICalendar(ics, { limits: { maxProperties: 4 } })).toThrow(
      expect.objectContaining({ limit: 'maxProperties', message: expect.stringMatching(/line 9/) }),
    );
  });

  it('refuses a VEVENT without DTSTART when it ends, before any later line is read', () => {
    const ics = wrap('BEGIN:VEVENT', 'UID:u', 'END:VEVENT', 'NO COLON');
    expect(() => parseICalendar(ics)).toThrow(/VEVENT u without a DTSTART/);
  });
});

describe('parseICalendar: streams', () => {
  it('reads the first VCALENDAR of a stream, its events in order, and leaves the others (with a warning)', () => {
    const first = event('SUMMARY:one').replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:u2\r\nDTSTART:20260102\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    // The second calendar's VEVENT lacks a UID: it is not read, so it is no error.
    const second = wrap('BEGIN:VEVENT', 'DTSTART:20260101', 'END:VEVENT');
    const warnings: string[] = [];
    const calendar = parseICalendar(first + second, { onWarning: (w) => warnings.push(w) });
    expect(calendar.events.map((e) => e.uid)).toEqual(['u1', 'u2']);
    expect(warnings).toEqual(['2 VCALENDARs in the input; only the first is read']);
    expect(
      parseICalendar(second.replace('END:VEVENT', 'UID:s\r\nEND:VEVENT') + first).events.map(
        (e) => e.uid,
      ),
    ).toEqual(['s']);
  });
});

describe('parseICalendar: errors', () => {
  const position = (ics: string) => {
    try {
      parseICalendar(ics);
    } catch (error) {
      expect(error).toBeInstanceOf(ICalendarSyntaxError);
      const e = error as ICalendarSyntaxError;
      return { code: e.code, line: e.line, column: e.column };
    }
    throw new Error('no error');
  };

  it('reports a line without a colon with its line and column', () => {
    expect(position(event('SUMMARY no colon'))).toEqual({
      code: 'ERR_ICAL_SYNTAX',
      line: 8,
      column: 17,
    });
  });

  it('reports a position inside a folded line on the physical line and column it came from', () => {
    // Line 8 is "ATTENDEE;CN=", line 9 " Jane;RSVP=", line 10 ' "x:mailto:a@example.org' (an unterminated quote).
    expect(position(event('ATTENDEE;CN=\r\n Jane;RSVP=\r\n "x:mailto:a@example.org'))).toEqual({
      code: 'ERR_ICAL_SYNTAX',
      line: 10,
      column: 2,
    });
    expect(position(event('SUMMARY\r\n\tno colon here'))).toMatchObject({ line: 9, column: 15 });
    expect(position(event('ATTENDEE;CN=\r\n Jane;RSVP:x'))).toMatchObject({ line: 9, column: 7 });
  });

  it('reports a malformed value where it is declared', () => {
    expect(position(event('DTEND;VALUE=DATE-TIME:2026-01-31'))).toMatchObject({ line: 8 });
  });

  it('reports mismatched and missing END lines', () => {
    expect(position(wrap('BEGIN:VEVENT', 'END:VTODO'))).toMatchObject({ line: 5 });
    expect(position('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toMatchObject({ line: 3 });
    expect(position('BEGIN:VCALENDAR\r\nVERSION:2\r\n .0\r\n')).toMatchObject({ line: 4 });
    expect(position('SUMMARY:x\r\n')).toMatchObject({ line: 1 });
  });

  it('refuses dates and times out of range (month 13, hour 24) with their line, whether or not VALUE is given', () => {
    expect(position(event('DTEND:20261345T090000'))).toMatchObject({
      code: 'ERR_ICAL_SYNTAX',
      line: 8,
    });
    expect(position(event('DTEND:20260131T240000Z'))).toMatchObject({ line: 8 });
    expect(position(event('DTEND;VALUE=DATE:20260132'))).toMatchObject({ line: 8 });
    // A value of another type that looks like a date but is not one is an error, not a guess.
    expect(position(event('TRIGGER:20261345T090000Z'))).toMatchObject({ line: 8 });
    expect(parseICalendar(event('DTEND:20261231T235960Z')).events[0]?.end).toEqual({
      value: '2026-12-31T23:59:60Z',
    });
  });

  it('refuses dates whose day, minute, second or shape is wrong', () => {
    for (const value of [
      '20260100',
      '20260132T090000Z',
      '20260131T096000Z',
      '20260131T090061Z',
      '20260131T090000X',
      '20260131X090000Z',
      '2026013',
      '2026O131',
      '20260131T0900000',
    ])
      expect(position(event(`DTEND:${value}`)), value).toMatchObject({ line: 8 });
    expect(parseICalendar(event('DTEND;VALUE=DATE:20260131')).events[0]?.end).toEqual({
      value: '2026-01-31',
    });
  });

  it('refuses an unterminated quoted parameter', () => {
    expect(position(event('ATTENDEE;CN="open:mailto:a@x'))).toMatchObject({ line: 8 });
  });

  it('refuses a VEVENT without UID', () => {
    expect(() =>
      parseICalendar(wrap('BEGIN:VEVENT', 'DTSTART:20260101T000000Z', 'END:VEVENT')),
    ).toThrow(/UID/);
  });

  it('stops at its limits', () => {
    const deep = `${'BEGIN:X\r\n'.repeat(20)}${'END:X\r\n'.repeat(20)}`;
    expect(() => readICalendarComponents(deep)).toThrow(LimitExceededError);
    expect(() =>
      readICalendarComponents(event('SUMMARY:x'), { limits: { maxInputLength: 10 } }),
    ).toThrow(/maxInputLength/);
    expect(() =>
      readICalendarComponents(event('SUMMARY:x'), { limits: { maxProperties: 3 } }),
    ).toThrow(/maxProperties/);
    expect(() =>
      readICalendarComponents(event('SUMMARY:x'), { limits: { maxComponents: 1 } }),
    ).toThrow(
      expect.objectContaining({ code: 'ERR_LIMIT_EXCEEDED', limit: 'maxComponents', max: 1 }),
    );
  });

  it('refuses a limit that is not a positive integer as misuse', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() =>
        readICalendarComponents(event('SUMMARY:x'), { limits: { maxDepth: bad } }),
      ).toThrow(RangeError);
  });
});
