// Streaming writers: a calendar of any size goes to a sink event by event, in chunks, waiting for
// the sink when it pushes back, never holding the whole document.
import { calendarLayout, type WriteOptions } from './calendar-view.js';
import { SinkClosedError } from './errors.js';
import { calendarFrame, formatEvent } from './ical/write.js';
import type { CalendarEventInput, CalendarInput } from './model.js';
import { eventFromInput } from './times.js';
import { legacyEventNode, legacyHeader } from './xcal/legacy-write.js';
import { eventToXml, xcalFrame } from './xcal/write.js';
import { LEGACY_CLOSE, LEGACY_OPEN, type XCalFlavour } from './xcal/xcal.js';
import { buildXml, XML_DECLARATION } from './xcal/xml.js';

/**
 * What the streaming writers need of a Node `Writable` (`stream.Writable`, `fs.WriteStream`, an HTTP
 * response): described by shape, so that the package imports nothing from Node and bundles for browsers.
 */
export interface NodeWritable {
  /** Writes a chunk; false asks the writer to wait for `'drain'`. */
  write(chunk: string): boolean;
  /** Ends the stream; `callback` runs once it is flushed. */
  end(callback?: () => void): unknown;
  /** Listens once for the stream's drain, error or close. */
  once(event: 'drain' | 'error' | 'close', listener: (error?: Error) => void): unknown;
  /** Stops listening. */
  off(event: 'drain' | 'error' | 'close', listener: (error?: Error) => void): unknown;
}

/** Where a streaming writer sends text: a web `WritableStream<string>` or a Node `Writable`. */
export type CalendarSink = WritableStream<string> | NodeWritable;

/** The calendar around the streamed events: its properties, time zones and other components. */
export type CalendarHeader = Omit<CalendarInput, 'events'>;

/** Options of the streaming writers. */
export interface StreamOptions extends WriteOptions {
  /** End (Node) or close (web) the sink when done. Default true. */
  end?: boolean;
  /** Characters gathered before each write to the sink. Default 65,536. */
  chunkSize?: number;
  /** For {@link writeXCal}: `rfc6321` (default) or `legacy`. */
  flavour?: XCalFlavour;
}

/** The events a streaming writer takes: any iterable or async iterable of them. */
export type Events = Iterable<CalendarEventInput> | AsyncIterable<CalendarEventInput>;

/** Writes chunks to either kind of sink, honouring backpressure. */
class ChunkWriter {
  #buffer = '';
  readonly #web: WritableStreamDefaultWriter<string> | undefined;
  readonly #sink: CalendarSink;
  readonly #chunkSize: number;
  constructor(sink: CalendarSink, chunkSize: number) {
    this.#sink = sink;
    this.#chunkSize = chunkSize;
    this.#web = 'getWriter' in sink ? sink.getWriter() : undefined;
  }
  async add(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= this.#chunkSize) await this.#flush();
  }
  async #flush(): Promise<void> {
    const chunk = this.#buffer;
    this.#buffer = '';
    if (chunk === '') return;
    if (this.#web) {
      await this.#web.ready;
      await this.#web.write(chunk);
      return;
    }
    const node = this.#sink as NodeWritable;
    if (!node.write(chunk)) await waitForDrain(node);
  }
  async finish(end: boolean): Promise<void> {
    await this.#flush();
    if (this.#web) {
      if (end) await this.#web.close();
      else this.#web.releaseLock();
      return;
    }
    if (end) {
      const node = this.#sink as NodeWritable;
      await new Promise<void>((resolve, reject) => {
        node.once('error', reject);
        node.end(() => resolve());
      });
    }
  }
}

function waitForDrain(stream: NodeWritable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const closed = () =>
      done(new SinkClosedError('the sink closed before the calendar was written'));
    stream.once('drain', done);
    stream.once('error', done);
    stream.once('close', closed);
  });
}

async function stream(
  sink: CalendarSink,
  options: StreamOptions,
  head: string,
  each: (event: CalendarEventInput) => string,
  tail: string,
  events: Events,
): Promise<void> {
  const writer = new ChunkWriter(sink, options.chunkSize ?? 65_536);
  await writer.add(head);
  for await (const event of events) await writer.add(each(event));
  await writer.add(tail);
  await writer.finish(options.end !== false);
}

/**
 * Streams a calendar as iCalendar (RFC 5545) to `sink`, one event at a time: the header's
 * properties and time zones, each event as it comes from `events` (an iterable or async
 * iterable), then END:VCALENDAR. Waits when the sink applies backpressure; ends it unless
 * `options.end` is false.
 * @throws {ValueError} (rejects) when an event lacks uid or start; the sink's own errors.
 */
export async function writeICalendar(
  events: Events,
  sink: CalendarSink,
  header: CalendarHeader = {},
  options: StreamOptions = {},
): Promise<void> {
  const layout = calendarLayout({ ...header, events: [] }, options);
  const { head, tail } = calendarFrame(layout);
  await stream(
    sink,
    options,
    head,
    (e) => formatEvent(eventFromInput(e), layout.stamp),
    tail,
    events,
  );
}

/**
 * Streams a calendar as xCal to `sink`, one event at a time: RFC 6321 by default, or the legacy
 * FOSDEM/frab shape with `options.flavour: 'legacy'`. Same backpressure and ending as
 * {@link writeICalendar}.
 * @throws {ValueError} (rejects) when an event lacks uid or start; the sink's own errors.
 * @throws {SinkClosedError} (rejects) when a Node sink closes first.
 */
export async function writeXCal(
  events: Events,
  sink: CalendarSink,
  header: CalendarHeader = {},
  options: StreamOptions = {},
): Promise<void> {
  if (options.flavour === 'legacy') {
    const head = `${XML_DECLARATION}${LEGACY_OPEN}${buildXml(legacyHeader(header))}`;
    await stream(
      sink,
      options,
      head,
      (e) => buildXml([legacyEventNode(eventFromInput(e), header.method)]),
      LEGACY_CLOSE,
      events,
    );
    return;
  }
  const layout = calendarLayout({ ...header, events: [] }, options);
  const { head, tail } = xcalFrame(layout);
  await stream(
    sink,
    options,
    XML_DECLARATION + head,
    (e) => eventToXml(eventFromInput(e), layout.stamp),
    tail,
    events,
  );
}
