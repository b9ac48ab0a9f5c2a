// Gathers every package's bench/latest.json into bench/summary.md: one table, each case with
// ours beside each peer (and each limit, measured as a subject), medians, spreads and ratios.
// With --readme it also writes each package's rows into its README, between the markers
// `<!-- bench-summary:start -->` and `<!-- bench-summary:end -->`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRate, ratioOf, type SubjectResult } from './report.ts';

/** A package's bench/latest.json, as the harness writes it. */
interface Report {
  date: string;
  machine: { cores: number; cpu: string; node: string };
  runs?: number;
  cases: { name: string; results: Record<string, Partial<SubjectResult>> }[];
}

const root = new URL('..', import.meta.url).pathname;
const packages = ['packages', 'apps']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => manifest.scripts?.bench !== undefined);
const reports = packages
  .map(({ dir, manifest }) => ({
    name: manifest.name,
    dir,
    file: join(root, dir, 'bench/latest.json'),
  }))
  .filter(({ file }) => existsSync(file))
  .map(({ name, dir, file }) => ({
    name: name as string,
    dir,
    report: JSON.parse(readFileSync(file, 'utf8')) as Report,
  }));
const missing = packages
  .map(({ manifest }) => manifest.name as string)
  .filter((name) => !reports.some((report) => report.name === name));

const spread = (result: Partial<SubjectResult>) =>
  result.spread === undefined ? '' : `${(result.spread * 100).toFixed(0)}%`;
const isRate = (result: Partial<SubjectResult>): result is SubjectResult =>
  typeof result.hz === 'number';

const rows: string[][] = [];
for (const { name, report } of reports) {
  for (const benchCase of report.cases) {
    const entries = Object.entries(benchCase.results).filter(
      (entry): entry is [string, SubjectResult] => isRate(entry[1]),
    );
    const ours = entries.filter(([subject]) => subject.startsWith(name));
    const peers = entries.filter(([subject]) => !subject.startsWith(name));
    for (const [subject, result] of ours) {
      const cells = [name, benchCase.name, subject, formatRate(result.hz), spread(result)];
      if (peers.length === 0) rows.push([...cells, '', '', '', '']);
      for (const [peer, other] of peers) {
        const ratio = `${ratioOf(result, other).toFixed(2)}x`;
        rows.push([...cells, peer, formatRate(other.hz), spread(other), ratio]);
      }
    }
  }
}

const machines = [...new Set(reports.map(({ report }) => JSON.stringify(report.machine)))];
const columns = [
  'case',
  'ours',
  'ops/s',
  'spread',
  'peer or limit',
  'ops/s',
  'spread',
  'ours/peer',
];
const tableOf = (header: string[], body: string[][]) =>
  [header, header.map(() => '---'), ...body].map((row) => `| ${row.join(' | ')} |`);
const table = tableOf(['package', ...columns], rows);
const text = [
  '# Benchmark summary',
  '',
  `Medians over each case's rounds; spread is (max − min) / median; ours/peer is the median of the per-round ratios. Machines: ${machines.join('; ')}.`,
  "Figures that are not rates (memory, milliseconds) stay in each package's bench/latest.json.",
  '',
  `Reports: ${reports.map(({ name, report }) => `${name} ${report.date}`).join(', ')}.`,
  ...(missing.length > 0 ? [`No report from: ${missing.join(', ')}.`] : []),
  '',
  ...table,
  '',
].join('\n');
writeFileSync(join(root, 'bench/summary.md'), text);
console.log(text);

const START = '<!-- bench-summary:start -->';
const END = '<!-- bench-summary:end -->';
if (process.argv.includes('--readme')) {
  for (const { name, dir, report } of reports) {
    const file = join(root, dir, 'README.md');
    const readme = readFileSync(file, 'utf8');
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    if (from < 0 || to < from) continue;
    const own = rows.filter(([pkg]) => pkg === name).map(([, ...cells]) => cells);
    const block = [
      START,
      '',
      `Run ${report.date.slice(0, 16).replace('T', ' ')} UTC${report.runs ? `, ${report.runs} rounds per case` : ''}, ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node.slice(1)}.`,
      '',
      ...tableOf(columns, own),
      '',
      '',
    ].join('\n');
    writeFileSync(file, readme.slice(0, from) + block + readme.slice(to));
    console.log(`rows written into ${join(dir, 'README.md')}`);
  }
}
