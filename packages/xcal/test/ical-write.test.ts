import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, parseICalendar, toICalendar, unescapeText } from '../src/index.js';
import { dateToICal } from '../src/lexical-forms.js';
import { defined, unfoldedLines } from './helpers.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('dateToICal', () => {
  it('drops the separators of every date and date-time, in the form of the model or not', () => {
    const values = [
      '2026-01-31T09:00:00Z',
      '2026-01-31T09:00:00',
      '0001-12-31T23:59:60Z',
      '2026-01-31',
      '2026-01-31T09:00:00+01:00',
      '2026-01-31T09:00:00.5',
      '2026-01-31X09:00:00Z',
      '2026-01-31T09-00:00Z',
      '20260131T090000Z',
      ':-::-:-:--:-::-:-:-',
    ];
    for (const value of values) expect(dateToICal(value)).toBe(value.replace(/[-:]/g, ''));
  });
});

describe('foldLine', () => {
  it('leaves lines of 75 octets alone', () => {
    const line = `SUMMARY:${'a'.repeat(67)}`;
    expect(octets(line)).toBe(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds ASCII lines at 75 octets with CRLF and one space', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBe(3);
    for (const part of parts) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('never splits a UTF-8 sequence or a surrogate pair (CJK and emoji)', () => {
    const line = `SUMMARY:${'会議室😀é'.repeat(30)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      // A broken sequence would not survive a UTF-8 round trip.
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
      expect(/[\ud800-\udbff]$/.test(part)).toBe(false);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('fills each line: the character that starts the next one would not have fitted', () => {
    const line = `DESCRIPTION:${'Salle é — 会😀, '.repeat(25)}`;
    const parts = foldLine(line).split('\r\n');
    for (let i = 0; i + 1 < parts.length; i++) {
      const next = String.fromCodePoint((parts[i + 1] as string).slice(1).codePointAt(0) as number);
      expect(octets(`${parts[i]}${next}`)).toBeGreaterThan(75);
    }
  });
});

describe('TEXT escaping (RFC 5545 §3.3.11)', () => {
  it('escapes backslash, semicolon, comma and newline, not colon', () => {
    expect(escapeText('a\\b;c,d\ne:f')).toBe('a\\\\b\\;c\\,d\\ne:f');
    expect(escapeText('a\r\nb')).toBe('a\\nb');
  });

  it('turns a lone CR into \\n as well, and leaves text without those characters as it is', () => {
    expect(escapeText('a\rb\r\r\nc')).toBe('a\\nb\\n\\nc');
    const plain = 'nothing to escape: here';
    expect(escapeText(plain)).toBe(plain);
  });

  it('unescapes \\n and \\N to a newline and the others to themselves', () => {
    expect(unescapeText('a\\\\b\\;c\\,d\\ne\\Nf')).toBe('a\\b;c,d\ne\nf');
  });
});

describe('toICalendar', () => {
  const calendar = {
    prodid: '-//Convene//test//EN',
    version: '2.0',
    name: 'FOSDEM 2016',
    events: [
      {
        uid: 'talk-1@fosdem',
        dtstamp: { value: '2016-01-01T00:00:00Z' },
        start: { value: '2016-01-31T09:00:00', tzid: 'Europe/Brussels' },
        duration: 'PT10M',
        summary: 'Intro; SDR, radio\\etc\nsecond line',
        categories: ['Radio, software', 'SDR'],
        attendees: [
          { address: 'mailto:m@example.org', parameters: { cn: 'Braun, Martin', role: 'CHAIR' } },
        ],
      },
      {
        uid: 'all-day',
        dtstamp: { value: '2016-01-01T00:00:00Z' },
        start: { value: '2016-01-30' },
      },
    ],
  };
  const ics = toICalendar(calendar);

  it('ends every line with CRLF and nothing else', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('escapes TEXT, quotes parameter values holding , ; : and writes VALUE=DATE for all-day starts', () => {
    const lines = unfoldedLines(ics);
    expect(lines).toContain('SUMMARY:Intro\\; SDR\\, radio\\\\etc\\nsecond line');
    expect(lines).toContain('CATEGORIES:Radio\\, software,SDR');
    expect(lines).toContain('ATTENDEE;CN="Braun, Martin";ROLE=CHAIR:mailto:m@example.org');
    expect(lines).toContain('DTSTART;TZID=Europe/Brussels:20160131T090000');
    expect(lines).toContain('DTSTART;VALUE=DATE:20160130');
    expect(lines).toContain('X-WR-CALNAME:FOSDEM 2016');
  });

  it('reads back what it writes', () => {
    expect(parseICalendar(ics)).toEqual(calendar);
  });

  it('encodes ^, newline and " in parameter values per RFC 6868', () => {
    const out = toICalendar({
      ...calendar,
      events: [
        {
          ...defined(calendar.events[1]),
          organizer: { address: 'mailto:a@b', parameters: { cn: 'say "hi"\n^' } },
        },
      ],
    });
    expect(unfoldedLines(out)).toContain("ORGANIZER;CN=say ^'hi^'^n^^:mailto:a@b");
    expect(parseICalendar(out).events[0]?.organizer?.parameters.cn).toBe('say "hi"\n^');
  });

  it('adds a DTSTAMP (required by RFC 5545 §3.6.1) when the event has none', () => {
    const out = toICalendar(
      { ...calendar, events: [{ uid: 'x', start: { value: '2016-01-30' } }] },
      { dtstamp: new Date('2026-11-23T10:00:00.123Z') },
    );
    expect(unfoldedLines(out)).toContain('DTSTAMP:20261123T100000Z');
  });

  it('never lets a value or a name start a new content line (no CR, LF or other control character outside TEXT escaping)', () => {
    const base = { uid: 'x', start: { value: '2016-01-30' } };
    const write = (event: object) => () =>
      toICalendar({ ...calendar, events: [{ ...base, ...event }] });
    const refused = expect.objectContaining({ code: 'ERR_INVALID_VALUE' });
    expect(write({ url: 'https://example.org/\r\nX-EVIL:1' })).toThrow(refused);
    expect(write({ organizer: { address: 'mailto:a@example.org\nEND:VEVENT' } })).toThrow(refused);
    expect(write({ summary: 'a\u0000b' })).toThrow(refused);
    expect(
      write({
        properties: [{ name: 'x-a', parameters: {}, type: 'unknown', values: ['a\nEND:VEVENT'] }],
      }),
    ).toThrow(refused);
    expect(
      write({
        properties: [{ name: 'x-a:b\r\nx-b', parameters: {}, type: 'text', values: ['a'] }],
      }),
    ).toThrow(/not an iCalendar name/);
    expect(write({ parameters: { summary: { 'x-p=1:': 'v' } }, summary: 's' })).toThrow(
      /not an iCalendar name/,
    );
    // TEXT and parameter values carry newlines escaped, and HTAB as it is.
    const out = toICalendar({
      ...calendar,
      events: [
        {
          ...base,
          summary: 'a\r\nb\tc',
          attendees: [{ address: 'mailto:a@example.org', parameters: { cn: 'A\nB' } }],
        },
      ],
    });
    expect(unfoldedLines(out)).toEqual(
      expect.arrayContaining(['SUMMARY:a\\nb\tc', 'ATTENDEE;CN=A^nB:mailto:a@example.org']),
    );
  });

  it('folds a written line exactly when it passes 75 octets, counting non-ASCII values and parameters in UTF-8', () => {
    const user = (cn: string) => ({ address: 'mailto:a@b', parameters: { cn } });
    const cases = [
      { summary: 'a'.repeat(67) }, // SUMMARY: and 67 characters: 75 octets
      { summary: 'a'.repeat(68) },
      { location: 'é'.repeat(33) }, // LOCATION: and 66 octets: 75
      { location: 'é'.repeat(34) }, // 43 characters, 77 octets
      { attendees: [user('é'.repeat(26))] }, // ATTENDEE;CN=…:mailto:a@b, 75 octets
      { attendees: [user('é'.repeat(27))] }, // 50 characters, 77 octets
      { summary: '会'.repeat(8) }, // 16 characters, 32 octets
      { url: `https://example.org/${'x'.repeat(60)}` },
    ];
    for (const fields of cases) {
      const ics = toICalendar({
        ...calendar,
        events: [{ uid: 'x', dtstamp: '2016-01-01T00:00:00Z', start: '2016-01-30', ...fields }],
      });
      const physical = ics.split('\r\n');
      for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
      for (const line of unfoldedLines(ics))
        expect(physical.includes(line)).toBe(octets(line) <= 75);
      const [event] = parseICalendar(ics).events;
      expect(event).toMatchObject(fields);
    }
  });

  it('refuses an event without uid or with a malformed start', () => {
    expect(() =>
      toICalendar({ ...calendar, events: [{ uid: '', start: { value: '2016-01-30' } }] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_VALUE' }));
    expect(() =>
      toICalendar({ ...calendar, events: [{ uid: 'x', start: { value: '31/01/2016' } }] }),
    ).toThrow(/DTSTART/);
  });
});
