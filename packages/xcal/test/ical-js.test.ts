// Interop with ical.js (Mozilla), a real peer: it must read what we write (iCalendar and jCal)
// into the same events, and we must read what it writes.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type Calendar, parseICalendar, parseJCal, toICalendar, toJCal } from '../src/index.js';
import { conference } from './samples.js';

/** RRULE parts as a set; ical.js reorders them and drops WKST=MO, the default (RFC 5545 §3.3.10). */
function recurParts(rule: string | undefined): string[] | undefined {
  return rule
    ?.split(';')
    .filter((p) => p !== 'WKST=MO')
    .sort();
}

/** The event fields as ical.js sees them, in our lexical forms. */
function icalJsEvents(root: ICAL.Component) {
  return root.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const value = (name: string) => vevent.getFirstPropertyValue(name)?.toString();
    const time = (name: string) => {
      const p = vevent.getFirstProperty(name);
      return p ? { value: p.getFirstValue()?.toString(), tzid: p.getParameter('tzid') } : undefined;
    };
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? undefined,
      location: event.location ?? undefined,
      start: time('dtstart'),
      end: time('dtend'),
      duration: value('duration'),
      status: value('status'),
      url: value('url'),
      sequence: vevent.getFirstPropertyValue('sequence') ?? undefined,
      categories: vevent.getAllProperties('categories').flatMap((p) => p.getValues()),
      attendees: event.attendees.map((a) => ({
        address: a.getFirstValue(),
        cn: a.getParameter('cn'),
        role: a.getParameter('role'),
      })),
      organizer: value('organizer'),
      rrule: recurParts(vevent.getFirstProperty('rrule')?.getFirstValue()?.toString()),
      exdate: vevent.getAllProperties('exdate').flatMap((p) => p.getValues().map(String)),
      alarms: vevent.getAllSubcomponents('valarm').length,
    };
  });
}

/** The same fields from our model. */
function ourEvents(calendar: Calendar) {
  return calendar.events.map((e) => ({
    uid: e.uid,
    summary: e.summary,
    description: e.description,
    location: e.location,
    start: { value: e.start.value, tzid: e.start.tzid },
    end: e.end ? { value: e.end.value, tzid: e.end.tzid } : undefined,
    duration: e.duration,
    status: e.status,
    url: e.url,
    sequence: e.sequence,
    categories: e.categories ?? [],
    attendees: (e.attendees ?? []).map((a) => ({
      address: a.address,
      cn: a.parameters.cn,
      role: a.parameters.role,
    })),
    organizer: e.organizer?.address,
    rrule: recurParts(
      e.rrule &&
        Object.entries(e.rrule)
          .map(
            ([k, v]) =>
              `${k.toUpperCase()}=${k === 'until' ? String(v).replace(/[-:]/g, '') : Array.isArray(v) ? v.join(',') : v}`,
          )
          .join(';'),
    ),
    exdate: (e.exdate ?? []).map((t) => t.value),
    alarms: e.components?.length ?? 0,
  }));
}

describe('ical.js reads what we write', () => {
  it('our iCalendar, into the same events and calendar name', () => {
    const root = new ICAL.Component(ICAL.parse(toICalendar(conference)));
    expect(icalJsEvents(root)).toEqual(ourEvents(conference));
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe(conference.name);
    expect(root.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('our jCal, into the same events', () => {
    const root = new ICAL.Component(JSON.parse(JSON.stringify(toJCal(conference))));
    expect(icalJsEvents(root)).toEqual(ourEvents(conference));
  });

  it('our jCal serialised by ical.js, back into our calendar', () => {
    const text = ICAL.stringify(toJCal(conference) as unknown as unknown[]);
    expect(parseICalendar(text)).toEqual(parseICalendar(toICalendar(conference)));
  });

  it('our jCal equals ical.js jCal of our iCalendar, but for the types ical.js does not know', () => {
    const theirs = JSON.stringify(ICAL.parse(toICalendar(conference)));
    const ours = JSON.stringify(toJCal(conference));
    // ical.js has no registry entry for the X-WR-* properties: it types them `unknown`; and it
    // writes WKST as a number (2 for MO) where RFC 7265 §3.6.10 has the weekday.
    const normal = (jcal: string) =>
      jcal
        .replace(/"(x-wr-[a-z]+)",\{\},"(text|unknown)"/g, '"$1",{},"?"')
        .replace('"wkst":2', '"wkst":"MO"');
    expect(normal(theirs)).toBe(normal(ours));
    expect(theirs).not.toBe(ours);
  });
});

describe('we read what ical.js writes', () => {
  it('a calendar built with the ical.js API', () => {
    const root = new ICAL.Component(['vcalendar', [], []]);
    root.updatePropertyWithValue('prodid', '-//ical.js test//EN');
    root.updatePropertyWithValue('version', '2.0');
    const vevent = new ICAL.Component('vevent');
    const event = new ICAL.Event(vevent);
    event.uid = 'from-icaljs@example.org';
    event.summary = 'Talk; with, specials\\ and ünïcödé 😀 '.repeat(4);
    event.description = 'line one\nline two';
    event.location = 'Room K.1.105';
    event.startDate = ICAL.Time.fromDateTimeString('2026-02-01T10:00:00Z');
    event.endDate = ICAL.Time.fromDateTimeString('2026-02-01T10:45:00Z');
    vevent.addPropertyWithValue('dtstamp', ICAL.Time.fromDateTimeString('2026-01-01T00:00:00Z'));
    vevent.addPropertyWithValue('rrule', ICAL.Recur.fromString('FREQ=DAILY;COUNT=3;BYHOUR=10,14'));
    const attendee = vevent.addPropertyWithValue('attendee', 'mailto:a@example.org');
    attendee.setParameter('cn', 'Doe, Jane');
    root.addSubcomponent(vevent);
    const calendar = parseICalendar(root.toString());
    expect(calendar.prodid).toBe('-//ical.js test//EN');
    expect(calendar.events).toEqual([
      {
        uid: 'from-icaljs@example.org',
        summary: event.summary,
        description: 'line one\nline two',
        location: 'Room K.1.105',
        start: { value: '2026-02-01T10:00:00Z' },
        end: { value: '2026-02-01T10:45:00Z' },
        dtstamp: { value: '2026-01-01T00:00:00Z' },
        rrule: { freq: 'DAILY', count: 3, byhour: [10, 14] },
        attendees: [{ address: 'mailto:a@example.org', parameters: { cn: 'Doe, Jane' } }],
      },
    ]);
  });

  it('ical.js jCal of the sample, into the same calendar as our own iCalendar', () => {
    const theirs = ICAL.parse(toICalendar(conference)) as unknown[];
    const read = parseJCal(theirs);
    const ours = parseICalendar(toICalendar(conference));
    // Typed `unknown` by ical.js, the X-WR-* values stay raw properties; everything else matches.
    expect(read.events).toEqual(ours.events);
    expect(read.properties?.map((p) => [p.name, p.values])).toEqual([
      ['x-wr-calname', [conference.name]],
      ['x-wr-caldesc', [conference.description]],
      ['x-wr-timezone', [conference.timezone]],
    ]);
  });
});
