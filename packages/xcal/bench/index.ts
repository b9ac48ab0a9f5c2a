// @convene/xcal beside ical-generator, ical.js, node-ical and fast-xml-parser alone, in one process,
// on the same generated talks; then the memory the streaming writer needs for 100,000 events.
//
// Each case runs its subjects interleaved (A, B, C, then B, C, A, …) for at least five runs, so a
// burst of load from other processes falls on all of them alike; the figures are medians with their
// spread, and each ratio is taken run by run between subjects measured side by side.
//   node --import tsx bench/index.ts [--case TEXT] [--runs N]
// `--case` keeps the cases whose name contains TEXT (any case), for quick profiling.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import {
  parseICalendar,
  parseXCal,
  readICalendarComponents,
  toICalendar,
  toXCal,
  writeICalendar,
} from '../src/index.ts';
import { XML_PARSER_OPTIONS } from '../src/xcal/xml.ts';
import { generatorCalendar, type Talk, talks, toCalendar, toEvent } from './fixture.ts';

const STAMP = '2026-01-01T00:00:00Z';
let sink = 0;

/** What a subject is to the case: ours, a peer to beat, or the limit we build on. */
type Role = 'ours' | 'peer' | 'limit';
interface Subject {
  name: string;
  role: Role;
  run: () => number;
}
interface Case {
  name: string;
  /** Events one call of `run` handles. */
  events: number;
  subjects: Subject[];
  notes?: Record<string, number | string>;
}

const arg = (flag: string) => {
  const at = process.argv.indexOf(flag);
  return at < 0 ? undefined : process.argv[at + 1];
};
const only = arg('--case')?.toLowerCase();
const RUNS = Math.max(5, Number(arg('--runs') ?? 5));

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
          role: 'ours',
          run: () => toICalendar(toCalendar(list, STAMP)).length,
        },
        { name: 'ical-generator', role: 'peer', run: () => generatorCalendar(list).length },
      ],
    },
    {
      name: `parse ${label} events from iCalendar`,
      events: n,
      notes: { bytes: ics.length },
      subjects: [
        {
          name: '@convene/xcal parseICalendar',
          role: 'ours',
          run: () => parseICalendar(ics).events.length,
        },
        // The component tree alone: the stage ICAL.parse stops at (jCal-like, untyped).
        {
          name: '@convene/xcal readICalendarComponents',
          role: 'ours',
          run: () => readICalendarComponents(ics).length,
        },
        // ical.js's fastest entry point: ICAL.parse stops at jCal arrays, before any ICAL.Component
        // or ICAL.Event is made, so it does less than parseICalendar (warmed up like every subject).
        {
          name: 'ical.js ICAL.parse (to jCal)',
          role: 'peer',
          run: () => (ICAL.parse(ics) as unknown[]).length,
        },
        {
          name: 'node-ical sync.parseICS',
          role: 'peer',
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
        { name: '@convene/xcal toXCal', role: 'ours', run: () => toXCal(calendar).length },
        // The iCalendar writer on the same calendar: xCal writing should cost no more per event.
        {
          name: 'iCalendar writer toICalendar (limit)',
          role: 'limit',
          run: () => toICalendar(calendar).length,
        },
      ],
    },
    {
      name: `parse ${label} events from RFC 6321 xCal`,
      events: n,
      notes: { bytes: xcs.length },
      subjects: [
        { name: '@convene/xcal parseXCal', role: 'ours', run: () => parseXCal(xcs).events.length },
        {
          name: 'fast-xml-parser alone (limit)',
          role: 'limit',
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
          role: 'ours',
          run: () => parseXCal(legacy).events.length,
        },
        {
          name: 'fast-xml-parser alone, legacy (limit)',
          role: 'limit',
          run: () => xmlOnly.parse(legacy).length,
        },
      ],
    },
  );
  return out;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Events/s of each subject in each run, the subjects interleaved in a rotating order. */
function measure(benchCase: Case): Map<Subject, number[]> {
  const { subjects } = benchCase;
  // One warm-up call each, which also sets how many calls make one run (about 150 ms at least).
  const repeats = new Map<Subject, number>();
  for (const subject of subjects) {
    const start = performance.now();
    sink += subject.run();
    repeats.set(subject, Math.max(1, Math.ceil(150 / Math.max(1, performance.now() - start))));
  }
  const runs = new Map<Subject, number[]>(subjects.map((s) => [s, []]));
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[(i + r) % subjects.length] as Subject;
      const times = repeats.get(subject) as number;
      const start = performance.now();
      for (let k = 0; k < times; k++) sink += subject.run();
      const seconds = (performance.now() - start) / 1000;
      runs.get(subject)?.push((benchCase.events * times) / seconds);
    }
  }
  return runs;
}

type Figures = Record<string, number | number[]>;

function report(benchCase: Case, runs: Map<Subject, number[]>) {
  const results: Record<string, Figures> = {};
  const peers = benchCase.subjects.filter((s) => s.role === 'peer');
  const limits = benchCase.subjects.filter((s) => s.role === 'limit');
  const best = peers.sort((a, b) => median(runs.get(b) ?? []) - median(runs.get(a) ?? []))[0];
  console.log(
    `\n${benchCase.name} (events/s, median of ${RUNS} runs, spread = (max - min) / median)`,
  );
  for (const subject of benchCase.subjects) {
    const hz = runs.get(subject) ?? [];
    const m = median(hz);
    const figures: Figures = {
      hz: Math.round(m),
      spread: round((Math.max(...hz) - Math.min(...hz)) / m),
      runs: hz.map((x) => Math.round(x)),
    };
    let line = `  ${subject.name.padEnd(40)} ${(m / 1000).toFixed(1).padStart(7)}k ±${Math.round(
      ((Math.max(...hz) - Math.min(...hz)) / m) * 50,
    )}%`;
    if (subject.role === 'ours') {
      // Ratios run by run: subjects of one run were measured moments apart.
      const against = (other: Subject | undefined, key: string, label: string) => {
        const theirs = other && runs.get(other);
        if (!theirs) return;
        const ratios = hz.map((x, i) => x / (theirs[i] as number));
        figures[key] = round(median(ratios));
        figures[`${key}Runs`] = ratios.map((x) => round(x));
        line += `  ${median(ratios).toFixed(2)}x ${label} [${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}]`;
      };
      against(best, 'ratioToBestPeer', best?.name ?? '');
      // A limit is timed as time: ours / limit, so 1.25x means 25% more time than the limit.
      for (const limit of limits) {
        const theirs = runs.get(limit) ?? [];
        const ratios = hz.map((x, i) => (theirs[i] as number) / x);
        figures.timeToLimit = round(median(ratios));
        figures.timeToLimitRuns = ratios.map((x) => round(x));
        line += `  time ${median(ratios).toFixed(2)}x ${limit.name} [${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}]`;
      }
    }
    results[subject.name] = figures;
    console.log(line);
  }
  return { name: benchCase.name, results, ...(benchCase.notes ? { notes: benchCase.notes } : {}) };
}

/** Live heap (after forced collections) while streaming 100,000 events, beside holding the same text whole. */
async function streamingMemory() {
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
  const mb = (n: number) => round(n / 2 ** 20, 1);
  const results = {
    '@convene/xcal writeICalendar': {
      peakLiveHeapMB: mb(peak),
      outputMB: mb(bytes),
      ms: Math.round(ms),
    },
    '@convene/xcal toICalendar (whole string)': { liveHeapMB: mb(wholeHeap) },
  };
  console.log('\nstreaming 100,000 events as iCalendar (live heap after forced GC)');
  for (const [name, figures] of Object.entries(results))
    console.log(`  ${name.padEnd(40)} ${JSON.stringify(figures)}`);
  return {
    name: 'streaming 100,000 events as iCalendar (live heap after forced GC)',
    results,
    notes: { sink: 'a Node Writable that discards', gc: 'forced before each sample (--expose-gc)' },
  };
}

const out: object[] = [];
for (const benchCase of [...casesFor(1_000), ...casesFor(10_000)]) {
  if (only !== undefined && !benchCase.name.toLowerCase().includes(only)) continue;
  out.push(report(benchCase, measure(benchCase)));
}
if (only === undefined || 'streaming'.includes(only)) out.push(await streamingMemory());
const file = new URL('./latest.json', import.meta.url);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      runs: RUNS,
      cases: out,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten: ${file.pathname}`);
if (sink === 0) console.log('nothing measured');
