// The talks every bench case works on, as our model and as plain fields for the peers, and the
// calendar ical-generator builds from them.

import type { Calendar, CalendarEvent } from '@convene/xcal';
import icalGenerator, { ICalAttendeeRole } from 'ical-generator';

export interface Talk {
  id: number;
  start: Date;
  end: Date;
  title: string;
  abstract: string;
  room: string;
  track: string;
  speakers: { name: string; email: string }[];
}

export function talks(n: number): Talk[] {
  const out: Talk[] = [];
  const base = Date.UTC(2026, 1, 1, 8, 0, 0);
  for (let i = 0; i < n; i++) {
    const start = new Date(base + (i % 500) * 1_800_000 + Math.floor(i / 500) * 86_400_000);
    out.push({
      id: i,
      start,
      end: new Date(start.getTime() + 25 * 60_000),
      title: `Talk ${i}: building calendars, schedules; and time zones`,
      abstract: `An abstract for talk ${i}.\nIt has two lines, commas, and a longer text that will need folding at seventy-five octets — même en français.`,
      room: `Room ${i % 40}`,
      track: `Track ${i % 12}`,
      speakers: [
        { name: `Speaker ${i}`, email: `speaker${i}@example.org` },
        { name: `Co-speaker ${i}`, email: `co${i}@example.org` },
      ],
    });
  }
  return out;
}

const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export function toEvent(talk: Talk, stamp: string): CalendarEvent {
  return {
    uid: `talk-${talk.id}@conf.example.org`,
    dtstamp: { value: stamp },
    start: { value: iso(talk.start) },
    end: { value: iso(talk.end) },
    summary: talk.title,
    description: talk.abstract,
    location: talk.room,
    categories: [talk.track],
    status: 'CONFIRMED',
    url: `https://conf.example.org/talk/${talk.id}`,
    attendees: talk.speakers.map((s) => ({
      address: `mailto:${s.email}`,
      parameters: { cn: s.name, role: 'CHAIR' },
    })),
  };
}

export function toCalendar(list: Talk[], stamp: string): Calendar {
  return {
    prodid: '-//Convene//bench//EN',
    version: '2.0',
    name: 'Bench conference',
    events: list.map((t) => toEvent(t, stamp)),
  };
}

const GENERATOR_STAMP = new Date('2026-01-01T00:00:00Z');

/** The talks through ical-generator's own API, as its users write it. */
export function generatorCalendar(items: Talk[]): string {
  const calendar = icalGenerator({ prodId: '-//Convene//bench//EN', name: 'Bench conference' });
  for (const talk of items) {
    calendar.createEvent({
      id: `talk-${talk.id}@conf.example.org`,
      stamp: GENERATOR_STAMP,
      start: talk.start,
      end: talk.end,
      summary: talk.title,
      description: talk.abstract,
      location: talk.room,
      categories: [{ name: talk.track }],
      url: `https://conf.example.org/talk/${talk.id}`,
      attendees: talk.speakers.map((s) => ({
        email: s.email,
        name: s.name,
        role: ICalAttendeeRole.CHAIR,
      })),
    });
  }
  return calendar.toString();
}
