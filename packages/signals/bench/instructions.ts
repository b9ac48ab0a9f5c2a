// Instructions per emit, ours and tseep's, counted by valgrind: steady where timings are not.
//
//   pnpm run build && node --import tsx bench/instructions.ts [a|b|c ...]   (it measures dist)
//
// Node runs single-threaded, so that compiling happens at the same point of every run. Each
// count is the difference between a run of 3M and one of 1M emits under callgrind, divided
// by 2M, so that starting Node and loading the code cancel out. Needs valgrind; takes minutes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Signal } from '@convene/signals';
import { EventEmitter as Tseep } from 'tseep';

type Payload = { n: number };
const self = fileURLToPath(import.meta.url);
const [mode, which = 'a', count = '0'] = process.argv.slice(2);

if (mode === '--child') {
  // The loops are written out per case and subject, as in a program that sends: one call site
  // each, so that what is counted is the send and not the harness.
  let sink = 0;
  const payload = { n: 1 };
  const receiver = (_sender: unknown, p: Payload) => {
    sink += p.n;
  };
  const emits = Number(count);
  const names = Array.from({ length: 1_000 }, (_, i) => `sender-${i}`);
  const receivers = which === 'b' ? 10 : 1;
  if (process.env.SUBJECT === 'tseep') {
    const tseep = new Tseep<Record<string, (p: Payload) => void>>();
    if (which === 'c') {
      for (const name of names) tseep.on(name, (p) => receiver(name, p));
      for (let r = 0; r < emits / 1_000; r++) {
        for (let i = 0; i < 1_000; i++) tseep.emit(names[i] as string, payload);
      }
    } else {
      for (let i = 0; i < receivers; i++) tseep.on('app', (p) => receiver('app', p));
      for (let i = 0; i < emits; i++) tseep.emit('app', payload);
    }
  } else {
    const sig = new Signal<Payload, string>();
    if (which === 'c') {
      for (const name of names) sig.connect((s, p) => receiver(s, p), { sender: name });
      for (let r = 0; r < emits / 1_000; r++) {
        for (let i = 0; i < 1_000; i++) sig.emit(names[i] as string, payload);
      }
    } else {
      for (let i = 0; i < receivers; i++) sig.connect((s, p) => receiver(s, p));
      for (let i = 0; i < emits; i++) sig.emit('app', payload);
    }
  }
  if (sink !== emits * receivers) throw new Error('receivers missed emits');
} else {
  /** Instructions callgrind counts for a whole run of `emits` emits. */
  const instructions = (subject: string, benchCase: string, emits: number): number => {
    const run = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        '--single-threaded',
        '--import',
        'tsx',
      ].concat([self, '--child', benchCase, String(emits)]),
      { encoding: 'utf8', env: { ...process.env, SUBJECT: subject } },
    );
    const refs = /refs:\s*([\d,]+)/.exec(run.stderr)?.[1];
    if (run.status !== 0 || refs === undefined) throw new Error(`valgrind failed: ${run.stderr}`);
    return Number(refs.replaceAll(',', ''));
  };
  const picked = process.argv.slice(2).filter((arg) => arg !== '--');
  for (const benchCase of picked.length > 0 ? picked : ['a', 'b', 'c']) {
    for (const subject of ['@convene/signals emit', 'tseep']) {
      const perEmit =
        (instructions(subject, benchCase, 3_000_000) -
          instructions(subject, benchCase, 1_000_000)) /
        2_000_000;
      console.log(
        `(${benchCase}) ${subject.padEnd(22)} ${perEmit.toFixed(0)} instructions per emit`,
      );
    }
  }
}
