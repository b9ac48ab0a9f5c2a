// The legacy xCal family: the Open Event post's FOSDEM sample and the variants producers wrote.
import { describe, expect, it, vi } from 'vitest';
import { parseXCal, toICalendar, toXCal, XmlError, xcalFlavour } from '../src/index.js';
import { XmlElement } from '../src/xcal/xml.js';
import { unfoldedLines, vector, xmlStructure } from './helpers.js';

const read = (xml: string) => {
  const warnings: string[] = [];
  const calendar = parseXCal(xml, { onWarning: (w) => warnings.push(w) });
  return { calendar, warnings };
};

describe('the FOSDEM 2016 sample of the Open Event post', () => {
  const xml = vector('open-event-fosdem-2016.xml');

  it('is detected as legacy and read into the model without warnings', () => {
    expect(xcalFlavour(xml)).toBe('legacy');
    const { calendar, warnings } = read(xml);
    expect(warnings).toEqual([]);
    expect(calendar).toEqual({
      prodid: '-//Pentabarf//Schedule 1.0//EN',
      version: '2.0',
      method: 'PUBLISH',
      description: 'FOSDEM 2016',
      name: 'Schedule for events at FOSDEM 2016',
      events: [
        {
          uid: '123e4567-e89b-12d3-a456-426655440000',
          start: { value: '2016-01-31T09:00:00' },
          end: { value: '2016-01-31T09:10:00' },
          summary: 'Introduction to the SDR Track- Speakers, Topics, Algorithm',
          description: '<p>The opening talk for the SDR devroom at FOSDEM 2016.</p>',
          class: 'PUBLIC',
          status: 'CONFIRMED',
          categories: ['Software Defined Radio'],
          url: 'https:/fosdem.org/2016/schedule/event/sdrintro/',
          location: 'AW1.125',
          attendees: [{ address: 'Martin Braun', parameters: {} }],
        },
      ],
    });
  });

  it('writes back in the same legacy shape (FOSDEM/frab element order, 00:10:00:00 duration)', () => {
    expect(xmlStructure(toXCal(read(xml).calendar, { flavour: 'legacy' }))).toEqual(
      xmlStructure(xml),
    );
  });

  it('converts to RFC 6321 xCal and to iCalendar', () => {
    const { calendar } = read(xml);
    const rfc = toXCal(calendar, { dtstamp: new Date('2016-01-20T00:00:00Z') });
    expect(xcalFlavour(rfc)).toBe('rfc6321');
    expect(rfc).toContain('<dtstart><date-time>2016-01-31T09:00:00</date-time></dtstart>');
    expect(parseXCal(rfc)).toEqual({
      ...calendar,
      events: [{ ...calendar.events[0], dtstamp: { value: '2016-01-20T00:00:00Z' } }],
    });
    expect(unfoldedLines(toICalendar(calendar))).toContain('X-WR-CALDESC:FOSDEM 2016');
  });
});

const legacy = (root: string, events: string) =>
  `<?xml version="1.0" encoding="utf-8"?>${root}<vcalendar><version>2.0</version><prodid>-//x//EN</prodid>${events}</vcalendar></iCalendar>`;

describe('legacy variants', () => {
  it('Open Event: ISO dates with offsets become UTC; a malformed duration gives way to dtend, with a warning', () => {
    const { calendar, warnings } = read(
      legacy(
        '<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal">',
        '<vevent><method>PUBLISH</method><uid>12-fosdem16</uid><dtstart>2016-01-31T09:00:00+01:00</dtstart><dtend>2016-01-31T09:10:00+01:00</dtend><duration>0:10:0000:00</duration><summary>S</summary><categories></categories></vevent>',
      ),
    );
    const event = calendar.events[0];
    expect(event?.start).toEqual({ value: '2016-01-31T08:00:00Z' });
    expect(event?.end).toEqual({ value: '2016-01-31T08:10:00Z' });
    expect(event?.duration).toBeUndefined();
    expect(event?.categories).toEqual(['']);
    expect(warnings.join()).toMatch(/duration "0:10:0000:00"/);
  });

  it('reads HH:MM:SS:FF durations without dtend, and says a malformed one is skipped when nothing replaces it', () => {
    const { calendar, warnings } = read(
      legacy(
        '<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal">',
        '<vevent><uid>a</uid><dtstart>20160131T090000</dtstart><duration>00:10:00:00</duration></vevent>' +
          '<vevent><uid>b</uid><dtstart>20160131T090000</dtstart><duration>0:10:0000:00</duration></vevent>',
      ),
    );
    expect(calendar.events.map((e) => [e.uid, e.duration, e.end])).toEqual([
      ['a', 'PT10M', undefined],
      ['b', undefined, undefined],
    ]);
    expect(warnings).toEqual([
      '/iCalendar/vcalendar[0]/vevent[1]/duration[0]: duration "0:10:0000:00" is not a duration; skipped (a <dtend>, when there is one, gives the end)',
    ]);
  });

  it('frab/Pentabarf: pentabarf:* elements skipped with a warning, <category>, HHMMSS durations', () => {
    const { calendar, warnings } = read(
      legacy(
        '<iCalendar xmlns:pentabarf="http://pentabarf.org" xmlns:xCal="urn:ietf:params:xml:ns:xcal">',
        '<vevent><pentabarf:event-id>3871</pentabarf:event-id><uid>3871@FOSDEM16@pentabarf.org</uid><dtstart>20160131T090000</dtstart><duration>003000</duration><category>Lecture</category></vevent>',
      ),
    );
    expect(calendar.events[0]).toMatchObject({ duration: 'PT30M', categories: ['Lecture'] });
    expect(warnings.join()).toMatch(/event-id.*pentabarf\.org/);
  });

  it('any namespace of the calendar itself, default or prefixed, is read as legacy xCal', () => {
    const event =
      '<vevent><uid>n1</uid><dtstart>20160131T090000</dtstart><summary>S</summary></vevent>';
    for (const xml of [
      `<iCalendar xmlns="http://example.org/schedule"><vcalendar><version>2.0</version>${event}</vcalendar></iCalendar>`,
      `<x:iCalendar xmlns:x="http://example.org/schedule"><x:vcalendar>${event.replace(/<(\/?)/g, '<$1x:')}</x:vcalendar></x:iCalendar>`,
    ]) {
      const { calendar, warnings } = read(xml);
      expect(calendar.events.map((e) => [e.uid, e.summary])).toEqual([['n1', 'S']]);
      expect(warnings).toEqual([]);
    }
  });

  it('pretalx: single quotes and H.0MM00 durations', () => {
    const { calendar } = read(
      legacy(
        "<iCalendar xmlns:xCal='urn:ietf:params:xml:ns:xcal'>",
        '<vevent><uid>CBAWUB@@cfp.matrix.org</uid><dtstart>20240920T100000</dtstart><duration>0.04500</duration></vevent><vevent><uid>B</uid><dtstart>20240920T110000</dtstart><duration>1.00000</duration></vevent>',
      ),
    );
    expect(calendar.events.map((e) => e.duration)).toEqual(['PT45M', 'PT1H']);
  });

  it('draft-royer-calsch-xcal: parameters as attributes, value="DATE", the xcal default namespace', () => {
    const { calendar } = read(
      legacy(
        '<iCalendar xmlns="urn:ietf:params:xml:ns:xcal">',
        '<vevent><uid>r1</uid><dtstart value="DATE">19981116</dtstart><dtend tzid="America/Chicago">19981117T090000</dtend><attendee role="CHAIR" rsvp="TRUE">mailto:a@example.org</attendee><rrule>FREQ=WEEKLY;COUNT=3</rrule></vevent>',
      ),
    );
    expect(calendar.events[0]).toMatchObject({
      start: { value: '1998-11-16' },
      end: { value: '1998-11-17T09:00:00', tzid: 'America/Chicago' },
      attendees: [{ address: 'mailto:a@example.org', parameters: { role: 'CHAIR', rsvp: 'TRUE' } }],
      rrule: { freq: 'WEEKLY', count: 3 },
    });
  });

  it('skips, with warnings, dates out of range, in basic or ISO form, with or without an offset', () => {
    const dates = [
      '20161345T090000',
      '2016-13-45T09:00:00+01:00',
      '2016-01-31T25:00:00',
      '2016-12-31T23:59:60+01:00',
    ];
    const { calendar, warnings } = read(
      legacy(
        '<iCalendar>',
        dates.map((d, i) => `<vevent><uid>${i}</uid><dtstart>${d}</dtstart></vevent>`).join(''),
      ),
    );
    expect(calendar.events).toEqual([]);
    for (const i of dates.keys())
      expect(warnings).toContainEqual(expect.stringContaining(`vevent[${i}]/dtstart[0]: `));
    expect(warnings.filter((w) => w.endsWith('skipped'))).toHaveLength(dates.length * 2);
  });

  it('skips, with warnings, events without uid and values it cannot read', () => {
    const { calendar, warnings } = read(
      legacy(
        '<iCalendar>',
        '<vevent><dtstart>20160131T090000</dtstart></vevent><vevent><uid>ok</uid><dtstart>20160131T090000</dtstart><dtend>tomorrow</dtend></vevent>',
      ),
    );
    expect(calendar.events.map((e) => e.uid)).toEqual(['ok']);
    expect(warnings).toHaveLength(2);
  });
  it("moves the first per-event METHOD to a calendar without one, and keeps a calendar's own", () => {
    const event = (uid: string, method: string) =>
      `<vevent><method>${method}</method><uid>${uid}</uid><dtstart>20160131T090000</dtstart></vevent>`;
    const root = '<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal">';
    const moved = read(legacy(root, event('a', 'PUBLISH') + event('b', 'CANCEL'))).calendar;
    expect(moved.method).toBe('PUBLISH');
    expect(moved.events.map((e) => [e.uid, e.properties])).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
    const own = read(legacy(root, `${event('a', 'PUBLISH')}<method>REQUEST</method>`)).calendar;
    expect(own.method).toBe('REQUEST');
  });

  it('reads names in any case, lists of dates and nested components, and skips what is no iCalendar name', () => {
    const { calendar, warnings } = read(
      '<iCalendar><VCALENDAR><PRODID>p</PRODID><VERSION>2.0</VERSION><VEVENT><UID>u</UID>' +
        '<DTSTART>20160131T090000</DTSTART><EXDATE>20160207T090000, 20160214T090000</EXDATE>' +
        '<x_room>K</x_room><VALARM><ACTION>DISPLAY</ACTION><TRIGGER>-PT5M</TRIGGER></VALARM>' +
        '</VEVENT></VCALENDAR></iCalendar>',
    );
    expect(calendar.events).toEqual([
      {
        uid: 'u',
        start: { value: '2016-01-31T09:00:00' },
        exdate: [{ value: '2016-02-07T09:00:00' }, { value: '2016-02-14T09:00:00' }],
        components: [
          {
            name: 'valarm',
            properties: [
              { name: 'action', parameters: {}, type: 'text', values: ['DISPLAY'] },
              { name: 'trigger', parameters: {}, type: 'duration', values: ['-PT5M'] },
            ],
            components: [],
          },
        ],
      },
    ]);
    expect(warnings).toEqual([
      '/iCalendar/VCALENDAR[0]/VEVENT[0]/x_room[0]: <x_room> is not an iCalendar name; skipped',
    ]);
  });

  it('reads the events of the first calendar only, even when a later one has them', () => {
    const { calendar, warnings } = read(
      '<iCalendar><vcalendar><prodid>one</prodid><version>2.0</version></vcalendar>' +
        '<vcalendar><prodid>two</prodid><version>2.0</version><vevent><uid>b</uid><dtstart>20160131T090000</dtstart></vevent></vcalendar></iCalendar>',
    );
    expect([calendar.prodid, calendar.events]).toEqual(['one', []]);
    expect(warnings).toEqual(['2 VCALENDARs in the input; only the first is read']);
  });
});

describe('legacy event children', () => {
  const ROOT = '<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal">';
  const event = (inner: string) =>
    `<vevent><uid>u</uid><dtstart>20160131T090000</dtstart>${inner}</vevent>`;
  const thrown = (xml: string): XmlError => {
    try {
      parseXCal(xml);
    } catch (error) {
      if (error instanceof XmlError) return error;
      throw error;
    }
    throw new Error('nothing thrown');
  };

  it('are named by their path when they hold a bad reference or an undeclared prefix', () => {
    expect(thrown(legacy(ROOT, event('') + event('<summary>a &#x1; b</summary>'))).path).toBe(
      '/iCalendar/vcalendar[0]/vevent[1]/summary[0]',
    );
    expect(thrown(legacy(ROOT, event('<location x="&bogus;">L</location>'))).path).toBe(
      '/iCalendar/vcalendar[0]/vevent[0]/location[0]',
    );
    expect(thrown(legacy(ROOT, event('<p:note>n</p:note>'))).message).toBe(
      'undeclared prefix "p" at /iCalendar/vcalendar[0]/vevent[0]/note[0]',
    );
    // Text directly in the event is checked as well, and named by the event's path.
    expect(thrown(legacy(ROOT, `${event('')}\n<vevent>&#0;</vevent>`)).path).toBe(
      '/iCalendar/vcalendar[0]/vevent[1]',
    );
  });

  it('are numbered among those of the same name in warnings, text and attributes decoded', () => {
    const { calendar, warnings } = read(
      legacy(
        ROOT,
        event(
          '\n  <rrule/>\n  <rrule>nonsense</rrule>\n  <summary>Q&amp;A &#x263A;</summary><attendee cn="A &amp; B">mailto:a@example.org</attendee>',
        ),
      ),
    );
    expect(warnings).toEqual([
      '/iCalendar/vcalendar[0]/vevent[0]/rrule[0]: empty <rrule> skipped',
      expect.stringMatching(
        /^\/iCalendar\/vcalendar\[0\]\/vevent\[0\]\/rrule\[1\]: .*<rrule> skipped$/,
      ),
    ]);
    expect(calendar.events[0]).toMatchObject({
      summary: 'Q&A \u263a',
      attendees: [{ address: 'mailto:a@example.org', parameters: { cn: 'A & B' } }],
    });
  });

  it('are numbered in the calendar as events come, with other elements between them', () => {
    // Each event warns as it is read, while the calendar is still taking children.
    const skipped = '<y:title xmlns:y="http://example.org/y">T</y:title>';
    const { warnings } = read(
      legacy(
        ROOT,
        [0, 1, 2, 3]
          .map((i) => `${event(skipped)}${i % 2 === 0 ? '<x-note>n</x-note>' : ''}`)
          .join(''),
      ),
    );
    expect(warnings).toEqual(
      [0, 1, 2, 3].map(
        (i) =>
          `/iCalendar/vcalendar[0]/vevent[${i}]/title[0]: <title> of namespace "http://example.org/y" skipped`,
      ),
    );
  });

  it('may hold CDATA, declare a namespace or be an alarm', () => {
    const { calendar, warnings } = read(
      legacy(
        ROOT,
        event('<summary><![CDATA[a <b>]]></summary>') +
          event('<y:summary xmlns:y="http://example.org/y">S</y:summary>') +
          event('<summary>S</summary><valarm><action>DISPLAY</action></valarm>') +
          event('<summary>S</summary><valarm/>'),
      ),
    );
    expect(calendar.events.map((e) => e.summary)).toEqual(['a <b>', undefined, 'S', 'S']);
    expect(warnings).toEqual([
      '/iCalendar/vcalendar[0]/vevent[1]/summary[0]: <summary> of namespace "http://example.org/y" skipped',
    ]);
    expect(calendar.events[2]?.components?.[0]).toMatchObject({
      name: 'valarm',
      properties: [{ name: 'action', values: ['DISPLAY'] }],
    });
    expect(calendar.events[3]?.components).toEqual([
      { name: 'valarm', properties: [], components: [] },
    ]);
  });
});

describe('toXCal legacy writer', () => {
  it('writes basic-form dates, value="DATE" for all-day, tzid attributes, and attendees by name', () => {
    const xml = toXCal(
      {
        prodid: '-//x//EN',
        version: '2.0',
        events: [
          {
            uid: 'a',
            start: { value: '2016-01-31T09:00:00', tzid: 'Europe/Brussels' },
            duration: 'PT1H30M',
            attendees: [{ address: 'mailto:m@x', parameters: { cn: 'Martin Braun' } }],
          },
          { uid: 'b', start: { value: '2016-01-30' } },
        ],
      },
      { flavour: 'legacy', declaration: false },
    );
    expect(xml).toBe(
      '<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal"><vcalendar><version>2.0</version><prodid>-//x//EN</prodid>' +
        '<vevent><uid>a</uid><dtstart tzid="Europe/Brussels">20160131T090000</dtstart><duration>01:30:00:00</duration><attendee>Martin Braun</attendee></vevent>' +
        '<vevent><uid>b</uid><dtstart value="DATE">20160130</dtstart></vevent></vcalendar></iCalendar>',
    );
  });
});

describe('warnings nobody listens to', () => {
  const rfc6321 =
    '<icalendar xmlns="urn:ietf:params:xml:ns:icalendar-2.0"><vcalendar><components><vevent><properties>' +
    '<uid><text>a</text></uid><dtstart><date-time>2026-01-01T00:00:00Z</date-time></dtstart></properties>' +
    '<x:note xmlns:x="urn:example:x"/></vevent></components></vcalendar></icalendar>';
  const legacy =
    '<iCalendar xmlns:pentabarf="http://pentabarf.org"><vcalendar><vevent><uid>a</uid>' +
    '<dtstart>20260101T000000Z</dtstart><pentabarf:event-id>1</pentabarf:event-id></vevent></vcalendar></iCalendar>';

  it.each([
    ['RFC 6321', rfc6321],
    ['legacy', legacy],
  ])('are not worded, nor their element paths worked out, without onWarning (%s)', (_, xml) => {
    const path = vi.spyOn(XmlElement.prototype, 'path', 'get');
    try {
      expect(parseXCal(xml).events.map((e) => e.uid)).toEqual(['a']);
      expect(path).not.toHaveBeenCalled();
      const { warnings } = read(xml);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\/[a-zA-Z]+\/vcalendar\[0\]\/.+ (skipped|ignored)$/);
      expect(path).toHaveBeenCalled();
    } finally {
      path.mockRestore();
    }
  });
});
