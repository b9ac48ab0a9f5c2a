// In the page: xcal writes a calendar as .ics and reads it back, streams one to a web
// WritableStream, and writes it as xCal and jCal.
import {
  type Calendar,
  parseICalendar,
  toDate,
  toICalendar,
  toJCal,
  toXCal,
  writeICalendar,
} from '@convene/xcal';

async function scenario() {
  const calendar: Calendar = {
    prodid: '-//Convene//Browser//EN',
    version: '2.0',
    events: [
      {
        uid: 'talk-42@example.org',
        start: { value: '2026-01-31T09:00:00', tzid: 'Europe/Brussels' },
        duration: 'PT25M',
        summary: 'Grüße aus dem Browser, with a summary long enough to be folded at 75 octets',
      },
    ],
  };
  const ics = toICalendar(calendar, { timezones: 'generate' });
  const read = parseICalendar(ics).events[0];
  let streamed = '';
  const sink = new WritableStream<string>({
    write(chunk) {
      streamed += chunk;
    },
  });
  await writeICalendar(calendar.events, sink, { prodid: calendar.prodid });
  return {
    streamed: parseICalendar(streamed).events.map((event) => event.uid),
    folded: ics.split('\r\n').some((line) => line.startsWith(' ')),
    vtimezone: ics.includes('BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels'),
    summary: read?.summary,
    start: read ? toDate(read.start).toISOString() : null,
    xcal: toXCal(calendar).includes('<summary><text>Grüße'),
    jcal: toJCal(calendar)[0],
  };
}

Object.assign(globalThis, { scenario });
