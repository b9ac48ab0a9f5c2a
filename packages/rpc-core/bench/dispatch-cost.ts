// Instructions per message of rpc-core's dispatch (parse, route, permission check, answer), under
// callgrind, which counts the same whatever else loads the machine:
// `pnpm --filter @convene/rpc-core bench:dispatch-cost` runs the loop twice under valgrind (a warm-up alone,
// then the warm-up and N more) and prints the difference over N.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { echoDispatcher } from './echo-dispatcher.ts';

const WARMUP = 20000;
const N = 20000;

/** Dispatches `count` echo requests, as the WebSocket transport does, answering synchronously. */
function dispatchMany(count: number): void {
  const { dispatcher, session } = echoDispatcher();
  const payload = { event: 'fosdem-2026', seats: 42, tags: ['rpc', 'bench'] };
  const text = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: [payload] });
  for (let i = 0; i < count; i++) {
    const result = dispatcher.handleText(session, text);
    if (result instanceof Promise || result.answer === null) throw new Error('expected an answer');
    session.release(result.bytes);
  }
}

const child = process.argv[2] === '--child';
if (child) dispatchMany(Number(process.argv[3]));
else {
  const script = fileURLToPath(import.meta.url);
  const count = (messages: number): number => {
    const out = join(tmpdir(), `dispatch-cost-${process.pid}-${messages}`);
    execFileSync(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${out}`,
        process.execPath,
        '--single-threaded',
        '--import',
        'tsx',
        script,
        '--child',
        String(messages),
      ],
      { stdio: 'ignore' },
    );
    const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
    rmSync(out, { force: true });
    return Number(summary?.[1]);
  };
  const base = count(WARMUP);
  const total = count(WARMUP + N);
  process.stdout.write(`dispatch: ${Math.round((total - base) / N)} instructions/message\n`);
}
