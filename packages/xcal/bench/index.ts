// @convene/xcal beside ical-generator, ical.js and node-ical, in one process and one run, on the
// same generated talks; then the memory the streaming writer needs for 100,000 events.
//
// tinybench runs every subject at least 64 times, so its cases use 1,000-event calendars; the
// 10,000-event calendars of the issue are timed directly (a warm-up and three runs, median).
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import icalGenerator, { ICalAttendeeRole } from 'ical-generator';
import nodeIcal from 'node-ical';
import {
  type BenchCase,
  type MeasuredCase,
  runCases,
  type Subject,
} from '../../../bench/report.ts';
import {
  parseICalendar,
  parseXCal,
  readICalendarComponents,
  toICalendar,
  toXCal,
  writeICalendar,
} from '../src/index.ts';
import { type Talk, talks, toCalendar, toEvent } from './fixture.ts';

const STAMP = '2026-01-01T00:00:00Z';
let sink = 0;

function generatorCalendar(items: Talk[]): string {
  const calendar = icalGenerator({ prodId: '-//Convene//bench//EN', name: 'Bench conference' });
  for (const talk of items) {
    calendar.createEvent({
      id: `talk-${talk.id}@conf.example.org`,
      stamp: new Date(STAMP),
      start: talk.start,
      end: talk.end,
      summary: talk.title,
      description: talk.abstract,
      location: talk.room,
      categories: [{ name: talk.track }],
      url: `https://conf.example.org/talk/${talk.id}`,
      attendees: talk.speakers.map((s) => ({
        email: s.email,
        name: s.name,
        role: ICalAttendeeRole.CHAIR,
      })),
    });
  }
  return calendar.toString();
}

/** The compared subjects for calendars of `n` talks. */
function subjects(n: number) {
  const list = talks(n);
  const ics = toICalendar(toCalendar(list, STAMP));
  const xcs = toXCal(toCalendar(list, STAMP));
  const legacy = toXCal(toCalendar(list, STAMP), { flavour: 'legacy' });
  // The XML parser alone, configured as parseXCal configures it: the floor under our xCal reader.
  const xmlOnly = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    htmlEntities: false,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false,
    cdataPropName: '#cdata',
  });
  const serialize: Subject[] = [
    {
      name: '@convene/xcal toICalendar',
      run: () => (sink += toICalendar(toCalendar(list, STAMP)).length),
    },
    { name: 'ical-generator', run: () => (sink += generatorCalendar(list).length) },
  ];
  const parse: Subject[] = [
    {
      name: '@convene/xcal parseICalendar',
      run: () => (sink += parseICalendar(ics).events.length),
    },
    // The component tree alone: the stage ICAL.parse stops at (jCal-like, untyped).
    {
      name: '@convene/xcal readICalendarComponents',
      run: () => (sink += readICalendarComponents(ics).length),
    },
    {
      name: 'ical.js ICAL.parse (to jCal)',
      run: () => (sink += (ICAL.parse(ics) as unknown[]).length),
    },
    {
      name: 'node-ical sync.parseICS',
      run: () => (sink += Object.keys(nodeIcal.sync.parseICS(ics)).length),
    },
  ];
  const xcal: Subject[] = [
    { name: '@convene/xcal toXCal', run: () => (sink += toXCal(toCalendar(list, STAMP)).length) },
    { name: '@convene/xcal parseXCal', run: () => (sink += parseXCal(xcs).events.length) },
    { name: 'fast-xml-parser alone', run: () => (sink += xmlOnly.parse(xcs).length) },
    {
      name: '@convene/xcal parseXCal (legacy)',
      run: () => (sink += parseXCal(legacy).events.length),
    },
    { name: 'fast-xml-parser alone (legacy)', run: () => (sink += xmlOnly.parse(legacy).length) },
  ];
  return { serialize, parse, xcal, bytes: { ics: ics.length, xcs: xcs.length } };
}

/** Times each subject directly: one warm-up run, then `runs` runs; events/s from the median. */
function timed(
  name: string,
  n: number,
  list: Subject[],
  notes: Record<string, number | string>,
  runs = 3,
): MeasuredCase {
  const results: Record<string, Record<string, number>> = {};
  for (const subject of list) {
    subject.run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      subject.run();
      times.push(performance.now() - start);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
    results[subject.name] = {
      hz: Math.round((n / median) * 1000),
      msPerCalendar: Math.round(median),
    };
  }
  const ours = Object.entries(results).filter(([k]) => k.startsWith('@convene/xcal'));
  const peers = Object.entries(results).filter(([k]) => !k.startsWith('@convene/xcal'));
  const best = Math.max(0, ...peers.map(([, r]) => r.hz as number));
  if (best > 0)
    for (const [, r] of ours) r.ratioToBestPeer = Math.round(((r.hz as number) / best) * 100) / 100;
  return { name, results, notes };
}

/** Live heap (after forced collections) while streaming 100,000 events, beside holding the same text whole. */
async function streamingMemory(): Promise<MeasuredCase> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const list = talks(10_000);
  const live = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const base = live();
  let peak = 0;
  let bytes = 0;
  function* events() {
    for (let i = 0; i < 100_000; i++) {
      if (i % 10_000 === 5_000) peak = Math.max(peak, live() - base);
      yield toEvent(list[i % list.length] as Talk, STAMP);
    }
  }
  const discard = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const start = performance.now();
  await writeICalendar(events(), discard);
  const ms = performance.now() - start;
  const events100k = Array.from({ length: 100_000 }, (_, i) =>
    toEvent(list[i % list.length] as Talk, STAMP),
  );
  const beforeWhole = live();
  const whole = toICalendar({
    prodid: '-//Convene//bench//EN',
    version: '2.0',
    events: events100k,
  });
  const wholeHeap = live() - beforeWhole;
  sink += whole.length;
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  return {
    name: 'streaming 100,000 events as iCalendar (live heap after forced GC)',
    results: {
      '@convene/xcal writeICalendar': {
        peakLiveHeapMB: mb(peak),
        outputMB: mb(bytes),
        ms: Math.round(ms),
      },
      '@convene/xcal toICalendar (whole string)': { liveHeapMB: mb(wholeHeap) },
    },
    notes: { sink: 'a Node Writable that discards', gc: 'forced before each sample (--expose-gc)' },
  };
}

const small = subjects(1_000);
const cases: BenchCase[] = [
  {
    name: 'build and serialize a 1,000-event calendar as iCalendar (events/s)',
    batch: 1_000,
    subjects: small.serialize,
  },
  { name: 'parse a 1,000-event .ics (events/s)', batch: 1_000, subjects: small.parse },
];
const large = subjects(10_000);
const measured = [
  timed('build and serialize a 10,000-event calendar as iCalendar', 10_000, large.serialize, {
    bytes: large.bytes.ics,
  }),
  timed('parse a 10,000-event .ics', 10_000, large.parse, { bytes: large.bytes.ics }),
  timed(
    'xCal (RFC 6321) write and parse of the same 10,000 events',
    10_000,
    large.xcal,
    { bytes: large.bytes.xcs },
    2,
  ),
  await streamingMemory(),
];
await runCases(
  cases,
  { out: new URL('./latest.json', import.meta.url), ours: '@convene/xcal' },
  measured,
);
if (sink === 0) console.log('nothing measured');
