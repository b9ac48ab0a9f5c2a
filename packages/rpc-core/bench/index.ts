// pnpm --filter @convene/rpc-core bench — one run, writes bench/latest.json.
// (a) WebSocket calls/s on one connection, 64 in flight, each library's client and server; (b) HTTP
// req/s, keep-alive, 32 connections, one client for every server; (c) N WebSocket connections with
// a callback each: server RSS and notices/s; (d, e) each server alone in its process, driven by
// the same client from another: requests per second of the server's own CPU time.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RpcClient } from '@convene/rpc-core';
import { Pool } from 'undici';
import { WebSocket } from 'ws';
import {
  caseSelected,
  killOnExit,
  type MeasuredCase,
  runCases,
  type SubjectResult,
  summarize,
} from '../../../bench/report.ts';
import {
  type Caller,
  httpServers,
  jsonRpc2WsPair,
  oursServer,
  oursWsCaller,
  pipelined,
  postEcho,
  rawEchoPair,
  rpcWebsocketsPair,
} from './peers.ts';
import { cpuPerRequest, SERVER_CASES } from './server-cpu.ts';

const WS_BATCH = 640;
const WS_IN_FLIGHT = 64;
const HTTP_BATCH = 320;
const HTTP_CONNECTIONS = 32;
const NOTICE_CONNECTIONS = Number(process.env.NOTICE_CONNECTIONS ?? 5000);
const NOTICE_WAIT_MS = 60_000;

// (c) many connections with a callback each, against a server in its own process.
const NOTICE_CASE = `(c) ${NOTICE_CONNECTIONS} WebSocket connections, one callback each (server in its own process)`;

async function noticeCase() {
  const child = killOnExit(
    spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./notice-server.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  const url = await new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on http:\/\/([\d.:]+)/.exec(chunk.toString());
      if (match?.[1]) resolve(`ws://${match[1]}`);
    });
  });
  let received = 0;
  const sockets: WebSocket[] = [];
  const connectOne = () =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      ws.once('error', reject);
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('{"jsonrpc":"2.0","method":"notice"')) received++;
        else resolve();
      });
      ws.once('open', () =>
        ws.send(`{"jsonrpc":"2.0","id":1,"method":"subscribe","params":[${sockets.length}]}`),
      );
    });
  const started = performance.now();
  for (let i = 0; i < NOTICE_CONNECTIONS; i += 250) {
    await Promise.all(Array.from({ length: Math.min(250, NOTICE_CONNECTIONS - i) }, connectOne));
  }
  const connectSeconds = (performance.now() - started) / 1000;
  const admin = new RpcClient(url, { reconnect: false });
  const rssIdle = (await admin.call<number>('rss')) / 2 ** 20;
  const rounds = 10;
  const expected = NOTICE_CONNECTIONS * rounds;
  const broadcastStart = performance.now();
  await admin.call('broadcast', [rounds]);
  // Notices a congested connection had to drop never come: wait a minute at most, count what came.
  while (received < expected && performance.now() - broadcastStart < NOTICE_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - broadcastStart) / 1000;
  const rssAfter = (await admin.call<number>('rss')) / 2 ** 20;
  await admin.close();
  for (const ws of sockets) ws.terminate();
  child.kill('SIGTERM');
  return {
    name: NOTICE_CASE,
    results: {
      '@convene/rpc-core': {
        connections: NOTICE_CONNECTIONS,
        rssMiB: Math.round(rssIdle),
        rssAfterBroadcastMiB: Math.round(rssAfter),
        noticesPerSecond: Math.round(received / seconds),
        noticesMissing: expected - received,
        connectSeconds: Number(connectSeconds.toFixed(1)),
      },
    },
  };
}

const notices = caseSelected(NOTICE_CASE) ? [await noticeCase()] : [];

// (d, e) Server CPU per request: the fairest view of the servers, since in (a) and (b) the
// clients share the process and the cores with them.
const CPU_ROUNDS = 5;
const CPU_WARMUP = 10_000;
const CPU_REQUESTS = 40_000;
const SERVER_LABELS: Record<string, string> = {
  ours: '@convene/rpc-core',
  'json-rpc-2.0-ws': 'json-rpc-2.0 over ws',
  'rpc-websockets': 'rpc-websockets',
  'raw-ws-echo': 'raw ws echo (limit)',
  'jayson-http': 'jayson',
  'json-rpc-2.0-http': 'json-rpc-2.0 + node:http',
  'bare-http': 'bare node:http echo (limit)',
};

async function serverCpuCase(http: boolean): Promise<MeasuredCase> {
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < CPU_ROUNDS; round++) {
    for (const [server, serves] of SERVER_CASES.filter(([, serves]) => serves === http)) {
      const micros = await cpuPerRequest(server, serves, CPU_WARMUP, CPU_REQUESTS);
      const subject = SERVER_LABELS[server] ?? server;
      rates[subject] = [...(rates[subject] ?? []), 1e6 / micros];
    }
  }
  const results: Record<string, SubjectResult> = {};
  for (const [subject, runs] of Object.entries(rates)) results[subject] = summarize(runs);
  return { name: http ? CPU_HTTP_CASE : CPU_WS_CASE, results };
}
const CPU_WS_CASE = `(d) WebSocket server alone: requests per second of its CPU time, ${WS_IN_FLIGHT} in flight`;
const CPU_HTTP_CASE = `(e) HTTP server alone: requests per second of its CPU time, ${HTTP_CONNECTIONS} connections`;
const serverCpu: MeasuredCase[] = [];
if (caseSelected(CPU_WS_CASE)) serverCpu.push(await serverCpuCase(false));
if (caseSelected(CPU_HTTP_CASE)) serverCpu.push(await serverCpuCase(true));

// (a) WebSocket
const ours = await oursServer();
const oursClient = await oursWsCaller(ours.port);
const jsonRpc2 = await jsonRpc2WsPair();
const rpcWs = await rpcWebsocketsPair();
const rawEcho = await rawEchoPair();
const wsCallers: [string, Caller][] = [
  ['@convene/rpc-core client+server', oursClient],
  ['json-rpc-2.0 over ws', jsonRpc2],
  ['rpc-websockets', rpcWs],
  ['raw ws echo (limit)', rawEcho],
];

// (b) HTTP
const httpTargets = {
  '@convene/rpc-core': ours,
  jayson: await httpServers.jayson(),
  'json-rpc-2.0 + node:http': await httpServers.jsonRpc2(),
  'bare node:http echo (limit)': await httpServers.bare(),
};
const pools = Object.entries(httpTargets).map(([name, { port }]) => ({
  name,
  pool: new Pool(`http://127.0.0.1:${port}`, { connections: HTTP_CONNECTIONS, pipelining: 1 }),
}));

await runCases(
  [
    {
      name: `(a) WebSocket calls/s, 1 connection, ${WS_IN_FLIGHT} in flight, echo of a small object`,
      batch: WS_BATCH,
      subjects: wsCallers.map(([name, caller]) => ({
        name,
        run: () => pipelined(WS_BATCH, WS_IN_FLIGHT, () => caller.call()),
      })),
    },
    {
      name: `(b) HTTP requests/s, keep-alive, ${HTTP_CONNECTIONS} connections (undici Pool)`,
      batch: HTTP_BATCH,
      subjects: pools.map(({ name, pool }) => ({
        name,
        run: () => Promise.all(Array.from({ length: HTTP_BATCH }, () => postEcho(pool))),
      })),
    },
  ],
  { out: new URL('./latest.json', import.meta.url), ours: '@convene/rpc-core' },
  [...notices, ...serverCpu],
);
for (const [, caller] of wsCallers) await caller.close();
await Promise.all(pools.map(({ pool }) => pool.close()));
process.exit(0);
