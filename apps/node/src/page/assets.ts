// The schedule page's stylesheet and script, served by the node from its own origin.

/**
 * The stylesheet: readable on a phone (rooms stack) and a wide screen (rooms side by side),
 * contrast of at least 4.5:1 for all text, visible keyboard focus.
 */
export const SCHEDULE_CSS = `:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8;
  --accent: #0b57a4; --changed: #fff3bf; font-family: system-ui, sans-serif; line-height: 1.45; }
body { margin: 0; color: var(--ink); background: #fff; }
header, main, aside, footer { padding: 0 1rem; max-width: 110rem; margin: 0 auto; }
h1 { margin: 1rem 0 0.25rem; font-size: 1.8rem; }
h2 { font-size: 1.45rem; margin: 1.5rem 0 0.25rem; }
h3 { font-size: 1.2rem; margin: 1.25rem 0 0.5rem; border-bottom: 2px solid var(--line); }
h4 { font-size: 1rem; margin: 0 0 0.5rem; }
h5 { font-size: 1rem; margin: 0.1rem 0; }
a { color: var(--accent); }
a:focus-visible, pre:focus-visible, main:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.meta, .speakers, .room, footer { color: var(--muted); }
.rooms { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); }
.room-column { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem; }
.talks { list-style: none; margin: 0; padding: 0; }
.talk { padding: 0.4rem 0; border-top: 1px solid var(--line); }
.talk:first-child { border-top: 0; }
.talk p { margin: 0; }
.talk:target, .talk.changed { background: var(--changed); }
.when a { font-variant-numeric: tabular-nums; font-weight: 600; }
.panel pre { background: #f2f2f2; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.skip { position: absolute; left: -100rem; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
@media (max-width: 40rem) { h1 { font-size: 1.5rem; } .rooms { grid-template-columns: 1fr; } }
`;

/**
 * The script on top of the server-rendered page: it subscribes to each event shown over the
 * node's WebSocket (`set_subscribe_callback`, API 0) and, on a notice, fetches the page again and
 * swaps in the changed events, marking and announcing the talks that changed. It reconnects with
 * backoff and then refreshes everything, since notices may have been missed meanwhile.
 */
export const SCHEDULE_SCRIPT = `'use strict';
(() => {
  const articles = document.querySelectorAll('article.event[data-event-id]');
  const status = document.getElementById('live-status');
  const announcer = document.getElementById('live-announcer');
  const eventIds = Array.from(articles, (article) => article.dataset.eventId);
  if (eventIds.length === 0 || !('WebSocket' in window)) return;
  const changed = new Map();
  let timer;
  let delay = 500;

  const note = (eventId, talkId) => {
    if (!changed.has(eventId)) changed.set(eventId, new Set());
    if (talkId) changed.get(eventId).add(talkId);
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  };

  async function refresh() {
    const work = new Map(changed);
    changed.clear();
    const response = await fetch('/', { cache: 'no-store', headers: { accept: 'text/html' } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    const said = [];
    for (const [eventId, talkIds] of work) {
      const id = 'event-' + eventId;
      const now = document.getElementById(id);
      const next = fresh.getElementById(id);
      if (!now || !next) continue;
      now.replaceWith(document.adoptNode(next));
      for (const talkId of talkIds) {
        const talk = document.getElementById('talk-' + talkId);
        if (!talk) continue;
        talk.classList.add('changed');
        const title = talk.querySelector('.title');
        const when = talk.querySelector('.when');
        const room = talk.querySelector('.room');
        said.push((title ? title.textContent : 'A talk') + ' is now at ' +
          (when ? when.textContent : '') + (room ? ' in ' + room.textContent : ''));
      }
    }
    if (said.length > 0) announcer.textContent = 'Updated: ' + said.join('; ');
  }

  function connect() {
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host);
    socket.addEventListener('open', () => {
      delay = 500;
      status.textContent = 'Live: this page updates itself as the schedule changes.';
      eventIds.forEach((eventId, i) => {
        socket.send(JSON.stringify({ id: i + 1, method: 'call',
          params: [0, 'set_subscribe_callback', [i + 1, eventId]] }));
      });
    });
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(message.data);
      if (data.method !== 'notice' || !Array.isArray(data.params)) return;
      const eventId = eventIds[Number(data.params[0]) - 1];
      const change = Array.isArray(data.params[1]) ? data.params[1][0] : undefined;
      if (eventId === undefined || !change) return;
      note(eventId, change.kind === 'talk_modified' && change.action !== 'deleted' ? change.id : undefined);
    });
    socket.addEventListener('close', () => {
      status.textContent = 'Reconnecting for live updates…';
      setTimeout(() => {
        for (const eventId of eventIds) note(eventId);
        connect();
      }, delay);
      delay = Math.min(delay * 2, 15000);
    });
  }
  connect();
})();
`;
