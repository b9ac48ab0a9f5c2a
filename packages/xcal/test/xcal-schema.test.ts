// RELAX NG validation of our RFC 6321 output with a real validator (Debian's jing).
import { describe, expect, it } from 'vitest';
import { parseICalendar, parseXCal, toXCal } from '../src/index.js';
import { defined, jing, vector } from './helpers.js';
import { conference } from './samples.js';

const SCHEMA = 'rfc6321-schema-corrected.rnc';

// jing is a Java program: starting it on a loaded machine can take seconds.
describe('the RFC 6321 App. A schema', { timeout: 120_000 }, () => {
  it('does not compile as printed', async () => {
    const errors = await jing('rfc6321-schema-verbatim.rnc', vector('rfc6321-b1.xml'));
    expect(errors.join('\n')).toMatch(/rfc6321-schema-verbatim\.rnc:\d+:\d+: error/);
  });

  it('compiles once corrected and accepts the RFC examples (B.2 fixed), refusing B.2 as printed', async () => {
    expect(await jing(SCHEMA, vector('rfc6321-b1.xml'), vector('rfc6321-b2-fixed.xml'))).toEqual(
      [],
    );
    const errors = await jing(SCHEMA, vector('rfc6321-b2-verbatim.xml'));
    expect(errors.join('\n')).toMatch(/:18:\d+: error/);
  });
});

describe('toXCal output validates against the corrected schema', { timeout: 120_000 }, () => {
  const stamp = { dtstamp: new Date('2026-01-01T00:00:00Z') };
  it('for the RFC 5545 and RFC 6321 examples, a full conference, generated time zones and a legacy import', async () => {
    const documents = [
      ...[
        'rfc5545-4-1-conference.ics',
        'rfc5545-4-2-meeting.ics',
        'rfc5545-4-3-mime.ics',
        'rfc5545-4-4-todo.ics',
        'rfc5545-4-5-journal.ics',
        // rfc5545-4-6-freebusy.ics is left out: its VFREEBUSY lacks DTSTAMP and UID (see SOURCES.md).
        'rfc6321-b1.ics',
        'rfc6321-b2-fixed.ics',
      ].map((name) => toXCal(parseICalendar(vector(name)), stamp)),
      toXCal(conference, stamp),
      toXCal(conference, { ...stamp, timezones: 'generate' }),
      toXCal(parseXCal(vector('open-event-fosdem-2016.xml')), stamp),
      toXCal(
        {
          ...conference,
          events: [
            {
              ...defined(conference.events[0]),
              properties: [
                {
                  name: 'xml',
                  parameters: {},
                  type: 'text',
                  values: ['<kml xmlns="http://www.opengis.net/kml/2.2"><name>K</name></kml>'],
                },
              ],
            },
          ],
        },
        stamp,
      ),
    ];
    expect(await jing(SCHEMA, ...documents)).toEqual([]);
  });
});
