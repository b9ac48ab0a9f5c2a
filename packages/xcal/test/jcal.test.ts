import { describe, expect, it } from 'vitest';
import {
  componentsToICalendar,
  componentsToJCal,
  JCalError,
  LimitExceededError,
  parseICalendar,
  parseJCal,
  readICalendarComponents,
  readJCalComponents,
  toICalendar,
  toJCal,
} from '../src/index.js';
import { defined, vector } from './helpers.js';
import { conference } from './samples.js';

describe('toJCal (RFC 7265 §3)', () => {
  const jcal = toJCal(parseICalendar(vector('rfc6321-b2-fixed.ics')));

  it('writes ["vcalendar", [properties], [components]] with [name, {params}, type, value…] properties', () => {
    expect(jcal[0]).toBe('vcalendar');
    expect(jcal[1]).toEqual([
      ['prodid', {}, 'text', '-//Example Corp.//Example Client//EN'],
      ['version', {}, 'text', '2.0'],
    ]);
    const event = jcal[2].find((c) => c[0] === 'vevent');
    expect(event?.[1]).toContainEqual([
      'dtstart',
      { tzid: 'US/Eastern' },
      'date-time',
      '2006-01-02T12:00:00',
    ]);
    expect(event?.[1]).toContainEqual([
      'rdate',
      { tzid: 'US/Eastern' },
      'period',
      ['2006-01-02T15:00:00', 'PT2H'],
    ]);
    expect(event?.[1]).toContainEqual(['rrule', {}, 'recur', { freq: 'DAILY', count: 5 }]);
  });

  it('writes RECUR as an object, one-item lists as their item, UTC-OFFSET as ±hh:mm', () => {
    const daylight = jcal[2][0]?.[2][0];
    expect(daylight?.[1]).toContainEqual([
      'rrule',
      {},
      'recur',
      { freq: 'YEARLY', byday: '1SU', bymonth: 4 },
    ]);
    expect(daylight?.[1]).toContainEqual(['tzoffsetfrom', {}, 'utc-offset', '-05:00']);
  });

  it('writes DATE values for all-day events, multi-valued properties as extra values, GEO as [lat, lon]', () => {
    const out = toJCal(conference);
    const [first, , allDay] = out[2];
    expect(first?.[1]).toContainEqual([
      'categories',
      {},
      'text',
      'Software Defined Radio',
      'Devroom, SDR',
    ]);
    expect(first?.[1]).toContainEqual(['geo', {}, 'float', [50.812, 4.381]]);
    expect(allDay?.[1]).toContainEqual(['dtstart', {}, 'date', '2016-01-30']);
  });
});

describe('parseJCal', () => {
  it('reads what toJCal writes, as JSON text or as the array', () => {
    const jcal = toJCal(conference);
    expect(parseJCal(JSON.stringify(jcal))).toEqual(conference);
    expect(parseJCal(JSON.parse(JSON.stringify(jcal)))).toEqual(conference);
  });

  it('agrees with the iCalendar reader on every RFC vector', () => {
    for (const name of [
      'rfc5545-4-2-meeting.ics',
      'rfc5545-4-4-todo.ics',
      'rfc6321-b2-fixed.ics',
    ]) {
      const calendar = parseICalendar(vector(name));
      expect(parseJCal(JSON.stringify(toJCal(calendar)))).toEqual(calendar);
      expect(toICalendar(parseJCal(toJCal(calendar) as unknown[]))).toBe(toICalendar(calendar));
    }
  });

  const pathOf = (json: string) => {
    try {
      parseJCal(json);
    } catch (error) {
      expect(error).toBeInstanceOf(JCalError);
      return (error as JCalError).path;
    }
    throw new Error('no error');
  };

  it('reports the JSON path of a wrong shape or value', () => {
    expect(pathOf('{"a":1}')).toBe('$');
    expect(pathOf('not json')).toBe('$');
    expect(pathOf('["vcalendar",[["version",{},"text"]],[]]')).toBe('$[1][0]');
    expect(pathOf('["vcalendar",[],[["vevent",[["dtstart",{},"date-time","2026-13"]],[]]]]')).toBe(
      '$[2][0][1][0][3]',
    );
    expect(pathOf('["vcalendar",[],[["vevent",[["uid",{"cn":5},"text","u"]],[]]]]')).toBe(
      '$[2][0][1][0][1].cn',
    );
    expect(
      pathOf('["vcalendar",[],[["vevent",[["rrule",{},"recur",{"freq":"SOMETIMES"}]],[]]]]'),
    ).toBe('$[2][0][1][0][3]');
  });

  it('refuses a date-time out of range with its path', () => {
    const json =
      '["vcalendar",[],[["vevent",[["uid",{},"text","1"],["dtstart",{},"date-time","2016-01-31T24:00:00"]],[]]]]';
    expect(() => parseJCal(json)).toThrow(
      expect.objectContaining({ code: 'ERR_JCAL_SHAPE', path: '$[2][0][1][1][3]' }),
    );
  });

  it('stops at its limits', () => {
    let deep: unknown = ['x', [], []];
    for (let i = 0; i < 20; i++) deep = ['x', [], [deep]];
    expect(() => parseJCal(['vcalendar', [], [deep]])).toThrow(LimitExceededError);
  });
});

type JCalNode = [string, unknown[][], JCalNode[]];

/** A jCal component with its properties sorted, recursively: equal when only their order differs. */
function inAnyOrder([name, properties, components]: JCalNode): JCalNode {
  const key = (p: unknown[]) => JSON.stringify(p);
  return [
    name,
    [...properties].sort((a, b) => key(a).localeCompare(key(b))),
    components.map(inAnyOrder),
  ];
}

describe('RFC 7265 App. B examples (see SOURCES.md)', () => {
  // B.1.1 and B.2.1 are, byte for byte, the RFC 6321 B.1.1 and (fixed) B.2.1 files.
  const icsB1 = readICalendarComponents(vector('rfc6321-b1.ics'));
  const icsB2 = readICalendarComponents(vector('rfc6321-b2-fixed.ics'));

  it('B.1: our jCal of the same calendar is the example, to the letter of its JSON', () => {
    expect(componentsToJCal([defined(icsB1[0])])[0]).toEqual(JSON.parse(vector('rfc7265-b1.json')));
  });

  it("B.2: our jCal has the example's components; only VCALENDAR's property order differs from B.2.1", () => {
    const ours = defined(componentsToJCal([defined(icsB2[0])])[0]);
    const example = JSON.parse(vector('rfc7265-b2-fixed.json'));
    expect(ours[2]).toEqual(example[2]);
    expect([...ours[1]].reverse()).toEqual(example[1]);
  });

  it('reads each example and writes an equal one, through the components and through the model', () => {
    for (const name of ['rfc7265-b1.json', 'rfc7265-b2-fixed.json']) {
      const example = JSON.parse(vector(name));
      expect(componentsToJCal([defined(readJCalComponents(vector(name))[0])])[0]).toEqual(example);
      // The typed model writes properties in its own order, which jCal leaves free (RFC 7265 §1).
      expect(inAnyOrder(toJCal(parseJCal(vector(name))))).toEqual(inAnyOrder(example));
    }
  });

  it('reads both examples into the calendars of the matching iCalendar', () => {
    expect(parseJCal(vector('rfc7265-b1.json'))).toEqual(parseICalendar(vector('rfc6321-b1.ics')));
    expect(parseJCal(vector('rfc7265-b2-fixed.json'))).toEqual(
      parseICalendar(vector('rfc6321-b2-fixed.ics')),
    );
    expect(componentsToICalendar(readJCalComponents(vector('rfc7265-b1.json')))).toBe(
      componentsToICalendar(icsB1),
    );
  });

  it('B.2.2 as printed is not JSON and is refused at the root', () => {
    let error: unknown;
    try {
      parseJCal(vector('rfc7265-b2-verbatim.txt'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JCalError);
    expect((error as JCalError).path).toBe('$');
  });

  it('the fixed B.2.2 is the printed one with exactly the fixes SOURCES.md lists', () => {
    const fixed = vector('rfc7265-b2-verbatim.txt')
      // fix 1: the comment and the string concatenation become one JSON string
      .replace(/ {9}\/\/ Note[\s\S]*?"meetings\."/, (text) => {
        const parts = text
          .split('\n')
          .filter((line) => !line.trim().startsWith('//'))
          .map((line) => line.replace(/^ +"|" \+$|"$/g, ''));
        return `         "${parts.join('')}"`;
      })
      // fix 2: the STANDARD rule is BYDAY=-1SU in B.2.1
      .replace(
        '"byday": "1SU",\n                "bymonth": 10',
        '"byday": "-1SU",\n                "bymonth": 10',
      )
      // fix 3: a PERIOD is an array of two strings (RFC 7265 §3.6.9)
      .replace('"2006-01-02T15:00:00/PT2H"', '["2006-01-02T15:00:00", "PT2H"]')
      // fix 4: the second VEVENT's DTSTART and SUMMARY as in B.2.1
      .replace('"2006-01-02T14:00:00"', '"2006-01-04T14:00:00"');
    const summary = '["summary", {}, "text", "Event #2"]';
    const last = fixed.lastIndexOf(summary);
    const withBis = `${fixed.slice(0, last)}["summary", {}, "text", "Event #2 bis"]${fixed.slice(last + summary.length)}`;
    expect(withBis).toBe(vector('rfc7265-b2-fixed.json'));
  });
});
