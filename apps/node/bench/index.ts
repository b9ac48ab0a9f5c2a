// pnpm --filter @convene/node bench — one run, writes bench/latest.json.
// (a) get_event calls/s over one WebSocket, 100 pipelined; (b) get_event over HTTP (keep-alive,
// 20 at a time); each on the node over PGlite and over PostgreSQL, beside rpc-core serving the
// same event from memory (the limit). (c) exporting a 2,000-talk event as iCal and xCal, cold
// (read + render) and cached, beside ical.js rendering the same calendar (render only).
// (d) subscribing N = 1k, 4k, 16k callbacks to one event; (e) peak node memory while 10
// non-reading clients flood it with large batches (see load.ts); (f) the schedule page of the
// 2,000-talk event rendered server-side, beside its .ics export. (g) API-key logins/s and
// get_event sealed over /server/rpc beside plain HTTP JSON-RPC on the same node (api-keys.ts).

import { RpcServer } from '@convene/rpc-core';
import { toJCal } from '@convene/xcal';
import ICAL from 'ical.js';
import WebSocket from 'ws';
import { type MeasuredCase, runCases, type Subject, withDeadline } from '../../../bench/report.ts';
import { calendarExport, renderExport } from '../dist/calendar/export.js';
import { scheduleToCalendar } from '../dist/calendar/schedule-calendar.js';
import { EventCache } from '../dist/event-cache.js';
import { createLogger, demoConference, startNode } from '../dist/index.js';
import { renderSchedulePage } from '../dist/page/schedule-page.js';
import type { Database } from '../dist/storage/database.js';
import { importConference } from '../dist/storage/import-conference.js';
import { migrate } from '../dist/storage/migrations.js';
import { openDatabase } from '../dist/storage/open.js';
import { selectSchedule } from '../dist/storage/read-queries.js';
import { createServerDatabase, createTempDir } from '../test/support/databases.ts';
import { apiKeyCases, type KeyedNode } from './api-keys.ts';
import { floodCase, subscriptionCase } from './load.ts';

const WS_BATCH = 100;
const HTTP_BATCH = 20;
const COLD_RUNS = 7;
const CASE_DEADLINE_MS = 5 * 60_000;

/** The median wall time of `runs` sequential runs, in milliseconds. */
async function medianMs(runs: number, run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(runs / 2)] ?? 0) * 1000) / 1000;
}
const cleanups: (() => Promise<void> | void)[] = [];

/** A WebSocket that sends `count` get_event calls at once and resolves when all are answered. */
async function pipelinedCaller(url: string, eventId: string) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  cleanups.push(() => ws.close());
  let pending = 0;
  let done: () => void = () => {};
  ws.on('message', () => {
    if (--pending === 0) done();
  });
  const request = JSON.stringify({ id: 1, method: 'call', params: [0, 'get_event', [eventId]] });
  return () =>
    new Promise<void>((resolve) => {
      pending = WS_BATCH;
      done = resolve;
      for (let i = 0; i < WS_BATCH; i++) ws.send(request);
    });
}

function httpCaller(url: string, eventId: string) {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'get_event', params: [eventId], id: 1 });
  const one = async () => {
    const response = await fetch(`${url}/rpc`, { method: 'POST', body });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    await response.arrayBuffer();
  };
  return async () => {
    await Promise.all(Array.from({ length: HTTP_BATCH }, one));
  };
}

interface Served {
  label: string;
  url: string;
  eventId: string;
  place?: { dataDir: string; databaseUrl: string | undefined };
}

/** A fresh place for data of this kind, or undefined when the PostgreSQL server is not there. */
async function freshPlace(
  kind: 'pglite' | 'postgresql',
): Promise<{ dataDir: string; databaseUrl: string | undefined } | undefined> {
  const temp = createTempDir('convene-bench-');
  cleanups.push(() => temp.remove());
  if (kind === 'pglite') return { dataDir: temp.dir, databaseUrl: undefined };
  try {
    const server = await createServerDatabase();
    cleanups.push(server.drop);
    return { dataDir: temp.dir, databaseUrl: server.url };
  } catch (error) {
    console.log(`PostgreSQL unavailable, its subjects are left out: ${(error as Error).message}`);
    return undefined;
  }
}

async function nodeOn(kind: 'pglite' | 'postgresql'): Promise<Served | undefined> {
  const place = await freshPlace(kind);
  if (!place) return undefined;
  const limits = { maxSubscriptionsPerConnection: 10_000, maxSubscriptionsPerAddress: 100_000 };
  const node = await startNode(
    {
      host: '127.0.0.1',
      port: 0,
      ...place,
      logLevel: 'silent',
      demo: true,
      limits,
      apiKeyLoginsPerHour: 1e9,
    },
    createLogger('silent'),
  );
  cleanups.push(() => node.close());
  const events = (await (
    await fetch(`${node.url}/rpc`, {
      method: 'POST',
      body: '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}',
    })
  ).json()) as { result: { id: string }[] };
  return {
    label: `@convene/node ${kind}`,
    url: node.url,
    eventId: events.result[0]?.id ?? '',
    place,
  };
}

async function memoryServer(event: unknown): Promise<Served> {
  const server = new RpcServer();
  server.register('database', { get_event: () => event });
  const address = await server.listen(0, '127.0.0.1');
  cleanups.push(() => server.close());
  return { label: 'rpc-core from memory', url: address.url, eventId: '1' };
}

async function exportDatabase(kind: 'pglite' | 'postgresql'): Promise<Database | undefined> {
  const place = await freshPlace(kind);
  if (!place) return undefined;
  const db = await openDatabase(place);
  cleanups.push(() => db.close());
  return db;
}

async function main() {
  const served = (await Promise.all([nodeOn('pglite'), nodeOn('postgresql')])).filter(
    (s): s is Served => s !== undefined,
  );
  const [first] = served;
  if (!first) throw new Error('no node started');
  const answer = await fetch(`${first.url}/rpc`, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', method: 'get_event', params: [first.eventId], id: 1 }),
  });
  const event = ((await answer.json()) as { result: unknown }).result;
  const all = [...served, await memoryServer(event)];

  const wsSubjects: Subject[] = [];
  const httpSubjects: Subject[] = [];
  for (const target of all) {
    wsSubjects.push({
      name: `${target.label}`,
      run: await pipelinedCaller(target.url.replace('http', 'ws'), target.eventId),
    });
    httpSubjects.push({ name: `${target.label}`, run: httpCaller(target.url, target.eventId) });
  }

  // A 2,000-talk event: 4 days, 20 rooms, 25 talks a day in each.
  const seed = demoConference({ days: 4, rooms: 20, talksPerRoomPerDay: 25 });
  const exportCases: MeasuredCase[] = [];
  const stores: [string, Database][] = [];
  for (const kind of ['pglite', 'postgresql'] as const) {
    const db = await exportDatabase(kind);
    if (db) stores.push([kind, db]);
  }
  const eventIds = new Map<Database, string>();
  for (const [, db] of stores) {
    await migrate(db, async (tx) => {
      eventIds.set(db, await importConference(tx, seed));
    });
  }
  const [, firstDb] = stores[0] ?? [];
  if (!firstDb) throw new Error('no store for the export case');
  const calendar = scheduleToCalendar(await selectSchedule(firstDb, eventIds.get(firstDb) ?? ''));
  const jcal = toJCal(calendar);
  // Cold exports take tenths of a second: timed as the median of a few runs, outside tinybench
  // (whose minimum sample count would stretch the run to minutes).
  for (const format of ['ical', 'xcal'] as const) {
    const cache = new EventCache();
    const cachedEventId = eventIds.get(firstDb) ?? '';
    await calendarExport(cache, firstDb, cachedEventId, format);
    const results: Record<string, Record<string, number>> = {};
    for (const [kind, db] of stores) {
      results[`@convene/node cold ${kind}`] = {
        ms: await medianMs(COLD_RUNS, () => renderExport(db, eventIds.get(db) ?? '', format)),
      };
    }
    results['@convene/node cached'] = {
      ms: await medianMs(COLD_RUNS, () => calendarExport(cache, firstDb, cachedEventId, format)),
    };
    if (format === 'ical') {
      results['ical.js render only'] = {
        ms: await medianMs(COLD_RUNS, async () => new ICAL.Component(jcal as unknown[]).toString()),
      };
    }
    exportCases.push({
      name: `export a ${seed.talks.length}-talk event as ${format === 'ical' ? 'iCal' : 'xCal'} (median ms)`,
      results,
    });
  }

  // The schedule page of the same event, server-side, beside its .ics export.
  const pageResults: Record<string, Record<string, number>> = {};
  const warm = await selectSchedule(firstDb, eventIds.get(firstDb) ?? '');
  for (let i = 0; i < 20; i++) renderSchedulePage({ schedules: [warm], host: 'h:1' });
  for (const [kind, db] of stores) {
    const eventId = eventIds.get(db) ?? '';
    pageResults[`@convene/node page cold ${kind}`] = {
      ms: await medianMs(COLD_RUNS, async () =>
        renderSchedulePage({ schedules: [await selectSchedule(db, eventId)], host: 'h:1' }),
      ),
    };
    pageResults[`@convene/node .ics cold ${kind}`] = {
      ms: await medianMs(COLD_RUNS, () => renderExport(db, eventId, 'ical')),
    };
  }
  pageResults['@convene/node page render only'] = {
    ms: await medianMs(COLD_RUNS, async () =>
      renderSchedulePage({ schedules: [warm], host: 'h:1' }),
    ),
  };
  exportCases.push({
    name: `schedule page of a ${seed.talks.length}-talk event beside its .ics export (median ms)`,
    results: pageResults,
  });

  // Cases measured outside tinybench get a deadline of their own, so that none can hang the run.
  const subscriptions = subscriptionCase(first.url.replace('http', 'ws'), first.eventId);
  exportCases.push(await withDeadline(subscriptions, CASE_DEADLINE_MS, 'the subscription case'));
  const floodPlace = await freshPlace('pglite');
  if (floodPlace) {
    const flood = floodCase(floodPlace.dataDir);
    exportCases.push(await withDeadline(flood, CASE_DEADLINE_MS, 'the flood case'));
  }

  const keyed = served.flatMap((s): KeyedNode[] => (s.place ? [{ ...s, ...s.place }] : []));
  const keyCases = await withDeadline(
    apiKeyCases(keyed, httpCaller, HTTP_BATCH, cleanups),
    CASE_DEADLINE_MS,
    'setting up the API-key cases',
  );

  await runCases(
    [
      {
        name: `get_event over one WebSocket, ${WS_BATCH} pipelined`,
        subjects: wsSubjects,
        batch: WS_BATCH,
      },
      {
        name: `get_event over HTTP keep-alive, ${HTTP_BATCH} at a time`,
        subjects: httpSubjects,
        batch: HTTP_BATCH,
      },
      ...keyCases,
    ],
    { out: new URL('./latest.json', import.meta.url), ours: '@convene/node' },
    exportCases,
  );
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) {
    await withDeadline(Promise.resolve(cleanup()), 30_000, 'a clean-up').catch(console.error);
  }
}
