// Export events to an .ics file: with @convene/xcal.
import { writeFile } from 'node:fs/promises';
import { toICalendar } from '../../src/index.ts';

export interface Talk {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
}

export async function write(path: string, talks: Talk[]): Promise<void> {
  await writeFile(path, toICalendar({ events: talks }));
}
