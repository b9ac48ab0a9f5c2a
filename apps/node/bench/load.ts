// Load cases of the node bench: many subscriptions to one event, and clients that flood the
// node with large batches without reading the answers.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { killOnExit, type MeasuredCase } from '../../../bench/report.ts';

const SUBSCRIBING_SOCKETS = 16;

/** Opens a WebSocket to `url` and resolves once it is open. */
async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

/** Subscribes `count` callbacks to `eventId` over a few sockets; resolves when all are answered. */
async function subscribe(wsUrl: string, eventId: string, count: number): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: SUBSCRIBING_SOCKETS }, () => open(wsUrl)));
  const started = performance.now();
  let pending = count;
  await new Promise<void>((resolve, reject) => {
    for (const ws of sockets) {
      ws.on('message', (data) => {
        const answer = JSON.parse(String(data)) as { error?: { message: string } };
        if (answer.error) reject(new Error(answer.error.message));
        if (--pending === 0) resolve();
      });
    }
    for (let i = 0; i < count; i++) {
      const request = {
        id: i,
        method: 'call',
        params: [0, 'set_subscribe_callback', [i, eventId]],
      };
      sockets[i % SUBSCRIBING_SOCKETS]?.send(JSON.stringify(request));
    }
  });
  const ms = performance.now() - started;
  await Promise.all(
    sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve).close())),
  );
  return ms;
}

/**
 * Subscribing N callbacks to one event (N = 1k, 4k, 16k), spread over 16 WebSockets: the time per
 * subscription must stay flat as N grows. The node must allow 16k subscriptions from one address.
 */
export async function subscriptionCase(wsUrl: string, eventId: string): Promise<MeasuredCase> {
  const results: Record<string, Record<string, number>> = {};
  await subscribe(wsUrl, eventId, 1000); // warm-up
  for (const count of [1000, 4000, 16_000]) {
    const ms = await subscribe(wsUrl, eventId, count);
    results[`@convene/node N=${count}`] = {
      'µs per subscription': Math.round((ms * 1000) / count),
    };
  }
  return { name: 'set_subscribe_callback on one event, N over 16 sockets', results };
}

/** Peak and current resident memory of a process, in MiB (Linux `/proc/PID/status`). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: Math.round(kib('VmHWM') / 1024), now: Math.round(kib('VmRSS') / 1024) };
}

/** Resets a process's peak resident memory to its current one (Linux `clear_refs`, since 4.0). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * Peak memory of a node (its own process, started as `pnpm start` starts it) while 10 WebSocket
 * clients that never read send 40 batches each of 100 `get_calendar(…, 'xcal')` calls on the demo
 * event.
 */
export async function floodCase(dataDir: string): Promise<MeasuredCase> {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const child = killOnExit(
    spawn(
      process.execPath,
      [cli, 'start', '--rpc-endpoint', '127.0.0.1:0', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CONVENE_DATABASE_URL: '' } },
    ),
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /"url":"(http:[^"]+)"/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`node exited (${code}): ${out}`)));
    });
    const wsUrl = url.replace('http', 'ws');
    const reader = await open(wsUrl);
    const eventId = await new Promise<string>((resolve) => {
      reader.once('message', (data) => {
        resolve((JSON.parse(String(data)) as { result: { id: string }[] }).result[0]?.id ?? '');
      });
      reader.send('{"id":1,"method":"call","params":[0,"get_events",[]]}');
    });
    const before = memoryOf(child.pid ?? 0);
    // The peak of the flood alone, not that of the node's start (a new store is made then).
    resetPeak(child.pid ?? 0);
    const batch = JSON.stringify(
      Array.from({ length: 100 }, (_, id) => ({
        jsonrpc: '2.0',
        id,
        method: 'call',
        params: ['calendar', 'get_calendar', [eventId, 'xcal']],
      })),
    );
    const flooders = await Promise.all(Array.from({ length: 10 }, () => open(wsUrl)));
    for (const ws of flooders) {
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      for (let i = 0; i < 40; i++) ws.send(batch);
    }
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const during = memoryOf(child.pid ?? 0);
    for (const ws of [...flooders, reader]) ws.terminate();
    return {
      name: '10 non-reading clients x 40 batches of 100 get_calendar xcal (node RSS, MiB)',
      results: {
        '@convene/node': { 'before MiB': before.now, 'peak MiB': during.peak },
      },
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
