// Runs benchmark cases in rounds, subjects interleaved, and reports the median and spread of each.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Bench } from 'tinybench';
import type { BenchCase } from '../../../bench/report.ts';

/** How the rounds are run. */
export interface RoundOptions {
  /** Rounds per case; each round measures every subject once. */
  rounds: number;
  /** Milliseconds per subject per round. */
  time: number;
  /** Subjects whose names start with this prefix are ours; the others are peers. */
  ours: string;
  /** Where to write the report, or undefined to print only. */
  out: URL | undefined;
}

/** The figures of one subject in one case: the median rate, every round's rate, their spread. */
interface Figures {
  hz: number;
  runs: number[];
  /** (slowest − fastest round) / median. */
  spread: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const format = (hz: number) =>
  hz >= 1e6 ? `${(hz / 1e6).toFixed(2)}M` : hz >= 1e3 ? `${(hz / 1e3).toFixed(1)}k` : hz.toFixed(1);

/**
 * Measures each case in `options.rounds` rounds. Within a round every subject runs once, and the
 * order of subjects rotates from round to round, so that load from elsewhere on the machine
 * falls on all of them alike. Ratios ours/peer are taken within each round, then their median.
 */
export async function runRounds(cases: BenchCase[], options: RoundOptions): Promise<void> {
  const report = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    rounds: options.rounds,
    cases: [] as { name: string; results: Record<string, Figures>; notes?: object }[],
  };
  for (const benchCase of cases) {
    const runs = new Map<string, number[]>(benchCase.subjects.map(({ name }) => [name, []]));
    for (let round = 0; round < options.rounds; round++) {
      const bench = new Bench({ time: options.time, warmupTime: 100 });
      const shift = round % benchCase.subjects.length;
      const order = [...benchCase.subjects.slice(shift), ...benchCase.subjects.slice(0, shift)];
      for (const subject of order) bench.add(subject.name, subject.run);
      await bench.run();
      for (const task of bench.tasks) {
        if (task.result.state !== 'completed') {
          throw new Error(`${benchCase.name}: ${task.name} did not complete`);
        }
        runs.get(task.name)?.push(task.result.throughput.mean * (benchCase.batch ?? 1));
      }
    }
    const results: Record<string, Figures> = {};
    for (const [name, rates] of runs) {
      const hz = median(rates);
      results[name] = { hz, runs: rates, spread: (Math.max(...rates) - Math.min(...rates)) / hz };
    }
    printCase(benchCase.name, results, options.ours);
    report.cases.push({
      name: benchCase.name,
      results,
      ...(benchCase.notes ? { notes: benchCase.notes } : {}),
    });
  }
  if (options.out !== undefined) {
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten: ${options.out.pathname}`);
  }
}

function printCase(name: string, results: Record<string, Figures>, oursPrefix: string): void {
  const entries = Object.entries(results);
  const peers = entries.filter(([subject]) => !subject.startsWith(oursPrefix));
  console.log(`\n${name}   (median of ${entries[0]?.[1].runs.length ?? 0} rounds, spread)`);
  for (const [subject, figures] of entries) {
    const ratios = subject.startsWith(oursPrefix)
      ? peers
          .map(([peer, p]) => {
            const perRound = figures.runs.map((hz, i) => hz / (p.runs[i] as number));
            return `${median(perRound).toFixed(2)}x ${peer}`;
          })
          .join(', ')
      : '';
    const spread = `±${((figures.spread / 2) * 100).toFixed(0)}%`;
    console.log(
      `  ${subject.padEnd(30)} ${format(figures.hz).padStart(8)} ops/s ${spread.padStart(5)}  ${ratios}`,
    );
  }
}
