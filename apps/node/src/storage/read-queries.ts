// The SQL of every read, shaped as the wire shows it.
import { NotFoundError } from '../errors.js';
import type { ConferenceEvent, Room, Schedule, Speaker, Talk, Ticket } from '../model.js';
import type { Queryable } from './database.js';

// Every query selects text, integers and text arrays only, so that PGlite and node-postgres
// return the same JavaScript values (no driver-specific Date, bigint or numeric parsing).
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const eventColumns = `e.id::text AS id, e.name, e.description, e.location, e.url, e.time_zone,
  ${iso('e.starts_at')} AS starts_at, ${iso('e.ends_at')} AS ends_at,
  ${iso('e.updated_at')} AS updated_at`;
const roomColumns = 'r.id::text AS id, r.event_id::text AS event_id, r.name, r.capacity';
// One speaker or talk carries its links through a subquery (an index lookup); lists of them are
// joined with the event's links in one more query instead, because a subquery per row is slow on
// PGlite, which runs no autovacuum and so plans without statistics.
const speakerFields = `s.id::text AS id, s.event_id::text AS event_id, s.name, s.organisation,
  s.bio`;
const speakerTalkIds = `ARRAY(SELECT ts.talk_id::text FROM talk_speakers ts
    JOIN talks t ON t.id = ts.talk_id WHERE ts.speaker_id = s.id ORDER BY t.starts_at, t.id)`;
const talkFields = `t.id::text AS id, t.event_id::text AS event_id, t.room_id::text AS room_id,
  t.title, t.abstract, t.track, ${iso('t.starts_at')} AS starts_at, ${iso('t.ends_at')} AS ends_at,
  ${iso('t.updated_at')} AS updated_at`;
const talkSpeakerIds = `ARRAY(SELECT ts.speaker_id::text FROM talk_speakers ts
    WHERE ts.talk_id = t.id ORDER BY ts.position)`;

/** The talk–speaker links of an event, by talk start then billing order. */
async function selectLinks(q: Queryable, eventId: string) {
  return q.query<{ talk_id: string; speaker_id: string }>(
    `SELECT ts.talk_id::text AS talk_id, ts.speaker_id::text AS speaker_id
      FROM talk_speakers ts JOIN talks t ON t.id = ts.talk_id
      WHERE t.event_id = $1 ORDER BY t.starts_at, t.id, ts.position`,
    [eventId],
  );
}

/** Groups `links` by one side: `key` → the other sides, in link order. */
function group(
  links: { talk_id: string; speaker_id: string }[],
  key: 'talk_id' | 'speaker_id',
): Map<string, string[]> {
  const other = key === 'talk_id' ? 'speaker_id' : 'talk_id';
  const groups = new Map<string, string[]>();
  for (const link of links) {
    const list = groups.get(link[key]);
    if (list) list.push(link[other]);
    else groups.set(link[key], [link[other]]);
  }
  return groups;
}

const ticketColumns = `k.id::text AS id, k.event_id::text AS event_id, k.name, k.price_cents,
  k.currency, k.position`;

async function one<R>(rows: Promise<R[]>, field: string, what: string, id: string): Promise<R> {
  const [row] = await rows;
  if (!row) throw new NotFoundError(field, what, id);
  return row;
}

/** Every event, earliest first. */
export const selectEvents = (q: Queryable) =>
  q.query<ConferenceEvent & Record<string, unknown>>(
    `SELECT ${eventColumns} FROM events e ORDER BY e.starts_at, e.id`,
  );

/** One event; throws {@link NotFoundError} naming `field` when there is none. */
export const selectEvent = (q: Queryable, id: string, field = 'event_id') =>
  one(
    q.query<ConferenceEvent & Record<string, unknown>>(
      `SELECT ${eventColumns} FROM events e WHERE e.id = $1`,
      [id],
    ),
    field,
    'event',
    id,
  );

/** Throws {@link NotFoundError} unless the event exists. */
export const assertEvent = (q: Queryable, id: string, field = 'event_id') =>
  one(q.query('SELECT 1 FROM events WHERE id = $1', [id]), field, 'event', id);

/** The rooms of an event, by name. */
export async function selectRooms(q: Queryable, eventId: string): Promise<Room[]> {
  await assertEvent(q, eventId);
  return q.query<Room & Record<string, unknown>>(
    `SELECT ${roomColumns} FROM rooms r WHERE r.event_id = $1 ORDER BY r.name, r.id`,
    [eventId],
  );
}

/** One room. */
export const selectRoom = (q: Queryable, id: string, field = 'room_id') =>
  one(
    q.query<Room & Record<string, unknown>>(`SELECT ${roomColumns} FROM rooms r WHERE r.id = $1`, [
      id,
    ]),
    field,
    'room',
    id,
  );

/** The speakers of an event, by name, each with their talks by start time. */
export async function selectSpeakers(q: Queryable, eventId: string): Promise<Speaker[]> {
  await assertEvent(q, eventId);
  const speakers = await q.query<Omit<Speaker, 'talk_ids'>>(
    `SELECT ${speakerFields} FROM speakers s WHERE s.event_id = $1 ORDER BY s.name, s.id`,
    [eventId],
  );
  const talks = group(await selectLinks(q, eventId), 'speaker_id');
  return speakers.map((speaker) => ({ ...speaker, talk_ids: talks.get(speaker.id) ?? [] }));
}

/** One speaker. */
export const selectSpeaker = (q: Queryable, id: string, field = 'speaker_id') =>
  one(
    q.query<Speaker & Record<string, unknown>>(
      `SELECT ${speakerFields}, ${speakerTalkIds} AS talk_ids FROM speakers s WHERE s.id = $1`,
      [id],
    ),
    field,
    'speaker',
    id,
  );

/** The talks of an event by start time (then room, then id), each with its speakers. */
export async function selectTalks(q: Queryable, eventId: string): Promise<Talk[]> {
  await assertEvent(q, eventId);
  const talks = await q.query<Omit<Talk, 'speaker_ids'>>(
    `SELECT ${talkFields} FROM talks t WHERE t.event_id = $1
      ORDER BY t.starts_at, t.room_id NULLS LAST, t.id`,
    [eventId],
  );
  const speakers = group(await selectLinks(q, eventId), 'talk_id');
  return talks.map((talk) => ({ ...talk, speaker_ids: speakers.get(talk.id) ?? [] }));
}

/** One talk. */
export const selectTalk = (q: Queryable, id: string, field = 'talk_id') =>
  one(
    q.query<Talk & Record<string, unknown>>(
      `SELECT ${talkFields}, ${talkSpeakerIds} AS speaker_ids FROM talks t WHERE t.id = $1`,
      [id],
    ),
    field,
    'talk',
    id,
  );

/** The tickets of an event by position. */
export async function selectTickets(q: Queryable, eventId: string): Promise<Ticket[]> {
  await assertEvent(q, eventId);
  return q.query<Ticket & Record<string, unknown>>(
    `SELECT ${ticketColumns} FROM tickets k WHERE k.event_id = $1 ORDER BY k.position`,
    [eventId],
  );
}

/** One ticket. */
export const selectTicket = (q: Queryable, id: string, field = 'ticket_id') =>
  one(
    q.query<Ticket & Record<string, unknown>>(
      `SELECT ${ticketColumns} FROM tickets k WHERE k.id = $1`,
      [id],
    ),
    field,
    'ticket',
    id,
  );

/** An event with its rooms, speakers and talks: what a calendar export is made of. */
export async function selectSchedule(q: Queryable, eventId: string): Promise<Schedule> {
  const event = await selectEvent(q, eventId);
  const [rooms, speakers, talks] = [
    await selectRooms(q, eventId),
    await selectSpeakers(q, eventId),
    await selectTalks(q, eventId),
  ];
  return { event, rooms, speakers, talks };
}
