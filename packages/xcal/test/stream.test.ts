import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type CalendarEvent,
  SinkClosedError,
  toICalendar,
  toXCal,
  ValueError,
  writeICalendar,
  writeXCal,
} from '../src/index.js';
import { conference } from './samples.js';

const dtstamp = new Date('2026-01-01T00:00:00Z');
const { events: _, ...header } = conference;

function* talks(n: number): Generator<CalendarEvent> {
  for (let i = 0; i < n; i++) {
    yield {
      uid: `talk-${i}@example.org`,
      start: {
        value: `2026-02-0${1 + (i % 2)}T${String(9 + (i % 8)).padStart(2, '0')}:00:00`,
        tzid: 'Europe/Brussels',
      },
      duration: 'PT25M',
      summary: `Talk ${i}: ünïcödé, ${'x'.repeat(i % 90)}`,
      attendees: [{ address: `mailto:s${i}@example.org`, parameters: { cn: `Speaker ${i}` } }],
    };
  }
}

/** A Node sink that accepts one chunk at a time, slowly, and records how much it ever had queued. */
function slowSink() {
  const chunks: string[] = [];
  let maxQueued = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      maxQueued = Math.max(maxQueued, sink.writableLength);
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { sink, text: () => chunks.join(''), maxQueued: () => maxQueued };
}

describe('writeICalendar', () => {
  it('writes to a Node stream what toICalendar returns, event by event, respecting backpressure', async () => {
    const { sink, text, maxQueued } = slowSink();
    await writeICalendar(talks(3000), sink, header, { dtstamp, chunkSize: 4096 });
    expect(text()).toBe(toICalendar({ ...header, events: [...talks(3000)] }, { dtstamp }));
    // Never more than one chunk (plus the one being written) waits in the sink.
    expect(maxQueued()).toBeLessThan(2 * 4096 + 2048);
    expect(sink.writableFinished).toBe(true);
  });

  it('writes to a web WritableStream and accepts an async iterable', async () => {
    const chunks: string[] = [];
    const sink = new WritableStream<string>({ write: (chunk) => void chunks.push(chunk) });
    async function* source() {
      yield* talks(50);
    }
    await writeICalendar(source(), sink, header, { dtstamp });
    expect(chunks.join('')).toBe(toICalendar({ ...header, events: [...talks(50)] }, { dtstamp }));
  });

  it('leaves the sink open with end: false', async () => {
    const sink = new PassThrough();
    await writeICalendar(talks(1), sink, header, { dtstamp, end: false });
    expect(sink.writableEnded).toBe(false);
    sink.end();
  });

  it('rejects with SinkClosedError when the sink is destroyed while the writer waits for it', async () => {
    const stalled = new Writable({ highWaterMark: 16, write: () => {} });
    const writing = writeICalendar(talks(100), stalled, header, { chunkSize: 16 });
    setImmediate(() => stalled.destroy());
    await expect(writing).rejects.toThrow(SinkClosedError);
  });

  it('rejects on an event without a uid', async () => {
    const sink = new PassThrough();
    sink.resume();
    await expect(
      writeICalendar([{ uid: '', start: { value: '2026-01-01' } }], sink),
    ).rejects.toThrow(ValueError);
  });
});

describe('writeXCal', () => {
  it('writes what toXCal returns, RFC 6321 and legacy', async () => {
    for (const flavour of ['rfc6321', 'legacy'] as const) {
      const { sink, text } = slowSink();
      await writeXCal(talks(500), sink, header, { dtstamp, flavour });
      expect(text()).toBe(toXCal({ ...header, events: [...talks(500)] }, { dtstamp, flavour }));
    }
  });
});
