// List the occurrences of a recurring event within a window: with @convene/xcal.
import { readFile } from 'node:fs/promises';
import { expandEvent, parseICalendar, toDate } from '../../src/index.ts';

export async function expand(path: string, from: Date, to: Date): Promise<Date[]> {
  const [event] = parseICalendar(await readFile(path, 'utf8')).events;
  if (event === undefined) return [];
  return expandEvent(event, { from, to }).map((occurrence) => toDate(occurrence.start));
}
