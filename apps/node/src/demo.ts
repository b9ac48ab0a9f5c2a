// The demo conference a fresh node loads, generated to any size for tests and benchmarks.
import type { ConferenceSeed } from './storage/import-conference.js';

/** Shape of a generated conference; the defaults make the demo the node loads on first start. */
export interface DemoOptions {
  days?: number;
  rooms?: number;
  talksPerRoomPerDay?: number;
  /** First day, `YYYY-MM-DD`; talks run from 07:00 to 16:00 UTC (09:00–18:00 in Brussels). */
  firstDay?: string;
  /** Seed of the generator: the same seed gives the same conference. */
  seed?: number;
}

const firstNames = [
  'Ada',
  'Alan',
  'Barbara',
  'Brian',
  'Chen',
  'Dennis',
  'Edsger',
  'Fatima',
  'Grace',
  'Hedy',
  'Ivan',
  'Joan',
  'Ken',
  'Leslie',
  'Margaret',
  'Niklaus',
  'Ola',
  'Radia',
  'Shafi',
  'Tim',
  'Ursula',
  'Vint',
  'Whitfield',
  'Xiao',
  'Yukihiro',
  'Zofia',
];
const lastNames = [
  'Lovelace',
  'Kay',
  'Liskov',
  'Kernighan',
  'Ritchie',
  'Dijkstra',
  'Hopper',
  'Lamarr',
  'Sutherland',
  'Clarke',
  'Thompson',
  'Lamport',
  'Hamilton',
  'Wirth',
  'Dahl',
  'Perlman',
  'Goldwasser',
  'Berners',
  'Franklin',
  'Cerf',
  'Diffie',
  'Matsumoto',
  'Nygaard',
  'Allen',
];
const organisations = ['', 'Free University', 'Open Source Lab', 'Netbox Cooperative', 'Acme Corp'];
const subjects = [
  'PostgreSQL',
  'WebSockets',
  'JSON-RPC',
  'iCalendar',
  'TypeScript',
  'Rust',
  'Wasm',
  'OAuth',
  'TLS',
  'DNS',
  'IPv6',
  'SQLite',
  'Kernels',
  'Compilers',
  'CRDTs',
  'Observability',
];
const angles = [
  'in production',
  'from scratch',
  'the hard parts',
  'ten years on',
  'for beginners',
  'at scale',
  'without the hype',
  'under load',
  'done right',
  'a field report',
];
const tracks = ['Main track', 'Databases', 'Web', 'Systems', 'Security', 'Tooling'];
const roomNames = ['Main Hall', 'Room A', 'Room B', 'Workshop Room'];

/** A small deterministic generator (mulberry32): a demo that looks the same on every start. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates a conference: by default two days, four rooms, 120 talks of 30 minutes, about 90
 * speakers (some talks have two) and three tickets in order.
 */
export function demoConference(options: DemoOptions = {}): ConferenceSeed {
  const days = options.days ?? 2;
  const roomCount = options.rooms ?? 4;
  const perDay = options.talksPerRoomPerDay ?? 15;
  const firstDay = Date.parse(`${options.firstDay ?? '2027-05-14'}T07:00:00Z`);
  const next = random(options.seed ?? 2027);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const dayMs = 24 * 3600_000;
  const slotMs = Math.floor((9 * 3600_000) / perDay);
  const talkCount = days * roomCount * perDay;
  const speakerCount = Math.max(1, Math.round(talkCount * 0.75));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

  const rooms = Array.from({ length: roomCount }, (_, i) => ({
    name: roomNames[i] ?? `Room ${i + 1}`,
    capacity: i === 0 ? 800 : 120 - 10 * (i % 5),
  }));
  const speakers = Array.from({ length: speakerCount }, (_, i) => {
    const name = `${firstNames[i % firstNames.length]} ${pick(lastNames)}`;
    return { name, organisation: pick(organisations), bio: `${name} works on ${pick(subjects)}.` };
  });
  const talks: ConferenceSeed['talks'] = [];
  for (let day = 0; day < days; day++) {
    for (let room = 0; room < roomCount; room++) {
      for (let slot = 0; slot < perDay; slot++) {
        const start = firstDay + day * dayMs + slot * slotMs;
        const first = talks.length % speakerCount;
        const both = next() < 0.2;
        const subject = pick(subjects);
        talks.push({
          title: `${subject}: ${pick(angles)}`,
          abstract: `What we learned about ${subject}, with examples you can run.`,
          track: tracks[room % tracks.length] ?? 'Main track',
          starts_at: iso(start),
          ends_at: iso(start + slotMs),
          room,
          speakers: both ? [first, (first + 7) % speakerCount] : [first],
        });
      }
    }
  }
  return {
    event: {
      name: 'Convene Demo Conference 2027',
      description: 'A generated two-day conference, loaded on first start so there is data to see.',
      location: 'Brussels',
      url: 'https://example.org/convene-demo',
      time_zone: 'Europe/Brussels',
      starts_at: iso(firstDay - 3600_000),
      ends_at: iso(firstDay + (days - 1) * dayMs + 10 * 3600_000),
    },
    rooms,
    speakers,
    talks,
    tickets: [
      { name: 'Standard', price_cents: 12000, currency: 'EUR' },
      { name: 'Student', price_cents: 3000, currency: 'EUR' },
      { name: 'Supporter', price_cents: 30000, currency: 'EUR' },
    ],
  };
}
