// @convene/xcal beside ical-generator, ical.js, node-ical and fast-xml-parser alone, in one process,
// on the same generated talks; then the memory the streaming writer needs for 100,000 events.
// Every case runs through the workspace harness (bench/report.ts): subjects interleaved in
// rounds whose order rotates, medians with their spread, ratios taken round by round.
//   node --expose-gc --import tsx bench/index.ts [--case TEXT] [--runs N]
import { Writable } from 'node:stream';
import {
  parseICalendar,
  parseXCal,
  readICalendarComponents,
  toICalendar,
  toXCal,
  writeICalendar,
} from '@convene/xcal';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import {
  type BenchCase,
  caseSelected,
  type MeasuredCase,
  runCases,
} from '../../../bench/report.ts';
import { XML_PARSER_OPTIONS } from '../dist/xcal/xml.js';
import { generatorCalendar, type Talk, talks, toCalendar, toEvent } from './fixture.ts';

const STAMP = '2026-01-01T00:00:00Z';
let sink = 0;

/** One subject of a case: what it is called and the work it repeats (returning a size). */
interface Subject {
  name: string;
  run: () => number;
}
interface Case {
  name: string;
  /** Events one call of `run` handles. */
  events: number;
  subjects: Subject[];
  notes?: Record<string, number | string>;
}

/**
 * A case for the harness: rates in events/s (one call handles `events`), each call's result
 * kept so that no work can be optimised away, and one call enough per sample (a call takes
 * milliseconds to tenths of a second).
 */
const benchCase = ({ name, events, subjects, notes }: Case): BenchCase => ({
  name,
  batch: events,
  iterations: 1,
  subjects: subjects.map((subject) => ({
    name: subject.name,
    run: () => {
      sink += subject.run();
    },
  })),
  ...(notes ? { notes } : {}),
});

/** The XML parser alone, configured as parseXCal configures it: the floor under our xCal reader. */
const xmlOnly = new XMLParser(XML_PARSER_OPTIONS);

function casesFor(n: number): Case[] {
  const list = talks(n);
  const calendar = toCalendar(list, STAMP);
  const ics = toICalendar(calendar);
  const label = n.toLocaleString('en-US');
  const out: Case[] = [
    {
      name: `serialize ${label} events as iCalendar`,
      events: n,
      notes: { bytes: ics.length },
      subjects: [
        // Ours builds the model from the talks too, as ical-generator builds its events.
        {
          name: '@convene/xcal toICalendar',
          run: () => toICalendar(toCalendar(list, STAMP)).length,
        },
        { name: 'ical-generator', run: () => generatorCalendar(list).length },
      ],
    },
    {
      name: `parse ${label} events from iCalendar`,
      events: n,
      notes: { bytes: ics.length },
      subjects: [
        {
          name: '@convene/xcal parseICalendar',
          run: () => parseICalendar(ics).events.length,
        },
        // The component tree alone: the stage ICAL.parse stops at (jCal-like, untyped).
        {
          name: '@convene/xcal readICalendarComponents',
          run: () => readICalendarComponents(ics).length,
        },
        // ical.js's fastest entry point: ICAL.parse stops at jCal arrays, before any ICAL.Component
        // or ICAL.Event is made, so it does less than parseICalendar (warmed up like every subject).
        {
          name: 'ical.js ICAL.parse (to jCal)',
          run: () => (ICAL.parse(ics) as unknown[]).length,
        },
        {
          name: 'node-ical sync.parseICS',
          run: () => Object.keys(nodeIcal.sync.parseICS(ics)).length,
        },
      ],
    },
  ];
  if (n < 10_000) return out;
  const xcs = toXCal(calendar);
  const legacy = toXCal(calendar, { flavour: 'legacy' });
  out.push(
    {
      name: `write ${label} events: xCal beside iCalendar`,
      events: n,
      notes: { bytes: xcs.length },
      subjects: [
        { name: '@convene/xcal toXCal', run: () => toXCal(calendar).length },
        // The iCalendar writer on the same calendar: xCal writing should cost no more per event.
        {
          name: 'iCalendar writer toICalendar (limit)',
          run: () => toICalendar(calendar).length,
        },
      ],
    },
    {
      name: `parse ${label} events from RFC 6321 xCal`,
      events: n,
      notes: { bytes: xcs.length },
      subjects: [
        { name: '@convene/xcal parseXCal', run: () => parseXCal(xcs).events.length },
        {
          name: 'fast-xml-parser alone (limit)',
          run: () => xmlOnly.parse(xcs).length,
        },
      ],
    },
    {
      name: `parse ${label} events from legacy xCal`,
      events: n,
      notes: { bytes: legacy.length },
      subjects: [
        {
          name: '@convene/xcal parseXCal (legacy)',
          run: () => parseXCal(legacy).events.length,
        },
        {
          name: 'fast-xml-parser alone, legacy (limit)',
          run: () => xmlOnly.parse(legacy).length,
        },
      ],
    },
  );
  return out;
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
  const all = Array.from({ length: 100_000 }, (_, i) =>
    toEvent(list[i % list.length] as Talk, STAMP),
  );
  const beforeWhole = live();
  const whole = toICalendar({ events: all });
  const wholeHeap = live() - beforeWhole;
  sink += whole.length;
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  const results = {
    '@convene/xcal writeICalendar': {
      peakLiveHeapMB: mb(peak),
      outputMB: mb(bytes),
      ms: Math.round(ms),
    },
    '@convene/xcal toICalendar (whole string)': { liveHeapMB: mb(wholeHeap) },
  };
  return {
    name: STREAMING,
    results,
    notes: { sink: 'a Node Writable that discards', gc: 'forced before each sample (--expose-gc)' },
  };
}

const STREAMING = 'streaming 100,000 events as iCalendar (live heap after forced GC)';
await runCases(
  [...casesFor(1_000), ...casesFor(10_000)].filter(({ name }) => caseSelected(name)).map(benchCase),
  { out: new URL('./latest.json', import.meta.url), ours: '@convene/xcal' },
  caseSelected(STREAMING) ? [await streamingMemory()] : [],
);
if (sink === 0) throw new Error('nothing measured');
