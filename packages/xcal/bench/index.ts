// @convene/xcal beside ical-generator, ical.js and node-ical, in one process and one run, on the
// same 10,000 talks; then the memory the streaming writer needs for 100,000 events.
import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import icalGenerator, { ICalAttendeeRole } from 'ical-generator';
import nodeIcal from 'node-ical';
import { type BenchCase, type MeasuredCase, runCases } from '../../../bench/report.ts';
import {
  parseICalendar,
  parseXCal,
  readICalendarComponents,
  toICalendar,
  toXCal,
  writeICalendar,
} from '../src/index.ts';
import { type Talk, talks, toCalendar, toEvent } from './fixture.ts';

const N = 10_000;
const STAMP = '2026-01-01T00:00:00Z';
const list = talks(N);
const ics = toICalendar(toCalendar(list, STAMP));
const xcs = toXCal(toCalendar(list, STAMP));
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

const cases: BenchCase[] = [
  {
    name: `build and serialize ${N} events as iCalendar (events/s)`,
    batch: N,
    notes: { bytes: ics.length },
    subjects: [
      {
        name: '@convene/xcal toICalendar',
        run: () => (sink += toICalendar(toCalendar(list, STAMP)).length),
      },
      { name: 'ical-generator', run: () => (sink += generatorCalendar(list).length) },
    ],
  },
  {
    name: `parse a ${N}-event .ics (events/s)`,
    batch: N,
    subjects: [
      {
        name: '@convene/xcal parseICalendar',
        run: () => (sink += parseICalendar(ics).events.length),
      },
      {
        // The component tree alone: the stage ICAL.parse stops at (jCal-like, untyped).
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
    ],
  },
  {
    name: `xCal (RFC 6321) write and parse of the same ${N} events (events/s)`,
    batch: N,
    notes: { bytes: xcs.length },
    subjects: [
      { name: '@convene/xcal toXCal', run: () => (sink += toXCal(toCalendar(list, STAMP)).length) },
      { name: '@convene/xcal parseXCal', run: () => (sink += parseXCal(xcs).events.length) },
    ],
  },
];

/** Peak heap while streaming 100,000 events to a sink that discards them, beside the size of the same text. */
async function streamingMemory(): Promise<MeasuredCase> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let bytes = 0;
  function* events() {
    for (let i = 0; i < 100_000; i++) {
      if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      yield toEvent(list[i % N] as Talk, STAMP);
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
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  return {
    name: 'writeICalendar, 100,000 events to a Node stream',
    results: {
      '@convene/xcal writeICalendar': {
        peakHeapMB: mb(peak - base),
        outputMB: mb(bytes),
        ms: Math.round(ms),
      },
    },
    notes: { gc: gc ? 'forced before measuring' : 'not exposed' },
  };
}

await runCases(
  cases,
  { out: new URL('./latest.json', import.meta.url), ours: '@convene/xcal', time: 1500 },
  [await streamingMemory()],
);
if (sink === 0) console.log('nothing measured');
