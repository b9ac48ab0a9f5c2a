// The schedule page at `/`: every event's days, rooms side by side, talks in time order, as HTML.
import type { Schedule, Talk } from '../model.js';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** A date format in one zone, remembering what it wrote: talks share a few start times. */
interface Format {
  format(date: Date): string;
}

function remembered(format: Intl.DateTimeFormat): Format {
  const written = new Map<number, string>();
  return {
    format: (date) => {
      const ms = date.getTime();
      let text = written.get(ms);
      if (text === undefined) {
        text = format.format(date);
        written.set(ms, text);
      }
      return text;
    },
  };
}

/** Formats of times and days in one time zone, made once per event. */
interface ZoneFormats {
  day: Format;
  dayKey: Format;
  time: Format;
}

function zoneFormats(timeZone: string): ZoneFormats {
  const formats = {
    day: new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }),
    dayKey: new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }),
    time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }),
  };
  return {
    day: remembered(formats.day),
    dayKey: remembered(formats.dayKey),
    time: remembered(formats.time),
  };
}

/** The id a talk's element has, for `#talk-12` links. */
export const talkAnchor = (talkId: string) => `talk-${talkId}`;

function renderTalk(talk: Talk, speakers: Map<string, string>, room: string, zone: ZoneFormats) {
  const start = new Date(talk.starts_at);
  const end = new Date(talk.ends_at);
  const names = talk.speaker_ids.map((id) => escapeHtml(speakers.get(id) ?? id)).join(', ');
  const anchor = talkAnchor(talk.id);
  return `<li class="talk" id="${anchor}" data-talk-id="${escapeHtml(talk.id)}">
<p class="when"><a href="#${anchor}"><time datetime="${escapeHtml(talk.starts_at)}">${zone.time.format(start)}</time>–<time datetime="${escapeHtml(talk.ends_at)}">${zone.time.format(end)}</time></a></p>
<h5 class="title">${escapeHtml(talk.title)}</h5>
${names ? `<p class="speakers">${names}</p>` : ''}<p class="room">${escapeHtml(room)}</p>
</li>`;
}

/** One event: its heading, calendar links, and each day with its rooms side by side. */
function renderEvent(schedule: Schedule, host: string): string {
  const { event } = schedule;
  const zone = zoneFormats(event.time_zone);
  const speakers = new Map(schedule.speakers.map((s) => [s.id, s.name]));
  const roomNames = new Map(schedule.rooms.map((r) => [r.id, r.name]));
  // Days in the event's zone, each with its rooms in the event's room order, talks by start.
  const days = new Map<string, { label: string; rooms: Map<string, Talk[]> }>();
  for (const talk of schedule.talks) {
    const start = new Date(talk.starts_at);
    const key = zone.dayKey.format(start);
    let day = days.get(key);
    if (!day) {
      day = { label: zone.day.format(start), rooms: new Map() };
      days.set(key, day);
    }
    const room = talk.room_id ?? '';
    let talks = day.rooms.get(room);
    if (!talks) {
      talks = [];
      day.rooms.set(room, talks);
    }
    talks.push(talk);
  }
  const roomOrder = [...schedule.rooms.map((r) => r.id), ''];
  const byStart = (a: Talk, b: Talk) =>
    a.starts_at < b.starts_at ? -1 : a.starts_at > b.starts_at ? 1 : 0;
  const id = escapeHtml(event.id);
  const calendar = (ext: string) => `/events/${id}/calendar.${ext}`;
  const dayHtml = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, day]) => {
      const columns = roomOrder
        .filter((room) => day.rooms.has(room))
        .map((room) => {
          const name = room === '' ? 'No room' : (roomNames.get(room) ?? room);
          const talks = (day.rooms.get(room) ?? []).sort(byStart);
          return `<section class="room-column" aria-label="${escapeHtml(name)}, ${escapeHtml(day.label)}">
<h4>${escapeHtml(name)}</h4>
<ol class="talks">
${talks.map((talk) => renderTalk(talk, speakers, name, zone)).join('\n')}
</ol>
</section>`;
        })
        .join('\n');
      return `<section class="day" aria-labelledby="day-${id}-${key}">
<h3 id="day-${id}-${key}">${escapeHtml(day.label)}</h3>
<div class="rooms">
${columns}
</div>
</section>`;
    })
    .join('\n');
  const meta = [event.location, `times in ${event.time_zone}`].filter(Boolean).map(escapeHtml);
  return `<article class="event" id="event-${id}" data-event-id="${id}" aria-labelledby="event-${id}-name">
<h2 id="event-${id}-name">${escapeHtml(event.name)}</h2>
<p class="meta">${meta.join(' · ')} · ${schedule.talks.length} talks</p>
${event.description ? `<p class="description">${escapeHtml(event.description)}</p>` : ''}
<p class="calendars">Calendar: <a href="${calendar('ics')}" download>iCalendar (.ics)</a> · <a href="webcal://${escapeHtml(host)}${calendar('ics')}">Subscribe (webcal)</a> · <a href="${calendar('xcs')}" download>xCal</a> · <a href="${calendar('jcs')}" download>jCal</a></p>
${dayHtml || '<p>No talks yet.</p>'}
</article>`;
}

/** The "talk to this node" panel: a curl, a wscat and an organizer line for `host`. */
function renderPanel(host: string): string {
  const lines = [
    `curl --data '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}' http://${host}/rpc`,
    `wscat -c ws://${host}\n> {"id":1,"method":"call","params":[0,"get_events",[]]}`,
    `curl -u organizer:PASSWORD --data '{"jsonrpc":"2.0","method":"call","params":["organizer","update_event",["1",{"location":"Hall 2"}]],"id":2}' http://${host}/rpc`,
  ];
  return `<aside class="panel" aria-labelledby="talk-to-node">
<h2 id="talk-to-node">Talk to this node</h2>
<p>Read the schedule over HTTP, over a WebSocket, and change it as the organizer (PASSWORD is the one the node printed on its first start; <code>convene-node organizer-password --reset</code> makes a new one):</p>
${lines.map((line) => `<pre tabindex="0"><code>${escapeHtml(line)}</code></pre>`).join('\n')}
</aside>`;
}

/** What the page shows: the schedules of every event, and the host the reader reached. */
export interface SchedulePageInput {
  schedules: readonly Schedule[];
  /** `host:port` as the reader reached the node, for the links and the panel. */
  host: string;
}

/**
 * The whole schedule page, server-rendered: readable and navigable without JavaScript; the script
 * (`/assets/schedule.js`, same origin) only keeps it live.
 */
export function renderSchedulePage({ schedules, host }: SchedulePageInput): string {
  const nav = schedules
    .map(
      (s) => `<li><a href="#event-${escapeHtml(s.event.id)}">${escapeHtml(s.event.name)}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Schedule · Convene node</title>
<link rel="stylesheet" href="/assets/schedule.css">
<script src="/assets/schedule.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the schedule</a>
<header>
<h1>Schedule</h1>
<p>Served live by this Convene node: changes appear here as organizers make them.</p>
<nav aria-label="Events"><ul>${nav}</ul></nav>
</header>
${renderPanel(host)}
<main id="main" tabindex="-1">
${schedules.map((schedule) => renderEvent(schedule, host)).join('\n') || '<p>No events yet.</p>'}
</main>
<footer><p><span id="live-status">Live updates need JavaScript; without it, reload to see changes.</span></p><p class="visually-hidden" aria-live="polite" id="live-announcer"></p></footer>
</body>
</html>
`;
}
