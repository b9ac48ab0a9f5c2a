// The one benchmark harness every package uses: measures ours and the peers side by side in
// one process, prints ops/s and the ratio ours/peer for each case, and writes bench/latest.json.
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

/** A figure measured outside tinybench (memory, wall time), written as its own case. */
export interface MeasuredCase {
  name: string;
  results: Record<string, Record<string, number>>;
  notes?: Record<string, number | string>;
}

export interface RunOptions {
  /** Where to write latest.json: usually `new URL('./latest.json', import.meta.url)`. */
  out: URL;
  /** Milliseconds spent on each subject per case. Default 1000. */
  time?: number;
  /** Subjects whose names start with this prefix are ours; the others are peers. */
  ours: string;
}

const format = (hz: number) =>
  hz >= 1e6 ? `${(hz / 1e6).toFixed(2)}M` : hz >= 1e3 ? `${(hz / 1e3).toFixed(1)}k` : hz.toFixed(1);

/** Runs the cases in order, prints a table per case, and writes the JSON report. */
export async function runCases(
  cases: BenchCase[],
  options: RunOptions,
  measured: MeasuredCase[] = [],
): Promise<void> {
  const report: {
    date: string;
    machine: { cores: number; cpu: string; node: string };
    cases: { name: string; results: Record<string, Record<string, number>>; notes?: object }[];
  } = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    cases: [],
  };
  for (const benchCase of cases) {
    const batch = benchCase.batch ?? 1;
    const bench = new Bench({
      time: options.time ?? 1000,
      warmupTime: 200,
      ...(benchCase.iterations === undefined ? {} : { iterations: benchCase.iterations }),
    });
    for (const subject of benchCase.subjects) bench.add(subject.name, subject.run);
    await bench.run();
    const results: Record<string, { hz: number }> = {};
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed')
        throw new Error(`${benchCase.name}: ${task.name} did not complete`);
      results[task.name] = { hz: result.throughput.mean * batch };
    }
    printCase(benchCase.name, results, options.ours);
    report.cases.push({
      name: benchCase.name,
      results,
      ...(benchCase.notes ? { notes: benchCase.notes } : {}),
    });
  }
  for (const extra of measured) {
    console.log(`\n${extra.name}`);
    for (const [subject, figures] of Object.entries(extra.results)) {
      console.log(`  ${subject.padEnd(32)} ${JSON.stringify(figures)}`);
    }
    report.cases.push(extra);
  }
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten: ${options.out.pathname}`);
}

function printCase(name: string, results: Record<string, { hz: number }>, oursPrefix: string) {
  const entries = Object.entries(results);
  const ours = entries.filter(([subject]) => subject.startsWith(oursPrefix));
  const peers = entries.filter(([subject]) => !subject.startsWith(oursPrefix));
  console.log(`\n${name}`);
  for (const [subject, { hz }] of entries) {
    const ratios = subject.startsWith(oursPrefix)
      ? peers.map(([peer, p]) => `${(hz / p.hz).toFixed(2)}x ${peer}`).join(', ')
      : '';
    console.log(`  ${subject.padEnd(32)} ${format(hz).padStart(9)} ops/s  ${ratios}`);
  }
  if (ours.length === 0) console.log('  (no subject of ours in this case)');
}
