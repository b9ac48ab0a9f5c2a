// The one benchmark harness every package uses: measures ours and the peers side by side in
// one process, several rounds per case, prints the median ops/s with its spread and the ratio
// ours/peer for each case, and writes bench/latest.json.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Bench } from 'tinybench';

/** One thing measured in a case: a subject (ours or a peer) and the operation it repeats. */
export interface Subject {
  /** Shown in the table and used as the key in latest.json, e.g. `@convene/signals emit`. */
  name: string;
  /** Performs `batch` operations per call (see {@link BenchCase.batch}). */
  run: () => unknown;
}

/** A case compares subjects doing the same work. */
export interface BenchCase {
  name: string;
  subjects: Subject[];
  /**
   * Operations performed by one call of `run`, so that fast operations are timed in loops rather
   * than one timer read each; the reported hz is calls/s × batch. Default 1.
   */
  batch?: number;
  /** Extra figures for this case (memory, sizes) written beside the results. */
  notes?: Record<string, number | string>;
  /**
   * Fewest calls of `run` per subject (tinybench's `iterations`, default 64): lower it for cases
   * whose one call takes seconds.
   */
  iterations?: number;
}

/**
 * Figures measured outside tinybench, written as their own case: rates summed up with
 * {@link summarize} (printed and compared like any case), or other figures (memory, wall time).
 */
export interface MeasuredCase {
  name: string;
  results: Record<string, SubjectResult> | Record<string, Record<string, number>>;
  notes?: Record<string, number | string>;
}

export interface RunOptions {
  /**
   * Where to write latest.json: usually `new URL('./latest.json', import.meta.url)`; undefined
   * for a run that only prints (one comparing against a baseline copy, say).
   */
  out: URL | undefined;
  /** Milliseconds spent on each subject per case and round (`--time MS` wins). Default 500. */
  time?: number;
  /** Rounds per case (`--runs N` on the command line wins). Default 5. */
  runs?: number;
  /** Subjects whose names start with this prefix are ours; the others are peers. */
  ours: string;
}

/** A rate as people read it: 1.23M, 45.6k, 7.8. */
export const formatRate = (hz: number): string =>
  hz >= 1e6 ? `${(hz / 1e6).toFixed(2)}M` : hz >= 1e3 ? `${(hz / 1e3).toFixed(1)}k` : hz.toFixed(1);

/** The value of `--flag VALUE` on the command line (`pnpm bench -- --case NAME`). */
const argument = (flag: string): string | undefined => {
  const at = process.argv.indexOf(flag);
  return at < 0 ? undefined : process.argv[at + 1];
};

/**
 * Whether `--case NAME` selects the case named `name`: a single letter picks the case named
 * `(letter) …`, anything else is a case-insensitive part of the name; every case when no `--case`
 * is given. Lets a benchmark skip the set-up of cases not asked for.
 */
export function caseSelected(name: string): boolean {
  const wanted = argument('--case')?.toLowerCase();
  if (wanted === undefined) return true;
  if (/^[a-z]$/.test(wanted)) return name.toLowerCase().startsWith(`(${wanted})`);
  return name.toLowerCase().includes(wanted);
}

/** One subject's figures in a case: the median over the rounds, each round, and the spread. */
export interface SubjectResult {
  hz: number;
  /** ops/s of each round. */
  runs: number[];
  /** (max − min) / median of the rounds. */
  spread: number;
}

/** The median of `values` (the mean of the middle two for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Kills `child` when this process exits, however it exits: a server a benchmark started must not
 * outlive a failed run, holding its output open (turbo would wait for it forever).
 */
export function killOnExit<T extends ChildProcess>(child: T): T {
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return child;
}

/**
 * `work`, or a rejection naming `what` once `ms` milliseconds have passed without it settling, so
 * that a subject that never answers (a lost message, a dead peer) stops the benchmark with a
 * message instead of hanging it.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)),
      ms,
    ).unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * How long one round of a case may take: every subject's measuring and warm-up time, ten times
 * over, plus a minute for cases whose single calls are slow (`iterations` at its floor).
 */
const roundDeadline = (subjects: number, time: number) => subjects * (time + 200) * 10 + 60_000;

/**
 * Ours over a peer: the median of the per-round ratios when both ran the same rounds (subjects of
 * one round were measured moments apart), else the ratio of the medians.
 */
export function ratioOf(ours: SubjectResult, peer: SubjectResult): number {
  if (ours.runs.length !== peer.runs.length) return ours.hz / peer.hz;
  return median(ours.runs.map((rate, i) => rate / (peer.runs[i] as number)));
}

/** A subject's figures from the rates (ops/s) of its rounds: their median, and their spread. */
export function summarize(hzs: number[]): SubjectResult {
  const mid = median(hzs);
  return { hz: mid, runs: hzs, spread: (Math.max(...hzs) - Math.min(...hzs)) / mid };
}

/** Runs one case `runs` times, all subjects in each round, and sums up each subject. */
async function measure(benchCase: BenchCase, time: number, runs: number) {
  const batch = benchCase.batch ?? 1;
  const rounds: Record<string, number[]> = {};
  const { subjects } = benchCase;
  for (let round = 0; round < runs; round++) {
    const bench = new Bench({
      time,
      warmupTime: 200,
      ...(benchCase.iterations === undefined ? {} : { iterations: benchCase.iterations }),
    });
    // The order rotates from round to round, so that no subject always runs first (or right
    // after the one that left the most garbage), and load from elsewhere falls on all alike.
    const shift = round % subjects.length;
    for (const subject of [...subjects.slice(shift), ...subjects.slice(0, shift)]) {
      bench.add(subject.name, subject.run);
    }
    await withDeadline(
      bench.run(),
      roundDeadline(subjects.length, time),
      `${benchCase.name}, round ${round + 1}`,
    );
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed')
        throw new Error(`${benchCase.name}: ${task.name} did not complete`);
      const hzs = rounds[task.name] ?? [];
      hzs.push(result.throughput.mean * batch);
      rounds[task.name] = hzs;
    }
  }
  const results: Record<string, SubjectResult> = {};
  for (const [subject, hzs] of Object.entries(rounds)) results[subject] = summarize(hzs);
  return results;
}

/**
 * Runs the selected cases in order, each `runs` rounds, prints a table per case (median ops/s,
 * spread, ratios ours/peer), and writes the JSON report.
 */
export async function runCases(
  cases: BenchCase[],
  options: RunOptions,
  measured: MeasuredCase[] = [],
): Promise<void> {
  const runs = Number(argument('--runs') ?? options.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`--runs must be a positive integer`);
  const time = Number(argument('--time') ?? options.time ?? 500);
  if (!(time > 0)) throw new RangeError(`--time must be a positive number of milliseconds`);
  const report: {
    date: string;
    machine: { cores: number; cpu: string; node: string };
    runs: number;
    cases: { name: string; results: Record<string, object>; notes?: object }[];
  } = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    runs,
    cases: [],
  };
  for (const benchCase of cases.filter(({ name }) => caseSelected(name))) {
    const results = await measure(benchCase, time, runs);
    printCase(benchCase.name, results, options.ours);
    report.cases.push({
      name: benchCase.name,
      results,
      ...(benchCase.notes ? { notes: benchCase.notes } : {}),
    });
  }
  for (const extra of measured.filter(({ name }) => caseSelected(name))) {
    const results = Object.entries(extra.results);
    if (results.every(([, figures]) => Array.isArray(figures.runs))) {
      printCase(extra.name, extra.results as Record<string, SubjectResult>, options.ours);
    } else {
      console.log(`\n${extra.name}`);
      for (const [subject, figures] of results) {
        console.log(`  ${subject.padEnd(32)} ${JSON.stringify(figures)}`);
      }
    }
    report.cases.push(extra);
  }
  // Only a full run replaces the report: one case asked for is a study, not today's figures.
  if (argument('--case') !== undefined || options.out === undefined) return;
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten: ${options.out.pathname}`);
}

function printCase(name: string, results: Record<string, SubjectResult>, oursPrefix: string) {
  const entries = Object.entries(results);
  const ours = entries.filter(([subject]) => subject.startsWith(oursPrefix));
  const peers = entries.filter(([subject]) => !subject.startsWith(oursPrefix));
  console.log(`\n${name}   (median of the rounds, spread; ratios: median of the per-round ratios)`);
  for (const [subject, result] of entries) {
    const ratios = subject.startsWith(oursPrefix)
      ? peers.map(([peer, p]) => `${ratioOf(result, p).toFixed(2)}x ${peer}`).join(', ')
      : '';
    const { hz, spread } = result;
    const figure = `${formatRate(hz).padStart(9)} ops/s  spread ${(spread * 100).toFixed(0).padStart(2)}%`;
    console.log(`  ${subject.padEnd(32)} ${figure}  ${ratios}`);
  }
  if (ours.length === 0) console.log('  (no subject of ours in this case)');
}
