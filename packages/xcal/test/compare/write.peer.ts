// Export events to an .ics file: with ical-generator.
import { writeFile } from 'node:fs/promises';
import ical from 'ical-generator';

export interface Talk {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
}

export async function write(path: string, talks: Talk[]): Promise<void> {
  const calendar = ical({ prodId: '//conf.example.org//schedule//EN' });
  for (const { uid, ...talk } of talks) calendar.createEvent({ id: uid, ...talk });
  await writeFile(path, calendar.toString());
}
