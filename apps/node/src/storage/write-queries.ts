// The SQL of every write, each returning the change it made.
import { InvalidInputError, NotFoundError } from '../errors.js';
import type {
  Change,
  EventInput,
  RoomInput,
  SpeakerInput,
  TalkInput,
  TicketInput,
} from '../model.js';
import type { Queryable } from './database.js';

// Writes run inside a transaction the caller opened; each checks what only the database knows
// (references, the event a room belongs to, time bounds) and returns the change it made.

type Table = 'events' | 'rooms' | 'speakers' | 'talks' | 'tickets';
const what: Record<Table, string> = {
  events: 'event',
  rooms: 'room',
  speakers: 'speaker',
  talks: 'talk',
  tickets: 'ticket',
};

/** The result of a write: the id of the object written and the change to announce. */
export interface Written {
  id: string;
  change: Change;
}

async function insert(
  tx: Queryable,
  table: Table,
  values: Record<string, unknown>,
): Promise<{ id: string; event_id: string }> {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  const [row] = await tx.query<{ id: string; event_id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
      RETURNING id::text AS id, ${table === 'events' ? 'id' : 'event_id'}::text AS event_id`,
    Object.values(values),
  );
  if (!row) throw new Error(`INSERT INTO ${table} returned no row`);
  return row;
}

/** Updates the given columns (from a validated patch) of one row, and `updated_at` where kept. */
async function update(
  tx: Queryable,
  table: Table,
  id: string,
  patch: Record<string, unknown>,
  field: string,
): Promise<string> {
  const columns = Object.keys(patch);
  const sets = columns.map((column, i) => `${column} = $${i + 2}`);
  if (table === 'events' || table === 'talks') sets.push('updated_at = now()');
  const [row] = await tx.query<{ event_id: string }>(
    sets.length === 0
      ? `SELECT ${table === 'events' ? 'id' : 'event_id'}::text AS event_id FROM ${table} WHERE id = $1`
      : `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1
          RETURNING ${table === 'events' ? 'id' : 'event_id'}::text AS event_id`,
    [id, ...Object.values(patch)],
  );
  if (!row) throw new NotFoundError(field, what[table], id);
  return row.event_id;
}

async function remove(tx: Queryable, table: Table, id: string, field: string): Promise<string> {
  const [row] = await tx.query<{ event_id: string }>(
    `DELETE FROM ${table} WHERE id = $1
      RETURNING ${table === 'events' ? 'id' : 'event_id'}::text AS event_id`,
    [id],
  );
  if (!row) throw new NotFoundError(field, what[table], id);
  return row.event_id;
}

/** Locks an event's row: writes that renumber its tickets run one at a time, on every node. */
async function lockEvent(
  tx: Queryable,
  eventId: string,
  field = 'event_id',
): Promise<{ starts_at: number; ends_at: number }> {
  const [row] = await tx.query<{ starts_at: string; ends_at: string }>(
    `SELECT extract(epoch FROM starts_at)::text AS starts_at,
        extract(epoch FROM ends_at)::text AS ends_at FROM events WHERE id = $1 FOR UPDATE`,
    [eventId],
  );
  if (!row) throw new NotFoundError(field, 'event', eventId);
  return { starts_at: Number(row.starts_at) * 1000, ends_at: Number(row.ends_at) * 1000 };
}

function checkInterval(startsAt: string, endsAt: string, field: string) {
  if (Date.parse(endsAt) <= Date.parse(startsAt)) {
    throw new InvalidInputError(field, `ends_at (${endsAt}) must be after starts_at (${startsAt})`);
  }
}

async function checkRoomOfEvent(tx: Queryable, roomId: string, eventId: string, field: string) {
  const [row] = await tx.query<{ event_id: string }>(
    'SELECT event_id::text AS event_id FROM rooms WHERE id = $1',
    [roomId],
  );
  if (!row) throw new NotFoundError(field, 'room', roomId);
  if (row.event_id !== eventId) {
    throw new InvalidInputError(field, `room ${roomId} belongs to another event`);
  }
}

const change = (
  kind: Change['kind'],
  eventId: string,
  id: string,
  action: Change['action'],
): Written => ({ id, change: { kind, event_id: eventId, id, action } });

/** Creates an event. */
export async function insertEvent(tx: Queryable, input: EventInput): Promise<Written> {
  checkInterval(input.starts_at, input.ends_at, 'event');
  const row = await insert(tx, 'events', { ...input });
  return change('event_modified', row.id, row.id, 'created');
}

/** Changes fields of an event. */
export async function updateEvent(
  tx: Queryable,
  id: string,
  patch: Partial<EventInput>,
): Promise<Written> {
  const bounds = await lockEvent(tx, id, 'event_id');
  const startsAt = patch.starts_at ?? new Date(bounds.starts_at).toISOString();
  const endsAt = patch.ends_at ?? new Date(bounds.ends_at).toISOString();
  checkInterval(startsAt, endsAt, 'patch');
  await update(tx, 'events', id, patch, 'event_id');
  return change('event_modified', id, id, 'updated');
}

/** Deletes an event and everything in it. */
export async function deleteEvent(tx: Queryable, id: string): Promise<Written> {
  await remove(tx, 'events', id, 'event_id');
  return change('event_modified', id, id, 'deleted');
}

/** Create, change and delete of one kind of object. */
export interface ObjectWrites<Input> {
  insert(tx: Queryable, eventId: string, input: Input): Promise<Written>;
  update(tx: Queryable, id: string, patch: Partial<Input>): Promise<Written>;
  remove(tx: Queryable, id: string): Promise<Written>;
}

/** The writes of an object of an event that needs no checks beyond its own fields. */
function eventObjectWrites<Input extends object>(
  table: 'rooms' | 'speakers',
  kind: Change['kind'],
): ObjectWrites<Input> {
  const field = `${what[table]}_id`;
  return {
    insert: async (tx, eventId, input) => {
      await lockEvent(tx, eventId);
      const row = await insert(tx, table, { event_id: eventId, ...input });
      return change(kind, eventId, row.id, 'created');
    },
    update: async (tx, id, patch) =>
      change(kind, await update(tx, table, id, patch, field), id, 'updated'),
    remove: async (tx, id) => change(kind, await remove(tx, table, id, field), id, 'deleted'),
  };
}

/** Rooms of an event; a deleted room's talks keep their times and lose their room. */
export const roomWrites = eventObjectWrites<RoomInput>('rooms', 'room_modified');

/** Speakers of an event; a deleted speaker is taken off their talks. */
export const speakerWrites = eventObjectWrites<SpeakerInput>('speakers', 'speaker_modified');

function checkWithinEvent(
  bounds: { starts_at: number; ends_at: number },
  startsAt: string,
  endsAt: string,
  field: string,
) {
  checkInterval(startsAt, endsAt, field);
  if (Date.parse(startsAt) < bounds.starts_at || Date.parse(endsAt) > bounds.ends_at) {
    throw new InvalidInputError(
      field,
      `the talk (${startsAt} to ${endsAt}) must lie within its event (${new Date(bounds.starts_at).toISOString()} to ${new Date(bounds.ends_at).toISOString()})`,
    );
  }
}

/** Creates a talk in an event, inside the event's time span, in one of its rooms. */
export async function insertTalk(
  tx: Queryable,
  eventId: string,
  input: TalkInput,
): Promise<Written> {
  const bounds = await lockEvent(tx, eventId);
  checkWithinEvent(bounds, input.starts_at, input.ends_at, 'talk');
  if (input.room_id != null) await checkRoomOfEvent(tx, input.room_id, eventId, 'talk.room_id');
  const row = await insert(tx, 'talks', { event_id: eventId, ...input });
  return change('talk_modified', eventId, row.id, 'created');
}

/** Changes fields of a talk, with the same checks as {@link insertTalk}. */
export async function updateTalk(
  tx: Queryable,
  id: string,
  patch: Partial<TalkInput>,
): Promise<Written> {
  const [current] = await tx.query<{ event_id: string; starts_at: string; ends_at: string }>(
    `SELECT event_id::text AS event_id, to_char(starts_at AT TIME ZONE 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS starts_at, to_char(ends_at AT TIME ZONE 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ends_at FROM talks WHERE id = $1`,
    [id],
  );
  if (!current) throw new NotFoundError('talk_id', 'talk', id);
  const bounds = await lockEvent(tx, current.event_id);
  checkWithinEvent(
    bounds,
    patch.starts_at ?? current.starts_at,
    patch.ends_at ?? current.ends_at,
    'patch',
  );
  if (patch.room_id != null) {
    await checkRoomOfEvent(tx, patch.room_id, current.event_id, 'patch.room_id');
  }
  await update(tx, 'talks', id, patch, 'talk_id');
  return change('talk_modified', current.event_id, id, 'updated');
}

/** Deletes a talk. */
export async function deleteTalk(tx: Queryable, id: string): Promise<Written> {
  const eventId = await remove(tx, 'talks', id, 'talk_id');
  return change('talk_modified', eventId, id, 'deleted');
}

/** Replaces a talk's speakers (in billing order) by speakers of the same event. */
export async function setTalkSpeakers(
  tx: Queryable,
  talkId: string,
  speakerIds: readonly string[],
): Promise<Written> {
  const [talk] = await tx.query<{ event_id: string }>(
    'SELECT event_id::text AS event_id FROM talks WHERE id = $1 FOR UPDATE',
    [talkId],
  );
  if (!talk) throw new NotFoundError('talk_id', 'talk', talkId);
  const found = await tx.query<{ id: string; event_id: string }>(
    'SELECT id::text AS id, event_id::text AS event_id FROM speakers WHERE id = ANY($1::bigint[])',
    [speakerIds],
  );
  const events = new Map(found.map((row) => [row.id, row.event_id]));
  speakerIds.forEach((speakerId, i) => {
    const eventId = events.get(speakerId);
    if (eventId === undefined) throw new NotFoundError(`speaker_ids[${i}]`, 'speaker', speakerId);
    if (eventId !== talk.event_id) {
      throw new InvalidInputError(
        `speaker_ids[${i}]`,
        `speaker ${speakerId} belongs to another event`,
      );
    }
  });
  await tx.query('DELETE FROM talk_speakers WHERE talk_id = $1', [talkId]);
  await tx.query(
    `INSERT INTO talk_speakers (talk_id, speaker_id, position)
      SELECT $1, s.id, s.position FROM unnest($2::bigint[]) WITH ORDINALITY AS s(id, position)`,
    [talkId, speakerIds],
  );
  await tx.query('UPDATE talks SET updated_at = now() WHERE id = $1', [talkId]);
  return change('talk_modified', talk.event_id, talkId, 'updated');
}

/** Creates a ticket at the end of its event's order. */
export async function insertTicket(
  tx: Queryable,
  eventId: string,
  input: TicketInput,
): Promise<Written> {
  await lockEvent(tx, eventId);
  const [next] = await tx.query<{ position: number }>(
    'SELECT (coalesce(max(position), 0) + 1)::int AS position FROM tickets WHERE event_id = $1',
    [eventId],
  );
  const row = await insert(tx, 'tickets', {
    event_id: eventId,
    ...input,
    position: next?.position ?? 1,
  });
  return change('ticket_modified', eventId, row.id, 'created');
}

/** Changes fields of a ticket (not its position: see {@link reorderTickets}). */
export async function updateTicket(
  tx: Queryable,
  id: string,
  patch: Partial<TicketInput>,
): Promise<Written> {
  const eventId = await update(tx, 'tickets', id, patch, 'ticket_id');
  return change('ticket_modified', eventId, id, 'updated');
}

/** Deletes a ticket and closes the gap in the order. */
export async function deleteTicket(tx: Queryable, id: string): Promise<Written> {
  const [ticket] = await tx.query<{ event_id: string }>(
    'SELECT event_id::text AS event_id FROM tickets WHERE id = $1',
    [id],
  );
  if (!ticket) throw new NotFoundError('ticket_id', 'ticket', id);
  await lockEvent(tx, ticket.event_id);
  const [removed] = await tx.query<{ position: number }>(
    'DELETE FROM tickets WHERE id = $1 RETURNING position',
    [id],
  );
  if (!removed) throw new NotFoundError('ticket_id', 'ticket', id);
  await tx.query(
    'UPDATE tickets SET position = position - 1 WHERE event_id = $1 AND position > $2',
    [ticket.event_id, removed.position],
  );
  return change('ticket_modified', ticket.event_id, id, 'deleted');
}

/**
 * Gives an event's tickets the order of `ticketIds` (positions 1…n), which must name each of its
 * tickets exactly once. The event row is locked first, so concurrent reorders (on any node) apply
 * one after the other and a reader never sees a mix of two orders.
 */
export async function reorderTickets(
  tx: Queryable,
  eventId: string,
  ticketIds: readonly string[],
): Promise<Written> {
  await lockEvent(tx, eventId);
  const current = new Set(
    (
      await tx.query<{ id: string }>('SELECT id::text AS id FROM tickets WHERE event_id = $1', [
        eventId,
      ])
    ).map((row) => row.id),
  );
  const seen = new Set<string>();
  ticketIds.forEach((ticketId, i) => {
    if (seen.has(ticketId))
      throw new InvalidInputError(`ticket_ids[${i}]`, `${ticketId} is listed twice`);
    seen.add(ticketId);
    if (!current.has(ticketId)) {
      throw new InvalidInputError(
        `ticket_ids[${i}]`,
        `${ticketId} is not a ticket of event ${eventId}`,
      );
    }
  });
  if (ticketIds.length !== current.size) {
    throw new InvalidInputError(
      'ticket_ids',
      `must list each of the event's ${current.size} tickets once, got ${ticketIds.length}`,
    );
  }
  await tx.query(
    `UPDATE tickets SET position = o.position
      FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, position)
      WHERE tickets.id = o.id AND tickets.event_id = $1`,
    [eventId, ticketIds],
  );
  return change('ticket_order_changed', eventId, eventId, 'updated');
}
