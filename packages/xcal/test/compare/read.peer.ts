// Read the events of an .ics file, with their start as a Date: with node-ical.
import ical, { type VEvent } from 'node-ical';

export async function read(path: string) {
  return Object.values(await ical.async.parseFile(path))
    .filter((component): component is VEvent => component?.type === 'VEVENT')
    .map(({ uid, summary, start }) => ({
      uid,
      summary: typeof summary === 'string' ? summary : summary.val,
      start: new Date(start),
    }));
}
