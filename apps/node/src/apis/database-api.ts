import { type ApiMethods, LimitExceededError } from '@convene/rpc-core';
import { InvalidInputError } from '../errors.js';
import type { Database } from '../storage/database.js';
import {
  assertEvent,
  selectEvent,
  selectEvents,
  selectRooms,
  selectSpeakers,
  selectTalk,
  selectTalks,
  selectTickets,
} from '../storage/read-queries.js';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, type Subscriptions } from '../subscriptions.js';
import { id } from './arguments.js';
import { method } from './method.js';

/** A callback id as Graphene clients send it: a number, or a short string. */
function callbackId(value: unknown): number | string {
  if (
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && value.length > 0 && value.length <= 64)
  ) {
    return value;
  }
  throw new InvalidInputError(
    'callback_id',
    'expected an integer or a string of 1 to 64 characters',
  );
}

/** API 0, `database`: the public, read-only schedule, and subscriptions to an event's changes. */
export function databaseApi(db: Database, subscriptions: Subscriptions): ApiMethods {
  return {
    get_events: method(0, 0, () => selectEvents(db)),
    get_event: method(1, 1, ([eventId]) => selectEvent(db, id(eventId, 'id'), 'id')),
    get_talks: method(1, 1, ([eventId]) => selectTalks(db, id(eventId, 'event_id'))),
    get_talk: method(1, 1, ([talkId]) => selectTalk(db, id(talkId, 'id'), 'id')),
    get_speakers: method(1, 1, ([eventId]) => selectSpeakers(db, id(eventId, 'event_id'))),
    get_rooms: method(1, 1, ([eventId]) => selectRooms(db, id(eventId, 'event_id'))),
    get_tickets: method(1, 1, ([eventId]) => selectTickets(db, id(eventId, 'event_id'))),
    set_subscribe_callback: method(2, 2, async ([callback, eventId], ctx) => {
      const cb = callbackId(callback);
      const event = id(eventId, 'event_id');
      if (ctx.connection.transport !== 'ws') {
        throw new InvalidInputError('callback_id', 'notices need a WebSocket connection');
      }
      await assertEvent(db, event);
      if (!subscriptions.subscribe(ctx.connection, cb, event)) {
        throw new LimitExceededError(
          `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`,
        );
      }
      return null;
    }),
    cancel_subscribe_callback: method(1, 1, ([callback], ctx) =>
      subscriptions.cancel(ctx.connection, callbackId(callback)),
    ),
  };
}
