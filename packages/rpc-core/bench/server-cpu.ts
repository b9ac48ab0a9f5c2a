// What one request costs a server alone in its process, driven by a client in another: CPU time
// (user + system, writes included) per request, or instructions per request under valgrind.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { WebSocket } from 'ws';
import { killOnExit } from '../../../bench/report.ts';
import { ECHO_REQUEST, postEcho } from './peers.ts';

const WS_IN_FLIGHT = 64;
const HTTP_CONNECTIONS = 32;

/** Sends `count` WebSocket requests keeping 64 in flight on one connection. */
async function driveWs(port: number, count: number): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await new Promise<void>((resolve) => {
    let sent = 0;
    let answered = 0;
    const sendOne = () => {
      sent++;
      ws.send(ECHO_REQUEST);
    };
    ws.on('message', () => {
      answered++;
      if (answered === count) resolve();
      else if (sent < count) sendOne();
    });
    for (let i = 0; i < Math.min(WS_IN_FLIGHT, count); i++) sendOne();
  });
  ws.close();
}

/** Sends `count` HTTP POSTs over 32 keep-alive connections. */
async function driveHttp(port: number, count: number): Promise<void> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: HTTP_CONNECTIONS });
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      await postEcho(pool);
    }
  };
  await Promise.all(Array.from({ length: HTTP_CONNECTIONS }, worker));
  await pool.close();
}

/** Starts a server (under callgrind writing to `out`, when given) and resolves with its port. */
async function start(server: string, out?: string): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./serve-one.ts', import.meta.url));
  const node = [process.execPath, '--import', 'tsx', script, server];
  const child = killOnExit(
    out === undefined
      ? spawn(node[0] as string, node.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(
          'valgrind',
          [
            '--tool=callgrind',
            `--callgrind-out-file=${out}`,
            node[0] as string,
            '--single-threaded',
          ].concat(node.slice(1)),
          { stdio: ['ignore', 'pipe', 'ignore'] },
        ),
  );
  const port = await new Promise<number>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match?.[1]) resolve(Number(match[1]));
    });
  });
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The server's CPU microseconds (user + system) so far. */
function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const match = /cpu (\d+) (\d+)/.exec(chunk.toString());
      if (!match) return;
      child.stdout?.off('data', onData);
      resolve(Number(match[1]) + Number(match[2]));
    };
    child.stdout?.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/** The server's CPU microseconds per request over `count` requests after `warmup` others. */
export async function cpuPerRequest(
  server: string,
  http: boolean,
  warmup: number,
  count: number,
): Promise<number> {
  const { child, port } = await start(server);
  const drive = http ? driveHttp : driveWs;
  await drive(port, warmup);
  const before = await cpuOf(child);
  await drive(port, count);
  const after = await cpuOf(child);
  await stop(child);
  return (after - before) / count;
}

/** Total instructions of one server process that answered `warmup + count` requests. */
export async function instructions(
  server: string,
  http: boolean,
  warmup: number,
  count: number,
): Promise<number> {
  const out = join(tmpdir(), `callgrind-${process.pid}-${server}-${count}`);
  const { child, port } = await start(server, out);
  const drive = http ? driveHttp : driveWs;
  await drive(port, warmup);
  if (count > 0) await drive(port, count);
  await stop(child);
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  if (!summary?.[1]) throw new Error(`no callgrind summary for ${server}`);
  return Number(summary[1]);
}

/** The servers `serve-one.ts` starts, each with whether it serves HTTP (else WebSocket). */
export const SERVER_CASES: readonly (readonly [string, boolean])[] = [
  ['ours', false],
  ['json-rpc-2.0-ws', false],
  ['rpc-websockets', false],
  ['raw-ws-echo', false],
  ['ours', true],
  ['jayson-http', true],
  ['json-rpc-2.0-http', true],
  ['bare-http', true],
];
