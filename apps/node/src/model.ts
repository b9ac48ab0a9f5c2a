// The schedule as the wire shows it: snake_case fields, ids as decimal strings, times as
// ISO 8601 in UTC (`2026-05-14T09:00:00Z`).

/** A conference: the unit a calendar is exported for and subscribers follow. */
export interface ConferenceEvent {
  id: string;
  name: string;
  description: string;
  location: string;
  url: string;
  /** IANA zone the event happens in (`Europe/Brussels`); times on the wire stay UTC. */
  time_zone: string;
  starts_at: string;
  ends_at: string;
  updated_at: string;
}

/** A room of an event. */
export interface Room {
  id: string;
  event_id: string;
  name: string;
  capacity: number | null;
}

/** A speaker of an event, with the talks they give. */
export interface Speaker {
  id: string;
  event_id: string;
  name: string;
  organisation: string;
  bio: string;
  talk_ids: string[];
}

/** A talk (a session) of an event, with its speakers in billing order. */
export interface Talk {
  id: string;
  event_id: string;
  room_id: string | null;
  title: string;
  abstract: string;
  track: string;
  starts_at: string;
  ends_at: string;
  updated_at: string;
  speaker_ids: string[];
}

/** A ticket type of an event; `position` orders the tickets, from 1. */
export interface Ticket {
  id: string;
  event_id: string;
  name: string;
  price_cents: number;
  currency: string;
  position: number;
}

/** Everything a calendar export of one event needs. */
export interface Schedule {
  event: ConferenceEvent;
  rooms: Room[];
  speakers: Speaker[];
  talks: Talk[];
}

/** Fields of a new event. */
export interface EventInput {
  name: string;
  description?: string;
  location?: string;
  url?: string;
  time_zone?: string;
  starts_at: string;
  ends_at: string;
}

/** Fields of a new room. */
export interface RoomInput {
  name: string;
  capacity?: number | null;
}

/** Fields of a new speaker. */
export interface SpeakerInput {
  name: string;
  organisation?: string;
  bio?: string;
}

/** Fields of a new talk. */
export interface TalkInput {
  title: string;
  abstract?: string;
  track?: string;
  room_id?: string | null;
  starts_at: string;
  ends_at: string;
}

/** Fields of a new ticket; it goes last in the order. */
export interface TicketInput {
  name: string;
  price_cents?: number;
  currency?: string;
}

/** What kind of object changed; each kind is also the name of the signal sent for it. */
export type ChangeKind =
  | 'event_modified'
  | 'room_modified'
  | 'speaker_modified'
  | 'talk_modified'
  | 'ticket_modified'
  | 'ticket_order_changed'
  | 'account_linked'
  | 'account_unlinked';

/** One committed change, as signals carry it and notices show it. */
export interface Change {
  kind: ChangeKind;
  event_id: string;
  /** The object changed (for `ticket_order_changed`, the event; for accounts, the provider). */
  id: string;
  action: 'created' | 'updated' | 'deleted';
}

/**
 * A notice telling a subscriber that changes of its event may have been missed (the node lost its
 * connection to other nodes' changes for a while): read the event again.
 */
export interface RefetchNotice {
  kind: 'refetch';
  event_id: string;
}
