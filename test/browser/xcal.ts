// In the page: xcal reads an .ics (folded, UTF-8) and writes it as xCal and jCal.
import { parseICalendar, toJCal, toXCal } from '@convene/xcal';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Convene//Browser//EN',
  'BEGIN:VEVENT',
  'UID:talk-42@example.org',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Europe/Brussels:20260131T090000',
  'DURATION:PT25M',
  'SUMMARY:Grüße aus dem Browser\\, with a summary long enough to be folded at',
  '  75 octets',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function scenario() {
  const calendar = parseICalendar(ICS);
  const read = calendar.events[0];
  return {
    summary: read?.summary,
    start: read?.start,
    xcal: toXCal(calendar).includes('<summary><text>Grüße'),
    jcal: toJCal(calendar)[0],
  };
}

Object.assign(globalThis, { scenario });
