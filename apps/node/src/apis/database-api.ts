// The public database API (API 0): schedule reads and subscriptions.
import type { ApiMethods } from '@convene/rpc-core';
import { InvalidInputError } from '../errors.js';
import { ALL_EVENTS, type EventCache } from '../event-cache.js';
import type { Database } from '../storage/database.js';
import {
  selectEvent,
  selectEvents,
  selectRooms,
  selectSpeakers,
  selectTalk,
  selectTalks,
  selectTickets,
} from '../storage/read-queries.js';
import type { Subscriptions } from '../subscriptions.js';
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

/**
 * API 0, `database`: the public, read-only schedule, and subscriptions to an event's changes.
 * Reads scoped to one event are kept in `cache` until a change signal names the event.
 */
export function databaseApi(
  db: Database,
  cache: EventCache,
  subscriptions: Subscriptions,
): ApiMethods {
  const perEvent = <T>(name: string, field: string, select: (eventId: string) => Promise<T>) =>
    method(1, 1, ([value]) => {
      const eventId = id(value, field);
      return cache.get(eventId, name, () => select(eventId));
    });
  return {
    get_events: method(0, 0, () => cache.get(ALL_EVENTS, 'get_events', () => selectEvents(db))),
    get_event: perEvent('get_event', 'id', (eventId) => selectEvent(db, eventId, 'id')),
    get_talks: perEvent('get_talks', 'event_id', (eventId) => selectTalks(db, eventId)),
    get_talk: method(1, 1, ([talkId]) => selectTalk(db, id(talkId, 'id'), 'id')),
    get_speakers: perEvent('get_speakers', 'event_id', (eventId) => selectSpeakers(db, eventId)),
    get_rooms: perEvent('get_rooms', 'event_id', (eventId) => selectRooms(db, eventId)),
    get_tickets: perEvent('get_tickets', 'event_id', (eventId) => selectTickets(db, eventId)),
    set_subscribe_callback: method(2, 2, async ([callback, eventId], ctx) => {
      const cb = callbackId(callback);
      const event = id(eventId, 'event_id');
      if (ctx.connection.transport !== 'ws') {
        throw new InvalidInputError('callback_id', 'notices need a WebSocket connection');
      }
      // Kept like get_event, so that many subscribers do not each ask the database.
      await cache.get(event, 'get_event', () => selectEvent(db, event, 'event_id'));
      subscriptions.subscribe(ctx.connection, cb, event);
      return null;
    }),
    cancel_subscribe_callback: method(1, 1, ([callback], ctx) =>
      subscriptions.cancel(ctx.connection, callbackId(callback)),
    ),
  };
}
