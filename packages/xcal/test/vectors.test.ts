// The RFC examples as test vectors: each is read and written back, compared canonically
// (iCalendar by unfolded lines in order, XML by structure), through the component layer (which
// keeps order) and through the typed model (which must lose nothing).
import { describe, expect, it } from 'vitest';
import {
  componentsToICalendar,
  componentsToXCal,
  ICalendarSyntaxError,
  parseICalendar,
  parseXCal,
  readICalendarComponents,
  readXCalComponents,
  toICalendar,
  xcalFlavour,
} from '../src/index.js';
import { unfoldedLines, vector, xmlStructure } from './helpers.js';

/** Lines our writer must change on purpose, each for a reason an RFC gives. */
const CORRECTIONS: Record<string, [string, string][]> = {
  // RFC 6321 §4: a DATE value on a DATE-TIME property needs VALUE=DATE.
  'rfc6321-b1.ics': [['DTSTART:20081006', 'DTSTART;VALUE=DATE:20081006']],
  // TRIGGER's default type is DURATION (RFC 5545 §3.8.6.3); a DATE-TIME needs VALUE=DATE-TIME.
  'rfc5545-4-4-todo.ics': [
    ['TRIGGER:19980403T120000Z', 'TRIGGER;VALUE=DATE-TIME:19980403T120000Z'],
  ],
};

function expectedLines(name: string): string[] {
  let lines = unfoldedLines(vector(name));
  for (const [from, to] of CORRECTIONS[name] ?? []) {
    expect(lines).toContain(from);
    lines = lines.map((l) => (l === from ? to : l));
  }
  return lines;
}

const RFC5545 = [
  'rfc5545-4-1-conference.ics',
  'rfc5545-4-2-meeting.ics',
  'rfc5545-4-3-mime.ics',
  'rfc5545-4-4-todo.ics',
  'rfc5545-4-5-journal.ics',
  'rfc5545-4-6-freebusy.ics',
];
const ICS = [...RFC5545, 'rfc6321-b1.ics', 'rfc6321-b2-fixed.ics'];

describe('RFC 5545 §4 and RFC 6321 App. B iCalendar vectors', () => {
  for (const name of ICS) {
    it(`${name}: reads and writes the same unfolded lines in order`, () => {
      expect(unfoldedLines(componentsToICalendar(readICalendarComponents(vector(name))))).toEqual(
        expectedLines(name),
      );
    });

    it(`${name}: survives the typed model (iCal → Calendar → iCal → Calendar)`, () => {
      const calendar = parseICalendar(vector(name));
      expect(parseICalendar(toICalendar(calendar))).toEqual(calendar);
    });

    it(`${name}: the typed model writes back every line, VTIMEZONEs included (in its own order)`, () => {
      const lines = unfoldedLines(toICalendar(parseICalendar(vector(name))));
      expect(lines.sort()).toEqual(expectedLines(name).sort());
    });
  }

  it('unfolds the RFC 5545 journal example removing exactly one space per fold ("Definitionof", "was decided")', () => {
    const description = parseICalendar(
      vector('rfc5545-4-5-journal.ics'),
    ).components?.[0]?.properties.find((p) => p.name === 'description')?.values[0];
    // "2.\r\n  Definition\r\n of project": the space after each line break is folding, not content.
    expect(description).toContain('2. Definitionof project processes.');
    expect(description).toContain('-It was decided that');
  });

  it('refuses RFC 6321 B.2.1 as printed: it has no BEGIN:VCALENDAR', () => {
    expect(() => parseICalendar(vector('rfc6321-b2-verbatim.ics'))).toThrow(ICalendarSyntaxError);
  });
});

describe('RFC 6321 App. B: iCalendar ↔ xCal', () => {
  const pairs: [string, string][] = [
    ['rfc6321-b1.ics', 'rfc6321-b1.xml'],
    ['rfc6321-b2-fixed.ics', 'rfc6321-b2-fixed.xml'],
  ];
  for (const [ics, xml] of pairs) {
    it(`${ics} → xCal has the structure of ${xml}`, () => {
      expect(xmlStructure(componentsToXCal(readICalendarComponents(vector(ics))))).toEqual(
        xmlStructure(vector(xml)),
      );
    });

    it(`${xml} → iCalendar has the lines of ${ics}`, () => {
      expect(xcalFlavour(vector(xml))).toBe('rfc6321');
      const components = readXCalComponents(vector(xml));
      expect(unfoldedLines(componentsToICalendar(components))).toEqual(expectedLines(ics));
    });

    it(`${xml} and ${ics} read into the same Calendar`, () => {
      expect(parseXCal(vector(xml))).toEqual(parseICalendar(vector(ics)));
    });
  }

  it('reads B.2.2 as printed, with a warning for the bare <tzid>, into the fixed calendar but for its two defects', () => {
    const warnings: string[] = [];
    const printed = parseXCal(vector('rfc6321-b2-verbatim.xml'), {
      onWarning: (w) => warnings.push(w),
    });
    const fixed = parseXCal(vector('rfc6321-b2-fixed.xml'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/vtimezone\[0\]\/properties\[0\]\/tzid\[0\]/);
    expect(printed.prodid).toBe('-//Example Inc.//Example Client//EN');
    expect(printed.events[0]?.description).toContain('at 12\npm for one hour');
    expect({
      ...printed,
      prodid: fixed.prodid,
      events: printed.events.map((e, i) => ({ ...e, description: fixed.events[i]?.description })),
    }).toEqual({
      ...fixed,
      events: fixed.events.map((e) => ({ ...e, description: e.description })),
    });
  });
});
