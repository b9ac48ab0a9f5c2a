// @convene/signals beside the event emitters people use, in one process and one run.
// Peers have no senders: case (c) gives them one event name per sender, the closest they come.
import { EventEmitter as NodeEmitter } from 'node:events';
import { EventEmitter as EventEmitter3 } from 'eventemitter3';
import mittModule from 'mitt';
import { EventEmitter as Tseep } from 'tseep';
import { type BenchCase, runCases, type Subject } from '../../../bench/report.ts';
import { Signal } from '../src/index.ts';

type Payload = { n: number };
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
  const ours = new Signal<Payload>();
  const ee3 = new EventEmitter3();
  const tseep = new Tseep<{ changed: (p: Payload) => void }>();
  const emitter = mitt<{ changed: Payload }>();
  const node = new NodeEmitter();
  node.setMaxListeners(receivers + 1);
  for (let i = 0; i < receivers; i++) {
    // Distinct functions: one function connected twice would count once in a signal.
    ours.connect((s, p) => receiver(s, p));
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
    { name: '@convene/signals emit', run: loop(() => ours.emit('app', payload)) },
    { name: '@convene/signals send', run: loop(() => ours.send('app', payload)) },
    { name: 'eventemitter3', run: loop(() => ee3.emit('changed', payload)) },
    { name: 'tseep', run: loop(() => tseep.emit('changed', payload)) },
    { name: 'mitt', run: loop(() => emitter.emit('changed', payload)) },
    { name: 'node:events', run: loop(() => node.emit('changed', payload)) },
  ];
}

/** 1,000 senders each with its own receiver; each emit comes from the next sender in turn. */
function perSender(senders: number): Subject[] {
  const names = Array.from({ length: senders }, (_, i) => `sender-${i}`);
  const ours = new Signal<Payload, string>();
  const ee3 = new EventEmitter3();
  const tseep = new Tseep<Record<string, (p: Payload) => void>>();
  const emitter = mitt<Record<string, Payload>>();
  const node = new NodeEmitter();
  for (const name of names) {
    ours.connect((s, p) => receiver(s, p), { sender: name });
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
    { name: '@convene/signals emit', run: loop((name) => ours.emit(name, payload)) },
    { name: '@convene/signals send', run: loop((name) => ours.send(name, payload)) },
    { name: 'eventemitter3', run: loop((name) => ee3.emit(name, payload)) },
    { name: 'tseep', run: loop((name) => tseep.emit(name, payload)) },
    { name: 'mitt', run: loop((name) => emitter.emit(name, payload)) },
    { name: 'node:events', run: loop((name) => node.emit(name, payload)) },
  ];
}

const cases: BenchCase[] = [
  { name: '(a) send, 1 receiver', batch: BATCH, subjects: fanOut(1) },
  { name: '(b) send, 10 receivers', batch: BATCH, subjects: fanOut(10) },
  {
    name: '(c) send from 1 of 1,000 senders, each with its own receiver',
    batch: BATCH,
    subjects: perSender(1_000),
    notes: { peers: 'one event name per sender' },
  },
];

await runCases(cases, { out: new URL('./latest.json', import.meta.url), ours: '@convene/signals' });
if (sink === 0) throw new Error('receivers never ran');
