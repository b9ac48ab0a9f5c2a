// pnpm --filter @convene/rpc-core bench:cost — what one request costs each server, alone in its
// process: CPU time (user + system, writes included) per request, which a loaded machine
// disturbs far less than requests/s; with --callgrind, instructions per request under valgrind,
// which it does not disturb at all (slow: minutes per server). Arguments after the flags pick
// servers by a part of their label, e.g. `-- --callgrind "ours WebSocket"`.
import { cpuPerRequest, instructions, SERVER_CASES } from './server-cpu.ts';

const callgrind = process.argv.includes('--callgrind');
const WARMUP = Number(process.env.WARMUP ?? (callgrind ? 2000 : 20000));
const N = Number(process.env.N ?? (callgrind ? 4000 : 60000));
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
for (const [server, http] of SERVER_CASES) {
  const label = `${server} ${http ? 'HTTP' : 'WebSocket'}`;
  if (only.length > 0 && !only.some((wanted) => label.includes(wanted))) continue;
  if (callgrind) {
    const base = await instructions(server, http, WARMUP, 0);
    const total = await instructions(server, http, WARMUP, N);
    const perRequest = Math.round((total - base) / N);
    process.stdout.write(`${label.padEnd(24)} ${perRequest} instructions/request\n`);
  } else {
    const micros = await cpuPerRequest(server, http, WARMUP, N);
    process.stdout.write(`${label.padEnd(24)} ${micros.toFixed(2)} µs CPU/request\n`);
  }
}
