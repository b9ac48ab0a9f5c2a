// List the occurrences of a recurring event within a window: with ical.js.
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';

export async function expand(path: string, from: Date, to: Date): Promise<Date[]> {
  const calendar = new ICAL.Component(ICAL.parse(await readFile(path, 'utf8')));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (vevent === null) return [];
  const occurrences: Date[] = [];
  const iterator = new ICAL.Event(vevent).iterator();
  for (let next = iterator.next(); next && next.toJSDate() < to; next = iterator.next()) {
    if (next.toJSDate() >= from) occurrences.push(next.toJSDate());
  }
  return occurrences;
}
