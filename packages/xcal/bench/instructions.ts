// Runs one bench subject N times, for counting its instructions under valgrind --tool=callgrind:
// wall-clock times move with the machine's load, instruction counts do not. The difference between
// a run with N = 9 and one with N = 3 is six calls' worth, start-up and the first optimising
// compilations left out (`--single-threaded` keeps the collector's and compiler's work on the one
// thread callgrind counts; `--predictable-gc-schedule` keeps V8 from timing its collections by the
// clock, which otherwise moves a count by up to 2x between runs of the same code). It measures the
// built package, so build first:
//   pnpm run build && valgrind --tool=callgrind node --single-threaded --predictable-gc-schedule \
//     --import tsx bench/instructions.ts parse-ours 9

import { parseICalendar, parseXCal, toICalendar, toXCal } from '@convene/xcal';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { XML_PARSER_OPTIONS } from '../dist/xcal/xml.js';
import { generatorCalendar, talks, toCalendar } from './fixture.ts';

const STAMP = '2026-01-01T00:00:00Z';

/** Each subject builds its own input (1,000 events), then returns the call to repeat. */
const subjects: Record<string, () => () => number> = {
  'serialize-ours': () => {
    const list = talks(1000);
    return () => toICalendar(toCalendar(list, STAMP)).length;
  },
  'serialize-ical-generator': () => {
    const list = talks(1000);
    return () => generatorCalendar(list).length;
  },
  'write-xcal-ours': () => {
    const calendar = toCalendar(talks(1000), STAMP);
    return () => toXCal(calendar).length;
  },
  'write-icalendar-ours': () => {
    const calendar = toCalendar(talks(1000), STAMP);
    return () => toICalendar(calendar).length;
  },
  'parse-ours': () => {
    const ics = toICalendar(toCalendar(talks(1000), STAMP));
    return () => parseICalendar(ics).events.length;
  },
  'parse-icaljs': () => {
    const ics = toICalendar(toCalendar(talks(1000), STAMP));
    return () => (ICAL.parse(ics) as unknown[]).length;
  },
  'xcal-ours': () => {
    const xcs = toXCal(toCalendar(talks(1000), STAMP));
    return () => parseXCal(xcs).events.length;
  },
  'xcal-fxp': () => {
    const xcs = toXCal(toCalendar(talks(1000), STAMP));
    const parser = new XMLParser(XML_PARSER_OPTIONS);
    return () => parser.parse(xcs).length;
  },
  'legacy-ours': () => {
    const xcs = toXCal(toCalendar(talks(1000), STAMP), { flavour: 'legacy' });
    return () => parseXCal(xcs).events.length;
  },
  'legacy-fxp': () => {
    const xcs = toXCal(toCalendar(talks(1000), STAMP), { flavour: 'legacy' });
    const parser = new XMLParser(XML_PARSER_OPTIONS);
    return () => parser.parse(xcs).length;
  },
};

const [name = '', times = '1'] = process.argv.slice(2);
const make = subjects[name];
if (!make) throw new Error(`subject is one of: ${Object.keys(subjects).join(', ')}`);
const run = make();
let sink = 0;
for (let i = 0; i < Number(times); i++) sink += run();
if (sink === 0) throw new Error('nothing ran');
