// Calendar → the legacy xCal of FOSDEM/Pentabarf and frab, in the shape the Open Event post shows:
// `<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal"><vcalendar><version>…<vevent><method>…`,
// values in iCalendar basic form, one plain element per property, attendees by name.

import { withIdentity } from '../calendar-view.js';
import { formatICalValue } from '../ical/property-value.js';
import { dateToICal, isDate } from '../lexical-forms.js';
import type { CalendarEvent, CalendarInput, CalendarTime, Property } from '../model.js';
import { recurToICal } from '../recur-value.js';
import { named, type XmlNode, xmlElement, xmlText } from './xml.js';

/** The namespace draft-royer-calsch-xcal declares, which legacy producers bind to `xCal:`. */
export const LEGACY_NAMESPACE = 'urn:ietf:params:xml:ns:xcal';

function el(name: string, text: string, attributes?: Record<string, string>): XmlNode {
  try {
    return xmlElement(name, [xmlText(text)], attributes);
  } catch (error) {
    throw named(name, error);
  }
}

function timeNode(name: string, time: CalendarTime): XmlNode {
  const attributes: Record<string, string> = {};
  // draft-royer-calsch-xcal carries parameters as attributes; the FOSDEM shape has none, so only when needed.
  if (time.tzid !== undefined) attributes.tzid = time.tzid;
  if (isDate(time.value)) attributes.value = 'DATE';
  return el(
    name,
    dateToICal(time.value),
    Object.keys(attributes).length > 0 ? attributes : undefined,
  );
}

const SIMPLE_DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The FOSDEM 2016 duration form `HH:MM:SS:00` (the post's `00:10:00:00` for ten minutes). */
function legacyDuration(event: CalendarEvent): string | undefined {
  let seconds: number | undefined;
  const m = event.duration === undefined ? null : SIMPLE_DURATION.exec(event.duration);
  if (m) seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  else if (
    event.duration === undefined &&
    event.end &&
    (event.end.tzid ?? '') === (event.start.tzid ?? '')
  ) {
    const toUtc = (v: string) =>
      Date.parse(isDate(v) ? `${v}T00:00:00Z` : v.endsWith('Z') ? v : `${v}Z`);
    seconds = (toUtc(event.end.value) - toUtc(event.start.value)) / 1000;
  }
  if (seconds === undefined || !(seconds >= 0)) return event.duration;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:00`;
}

function propertyText(property: Property): string {
  return property.type === 'text'
    ? property.values.map(String).join(',')
    : formatICalValue(property);
}

/** One legacy `<vevent>` element; METHOD is repeated in each event as FOSDEM and Open Event do. */
export function legacyEventNode(event: CalendarEvent, method: string | undefined): XmlNode {
  const children: XmlNode[] = [];
  const text = (name: string, value: string | undefined) => {
    if (value !== undefined) children.push(el(name, value));
  };
  text('method', method);
  text('uid', event.uid);
  children.push(timeNode('dtstart', event.start));
  if (event.end) children.push(timeNode('dtend', event.end));
  text('duration', legacyDuration(event));
  text('summary', event.summary);
  text('description', event.description);
  text('class', event.class);
  text('status', event.status);
  for (const category of event.categories ?? []) text('categories', category);
  text('url', event.url);
  text('location', event.location);
  for (const user of event.attendees ?? [])
    text('attendee', String(user.parameters.cn ?? user.address));
  if (event.organizer)
    text('organizer', String(event.organizer.parameters.cn ?? event.organizer.address));
  if (event.dtstamp) children.push(timeNode('dtstamp', event.dtstamp));
  if (event.rrule) text('rrule', recurToICal(event.rrule));
  for (const t of event.rdate ?? []) children.push(timeNode('rdate', t));
  for (const t of event.exdate ?? []) children.push(timeNode('exdate', t));
  if (event.recurrenceId) children.push(timeNode('recurrence-id', event.recurrenceId));
  if (event.sequence !== undefined) text('sequence', String(event.sequence));
  if (event.created) children.push(timeNode('created', event.created));
  if (event.lastModified) children.push(timeNode('last-modified', event.lastModified));
  for (const property of event.properties ?? [])
    children.push(el(property.name, propertyText(property)));
  return xmlElement('vevent', children);
}

/** The calendar-level elements in the post's order: version, prodid, x-wr-caldesc, x-wr-calname. */
export function legacyHeader(input: Omit<CalendarInput, 'events'>): XmlNode[] {
  const calendar = withIdentity(input);
  const children: XmlNode[] = [el('version', calendar.version), el('prodid', calendar.prodid)];
  if (calendar.description !== undefined) children.push(el('x-wr-caldesc', calendar.description));
  if (calendar.name !== undefined) children.push(el('x-wr-calname', calendar.name));
  if (calendar.timezone !== undefined) children.push(el('x-wr-timezone', calendar.timezone));
  if (calendar.calscale !== undefined) children.push(el('calscale', calendar.calscale));
  for (const property of calendar.properties ?? [])
    children.push(el(property.name, propertyText(property)));
  return children;
}
