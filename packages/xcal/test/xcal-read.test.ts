import { describe, expect, it } from 'vitest';
import {
  LimitExceededError,
  parseJCal,
  parseXCal,
  toICalendar,
  toXCal,
  XmlError,
  xcalFlavour,
} from '../src/index.js';
import { defined, unfoldedLines, vector } from './helpers.js';
import { conference } from './samples.js';

const NS = 'urn:ietf:params:xml:ns:icalendar-2.0';
const doc = (root: string, inner: string) =>
  `<${root}><vcalendar><properties><prodid><text>p</text></prodid><version><text>2.0</text></version></properties><components>${inner}</components></vcalendar></${root.split(' ')[0]}>`;
const vevent = (extra = '') =>
  `<vevent><properties><uid><text>u</text></uid><dtstamp><date-time>2026-01-01T00:00:00Z</date-time></dtstamp><dtstart><date-time>2026-01-31T09:00:00</date-time></dtstart>${extra}</properties></vevent>`;

describe('toXCal (RFC 6321)', () => {
  it('reads back what it writes', () => {
    expect(parseXCal(toXCal(conference))).toEqual(conference);
  });

  it('writes a CR in text as &#x0d; so that XML readers keep it', () => {
    const calendar = {
      ...conference,
      events: [{ ...defined(conference.events[2]), summary: 'a\r\nb' }],
    };
    expect(toXCal(calendar)).toContain('<text>a&#x0d;\nb</text>');
    expect(parseXCal(toXCal(calendar)).events[0]?.summary).toBe('a\r\nb');
  });

  it('escapes & < > " in text and writes tabs, newlines and other characters as they are', () => {
    const summary = 'a & b <c> "d" e\tf\ng ☺ ~';
    const calendar = { ...conference, events: [{ ...defined(conference.events[2]), summary }] };
    expect(toXCal(calendar)).toContain(
      '<text>a &amp; b &lt;c&gt; &quot;d&quot; e\tf\ng ☺ ~</text>',
    );
    expect(parseXCal(toXCal(calendar)).events[0]?.summary).toBe(summary);
  });

  it('refuses characters XML cannot carry', () => {
    const calendar = {
      ...conference,
      events: [{ ...defined(conference.events[2]), summary: 'bell\u0007' }],
    };
    expect(() => toXCal(calendar)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_VALUE' }));
  });

  it('refuses names that cannot be XML element names instead of writing markup (both flavours)', () => {
    const event = defined(conference.events[2]);
    const refused = expect.objectContaining({ code: 'ERR_INVALID_VALUE' });
    const withEvent = (extra: object) => ({ ...conference, events: [{ ...event, ...extra }] });
    const property = { name: 'x-a><evil/', parameters: {}, type: 'text' as const, values: ['a'] };
    expect(() => toXCal(withEvent({ properties: [property] }))).toThrow(refused);
    expect(() => toXCal(withEvent({ properties: [property] }), { flavour: 'legacy' })).toThrow(
      refused,
    );
    expect(() => toXCal(withEvent({ parameters: { summary: { 'x-a><evil/': 'v' } } }))).toThrow(
      refused,
    );
    expect(() =>
      toXCal(withEvent({ components: [{ name: 'valarm><x', properties: [], components: [] }] })),
    ).toThrow(refused);
  });

  it('writes typed parameters and the RFC 6321 §5 unknown parameter', () => {
    const xml = toXCal(conference);
    expect(xml).toContain('<rsvp><boolean>true</boolean></rsvp>');
    expect(xml).toContain('<x-speaker-id><unknown>42</unknown></x-speaker-id>');
    expect(xml).toContain('<x-pentabarf-event-id><unknown>3871</unknown></x-pentabarf-event-id>');
    expect(xml).toContain('<geo><latitude>50.812</latitude><longitude>4.381</longitude></geo>');
    expect(xml).toContain(
      '<recur><freq>WEEKLY</freq><until>2016-03-01T00:00:00Z</until><byhour>0</byhour><byhour>18</byhour><byday>TU</byday><byday>-1SU</byday><wkst>MO</wkst></recur>',
    );
  });
});

describe('parseXCal (RFC 6321)', () => {
  it('finds the namespace by URI, whatever the prefix', () => {
    const prefixed = `<?xml version="1.0"?><ns0:icalendar xmlns:ns0="${NS}"><ns0:vcalendar><ns0:properties><ns0:prodid><ns0:text>p</ns0:text></ns0:prodid><ns0:version><ns0:text>2.0</ns0:text></ns0:version></ns0:properties><ns0:components/></ns0:vcalendar></ns0:icalendar>`;
    expect(xcalFlavour(prefixed)).toBe('rfc6321');
    expect(parseXCal(prefixed).prodid).toBe('p');
    expect(xcalFlavour(doc(`icalendar xmlns="${NS}"`, vevent()))).toBe('rfc6321');
  });

  it('keeps an element of another namespace in <properties> as an XML property (RFC 6321 §4.2), and writes it back', () => {
    const kml =
      '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>KML &amp; Sample</name></Document></kml>';
    const xml = doc(`icalendar xmlns="${NS}"`, vevent(kml));
    const event = defined(parseXCal(xml).events[0]);
    expect(event.properties).toEqual([
      { name: 'xml', parameters: {}, type: 'text', values: [kml] },
    ]);
    expect(unfoldedLines(toICalendar({ prodid: 'p', version: '2.0', events: [event] }))).toContain(
      'XML:<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>KML &amp\\; Sample</name></Document></kml>',
    );
    expect(toXCal({ prodid: 'p', version: '2.0', events: [event] })).toContain(
      `</dtstart>${kml}</properties>`,
    );
  });

  it('ignores elements of other namespaces elsewhere, with a warning', () => {
    const warnings: string[] = [];
    const xml = doc(
      `icalendar xmlns="${NS}" xmlns:o="urn:other"`,
      vevent().replace('</vevent>', '<o:thing>x</o:thing></vevent>'),
    );
    expect(parseXCal(xml, { onWarning: (w) => warnings.push(w) }).events).toHaveLength(1);
    expect(warnings.join()).toMatch(/urn:other/);
  });

  it('refuses a DOCTYPE (no entity expansion, no external entities)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${doc(`icalendar xmlns="${NS}"`, vevent('<summary><text>&lol2;</text></summary>'))}`;
    expect(() => parseXCal(bomb)).toThrow(expect.objectContaining({ code: 'ERR_XML_DOCTYPE' }));
  });

  it('decodes the XML built-in entities and character references, and nothing else', () => {
    const ok = doc(
      `icalendar xmlns="${NS}"`,
      vevent('<summary><text>a &amp; b &lt;c&gt; &#x263A; &#10;</text></summary>'),
    );
    expect(parseXCal(ok).events[0]?.summary).toBe('a & b <c> ☺ \n');
    const bad = doc(`icalendar xmlns="${NS}"`, vevent('<summary><text>&nbsp;</text></summary>'));
    expect(() => parseXCal(bad)).toThrow(
      expect.objectContaining({
        code: 'ERR_XML_SYNTAX',
        path: '/icalendar/vcalendar[0]/components[0]/vevent[0]/properties[0]/summary[0]/text[0]',
      }),
    );
  });

  it('reads CDATA sections as the text they hold, markup and entities included (both flavours)', () => {
    const rfc = doc(
      `icalendar xmlns="${NS}"`,
      vevent('<summary><text>x &amp; <![CDATA[a & <b> &amp;]]></text></summary>'),
    );
    expect(parseXCal(rfc).events[0]?.summary).toBe('x & a & <b> &amp;');
    const legacy =
      '<iCalendar><vcalendar><vevent><uid>u</uid><dtstart>20160131T090000</dtstart><description><![CDATA[<p>Rock & roll</p>]]></description></vevent></vcalendar></iCalendar>';
    expect(parseXCal(legacy).events[0]?.description).toBe('<p>Rock & roll</p>');
  });

  it('reports malformed XML with its line and column', () => {
    expect(() => parseXCal(`<icalendar xmlns="${NS}">\n<vcalendar></icalendar>`)).toThrow(/line 2/);
  });

  it('reports a wrong value with the path of its element', () => {
    const xml = doc(
      `icalendar xmlns="${NS}"`,
      vevent('<dtend><date-time>31/01/2026</date-time></dtend>'),
    );
    expect(() => parseXCal(xml)).toThrow(
      expect.objectContaining({
        code: 'ERR_XML_SHAPE',
        path: '/icalendar/vcalendar[0]/components[0]/vevent[0]/properties[0]/dtend[0]/date-time[0]',
      }),
    );
  });

  it('refuses a root that is neither xCal flavour', () => {
    expect(() => parseXCal('<html><body/></html>')).toThrow(
      expect.objectContaining({ code: 'ERR_XML_SHAPE' }),
    );
  });

  it('stops at its limits', () => {
    const deep = `<icalendar xmlns="${NS}">${'<a>'.repeat(200)}${'</a>'.repeat(200)}</icalendar>`;
    expect(() => parseXCal(deep)).toThrow(LimitExceededError);
    expect(() =>
      parseXCal(vector('rfc6321-b1.xml'), { limits: { maxXmlInputLength: 100 } }),
    ).toThrow(/maxXmlInputLength/);
    expect(() =>
      parseXCal(vector('rfc6321-b2-fixed.xml'), { limits: { maxComponents: 2 } }),
    ).toThrow(/maxComponents/);
  });
  it('reads the events of the first calendar only, even when a later one has them', () => {
    const calendar = (uid: string, events: string) =>
      `<vcalendar><properties><prodid><text>${uid}</text></prodid><version><text>2.0</text></version></properties><components>${events}</components></vcalendar>`;
    const two = (first: string) =>
      `<icalendar xmlns="${NS}">${calendar('one', first)}${calendar('two', vevent())}</icalendar>`;
    const warnings: string[] = [];
    const empty = parseXCal(two(''), { onWarning: (w) => warnings.push(w) });
    expect([empty.prodid, empty.events]).toEqual(['one', []]);
    expect(warnings).toEqual(['2 VCALENDARs in the input; only the first is read']);
    expect(parseXCal(two(vevent() + vevent())).events.map((e) => e.uid)).toEqual(['u', 'u']);
  });

  it('names a later event by its place among all of them', () => {
    const bad = vevent('<dtend><date-time>31/01/2026</date-time></dtend>');
    expect(() => parseXCal(doc(`icalendar xmlns="${NS}"`, vevent() + vevent() + bad))).toThrow(
      expect.objectContaining({
        path: '/icalendar/vcalendar[0]/components[0]/vevent[2]/properties[0]/dtend[0]/date-time[0]',
      }),
    );
  });
});

describe('names from XML and JSON', () => {
  it('refuses names that are not iCalendar names (no "__proto__" keys)', () => {
    const proto = doc(`icalendar xmlns="${NS}"`, vevent('<__proto__><text>x</text></__proto__>'));
    expect(() => parseXCal(proto)).toThrow(XmlError);
    const underscore = doc(`icalendar xmlns="${NS}"`, vevent('<x_y><text>x</text></x_y>'));
    expect(() => parseXCal(underscore)).toThrow(expect.objectContaining({ code: 'ERR_XML_SHAPE' }));
    const jcal = '["vcalendar",[],[["vevent",[["uid",{"__proto__":["x"]},"text","u"]],[]]]]';
    expect(() => parseJCal(jcal)).toThrow(expect.objectContaining({ code: 'ERR_JCAL_SHAPE' }));
  });

  it('skips, with a warning, legacy elements whose names are not iCalendar names', () => {
    const warnings: string[] = [];
    const legacy =
      '<iCalendar><vcalendar><vevent><uid>u</uid><dtstart>20160131T090000</dtstart><x_y>x</x_y></vevent></vcalendar></iCalendar>';
    expect(
      parseXCal(legacy, { onWarning: (w) => warnings.push(w) }).events[0]?.properties,
    ).toBeUndefined();
    expect(warnings.join()).toMatch(/x_y/);
  });
});
