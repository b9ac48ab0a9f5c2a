// The xCal entry points: RFC 6321 and the legacy family, read (flavour detected) and written.
import {
  calendarLayout,
  calendarWithEvents,
  firstCalendar,
  joinCalendar,
  type WriteOptions,
} from '../calendar-view.js';
import { XmlError } from '../errors.js';
import { eventFromComponent } from '../event-view.js';
import { ComponentBudget, type ReadOptions, resolveLimits } from '../limits.js';
import type { Calendar, CalendarEvent, CalendarInput, Component } from '../model.js';
import { eventFromInput } from '../times.js';
import { legacyEventReader, readLegacyComponents } from './legacy-parse.js';
import { LEGACY_NAMESPACE, legacyEventNode, legacyHeader } from './legacy-write.js';
import { readXCalTree, xcalEventReader } from './parse.js';
import { componentToXml, eventToXml, XCAL_NAMESPACE, xcalFrame } from './write.js';
import { buildXml, type ElementEnd, parseXml, XML_DECLARATION, type XmlElement } from './xml.js';

/** `rfc6321`: `urn:ietf:params:xml:ns:icalendar-2.0`; `legacy`: draft-royer / Pentabarf / frab / Open Event. */
export type XCalFlavour = 'rfc6321' | 'legacy';

/** Options of {@link toXCal}. */
export interface XCalWriteOptions extends WriteOptions {
  /** Default `rfc6321`. */
  flavour?: XCalFlavour;
  /** Start with `<?xml version="1.0" encoding="utf-8"?>`. Default true. */
  declaration?: boolean;
}

/** RFC 6321 when the root is `icalendar` in the RFC 6321 namespace (by URI, not prefix); legacy otherwise (KDE's rule). */
function flavourOf(root: XmlElement): XCalFlavour {
  return root.namespace === XCAL_NAMESPACE ? 'rfc6321' : 'legacy';
}

/** The namespaces the readers compare by identity. */
const KNOWN_NAMESPACES = [XCAL_NAMESPACE, LEGACY_NAMESPACE];

/** Reads xCal into components; with `onEvent`, the first calendar's VEVENTs go there instead, as read. */
function readXCal(
  xml: string,
  options: ReadOptions | undefined,
  onEvent?: (event: Component) => void,
): { flavour: XCalFlavour; components: Component[] } {
  const limits = resolveLimits(options);
  const budget = new ComponentBudget(limits);
  const warn = options?.onWarning;
  const rfc6321Events = onEvent && xcalEventReader(budget, warn, onEvent);
  const legacyEvents = onEvent && legacyEventReader(budget, warn, onEvent);
  let onEnd: ElementEnd | undefined;
  if (rfc6321Events && legacyEvents) {
    // The root's namespace, known before any element ends, tells which reader serves the document.
    let reader: ElementEnd | undefined;
    onEnd = (element) => {
      reader ??= flavourOf(element.root) === 'rfc6321' ? rfc6321Events : legacyEvents.onEnd;
      return reader(element);
    };
  }
  const root = parseXml(xml, limits, KNOWN_NAMESPACES, onEnd);
  const flavour = flavourOf(root);
  if (flavour === 'legacy' && !/^(i|v)calendar$/i.test(root.local))
    throw new XmlError(
      'ERR_XML_SHAPE',
      `<${root.local}> is neither <icalendar xmlns="${XCAL_NAMESPACE}"> nor legacy <iCalendar>/<vcalendar>`,
      root.path,
    );
  const components =
    flavour === 'rfc6321'
      ? readXCalTree(root, budget, warn, onEvent !== undefined)
      : readLegacyComponents(root, budget, warn, legacyEvents);
  return { flavour, components };
}

/**
 * Reads xCal of either flavour into components (the `<vcalendar>` elements), property order kept.
 * @throws {XmlError} (with a path) on malformed XML, a DOCTYPE or a wrong shape.
 * @throws {LimitExceededError} past a limit.
 */
export function readXCalComponents(xml: string, options?: ReadOptions): Component[] {
  return readXCal(xml, options).components;
}

/**
 * The flavour {@link parseXCal} reads a document as: `rfc6321` when its root element is in the
 * RFC 6321 namespace (by URI, whatever the prefix), `legacy` otherwise. Only the root's start tag
 * is looked at, so this is cheap even for a large document.
 * @throws {XmlError} when no root start tag is found.
 */
export function xcalFlavour(xml: string): XCalFlavour {
  const at = xml.search(/<[A-Za-z_]/);
  if (at < 0) throw new XmlError('ERR_XML_SYNTAX', 'no root element', '/');
  const tag = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(
    xml.slice(at),
  );
  if (!tag) throw new XmlError('ERR_XML_SYNTAX', 'the root start tag is malformed', '/');
  const qname = tag[1] as string;
  const colon = qname.indexOf(':');
  const declaration = colon < 0 ? 'xmlns' : `xmlns:${qname.slice(0, colon)}`;
  for (const m of (tag[2] as string).matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    if (m[1] === declaration) return (m[2] ?? m[3]) === XCAL_NAMESPACE ? 'rfc6321' : 'legacy';
  return 'legacy';
}

/**
 * Reads xCal into a Calendar, RFC 6321 or legacy, detected from the root element's namespace.
 * The legacy reader matches local names, accepts basic and ISO dates (offsets become UTC) and the
 * known broken duration shapes, and reports what it skips through `options.onWarning`.
 * @throws {XmlError} (with a path) on malformed XML, a DOCTYPE or a wrong shape.
 * @throws {ValueError} for a VEVENT without UID or DTSTART.
 * @throws {LimitExceededError} past a limit.
 */
export function parseXCal(xml: string, options?: ReadOptions): Calendar {
  // The first calendar's events become CalendarEvents as their elements end: the element trees
  // and components die young, which the collector handles far more cheaply than a whole tree.
  const events: CalendarEvent[] = [];
  const { components } = readXCal(xml, options, (event) => events.push(eventFromComponent(event)));
  const calendar = firstCalendar(components, options, () => {
    throw new XmlError('ERR_XML_SHAPE', 'no <vcalendar> element', '/');
  });
  return calendarWithEvents(calendar, events);
}

/**
 * Writes components as an RFC 6321 document (no XML declaration).
 * @throws {ValueError} when a name or text cannot be written in XML.
 */
export function componentsToXCal(components: Component[]): string {
  return `<icalendar xmlns="${XCAL_NAMESPACE}">${components.map(componentToXml).join('')}</icalendar>`;
}

/** The legacy document root, opened around the calendar. */
export const LEGACY_OPEN = `<iCalendar xmlns:xCal="${LEGACY_NAMESPACE}"><vcalendar>`;
/** The legacy document root, closed after the calendar. */
export const LEGACY_CLOSE = '</vcalendar></iCalendar>';

/**
 * Writes a Calendar as xCal. `rfc6321` (the default) follows RFC 6321 and validates against its
 * (corrected) RELAX NG schema; `legacy` writes the FOSDEM/frab shape old consumers (Giggity,
 * ConfClerk) read: plain elements, basic-form dates, `HH:MM:SS:00` durations, attendees by name.
 * @throws {ValueError} when an event lacks uid or start, a value is malformed, or text holds a
 * character XML cannot carry (see isWritableText).
 */
export function toXCal(calendar: CalendarInput, options: XCalWriteOptions = {}): string {
  const head = options.declaration === false ? '' : XML_DECLARATION;
  if (options.flavour === 'legacy') {
    const nodes = [
      ...legacyHeader(calendar),
      ...calendar.events.map((e) => legacyEventNode(eventFromInput(e), calendar.method)),
    ];
    return `${head}${LEGACY_OPEN}${buildXml(nodes)}${LEGACY_CLOSE}`;
  }
  const layout = calendarLayout(calendar, options);
  const frame = xcalFrame(layout);
  return joinCalendar(layout, { head: head + frame.head, tail: frame.tail }, eventToXml);
}
