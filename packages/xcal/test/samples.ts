// A calendar using most of what the model holds, shared by the interop and schema tests.
import type { Calendar } from '../src/index.js';

export const conference: Calendar = {
  prodid: '-//Convene//Conference//EN',
  version: '2.0',
  method: 'PUBLISH',
  name: 'FOSDEM 2016',
  description: 'Schedule for events at FOSDEM 2016',
  timezone: 'Europe/Brussels',
  events: [
    {
      uid: 'sdrintro@fosdem.org',
      dtstamp: { value: '2016-01-20T10:00:00Z' },
      start: { value: '2016-01-31T09:00:00', tzid: 'Europe/Brussels' },
      end: { value: '2016-01-31T09:10:00', tzid: 'Europe/Brussels' },
      summary: 'Introduction to the SDR Track – Speakers, Topics; Algorithm',
      description:
        '<p>The opening talk for the SDR devroom.</p>\nSecond line, with a \\ backslash.',
      class: 'PUBLIC',
      status: 'CONFIRMED',
      categories: ['Software Defined Radio', 'Devroom, SDR'],
      url: 'https://fosdem.org/2016/schedule/event/sdrintro/',
      location: 'AW1.125',
      organizer: { address: 'mailto:sdr@fosdem.org', parameters: { cn: 'SDR devroom' } },
      attendees: [
        {
          address: 'mailto:martin@example.org',
          parameters: { cn: 'Braun, Martin', role: 'CHAIR', partstat: 'ACCEPTED', rsvp: 'TRUE' },
        },
        {
          address: 'mailto:anna@example.org',
          parameters: { cn: 'Anna Åström 会議', 'x-speaker-id': '42' },
        },
      ],
      sequence: 2,
      created: { value: '2016-01-10T08:00:00Z' },
      lastModified: { value: '2016-01-19T08:00:00Z' },
      parameters: { summary: { language: 'en' } },
      properties: [
        { name: 'geo', parameters: {}, type: 'float', values: [[50.812, 4.381]] },
        { name: 'x-pentabarf-event-id', parameters: {}, type: 'unknown', values: ['3871'] },
        {
          name: 'attach',
          parameters: { fmttype: 'application/pdf' },
          type: 'uri',
          values: ['https://example.org/slides.pdf'],
        },
      ],
    },
    {
      uid: 'weekly@fosdem.org',
      dtstamp: { value: '2016-01-20T10:00:00Z' },
      start: { value: '2016-01-05T18:00:00Z' },
      duration: 'PT1H30M',
      summary: 'Weekly call',
      rrule: {
        freq: 'WEEKLY',
        until: '2016-03-01T00:00:00Z',
        byday: ['TU', '-1SU'],
        byhour: [0, 18],
        wkst: 'MO',
      },
      exdate: [{ value: '2016-01-19T18:00:00Z' }],
      rdate: [{ value: '2016-01-07T18:00:00Z' }],
      components: [
        {
          name: 'valarm',
          properties: [
            { name: 'action', parameters: {}, type: 'text', values: ['DISPLAY'] },
            { name: 'description', parameters: {}, type: 'text', values: ['Call starts'] },
            { name: 'trigger', parameters: {}, type: 'duration', values: ['-PT15M'] },
          ],
          components: [],
        },
      ],
    },
    {
      uid: 'dinner@fosdem.org',
      dtstamp: { value: '2016-01-20T10:00:00Z' },
      start: { value: '2016-01-30' },
      end: { value: '2016-01-31' },
      summary: 'Beer event',
      status: 'TENTATIVE',
    },
  ],
};
