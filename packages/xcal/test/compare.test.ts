// The tasks of the README comparison give the same outcome with @convene/xcal as with
// ical-generator, node-ical and ical.js, on real files.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as expand from './compare/expand.ours.ts';
import * as expandPeer from './compare/expand.peer.ts';
import * as read from './compare/read.ours.ts';
import * as readPeer from './compare/read.peer.ts';
import * as write from './compare/write.ours.ts';
import * as writePeer from './compare/write.peer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xcal-compare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const talks: write.Talk[] = [
  {
    uid: 'opening@conf.example.org',
    start: new Date('2026-01-31T09:00:00Z'),
    end: new Date('2026-01-31T09:30:00Z'),
    summary: 'Opening',
  },
  {
    uid: 'keynote@conf.example.org',
    start: new Date('2026-01-31T10:00:00Z'),
    end: new Date('2026-01-31T11:00:00Z'),
    summary: 'Keynote; with "quotes", commas and a long title that needs folding at 75 octets',
  },
];

/** The events of an .ics file as ical.js, a reader neither side wrote, sees them. */
function seenByIcalJs(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      summary: event.summary,
    };
  });
}

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//conf.example.org//schedule//EN',
  'BEGIN:VEVENT',
  'UID:opening@conf.example.org',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20260131T090000Z',
  'DTEND:20260131T093000Z',
  'SUMMARY:Opening\\, welcome',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:standup@conf.example.org',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20260302T080000Z',
  'DURATION:PT15M',
  'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
  'SUMMARY:Stand-up',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('compared with ical-generator, node-ical and ical.js', () => {
  it('write: both files hold the same events for an independent reader', async () => {
    const ours = join(dir, 'ours.ics');
    const peer = join(dir, 'peer.ics');
    await write.write(ours, talks);
    await writePeer.write(peer, talks);
    expect(seenByIcalJs(await readFile(ours, 'utf8'))).toEqual(talks);
    expect(seenByIcalJs(await readFile(peer, 'utf8'))).toEqual(talks);
  });

  it('read: both give the same events, summaries unescaped and starts as Dates', async () => {
    const path = join(dir, 'read.ics');
    await writeFile(path, calendar);
    const expected = [
      {
        uid: 'opening@conf.example.org',
        summary: 'Opening, welcome',
        start: new Date('2026-01-31T09:00:00Z'),
      },
      {
        uid: 'standup@conf.example.org',
        summary: 'Stand-up',
        start: new Date('2026-03-02T08:00:00Z'),
      },
    ];
    expect(await read.read(path)).toEqual(expected);
    expect(await readPeer.read(path)).toEqual(expected);
  });

  it('expand: both list the same occurrences inside the window', async () => {
    const path = join(dir, 'expand.ics');
    await writeFile(
      path,
      calendar.replace(/BEGIN:VEVENT\r\nUID:opening[\s\S]*?END:VEVENT\r\n/, ''),
    );
    const from = new Date('2026-03-04T08:00:00Z');
    const to = new Date('2026-03-16T08:00:00Z');
    const expected = ['2026-03-04T08:00:00Z', '2026-03-09T08:00:00Z', '2026-03-11T08:00:00Z'].map(
      (iso) => new Date(iso),
    );
    expect(await expand.expand(path, from, to)).toEqual(expected);
    expect(await expandPeer.expand(path, from, to)).toEqual(expected);
  });
});
