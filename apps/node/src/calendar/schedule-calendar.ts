// An event's schedule as an iCalendar calendar (one VEVENT per talk).
import type { Calendar, CalendarEvent } from '@convene/xcal';
import type { Schedule } from '../model.js';

/** The PRODID of every calendar the node writes (RFC 5545 §3.7.3). */
export const PRODID = '-//Convene//Reference Node//EN';

/**
 * An event's schedule as a calendar: one VEVENT per talk, in UTC, with its room as LOCATION, its
 * track as CATEGORIES and its speakers as ATTENDEEs (CN = name, role CHAIR).
 */
export function scheduleToCalendar(schedule: Schedule): Calendar {
  const rooms = new Map(schedule.rooms.map((room) => [room.id, room.name]));
  const speakers = new Map(schedule.speakers.map((speaker) => [speaker.id, speaker.name]));
  const events = schedule.talks.map((talk): CalendarEvent => {
    const event: CalendarEvent = {
      uid: `talk-${talk.id}@convene`,
      dtstamp: { value: talk.updated_at },
      lastModified: { value: talk.updated_at },
      start: { value: talk.starts_at },
      end: { value: talk.ends_at },
      summary: talk.title,
    };
    if (talk.abstract) event.description = talk.abstract;
    if (talk.track) event.categories = [talk.track];
    const room = talk.room_id === null ? undefined : rooms.get(talk.room_id);
    if (room) event.location = room;
    if (schedule.event.url) event.url = `${schedule.event.url}#talk-${talk.id}`;
    if (talk.speaker_ids.length > 0) {
      event.attendees = talk.speaker_ids.map((id) => ({
        address: `urn:x-convene:speaker:${id}`,
        parameters: { cn: speakers.get(id) ?? id, role: 'CHAIR' },
      }));
    }
    return event;
  });
  const calendar: Calendar = {
    prodid: PRODID,
    version: '2.0',
    calscale: 'GREGORIAN',
    method: 'PUBLISH',
    name: schedule.event.name,
    timezone: schedule.event.time_zone,
    events,
  };
  if (schedule.event.description) calendar.description = schedule.event.description;
  return calendar;
}
