// @convene/signals beside the event emitters people use, in one process, in rounds.
// Peers have no senders: case (c) gives them one event name per sender, the closest they come.
//
//   pnpm --filter @convene/signals bench [-- --case b] [--runs 5] [--time 500] [--baseline DIR]
//
// --case picks a case by letter or by part of its name (then nothing is written); --baseline adds
// another copy of this package's src/ (say, from an earlier commit) as subjects, to judge a change
// against it in the same rounds (nothing is written either).
import { EventEmitter as NodeEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Signal } from '@convene/signals';
import { EventEmitter as EventEmitter3 } from 'eventemitter3';
import mittModule from 'mitt';
import { EventEmitter as Tseep } from 'tseep';
import { type BenchCase, caseSelected, runCases, type Subject } from '../../../bench/report.ts';

type Payload = { n: number };

const { values: args } = parseArgs({
  // `pnpm bench -- --case b` hands the separator on: skip it.
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  // --case, --runs and --time are the harness's (bench/report.ts).
  options: {
    case: { type: 'string' },
    runs: { type: 'string' },
    time: { type: 'string' },
    baseline: { type: 'string' },
  },
});

/** The signal classes measured: this package, and the baseline copy when one is given. */
const implementations: [label: string, SignalClass: typeof Signal][] = [
  ['@convene/signals', Signal],
];
if (args.baseline !== undefined) {
  const url = pathToFileURL(resolve(args.baseline, 'index.ts')).href;
  implementations.push(['baseline', ((await import(url)) as { Signal: typeof Signal }).Signal]);
}
// mitt's types describe its CommonJS build, but Node loads its ESM build, whose default is the function.
const mitt = mittModule as unknown as typeof mittModule.default;

const payload: Payload = { n: 1 };
const BATCH = 1_000;
let sink = 0;
const receiver = (_sender: unknown, p: Payload) => {
  sink += p.n;
};
const listener = (p: Payload) => {
  sink += p.n;
};

/** Subjects where every emit goes to the same `receivers` listeners. */
function fanOut(receivers: number): Subject[] {
  const signals = implementations.map(([label, SignalClass]) => {
    const sig = new SignalClass<Payload>();
    for (let i = 0; i < receivers; i++) sig.connect((s, p) => receiver(s, p));
    return [label, sig] as const;
  });
  const ee3 = new EventEmitter3();
  const tseep = new Tseep<{ changed: (p: Payload) => void }>();
  const emitter = mitt<{ changed: Payload }>();
  const node = new NodeEmitter();
  node.setMaxListeners(receivers + 1);
  for (let i = 0; i < receivers; i++) {
    // Distinct functions (also for signals, above): one function connected twice counts once.
    const each = (p: Payload) => listener(p);
    ee3.on('changed', each);
    tseep.on('changed', each);
    emitter.on('changed', each);
    node.on('changed', each);
  }
  const loop = (emit: () => unknown) => () => {
    for (let i = 0; i < BATCH; i++) emit();
  };
  return [
    ...signals.flatMap(([label, sig]) => [
      { name: `${label} emit`, run: loop(() => sig.emit('app', payload)) },
      { name: `${label} send`, run: loop(() => sig.send('app', payload)) },
    ]),
    { name: 'eventemitter3', run: loop(() => ee3.emit('changed', payload)) },
    { name: 'tseep', run: loop(() => tseep.emit('changed', payload)) },
    { name: 'mitt', run: loop(() => emitter.emit('changed', payload)) },
    { name: 'node:events', run: loop(() => node.emit('changed', payload)) },
  ];
}

/** 1,000 senders each with its own receiver; each emit comes from the next sender in turn. */
function perSender(senders: number): Subject[] {
  const names = Array.from({ length: senders }, (_, i) => `sender-${i}`);
  const signals = implementations.map(([label, SignalClass]) => {
    const sig = new SignalClass<Payload, string>();
    for (const name of names) sig.connect((s, p) => receiver(s, p), { sender: name });
    return [label, sig] as const;
  });
  const ee3 = new EventEmitter3();
  const tseep = new Tseep<Record<string, (p: Payload) => void>>();
  const emitter = mitt<Record<string, Payload>>();
  const node = new NodeEmitter();
  for (const name of names) {
    const each = (p: Payload) => listener(p);
    ee3.on(name, each);
    tseep.on(name, each);
    emitter.on(name, each);
    node.on(name, each);
  }
  const loop = (emit: (name: string) => unknown) => () => {
    for (let i = 0; i < BATCH; i++) emit(names[i % senders] as string);
  };
  return [
    ...signals.flatMap(([label, sig]) => [
      { name: `${label} emit`, run: loop((name) => sig.emit(name, payload)) },
      { name: `${label} send`, run: loop((name) => sig.send(name, payload)) },
    ]),
    { name: 'eventemitter3', run: loop((name) => ee3.emit(name, payload)) },
    { name: 'tseep', run: loop((name) => tseep.emit(name, payload)) },
    { name: 'mitt', run: loop((name) => emitter.emit(name, payload)) },
    { name: 'node:events', run: loop((name) => node.emit(name, payload)) },
  ];
}

/** The cases; a case's subjects (and their receivers) are built only when it is picked. */
const cases: [name: string, build: () => Omit<BenchCase, 'name'>][] = [
  ['(a) send, 1 receiver', () => ({ batch: BATCH, subjects: fanOut(1) })],
  ['(b) send, 10 receivers', () => ({ batch: BATCH, subjects: fanOut(10) })],
  [
    '(c) send from 1 of 1,000 senders, each with its own receiver',
    () => ({
      batch: BATCH,
      subjects: perSender(1_000),
      notes: { peers: 'one event name per sender' },
    }),
  ],
];

const chosen = cases
  .filter(([name]) => caseSelected(name))
  .map(([name, build]) => ({ name, ...build() }));
if (chosen.length === 0) throw new Error(`no case matches ${args.case}`);

await runCases(chosen, {
  ours: '@convene/signals',
  out: args.baseline === undefined ? new URL('./latest.json', import.meta.url) : undefined,
});
if (sink === 0) throw new Error('receivers never ran');
