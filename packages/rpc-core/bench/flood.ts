// pnpm --filter @convene/rpc-core bench:flood — peak server memory while clients that never read
// flood it with batches of large answers, with the byte budget per connection and without it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RpcClient } from '@convene/rpc-core';
import { WebSocket } from 'ws';

const CLIENTS = 10;
const BATCHES = 60;
const BATCH = JSON.stringify(
  Array.from({ length: 100 }, (_, id) => ({ id, method: 'blob', params: [10 * 1024] })),
);
const MiB = 2 ** 20;

async function flood(budget: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./flood-server.ts', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, MAX_BUFFERED_BYTES: String(budget) },
    },
  );
  const url = await new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1].replace('http:', 'ws:'));
    });
  });
  const admin = new RpcClient(url, { reconnect: false });
  const base = await admin.call<number>('reset');
  const sockets = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  for (const ws of sockets) {
    ws.pause(); // never reads an answer
    for (let i = 0; i < BATCHES; i++) ws.send(BATCH);
  }
  // Let the server do what it will with what it could read.
  let last = -1;
  let peak = 0;
  while (peak !== last) {
    last = peak;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    peak = await admin.call<number>('peak');
  }
  for (const ws of sockets) ws.terminate();
  await admin.close();
  child.kill('SIGTERM');
  return { baseMiB: Math.round(base / MiB), peakGrowthMiB: Math.round((peak - base) / MiB) };
}

const sent = (CLIENTS * BATCHES * 100 * 10 * 1024) / MiB;
console.log(
  `${CLIENTS} non-reading clients × ${BATCHES} batches of 100 × 10 KiB answers (${sent} MiB asked for)`,
);
for (const [name, budget] of [
  ['maxBufferedBytesPerConnection 4 MiB', 4 * MiB],
  ['maxBufferedBytesPerConnection 16 MiB (default)', 16 * MiB],
  ['no byte budget (Infinity)', Number.POSITIVE_INFINITY],
] as const) {
  console.log(`  ${name.padEnd(48)} ${JSON.stringify(await flood(budget))}`);
}
