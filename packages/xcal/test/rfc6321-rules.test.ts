// The conversion rules of RFC 6321 §3-5 that the App. B examples do not exercise.
import { describe, expect, it } from 'vitest';
import {
  componentsToICalendar,
  componentsToXCal,
  readICalendarComponents,
  readXCalComponents,
} from '../src/index.js';
import { unfoldedLines } from './helpers.js';

const calendar = (...lines: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:u',
    'DTSTAMP:20110512T120000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const event = (xml: string) => {
  const m = /<vevent><properties>(.*)<\/properties><\/vevent>/.exec(xml);
  return m?.[1]?.replace(
    '<uid><text>u</text></uid><dtstamp><date-time>2011-05-12T12:00:00Z</date-time></dtstamp>',
    '',
  );
};
const both = (ics: string) => {
  const xml = componentsToXCal(readICalendarComponents(ics));
  return { xml: event(xml), back: unfoldedLines(componentsToICalendar(readXCalComponents(xml))) };
};

describe('RFC 6321 §5: unrecognised properties and parameters', () => {
  it('an x- property without VALUE becomes <unknown> and comes back without VALUE', () => {
    const { xml, back } = both(calendar('X-PROPERTY:20110512T120000Z'));
    expect(xml).toBe('<x-property><unknown>20110512T120000Z</unknown></x-property>');
    expect(back).toContain('X-PROPERTY:20110512T120000Z');
  });

  it('an unrecognised parameter becomes <unknown> and comes back as text', () => {
    const { xml, back } = both(calendar('DTSTART;X-PARAM=PT30M:20110512T130000Z'));
    expect(xml).toBe(
      '<dtstart><parameters><x-param><unknown>PT30M</unknown></x-param></parameters><date-time>2011-05-12T13:00:00Z</date-time></dtstart>',
    );
    expect(back).toContain('DTSTART;X-PARAM=PT30M:20110512T130000Z');
  });
});

describe('RFC 6321 §3.4-3.6: structured and typed values', () => {
  it('VALUE is re-derived: <rdate><period> gets VALUE=PERIOD, <dtstart><date> VALUE=DATE, defaults none', () => {
    const { xml, back } = both(
      calendar(
        'DTSTART;VALUE=DATE:20110512',
        'RDATE;VALUE=PERIOD:20110513T100000Z/PT1H',
        'DURATION:P1D',
      ),
    );
    expect(xml).toContain('<dtstart><date>2011-05-12</date></dtstart>');
    expect(xml).toContain(
      '<rdate><period><start>2011-05-13T10:00:00Z</start><duration>PT1H</duration></period></rdate>',
    );
    expect(back).toEqual(
      expect.arrayContaining([
        'DTSTART;VALUE=DATE:20110512',
        'RDATE;VALUE=PERIOD:20110513T100000Z/PT1H',
        'DURATION:P1D',
      ]),
    );
  });

  it('multi-valued properties hold one element per value; an escaped comma stays in its value', () => {
    const { xml, back } = both(
      calendar('CATEGORIES:a\\,b,c', 'EXDATE;TZID=Europe/Brussels:20110512T100000,20110513T100000'),
    );
    expect(xml).toContain('<categories><text>a,b</text><text>c</text></categories>');
    expect(xml).toContain(
      '<exdate><parameters><tzid><text>Europe/Brussels</text></tzid></parameters><date-time>2011-05-12T10:00:00</date-time><date-time>2011-05-13T10:00:00</date-time></exdate>',
    );
    expect(back).toContain('CATEGORIES:a\\,b,c');
  });

  it('GEO and REQUEST-STATUS have their own elements; an empty <data> is left out', () => {
    const { xml, back } = both(
      calendar(
        'GEO:37.386013;-122.082932',
        'REQUEST-STATUS:2.0;Success',
        'REQUEST-STATUS:3.7;Invalid user;mailto:x@y',
      ),
    );
    expect(xml).toContain(
      '<geo><latitude>37.386013</latitude><longitude>-122.082932</longitude></geo>',
    );
    expect(xml).toContain(
      '<request-status><code>2.0</code><description>Success</description></request-status>',
    );
    expect(xml).toContain(
      '<request-status><code>3.7</code><description>Invalid user</description><data>mailto:x@y</data></request-status>',
    );
    expect(back).toContain('REQUEST-STATUS:3.7;Invalid user;mailto:x@y');
  });

  it('BINARY keeps ENCODING=BASE64 (added back when xCal leaves it out); whitespace wrapping the base64 is removed', () => {
    const { xml } = both(calendar('ATTACH;ENCODING=BASE64;VALUE=BINARY:aGVsbG8='));
    expect(xml).toBe(
      '<attach><parameters><encoding><text>BASE64</text></encoding></parameters><binary>aGVsbG8=</binary></attach>',
    );
    const wrapped = `<icalendar xmlns="urn:ietf:params:xml:ns:icalendar-2.0"><vcalendar><properties/><components><vevent><properties><attach><binary>aGVs\n  bG8=</binary></attach></properties></vevent></components></vcalendar></icalendar>`;
    expect(unfoldedLines(componentsToICalendar(readXCalComponents(wrapped)))).toContain(
      'ATTACH;ENCODING=BASE64;VALUE=BINARY:aGVsbG8=',
    );
  });

  it('UTC-OFFSET with seconds, TIME, BOOLEAN and negative durations', () => {
    const { xml, back } = both(
      calendar(
        'X-O;VALUE=UTC-OFFSET:-050030',
        'X-T;VALUE=TIME:120000Z',
        'X-B;VALUE=BOOLEAN:FALSE',
        'X-D;VALUE=DURATION:-P2W',
      ),
    );
    expect(xml).toBe(
      '<x-o><utc-offset>-05:00:30</utc-offset></x-o><x-t><time>12:00:00Z</time></x-t><x-b><boolean>false</boolean></x-b><x-d><duration>-P2W</duration></x-d>',
    );
    expect(back).toEqual(
      expect.arrayContaining([
        'X-O;VALUE=UTC-OFFSET:-050030',
        'X-T;VALUE=TIME:120000Z',
        'X-B;VALUE=BOOLEAN:FALSE',
        'X-D;VALUE=DURATION:-P2W',
      ]),
    );
  });

  it('keeps several VCALENDARs of one stream and nested components', () => {
    const two =
      calendar('BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:x', 'TRIGGER:-PT5M', 'END:VALARM') +
      calendar();
    const xml = componentsToXCal(readICalendarComponents(two));
    const components = readXCalComponents(xml);
    expect(components.map((c) => c.name)).toEqual(['vcalendar', 'vcalendar']);
    expect(components[0]?.components[0]?.components[0]?.name).toBe('valarm');
    expect(componentsToICalendar(components)).toBe(
      componentsToICalendar(readICalendarComponents(two)),
    );
  });
});
