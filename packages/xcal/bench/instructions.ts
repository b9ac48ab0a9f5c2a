// Runs one bench subject N times, for counting its instructions under valgrind --tool=callgrind:
// wall-clock times move with the machine's load, instruction counts do not. Subtract a run of
// `none` (the same setup, no work) to get the subject's own count:
//   valgrind --tool=callgrind node --import tsx bench/instructions.ts parse-ours 10
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import icalGenerator, { ICalAttendeeRole } from 'ical-generator';
import { parseICalendar, parseXCal, toICalendar, toXCal } from '../src/index.ts';
import { XML_PARSER_OPTIONS } from '../src/xcal/xml.ts';
import { talks, toCalendar } from './fixture.ts';

const STAMP = '2026-01-01T00:00:00Z';
const [subject = 'none', times = '0'] = process.argv.slice(2);
const small = talks(1000);
const ics = toICalendar(toCalendar(small, STAMP));
const big = toCalendar(talks(10_000), STAMP);
const xcs = toXCal(big);
const legacy = toXCal(big, { flavour: 'legacy' });
const xmlOnly = new XMLParser(XML_PARSER_OPTIONS);
function gen() {
  const c = icalGenerator({ prodId: '-//Convene//bench//EN', name: 'Bench conference' });
  for (const t of small)
    c.createEvent({
      id: `talk-${t.id}@conf.example.org`,
      stamp: new Date(STAMP),
      start: t.start,
      end: t.end,
      summary: t.title,
      description: t.abstract,
      location: t.room,
      categories: [{ name: t.track }],
      url: `https://conf.example.org/talk/${t.id}`,
      attendees: t.speakers.map((s) => ({
        email: s.email,
        name: s.name,
        role: ICalAttendeeRole.CHAIR,
      })),
    });
  return c.toString().length;
}
const subjects: Record<string, () => number> = {
  none: () => 0,
  'serialize-ours': () => toICalendar(toCalendar(small, STAMP)).length,
  'serialize-ical-generator': gen,
  'parse-ours': () => parseICalendar(ics).events.length,
  'parse-icaljs': () => (ICAL.parse(ics) as unknown[]).length,
  'xcal-ours': () => parseXCal(xcs).events.length,
  'xcal-fxp': () => xmlOnly.parse(xcs).length,
  'legacy-ours': () => parseXCal(legacy).events.length,
  'legacy-fxp': () => xmlOnly.parse(legacy).length,
};
let sink = 0;
for (let i = 0; i < Number(times); i++) sink += (subjects[subject] as () => number)();
if (Number(times) > 0 && sink === 0) throw new Error('nothing ran');
