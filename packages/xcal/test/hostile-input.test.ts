// Input an attacker controls: forbidden characters, huge values and random bytes give a typed error
// or a result, never another exception, and text a writer cannot carry is caught before writing.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  assertWritableText,
  type Calendar,
  isWritableText,
  LimitExceededError,
  parseICalendar,
  parseJCal,
  parseXCal,
  toICalendar,
  toJCal,
  toXCal,
  ValueError,
  XcalError,
  XmlError,
} from '../src/index.js';

const NS = 'urn:ietf:params:xml:ns:icalendar-2.0';
/** An RFC 6321 document with one event whose summary is `summary` (already XML text). */
const xcal = (summary: string, attribute = '') =>
  `<icalendar xmlns="${NS}"${attribute}><vcalendar><properties><prodid><text>p</text></prodid>` +
  `<version><text>2.0</text></version></properties><components><vevent><properties>` +
  `<uid><text>u</text></uid><dtstart><date-time>2026-01-31T09:00:00Z</date-time></dtstart>` +
  `<summary><text>${summary}</text></summary></properties></vevent></components></vcalendar></icalendar>`;

const calendarWith = (summary: string): Calendar => ({
  prodid: '-//test//EN',
  version: '2.0',
  events: [{ uid: 'u@example', start: { value: '2026-01-31T09:00:00Z' }, summary }],
});
const writers = {
  iCalendar: (c: Calendar) => toICalendar(c),
  'RFC 6321 xCal': (c: Calendar) => toXCal(c),
  'legacy xCal': (c: Calendar) => toXCal(c, { flavour: 'legacy' }),
};

/** Runs `read`, returning the error when it is one of ours and rethrowing anything else. */
function typedOrResult(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof XcalError) return error;
    throw error;
  }
}

describe('parseXCal character references', () => {
  it.each([
    ['&#x110000;', 'beyond Unicode'],
    ['&#1114112;', 'beyond Unicode, in decimal'],
    ['&#0;', 'NUL'],
    ['&#x1;', 'a C0 control'],
    ['&#xD800;', 'a surrogate'],
    ['&#xFFFE;', 'a noncharacter XML excludes'],
    ['&#x0000000000000000000000041;'.replace('41', '110000'), 'long and beyond Unicode'],
  ])('refuses %s (%s) with ERR_XML_SYNTAX', (reference) => {
    const error = typedOrResult(() => parseXCal(xcal(reference)));
    expect(error).toBeInstanceOf(XmlError);
    expect(error).toMatchObject({ code: 'ERR_XML_SYNTAX' });
  });

  it('refuses a forbidden reference in an attribute value too', () => {
    expect(() => parseXCal(xcal('x', ' a="&#x110000;"'))).toThrow(XmlError);
  });

  it('reads references to allowed characters, astral ones included', () => {
    expect(parseXCal(xcal('&#x9;&#xA;&#x41;&#233;&#x1F600;')).events[0]?.summary).toBe('\t\nAé😀');
  });

  it('refuses a forbidden character written as such, naming it', () => {
    expect(() => parseXCal(xcal('a\u0001b'))).toThrow(/U\+0001 at offset \d+/);
    expect(() => parseXCal(xcal('a\ufffeb'))).toThrow(XmlError);
    expect(() => parseXCal(xcal('a\ud800b'))).toThrow(XmlError);
  });
});

describe('parseXCal size bounds', () => {
  it('refuses a value longer than maxTextLength before parsing, naming the limit', () => {
    const long = 'x'.repeat(1024 * 1024 + 1);
    for (const doc of [xcal(long), xcal('x', ` a="${long}"`)]) {
      const error = typedOrResult(() => parseXCal(doc));
      expect(error).toBeInstanceOf(LimitExceededError);
      expect(error).toMatchObject({ limit: 'maxTextLength', max: 1024 * 1024 });
    }
  });

  it('reads the same value when maxTextLength is raised', () => {
    const long = 'x'.repeat(1024 * 1024 + 1);
    const limits = { maxTextLength: 2 * 1024 * 1024 };
    expect(parseXCal(xcal(long), { limits }).events[0]?.summary).toHaveLength(long.length);
  });

  it('refuses a document longer than maxXmlInputLength', () => {
    expect(() => parseXCal(xcal('x'), { limits: { maxXmlInputLength: 200 } })).toThrow(
      expect.objectContaining({ code: 'ERR_LIMIT_EXCEEDED', limit: 'maxXmlInputLength' }),
    );
  });
});

describe('parseXCal well-formedness', () => {
  it.each([
    ['<b></c>', /<\/c> where <\/b> belongs \(line 1, column \d+\)/],
    ['<b></bc>', /<\/bc> where <\/b> belongs/],
    ['<bc></b>', /<\/b> where <\/bc> belongs/],
    ['<x:b></x:c>', /<\/x:c> where <\/x:b> belongs/],
    ['<b/></b>', /<\/b> where <\/text> belongs/],
    ['<b>', /<\/text> where <\/b> belongs/],
    ['</b>', /<\/b> where <\/text> belongs/],
    ['<b x=1/>', /not quoted/],
    ['<b x="1" x="2"/>', /given twice/],
    ['<b x="<"/>', /"<" in the value of attribute x/],
    ['<b><!ENTITY x "y"></b>', /markup declaration/],
    ['<b>a < b</b>', /starts no tag/],
  ])('refuses %s inside a document, which the XML parser alone would read', (bad, message) => {
    expect(() => parseXCal(xcal(bad))).toThrow(message);
  });

  it('refuses a second root element and text beside the root', () => {
    expect(() => parseXCal(`${xcal('x')}<icalendar/>`)).toThrow(/second root/);
    expect(() => parseXCal(`${xcal('x')}tail`)).toThrow(/text outside the root/);
    expect(() => parseXCal(`<icalendar xmlns="${NS}">`)).toThrow(/<icalendar> is never closed/);
    expect(() => parseXCal('</icalendar>')).toThrow(/closes no element/);
    expect(parseXCal(`<?xml version="1.0"?>\n<!-- c -->\n${xcal('x')}\n`).events).toHaveLength(1);
  });

  it('tells an empty element by its "/>", not by a "/" ending an attribute value', () => {
    const summary = 'a<b x="/">c</b>d<e/>f<g x=\'/\' />h';
    expect(parseXCal(xcal(summary)).events[0]?.summary).toBe('adfh');
  });

  it('bounds an attribute value made of "<" too', () => {
    const error = typedOrResult(() => parseXCal(xcal('x', ` a="${'<'.repeat(2 * 1024 * 1024)}"`)));
    expect(error).toBeInstanceOf(XcalError);
  });

  it("refuses whatever fast-xml-parser's own validator refuses", () => {
    const valid = xcal('Intro &amp; more');
    const mutated = fc
      .tuple(fc.nat(valid.length), fc.nat(8), fc.string({ unit: 'binary-ascii', maxLength: 6 }))
      .map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut));
    fc.assert(
      fc.property(mutated, (input) => {
        if (XMLValidator.validate(input) === true) return;
        expect(typedOrResult(() => parseXCal(input))).toBeInstanceOf(XcalError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('writing text a format cannot carry', () => {
  for (const [name, write] of Object.entries(writers)) {
    it.each([
      ['\u0001', 'U+0001'],
      ['\u0000', 'U+0000'],
      ['\ufffe', 'U+FFFE'],
      ['\uffff', 'U+FFFF'],
      ['\udc00', 'U+DC00'],
    ])(`${name}: a summary holding %j is a ValueError naming SUMMARY and ${'%s'}`, (bad, code) => {
      const error = typedOrResult(() => write(calendarWith(`Talk ${bad} title`)));
      expect(error).toBeInstanceOf(ValueError);
      expect((error as ValueError).message).toContain('SUMMARY');
      expect((error as ValueError).message).toContain(code);
    });
  }

  it('writes TAB, newlines and astral characters in every format', () => {
    const text = 'a\tb\nc\r\nd 😀 é';
    for (const write of Object.values(writers))
      expect(() => write(calendarWith(text))).not.toThrow();
    expect(parseICalendar(toICalendar(calendarWith(text))).events[0]?.summary).toBe(
      'a\tb\nc\nd 😀 é',
    );
  });
});

describe('isWritableText and assertWritableText', () => {
  it('accept text every writer carries and refuse what one of them cannot', () => {
    expect(isWritableText('Talk: SDR, radio; «intro»\n😀\t')).toBe(true);
    for (const bad of ['\u0000', '\u0001', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud83d'])
      expect(isWritableText(`a${bad}b`)).toBe(false);
    expect(() => assertWritableText('a\u0001b', 'title')).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_VALUE',
        message: 'title holds U+0001 at index 1, which calendars cannot carry',
      }),
    );
    expect(() => assertWritableText('fine')).not.toThrow();
  });

  it('agree with the writers: writable text is written by each and read back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const calendar = calendarWith(text);
        if (!isWritableText(text)) {
          // Every writer but jCal (JSON carries anything) refuses it with a ValueError.
          for (const write of Object.values(writers))
            expect(typedOrResult(() => write(calendar))).toBeInstanceOf(ValueError);
          return;
        }
        const read = (c: Calendar) => c.events[0]?.summary;
        const normalised = text.replace(/\r\n?/g, '\n');
        expect(read(parseICalendar(toICalendar(calendar)))).toBe(normalised);
        expect(read(parseXCal(toXCal(calendar)))).toBe(text);
        expect(read(parseJCal(JSON.stringify(toJCal(calendar))))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('any input gives a typed error or a result', () => {
  const valid = xcal('Intro &amp; more');
  /** A valid document with a random slice replaced by random text. */
  const mutated = fc
    .tuple(fc.nat(valid.length), fc.nat(20), fc.string({ unit: 'binary', maxLength: 12 }))
    .map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut));
  const xmlish = fc.stringMatching(
    /^(<[a-z:]{0,3}( [a-z]="[^"]{0,4}")?\/?>|<\/[a-z]{0,3}>|&#x?[0-9A-F]{0,7};|[a-z &;#]){0,30}$/,
  );

  it('parseXCal', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, xmlish, fc.string({ unit: 'binary' })), (input) => {
        typedOrResult(() => parseXCal(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseICalendar', () => {
    const ics = toICalendar(calendarWith('Intro, more; and a long enough summary to fold over'));
    const lines = fc
      .tuple(fc.nat(ics.length), fc.nat(10), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([at, cut, insert]) => ics.slice(0, at) + insert + ics.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(lines, fc.string({ unit: 'binary' })), (input) => {
        typedOrResult(() => parseICalendar(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseJCal', () => {
    const jcal = JSON.stringify(toJCal(calendarWith('Intro')));
    const mutatedJson = fc
      .tuple(fc.nat(jcal.length), fc.nat(6), fc.string({ maxLength: 6 }))
      .map(([at, cut, insert]) => jcal.slice(0, at) + insert + jcal.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(mutatedJson, fc.json()), (input) => {
        typedOrResult(() => parseJCal(input));
      }),
      { numRuns: 2000 },
    );
  });
});
