// Read the events of an .ics file, with their start as a Date: with @convene/xcal.
import { readFile } from 'node:fs/promises';
import { parseICalendar, toDate } from '../../src/index.ts';

export async function read(path: string) {
  const { events } = parseICalendar(await readFile(path, 'utf8'));
  return events.map(({ uid, summary, start }) => ({ uid, summary, start: toDate(start) }));
}
