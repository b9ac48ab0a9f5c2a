// The restricted organizer API: writes to the schedule.
import type { ApiMethods } from '@convene/rpc-core';
import type { EventInput, RoomInput, SpeakerInput, TalkInput, TicketInput } from '../model.js';
import {
  selectEvent,
  selectRoom,
  selectSpeaker,
  selectTalk,
  selectTicket,
  selectTickets,
} from '../storage/read-queries.js';
import type { Store } from '../storage/store.js';
import * as writes from '../storage/write-queries.js';
import {
  currency,
  type FieldGuard,
  fields,
  id,
  idList,
  integer,
  MAX_NAME_LENGTH,
  name,
  text,
  time,
  timeZone,
  url,
} from './arguments.js';
import { method } from './method.js';

const nullable =
  <T>(guard: FieldGuard<T>): FieldGuard<T | null> =>
  (value, field) =>
    value === null ? null : guard(value, field);
const shortText: FieldGuard<string> = (value, field) => text(value, field, MAX_NAME_LENGTH);

const eventFields: { [K in keyof EventInput]-?: FieldGuard<EventInput[K]> } = {
  name,
  description: text,
  location: shortText,
  url,
  time_zone: timeZone,
  starts_at: time,
  ends_at: time,
};
const roomFields: { [K in keyof RoomInput]-?: FieldGuard<RoomInput[K]> } = {
  name,
  capacity: nullable((value, field) => integer(value, field, 0, 1_000_000)),
};
const speakerFields: { [K in keyof SpeakerInput]-?: FieldGuard<SpeakerInput[K]> } = {
  name,
  organisation: shortText,
  bio: text,
};
const talkFields: { [K in keyof TalkInput]-?: FieldGuard<TalkInput[K]> } = {
  title: name,
  abstract: text,
  track: shortText,
  room_id: nullable(id),
  starts_at: time,
  ends_at: time,
};
const ticketFields: { [K in keyof TicketInput]-?: FieldGuard<TicketInput[K]> } = {
  name,
  price_cents: (value, field) => integer(value, field, 0, 100_000_000),
  currency,
};

/** Create, update and delete methods of one kind of object, named `create_<kind>` and so on. */
function crud<Input extends object>(
  store: Store,
  kind: 'event' | 'room' | 'speaker' | 'talk' | 'ticket',
  guards: { [K in keyof Input]-?: FieldGuard<Input[K]> },
  required: readonly (keyof Input & string)[],
  ops: writes.ObjectWrites<Input>,
  select: (id: string) => Promise<unknown>,
): ApiMethods {
  const create =
    kind === 'event'
      ? method(1, 1, async ([input]) => {
          const checked = fields(input, kind, guards, required);
          return select(await store.write((tx) => ops.insert(tx, '', checked)));
        })
      : method(2, 2, async ([eventId, input]) => {
          const event = id(eventId, 'event_id');
          const checked = fields(input, kind, guards, required);
          return select(await store.write((tx) => ops.insert(tx, event, checked)));
        });
  return {
    [`create_${kind}`]: create,
    [`update_${kind}`]: method(2, 2, async ([objectId, patch]) => {
      const target = id(objectId, `${kind}_id`);
      const checked = fields<Partial<Input>>(patch, 'patch', guards, []);
      return select(await store.write((tx) => ops.update(tx, target, checked)));
    }),
    [`delete_${kind}`]: method(1, 1, async ([objectId]) => {
      const target = id(objectId, `${kind}_id`);
      await store.write((tx) => ops.remove(tx, target));
      return true;
    }),
  };
}

/**
 * The restricted `organizer` API: create, update and delete events, rooms, speakers, talks and
 * tickets; `set_talk_speakers`; `reorder_tickets`. Creates and updates answer with the object as
 * stored; deletes with `true`. Every input is checked and a bad one named in a -32602.
 */
export function organizerApi(store: Store): ApiMethods {
  const db = store.db;
  return {
    ...crud(
      store,
      'event',
      eventFields,
      ['name', 'starts_at', 'ends_at'],
      {
        insert: (tx, _eventId, input) => writes.insertEvent(tx, input),
        update: writes.updateEvent,
        remove: writes.deleteEvent,
      },
      (eventId) => selectEvent(db, eventId),
    ),
    ...crud(store, 'room', roomFields, ['name'], writes.roomWrites, (roomId) =>
      selectRoom(db, roomId),
    ),
    ...crud(store, 'speaker', speakerFields, ['name'], writes.speakerWrites, (speakerId) =>
      selectSpeaker(db, speakerId),
    ),
    ...crud(
      store,
      'talk',
      talkFields,
      ['title', 'starts_at', 'ends_at'],
      { insert: writes.insertTalk, update: writes.updateTalk, remove: writes.deleteTalk },
      (talkId) => selectTalk(db, talkId),
    ),
    ...crud(
      store,
      'ticket',
      ticketFields,
      ['name'],
      { insert: writes.insertTicket, update: writes.updateTicket, remove: writes.deleteTicket },
      (ticketId) => selectTicket(db, ticketId),
    ),
    set_talk_speakers: method(2, 2, async ([talkId, speakerIds]) => {
      const talk = id(talkId, 'talk_id');
      const speakers = idList(speakerIds, 'speaker_ids');
      return selectTalk(db, await store.write((tx) => writes.setTalkSpeakers(tx, talk, speakers)));
    }),
    reorder_tickets: method(2, 2, async ([eventId, ticketIds]) => {
      const event = id(eventId, 'event_id');
      const tickets = idList(ticketIds, 'ticket_ids');
      await store.write((tx) => writes.reorderTickets(tx, event, tickets));
      return selectTickets(db, event);
    }),
  };
}
