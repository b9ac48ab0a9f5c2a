// Loading a whole conference in one transaction (the demo, benchmarks).
import type { EventInput, RoomInput, SpeakerInput, TalkInput, TicketInput } from '../model.js';
import type { Queryable } from './database.js';

/** A whole conference to load at once; talks name their room and speakers by index. */
export interface ConferenceSeed {
  event: Required<EventInput>;
  rooms: Required<RoomInput>[];
  speakers: Required<SpeakerInput>[];
  talks: (Omit<Required<TalkInput>, 'room_id'> & { room: number; speakers: number[] })[];
  tickets: Required<TicketInput>[];
}

const byNumber = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

/**
 * Inserts `rows` with one statement from column arrays and returns their ids in input order.
 * Identity values follow the `ORDER BY` of the insert, so sorting the returned ids restores it.
 */
async function insertMany(
  tx: Queryable,
  table: string,
  eventId: string,
  columns: Record<string, { type: string; values: unknown[] }>,
): Promise<string[]> {
  const names = Object.keys(columns);
  const specs = Object.values(columns);
  const unnest = specs.map((spec, i) => `$${i + 2}::${spec.type}[]`).join(', ');
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO ${table} (event_id, ${names.join(', ')})
      SELECT $1, ${names.map((name) => `c.${name}`).join(', ')}
      FROM unnest(${unnest}) WITH ORDINALITY AS c(${names.join(', ')}, ordinality)
      ORDER BY c.ordinality
      RETURNING id::text AS id`,
    [eventId, ...specs.map((spec) => spec.values)],
  );
  return rows.sort(byNumber).map((row) => row.id);
}

/** Loads a conference in a few statements inside the caller's transaction; returns the event id. */
export async function importConference(tx: Queryable, seed: ConferenceSeed): Promise<string> {
  const e = seed.event;
  const [event] = await tx.query<{ id: string }>(
    `INSERT INTO events (name, description, location, url, time_zone, starts_at, ends_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text AS id`,
    [e.name, e.description, e.location, e.url, e.time_zone, e.starts_at, e.ends_at],
  );
  if (!event) throw new Error('INSERT INTO events returned no row');
  const column = <T>(type: string, rows: T[], pick: (row: T) => unknown) => ({
    type,
    values: rows.map(pick),
  });
  const roomIds = await insertMany(tx, 'rooms', event.id, {
    name: column('text', seed.rooms, (r) => r.name),
    capacity: column('int', seed.rooms, (r) => r.capacity),
  });
  const speakerIds = await insertMany(tx, 'speakers', event.id, {
    name: column('text', seed.speakers, (s) => s.name),
    organisation: column('text', seed.speakers, (s) => s.organisation),
    bio: column('text', seed.speakers, (s) => s.bio),
  });
  const talkIds = await insertMany(tx, 'talks', event.id, {
    room_id: column('bigint', seed.talks, (t) => roomIds[t.room]),
    title: column('text', seed.talks, (t) => t.title),
    abstract: column('text', seed.talks, (t) => t.abstract),
    track: column('text', seed.talks, (t) => t.track),
    starts_at: column('timestamptz', seed.talks, (t) => t.starts_at),
    ends_at: column('timestamptz', seed.talks, (t) => t.ends_at),
  });
  const links = seed.talks.flatMap((talk, t) =>
    talk.speakers.map((s, position) => [talkIds[t], speakerIds[s], position + 1] as const),
  );
  await tx.query(
    `INSERT INTO talk_speakers (talk_id, speaker_id, position)
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])`,
    [links.map((l) => l[0]), links.map((l) => l[1]), links.map((l) => l[2])],
  );
  await insertMany(tx, 'tickets', event.id, {
    name: column('text', seed.tickets, (k) => k.name),
    price_cents: column('int', seed.tickets, (k) => k.price_cents),
    currency: column('text', seed.tickets, (k) => k.currency),
    position: column(
      'int',
      seed.tickets.map((_, i) => i + 1),
      (p) => p,
    ),
  });
  return event.id;
}
